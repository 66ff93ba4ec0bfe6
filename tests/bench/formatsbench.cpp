// Throughput figures for the formats module: splitting MB/s and decoding
// events/s on the SDK corpus replicated. A program that prints figures, not a
// timed test (docs/style.md):
//
//   formatsbench [--mb N]     N: size of the generated NDJSON in MB, default 1024
//
// The corpus is ../shared/corpus as for the tests, or $STACKDECK_CORPUS_DIR.
// Exit status 1 when the corpus is missing or a count comes out wrong.

#include "formats/recorddecoder.h"
#include "formats/recordsource.h"
#include "formatstestutil.h"
#include "testsupport.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QTemporaryDir>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <thread>
#include <time.h>

using namespace stackdeck;
using namespace stackdeck::test;

namespace {

bool check(bool ok, const char* what)
{
    if (!ok)
        std::fprintf(stderr, "formatsbench: %s\n", what);
    return ok;
}

// The machines are shared: CPU time of this process is what the code costs,
// wall time also holds the waits for a core.
double cpuSeconds()
{
    timespec ts {};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) / 1e9;
}

struct Timer {
    QElapsedTimer wall;
    double cpu0 = 0;
    void start()
    {
        wall.start();
        cpu0 = cpuSeconds();
    }
    double wallSeconds() const { return static_cast<double>(wall.nsecsElapsed()) / 1e9; }
    double cpu() const { return cpuSeconds() - cpu0; }
};

// Event payloads of the sdk corpus (error, message, transaction, feedback and span items), one per line.
std::vector<std::string> corpusEventLines()
{
    std::vector<std::string> out;
    for (const QString& f :
        corpusFiles(QStringLiteral("sdk/received"), {QStringLiteral("*.json"), QStringLiteral("*.envelope")})) {
        auto source = RecordSource::open(corpusPath(f).toStdString());
        if (!source.ok())
            continue;
        RawRecord r;
        while ((*source)->next(r)) {
            if (r.payloadOmitted || (r.itemType != "" && r.itemType != "event" && r.itemType != "transaction"))
                continue;
            auto d = decodeRecord(r);
            if (!d.ok() || d->events.empty())
                continue;
            // NDJSON needs one line: re-read through simdjson's minify when pretty.
            std::string line = r.payload;
            line.erase(std::remove(line.begin(), line.end(), '\n'), line.end());
            out.push_back(std::move(line));
        }
    }
    return out;
}

void report(const char* what, double bytes, const Timer& t, std::int64_t records)
{
    const double cpu = t.cpu();
    std::printf("%-34s %8.1f MB, cpu %6.3f s = %7.1f MB/s %8.0f rec/s (wall %6.3f s = %7.1f MB/s)\n", what, bytes / 1e6,
        cpu, bytes / 1e6 / cpu, static_cast<double>(records) / cpu, t.wallSeconds(), bytes / 1e6 / t.wallSeconds());
    std::fflush(stdout);
}

std::int64_t splitAll(const QString& path, std::int64_t* bytes)
{
    auto source = RecordSource::open(path.toStdString());
    if (!source.ok())
        return -1;
    RawRecord r;
    std::int64_t n = 0;
    std::int64_t payload = 0;
    while ((*source)->next(r)) {
        ++n;
        payload += static_cast<std::int64_t>(r.payload.size());
    }
    if (bytes)
        *bytes = payload;
    return n;
}

int run(qint64 targetMb)
{
    if (!check(!corpusDir().isEmpty(), "shared/corpus not found (set STACKDECK_CORPUS_DIR)"))
        return 1;
    const std::vector<std::string> lines = corpusEventLines();
    if (!check(!lines.empty(), "no event payloads in the corpus"))
        return 1;

    QTemporaryDir dir;
    if (!check(dir.isValid(), "cannot create a temporary directory"))
        return 1;
    const QString ndjson = dir.filePath(QStringLiteral("events.ndjson"));
    const QString array = dir.filePath(QStringLiteral("events.json"));
    const QString gz = dir.filePath(QStringLiteral("events.ndjson.gz"));
    std::int64_t written = 0;
    std::int64_t count = 0;
    {
        std::FILE* f = std::fopen(ndjson.toLocal8Bit().constData(), "wb");
        std::FILE* a = std::fopen(array.toLocal8Bit().constData(), "wb");
        std::fputs("[\n", a);
        std::string block;
        while (written < targetMb * 1000 * 1000) {
            for (const std::string& l : lines) {
                block += l;
                block += '\n';
            }
            std::fwrite(block.data(), 1, block.size(), f);
            for (std::size_t i = 0; i < lines.size(); ++i) {
                if (count + static_cast<std::int64_t>(i) > 0)
                    std::fputs(",\n", a);
                std::fwrite(lines[i].data(), 1, lines[i].size(), a);
            }
            written += static_cast<std::int64_t>(block.size());
            count += static_cast<std::int64_t>(lines.size());
            block.clear();
        }
        std::fputs("\n]\n", a);
        std::fclose(f);
        std::fclose(a);
    }
    {
        // 1/8 of the NDJSON as gzip (level 6), enough to time decompression.
        std::string part;
        for (const std::string& l : lines) {
            part += l;
            part += '\n';
        }
        std::string member = gzipBytes(part, 6);
        std::FILE* f = std::fopen(gz.toLocal8Bit().constData(), "wb");
        for (std::int64_t done = 0; done < written / 8; done += static_cast<std::int64_t>(part.size()))
            std::fwrite(member.data(), 1, member.size(), f);
        std::fclose(f);
    }
    std::printf("corpus: %zu event payloads, replicated to %lld records, %.1f MB NDJSON\n", lines.size(),
        static_cast<long long>(count), static_cast<double>(written) / 1e6);

    for (int round = 0; round < 3; ++round) {
        Timer t;
        std::int64_t payload = 0;
        t.start();
        const std::int64_t n = splitAll(ndjson, &payload);
        report("split NDJSON (file, warm cache)", static_cast<double>(written), t, n);
        if (!check(n == count, "split NDJSON: wrong record count"))
            return 1;

        t.start();
        const std::int64_t na = splitAll(array, nullptr);
        report("split JSON array (file)", static_cast<double>(QFileInfo(array).size()), t, na);
        if (!check(na == count, "split JSON array: wrong record count"))
            return 1;

        t.start();
        std::int64_t gzPayload = 0;
        const std::int64_t ng = splitAll(gz, &gzPayload);
        report("split NDJSON.gz (decompressed MB)", static_cast<double>(gzPayload + ng), t, ng);
    }

    // Decoding: records held in memory, decodeRecord per record.
    std::vector<RawRecord> records;
    {
        auto source = RecordSource::open(ndjson.toStdString());
        if (!check(source.ok(), "cannot reopen the NDJSON"))
            return 1;
        RawRecord r;
        std::int64_t bytes = 0;
        while ((*source)->next(r) && bytes < 256 * 1000 * 1000) {
            bytes += static_cast<std::int64_t>(r.payload.size());
            records.push_back(std::move(r));
            r = RawRecord {};
        }
    }
    double decodeBytes = 0;
    for (const auto& r : records)
        decodeBytes += static_cast<double>(r.payload.size());
    for (int threads : {1, 2}) {
        for (int round = 0; round < 2; ++round) {
            std::atomic<std::size_t> next {0};
            std::atomic<std::int64_t> events {0};
            Timer t;
            t.start();
            std::vector<std::thread> pool;
            for (int k = 0; k < threads; ++k) {
                pool.emplace_back([&] {
                    std::int64_t mine = 0;
                    for (std::size_t i = next++; i < records.size(); i = next++) {
                        auto d = decodeRecord(records[i]);
                        if (d.ok())
                            mine += static_cast<std::int64_t>(d->events.size());
                    }
                    events += mine;
                });
            }
            for (auto& th : pool)
                th.join();
            const double cpu = t.cpu();
            const double wall = t.wallSeconds();
            std::printf("decode, %d thread(s): %8.1f MB, cpu %6.3f s = %7.1f MB/s %8.0f events/s per core (wall "
                        "%6.3f s = %8.0f events/s)\n",
                threads, decodeBytes / 1e6, cpu, decodeBytes / 1e6 / cpu, static_cast<double>(events.load()) / cpu,
                wall, static_cast<double>(events.load()) / wall);
            std::fflush(stdout);
            if (!check(events.load() == std::int64_t(records.size()), "decode: not one event per record"))
                return 1;
        }
    }
    return 0;
}

} // namespace

int main(int argc, char* argv[])
{
    QCoreApplication app(argc, argv);
    qint64 targetMb = 1024;
    for (int i = 1; i < argc; ++i) {
        if (std::strcmp(argv[i], "--mb") == 0 && i + 1 < argc) {
            targetMb = std::atoll(argv[++i]);
        } else {
            std::fprintf(stderr, "usage: formatsbench [--mb N]\n");
            return 2;
        }
    }
    if (targetMb <= 0) {
        std::fprintf(stderr, "formatsbench: --mb wants a positive size\n");
        return 2;
    }
    return run(targetMb);
}
