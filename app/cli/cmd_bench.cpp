#include "bench/parsebench.h"
#include "bench/syntheticcorpus.h"
#include "clicommon.h"
#include "importer/importjob.h"
#include "regroup/regroupplan.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QThread>

#include <algorithm>
#include <cstdio>

namespace stackdeck::cli {

namespace {

struct JqResult {
    bool ran = false;
    double seconds = 0;
    std::int64_t lines = 0;
};

// What a user does by hand: jq over the same NDJSON, output discarded.
JqResult runJq(const QString& file)
{
    JqResult r;
    const QString jq = QStandardPaths::findExecutable(QStringLiteral("jq"));
    if (jq.isEmpty())
        return r;
    QProcess p;
    p.setStandardOutputFile(QProcess::nullDevice());
    QElapsedTimer t;
    t.start();
    p.start(jq, {QStringLiteral("-c"), QStringLiteral(".event_id"), file});
    if (!p.waitForFinished(-1) || p.exitCode() != 0)
        return r;
    r.seconds = static_cast<double>(t.nsecsElapsed()) / 1e9;
    r.ran = true;
    return r;
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
    parser.addPositionalArgument(QStringLiteral("import|regroup"), QStringLiteral("The benchmark to run."));
    if (!parseOrFail(parser, ctx))
        return UsageError;
    const QStringList positional = parser.positionalArguments();
    if (positional != QStringList {QStringLiteral("import")} && positional != QStringList {QStringLiteral("regroup")}) {
        printError(QStringLiteral("usage: stackdeck-cli bench import|regroup [--events N | --file PATH]"));
        return UsageError;
    }
    const bool regroupBench = positional.first() == QLatin1String("regroup");
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
        file = QDir(dir).filePath(QStringLiteral("synthetic.ndjson"));
        QFile out(file);
        if (!out.open(QIODevice::WriteOnly | QIODevice::Truncate)) {
            printError(QStringLiteral("cannot write %1").arg(file));
            return UsageError;
        }
        say(QStringLiteral("generating %1 synthetic events into %2 ...").arg(options.events).arg(file));
        bench::SyntheticCorpus corpus(options);
        std::string line;
        std::vector<std::size_t> sizes;
        sizes.reserve(static_cast<std::size_t>(options.events));
        while (corpus.next(line)) {
            line += '\n';
            out.write(line.data(), static_cast<qint64>(line.size()));
            sizes.push_back(line.size() - 1);
        }
        out.close();
        generated = corpus.produced();
        std::sort(sizes.begin(), sizes.end());
        say(QStringLiteral("corpus: %1 events, %2 MB, median %3 KB, p99 %4 KB")
                .arg(generated)
                .arg(static_cast<double>(QFileInfo(file).size()) / 1e6, 0, 'f', 1)
                .arg(static_cast<double>(sizes[sizes.size() / 2]) / 1024.0, 0, 'f', 1)
                .arg(static_cast<double>(sizes[sizes.size() * 99 / 100]) / 1024.0, 0, 'f', 1));
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

    JqResult jq;
    if (!parser.isSet(QStringLiteral("no-jq")))
        jq = runJq(file);
    double jqRate = 0;
    if (jq.ran) {
        const std::int64_t lines = generated > 0 ? generated : countLines(file);
        jqRate = static_cast<double>(lines) / jq.seconds;
        say(QStringLiteral("jq -c .event_id: %1 s = %2 events/s; import is %3x faster")
                .arg(jq.seconds, 0, 'f', 2)
                .arg(jqRate, 0, 'f', 0)
                .arg(importRate / jqRate, 0, 'f', 2));
    } else if (!parser.isSet(QStringLiteral("no-jq"))) {
        say(QStringLiteral("jq not found: no comparison"));
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
