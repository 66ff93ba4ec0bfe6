#include "bench/benchinput.h"
#include "bench/jqcompare.h"
#include "bench/parsebench.h"
#include "bench/scalebench.h"
#include "clicommon.h"
#include "importer/importjob.h"
#include "regroup/regroupplan.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QTemporaryDir>
#include <QThread>

#include <algorithm>
#include <cstdio>
#include <memory>

namespace stackdeck::cli {

namespace {

QString tr(const char* text)
{
    return QCoreApplication::translate("bench", text);
}

QString jqMissing(const bench::JqRun& jq)
{
    return jq.found ? tr("jq failed (%1): no comparison").arg(QString::fromStdString(jq.error))
                    : tr("jq not found: no comparison");
}

QString megabytes(std::int64_t bytes)
{
    return QString::number(static_cast<double>(bytes) / 1e6, 'f', 1);
}

// `bench import --scale N`: N events imported in slices into one workspace, as
// a user imports files one after another; the rate of each slice, the
// workspace against the input, and jq over the same files in the same run.
int benchScale(const QCommandLineParser& parser, const QString& dir, int workers, bool asJson)
{
    const std::int64_t scale = parser.value(QStringLiteral("scale")).toLongLong();
    const std::int64_t sliceSize
        = parser.isSet(QStringLiteral("slice")) ? parser.value(QStringLiteral("slice")).toLongLong() : 100'000;
    if (scale <= 0 || sliceSize <= 0) {
        printError(tr("--scale and --slice take a positive number"));
        return UsageError;
    }
    if (parser.isSet(QStringLiteral("events"))) {
        printError(tr("--scale sets the number of events: drop --events"));
        return UsageError;
    }
    auto say = [&](const QString& line) {
        if (!asJson)
            printLine(line);
    };
    // Each slice is written just before its import (and, with --delete-slices,
    // deleted after it): a million events need the disk of one slice.
    std::unique_ptr<bench::SliceStream> stream;
    if (parser.isSet(QStringLiteral("file"))) {
        const QString file = parser.value(QStringLiteral("file"));
        if (!QFileInfo::exists(file)) {
            printError(tr("%1: no such file").arg(file));
            return UsageError;
        }
        say(tr("slicing the first %1 records of %2 into %3, one slice before each import ...")
                .arg(scale)
                .arg(file, dir));
        stream = bench::ndjsonSlices(file.toStdString(), scale, dir.toStdString(), "slice", sliceSize);
    } else {
        bench::SyntheticOptions options;
        options.events = scale;
        say(tr("generating %1 synthetic events into %2, one slice before each import ...").arg(scale).arg(dir));
        stream = bench::syntheticSlices(options, dir.toStdString(), "slice", sliceSize);
    }
    const bench::BenchInput& input = stream->input();

    const QString db = QDir(dir).filePath(QStringLiteral("scale.stackdeck"));
    for (const QString& suffix : {QString(), QStringLiteral("-wal"), QStringLiteral("-shm")})
        QFile::remove(db + suffix);
    ImportOptions options;
    options.workers = workers;
    options.project = "bench";
    bench::ScaleBenchOptions scaleOptions;
    scaleOptions.jq = !parser.isSet(QStringLiteral("no-jq"));
    scaleOptions.deleteSlices = parser.isSet(QStringLiteral("delete-slices"));
    say(tr("slice     events   seconds  events/s  vs first  writer s   x jq  workspace MB   input MB  size/input"));
    double firstRate = 0;
    std::size_t index = 0;
    nlohmann::json slices = nlohmann::json::array();
    auto nextSlice = [&](std::string& file, std::string& error) {
        if (!stream->writeNext()) {
            error = input.error;
            return false;
        }
        file = input.files.back();
        return true;
    };
    const bench::ScaleBenchResult result = bench::runScaleBench(
        db.toStdString(), nextSlice, options, scaleOptions, [&](const bench::ScaleSlice& slice) {
            const double rate = static_cast<double>(slice.records) / slice.seconds;
            if (index == 0)
                firstRate = rate;
            const double sizeRatio = static_cast<double>(slice.workspaceBytes) / static_cast<double>(slice.inputBytes);
            const bool jqRan = slice.jqSeconds > 0;
            ++index;
            say(QStringLiteral("%1 %2 %3 %4 %5x %6 %7 %8 %9 %10%")
                    .arg(index, 5)
                    .arg(slice.records, 10)
                    .arg(slice.seconds, 9, 'f', 2)
                    .arg(rate, 9, 'f', 0)
                    .arg(rate / firstRate, 8, 'f', 2)
                    .arg(slice.writerCpuSeconds, 9, 'f', 2)
                    .arg(jqRan ? QString::number(slice.jqSeconds / slice.seconds, 'f', 2) + QLatin1Char('x')
                               : QStringLiteral("-"),
                        6)
                    .arg(megabytes(slice.workspaceBytes), 13)
                    .arg(megabytes(slice.inputBytes), 10)
                    .arg(100.0 * sizeRatio, 10, 'f', 1)
                + (slice.rejected > 0 ? tr("  (%1 rejected)").arg(slice.rejected) : QString()));
            slices.push_back({{"slice", index}, {"events", slice.records}, {"stored", slice.stored},
                {"rejected", slice.rejected}, {"seconds", slice.seconds}, {"events_per_second", rate},
                {"rate_vs_first", rate / firstRate}, {"writer_cpu_seconds", slice.writerCpuSeconds},
                {"jq_seconds", jqRan ? nlohmann::json(slice.jqSeconds) : nlohmann::json(nullptr)},
                {"workspace_bytes", slice.workspaceBytes}, {"input_bytes", slice.inputBytes},
                {"size_ratio", sizeRatio}});
        });
    if (!result.error.empty()) {
        printError(QString::fromStdString(result.error));
        return UsageError;
    }
    say(tr("input: %1 events in %2 files of up to %3, %4 MB, median %5 KB, p99 %6 KB%7")
            .arg(input.totalEvents())
            .arg(input.files.size())
            .arg(sliceSize)
            .arg(megabytes(input.totalBytes()))
            .arg(static_cast<double>(input.medianEventBytes) / 1024.0, 0, 'f', 1)
            .arg(static_cast<double>(input.p99EventBytes) / 1024.0, 0, 'f', 1)
            .arg(scaleOptions.deleteSlices ? tr(" (each deleted after its import)") : QString()));
    const std::int64_t events = result.records();
    const double importRate = static_cast<double>(events) / result.seconds();
    say(tr("whole import: %1 events in %2 s = %3 events/s")
            .arg(events)
            .arg(result.seconds(), 0, 'f', 2)
            .arg(importRate, 0, 'f', 0));

    const double jqSeconds = result.jqSeconds();
    const bool jqRan = jqSeconds > 0;
    const double jqRate = jqRan ? static_cast<double>(events) / jqSeconds : 0;
    if (jqRan) {
        say(tr("jq -c .event_id over the same %1 files, each after its import: %2 s = %3 events/s; import is %4x jq")
                .arg(input.files.size())
                .arg(jqSeconds, 0, 'f', 2)
                .arg(jqRate, 0, 'f', 0)
                .arg(importRate / jqRate, 0, 'f', 2));
    } else if (scaleOptions.jq) {
        bench::JqRun jq;
        jq.found = result.jqFound;
        jq.error = result.jqError;
        say(jqMissing(jq));
    }
    const std::int64_t rss = bench::peakRssBytes();
    say(tr("peak RSS: %1 MB").arg(static_cast<double>(rss) / 1e6, 0, 'f', 0));
    const bench::ScaleSlice& last = result.slices.back();
    const double sizeRatio = static_cast<double>(last.workspaceBytes) / static_cast<double>(last.inputBytes);
    say(tr("workspace: %1 MB for %2 MB of input (%3%)")
            .arg(megabytes(last.workspaceBytes), megabytes(last.inputBytes))
            .arg(100.0 * sizeRatio, 0, 'f', 1));
    if (asJson) {
        const auto orNull = [&](double value) { return jqRan ? nlohmann::json(value) : nlohmann::json(nullptr); };
        printJson({{"events", events}, {"slice_size", sliceSize}, {"slices", slices},
            {"import_seconds", result.seconds()}, {"import_events_per_second", importRate},
            {"last_rate_vs_first", result.slices.size() > 0 ? slices.back()["rate_vs_first"] : nlohmann::json(nullptr)},
            {"jq_seconds", orNull(jqSeconds)}, {"jq_events_per_second", orNull(jqRate)},
            {"speedup_over_jq", orNull(importRate / jqRate)}, {"peak_rss_bytes", rss},
            {"workspace_bytes", last.workspaceBytes}, {"input_bytes", last.inputBytes}, {"size_ratio", sizeRatio},
            {"slices_deleted", scaleOptions.deleteSlices},
            {"workspace", // only a kept one is still there to look at
                parser.isSet(QStringLiteral("keep")) ? nlohmann::json(db.toStdString()) : nlohmann::json(nullptr)}});
    }
    return Success;
}

std::int64_t countLines(const QString& file)
{
    QFile f(file);
    if (!f.open(QIODevice::ReadOnly))
        return 0;
    std::int64_t n = 0;
    while (!f.atEnd()) {
        const QByteArray chunk = f.read(1 << 20);
        n += chunk.count('\n');
    }
    return n;
}

int benchRegroup(const QString& file, const QString& dir, int workers, bool asJson)
{
    const QString db = QDir(dir).filePath(QStringLiteral("regroup.stackdeck"));
    for (const QString& suffix : {QString(), QStringLiteral("-wal"), QStringLiteral("-shm")})
        QFile::remove(db + suffix);
    ImportOptions importOptions;
    importOptions.workers = workers;
    importOptions.project = "bench";
    const ImportSummary imported = ImportJob(db.toStdString(), importOptions).run({file.toStdString()});
    if (!imported.fatalError.empty()) {
        printError(QString::fromStdString(imported.fatalError));
        return UsageError;
    }
    auto say = [&](const QString& line) {
        if (!asJson)
            printLine(line);
    };
    say(QStringLiteral("import : %1 events (%2 transactions) into %3 issues in %4 s")
            .arg(imported.events)
            .arg(imported.transactions)
            .arg(imported.issuesCreated)
            .arg(imported.seconds, 0, 'f', 2));

    regroup::RegroupOptions options;
    options.project = "bench";
    options.workers = workers;
    options.rules.push_back(regroup::ProjectRules {"bench", std::string(), "error.type:ZeroDivisionError -> zero\n"});
    const regroup::RegroupPlan plan = regroup::planRegroup(db.toStdString(), options);
    if (!plan.fatalError.empty()) {
        printError(QString::fromStdString(plan.fatalError));
        return UsageError;
    }
    const std::int64_t stored = imported.events + imported.transactions;
    say(QStringLiteral("plan   : %1 error events in %2 s = %3 events/s; %4 issues -> %5 groups (%6 merged, %7 split)")
            .arg(plan.events)
            .arg(plan.seconds, 0, 'f', 2)
            .arg(static_cast<double>(plan.events) / plan.seconds, 0, 'f', 0)
            .arg(plan.issuesBefore)
            .arg(plan.groupsAfter)
            .arg(plan.merged)
            .arg(plan.split));
    const regroup::RegroupSummary applied = regroup::applyRegroup(db.toStdString(), options);
    if (!applied.fatalError.empty()) {
        printError(QString::fromStdString(applied.fatalError));
        return UsageError;
    }
    say(QStringLiteral("apply  : %1 stored events in %2 s = %3 events/s; %4 issues after; %5 issues and %6 events "
                       "written again%7")
            .arg(stored)
            .arg(applied.seconds, 0, 'f', 2)
            .arg(static_cast<double>(stored) / applied.seconds, 0, 'f', 0)
            .arg(applied.issuesAfter)
            .arg(applied.issuesRebuilt)
            .arg(applied.eventsRewritten)
            .arg(applied.rebuiltEverything ? QStringLiteral(" (everything rebuilt)") : QString()));
    const std::int64_t rss = bench::peakRssBytes();
    say(QStringLiteral("peak RSS: %1 MB").arg(static_cast<double>(rss) / 1e6, 0, 'f', 0));
    if (asJson) {
        printJson({{"events", stored}, {"error_events", plan.events}, {"issues_before", plan.issuesBefore},
            {"groups_after", plan.groupsAfter}, {"plan_seconds", plan.seconds},
            {"plan_events_per_second", static_cast<double>(plan.events) / plan.seconds},
            {"apply_seconds", applied.seconds},
            {"apply_events_per_second", static_cast<double>(stored) / applied.seconds},
            {"issues_after", applied.issuesAfter}, {"issues_rebuilt", applied.issuesRebuilt},
            {"events_rewritten", applied.eventsRewritten}, {"rebuilt_everything", applied.rebuiltEverything},
            {"peak_rss_bytes", rss}});
    }
    return Success;
}

} // namespace

int runBench(const Context& ctx)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "bench import: parse-only and full-import throughput, peak RSS.\n"
        "bench import --scale N: the rate of each slice imported into one workspace, its size against the input.\n"
        "bench regroup: import, then plan and apply a regroup (a fingerprint rule merging every ZeroDivisionError)."));
    addCommonOptions(parser);
    parser.addOption({QStringLiteral("events"),
        QStringLiteral("Generate a synthetic corpus of N events (default 100000)."), QStringLiteral("N")});
    parser.addOption({QStringLiteral("file"), QStringLiteral("Measure on this file instead."), QStringLiteral("PATH")});
    parser.addOption(
        {QStringLiteral("workers"), QStringLiteral("Decode threads (default: one per core)."), QStringLiteral("N")});
    parser.addOption({QStringLiteral("keep"), QStringLiteral("Keep the generated corpus and workspace in DIR."),
        QStringLiteral("DIR")});
    parser.addOption({QStringLiteral("no-jq"), QStringLiteral("Skip the jq comparison.")});
    parser.addOption({QStringLiteral("scale"),
        tr("import: N events in slices into one workspace, one import per slice (with --file: its first N records, "
           "NDJSON)."),
        QStringLiteral("N")});
    parser.addOption(
        {QStringLiteral("slice"), tr("Events per slice with --scale (default 100000)."), QStringLiteral("K")});
    parser.addOption({QStringLiteral("delete-slices"),
        tr("With --scale: delete each slice's file after its import (and jq), so the run needs the disk of one "
           "slice.")});
    parser.addPositionalArgument(QStringLiteral("import|regroup"), QStringLiteral("The benchmark to run."));
    if (!parseOrFail(parser, ctx))
        return UsageError;
    const QStringList positional = parser.positionalArguments();
    if (positional != QStringList {QStringLiteral("import")} && positional != QStringList {QStringLiteral("regroup")}) {
        printError(QStringLiteral("usage: stackdeck-cli bench import|regroup [--events N | --scale N | --file PATH]"));
        return UsageError;
    }
    const bool regroupBench = positional.first() == QLatin1String("regroup");
    if (regroupBench && parser.isSet(QStringLiteral("scale"))) {
        printError(tr("--scale is for bench import"));
        return UsageError;
    }
    if (parser.isSet(QStringLiteral("delete-slices")) && !parser.isSet(QStringLiteral("scale"))) {
        printError(tr("--delete-slices is for bench import --scale"));
        return UsageError;
    }
    QTemporaryDir temp;
    const QString dir = parser.isSet(QStringLiteral("keep")) ? parser.value(QStringLiteral("keep")) : temp.path();
    QDir().mkpath(dir);
    const int workers
        = parser.isSet(QStringLiteral("workers")) ? std::max(1, parser.value(QStringLiteral("workers")).toInt()) : 0;
    const bool asJson = parser.isSet(QStringLiteral("json"));
    auto say = [&](const QString& line) {
        if (!asJson)
            printLine(line);
    };
    if (parser.isSet(QStringLiteral("scale")))
        return benchScale(parser, dir, workers, asJson);

    QString file;
    std::int64_t generated = 0;
    if (parser.isSet(QStringLiteral("file"))) {
        file = parser.value(QStringLiteral("file"));
        if (!QFileInfo::exists(file)) {
            printError(QStringLiteral("%1: no such file").arg(file));
            return UsageError;
        }
    } else {
        bench::SyntheticOptions options;
        options.events
            = parser.isSet(QStringLiteral("events")) ? parser.value(QStringLiteral("events")).toLongLong() : 100'000;
        if (options.events <= 0) {
            printError(QStringLiteral("--events takes a positive number"));
            return UsageError;
        }
        say(QStringLiteral("generating %1 synthetic events into %2 ...").arg(options.events).arg(dir));
        const bench::BenchInput input
            = bench::writeSyntheticInput(options, dir.toStdString(), "synthetic", options.events);
        if (!input.error.empty()) {
            printError(QString::fromStdString(input.error));
            return UsageError;
        }
        file = QString::fromStdString(input.files.front());
        generated = input.totalEvents();
        say(QStringLiteral("corpus: %1 events, %2 MB, median %3 KB, p99 %4 KB")
                .arg(generated)
                .arg(static_cast<double>(input.totalBytes()) / 1e6, 0, 'f', 1)
                .arg(static_cast<double>(input.medianEventBytes) / 1024.0, 0, 'f', 1)
                .arg(static_cast<double>(input.p99EventBytes) / 1024.0, 0, 'f', 1));
    }
    const double megabytes = static_cast<double>(QFileInfo(file).size()) / 1e6;

    if (regroupBench)
        return benchRegroup(file, dir, workers, asJson);

    const bench::ParseBenchResult parse
        = bench::runParseBench(file.toStdString(), workers > 0 ? workers : QThread::idealThreadCount());
    if (!parse.error.empty()) {
        printError(QString::fromStdString(parse.error));
        return UsageError;
    }
    const double parseRate = static_cast<double>(parse.records) / parse.seconds;
    say(QStringLiteral("parse only : %1 records in %2 s = %3 events/s, %4 MB/s")
            .arg(parse.records)
            .arg(parse.seconds, 0, 'f', 2)
            .arg(parseRate, 0, 'f', 0)
            .arg(megabytes / parse.seconds, 0, 'f', 1));

    const QString db = QDir(dir).filePath(QStringLiteral("bench.stackdeck"));
    QFile::remove(db);
    QFile::remove(db + QStringLiteral("-wal"));
    QFile::remove(db + QStringLiteral("-shm"));
    ImportOptions options;
    options.workers = workers;
    options.project = "bench";
    ImportJob job(db.toStdString(), options);
    const ImportSummary s = job.run({file.toStdString()});
    if (!s.fatalError.empty()) {
        printError(QString::fromStdString(s.fatalError));
        return UsageError;
    }
    const double importRate = static_cast<double>(s.records) / s.seconds;
    say(QStringLiteral("full import: %1 records in %2 s = %3 events/s, %4 MB/s (%5 issues, %6 spans, %7 rejected)")
            .arg(s.records)
            .arg(s.seconds, 0, 'f', 2)
            .arg(importRate, 0, 'f', 0)
            .arg(megabytes / s.seconds, 0, 'f', 1)
            .arg(s.issuesCreated)
            .arg(s.spans)
            .arg(s.rejectedCount));
    if (s.cpu.writer > 0) {
        // Which stage the import waited on: the writer is serial, the workers share the other cores.
        const double cores = static_cast<double>(std::max(1, QThread::idealThreadCount()));
        say(QStringLiteral("import CPU : writer %1 s (busy %2% of the wall time), workers %3 s, reader %4 s; "
                           "%5 of %6 core-seconds")
                .arg(s.cpu.writer, 0, 'f', 2)
                .arg(100.0 * s.cpu.writer / s.seconds, 0, 'f', 0)
                .arg(s.cpu.workers, 0, 'f', 2)
                .arg(s.cpu.reader, 0, 'f', 2)
                .arg(s.cpu.writer + s.cpu.workers + s.cpu.reader, 0, 'f', 2)
                .arg(cores * s.seconds, 0, 'f', 2));
    }
    say(QStringLiteral("parse/import ratio: %1").arg(parseRate / importRate, 0, 'f', 2));
    const double dbMegabytes
        = static_cast<double>(QFileInfo(db).size() + QFileInfo(db + QStringLiteral("-wal")).size()) / 1e6;
    say(QStringLiteral("workspace: %1 MB (%2% of the input)")
            .arg(dbMegabytes, 0, 'f', 1)
            .arg(100.0 * dbMegabytes / megabytes, 0, 'f', 0));

    bench::JqRun jq;
    if (!parser.isSet(QStringLiteral("no-jq")))
        jq = bench::runJq({file.toStdString()});
    double jqRate = 0;
    if (jq.ran) {
        const std::int64_t lines = generated > 0 ? generated : countLines(file);
        jqRate = static_cast<double>(lines) / jq.seconds;
        say(QStringLiteral("jq -c .event_id: %1 s = %2 events/s; import is %3x faster")
                .arg(jq.seconds, 0, 'f', 2)
                .arg(jqRate, 0, 'f', 0)
                .arg(importRate / jqRate, 0, 'f', 2));
    } else if (!parser.isSet(QStringLiteral("no-jq"))) {
        say(jqMissing(jq));
    }
    const std::int64_t rss = bench::peakRssBytes();
    say(QStringLiteral("peak RSS: %1 MB").arg(static_cast<double>(rss) / 1e6, 0, 'f', 0));

    if (asJson) {
        printJson({{"file", file.toStdString()}, {"megabytes", megabytes}, {"records", s.records},
            {"parse_seconds", parse.seconds}, {"parse_events_per_second", parseRate},
            {"parse_mb_per_second", megabytes / parse.seconds}, {"import_seconds", s.seconds},
            {"import_events_per_second", importRate}, {"import_mb_per_second", megabytes / s.seconds},
            {"ratio", parseRate / importRate}, {"writer_cpu_seconds", s.cpu.writer},
            {"worker_cpu_seconds", s.cpu.workers}, {"reader_cpu_seconds", s.cpu.reader}, {"issues", s.issuesCreated},
            {"spans", s.spans}, {"jq_events_per_second", jq.ran ? nlohmann::json(jqRate) : nlohmann::json(nullptr)},
            {"speedup_over_jq", jq.ran ? nlohmann::json(importRate / jqRate) : nlohmann::json(nullptr)},
            {"peak_rss_bytes", rss}, {"workspace_megabytes", dbMegabytes}});
    }
    return Success;
}

} // namespace stackdeck::cli
