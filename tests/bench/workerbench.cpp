// The import workers' CPU per event, apart from the reader and the writer: the
// first N records of a file are read into memory, then one thread decodes,
// groups and compresses them as an import worker does (processRecordGuarded),
// and frees the results, as the workers free the batches the writer is done
// with. A program that prints figures, not a timed test (docs/style.md):
//
//   workerbench FILE [--records N] [--repeat R] [--worker-only | --full]
//
// Prints, per repeat, the thread CPU seconds of the decode alone (as `bench
// import`'s parse-only pass decodes; not with --worker-only) and of the whole
// worker step (--full: only the decode, at the detail the event views use),
// and at the end a digest of every derived value (ids, hashes, titles, tags,
// search texts, trace columns, span rows; not the compressed bytes): two
// builds that print the same digest derive the same rows from the file.
// Exit status 1 when the file cannot be read. Rejected records count in the digest.

#include "formats/recorddecoder.h"
#include "formats/recordsource.h"
#include "importer/recordpreparation.h"
#include "store/spanrows.h"
#include "util/hashing.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <optional>
#include <simdjson.h>
#include <string>
#include <time.h>
#include <vector>

using namespace stackdeck;

namespace {

double threadCpuSeconds()
{
    timespec ts {};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) / 1e9;
}

void add(std::string& out, std::string_view text)
{
    out += std::to_string(text.size());
    out += ':';
    out += text;
}

void add(std::string& out, const std::optional<Micros>& value)
{
    add(out, value ? std::to_string(*value) : std::string("-"));
}

// Every value the store derives from the event, in one text.
std::string derivedText(const PreparedEvent& p)
{
    std::string t;
    for (std::string_view s : {std::string_view(p.project), std::string_view(p.eventId), std::string_view(p.platform),
             std::string_view(p.title), std::string_view(p.culprit), std::string_view(p.message),
             std::string_view(p.issueType), std::string_view(p.metadataJson), std::string_view(p.release),
             std::string_view(p.environment), std::string_view(p.userKey), std::string_view(p.traceId),
             std::string_view(p.spanId), std::string_view(p.parentSpanId), std::string_view(p.spanOp),
             std::string_view(p.spanStatus), std::string_view(p.service), std::string_view(p.transaction),
             std::string_view(p.serverGroupId), std::string_view(p.itemType), std::string_view(p.contentType)})
        add(t, s);
    add(t,
        std::to_string(static_cast<int>(p.type)) + "/" + std::to_string(static_cast<int>(p.level)) + "/"
            + std::to_string(p.timestamp) + "/" + (p.groupable ? "g" : "n") + "/" + std::to_string(p.rawSize));
    add(t, p.received);
    add(t, p.durationUs);
    for (const std::string& h : p.hashes)
        add(t, h);
    t += '|';
    for (const auto& [k, v] : p.tags) {
        add(t, k);
        add(t, v);
    }
    t += '|';
    for (const auto& [title, body] : p.searchTexts) {
        add(t, title);
        add(t, body);
    }
    t += '|';
    for (const std::string& term : p.searchTerms)
        add(t, term);
    t += '|';
    add(t, std::to_string(p.spans.count));
    if (p.spans.count > 0) {
        const auto rows = decodeSpanSet(p.spans.codec, p.spans.data, p.spans.rawSize);
        if (!rows) {
            add(t, "undecodable span set");
        } else {
            for (const SpanRow& r : *rows) {
                for (std::string_view s : {std::string_view(r.spanId), std::string_view(r.parentSpanId),
                         std::string_view(r.op), std::string_view(r.description), std::string_view(r.status)})
                    add(t, s);
                add(t, r.start);
                add(t, r.end);
                add(t, r.exclusiveMs ? std::to_string(*r.exclusiveMs) : std::string("-"));
            }
        }
    }
    return t;
}

} // namespace

int main(int argc, char** argv)
{
    if (argc < 2 || std::strcmp(argv[1], "--help") == 0) {
        std::fprintf(stderr, "usage: workerbench FILE [--records N] [--repeat R] [--worker-only | --full]\n");
        return argc < 2 ? 1 : 0;
    }
    const std::string path = argv[1];
    long limit = 10000;
    int repeat = 3;
    bool decodePass = true;
    bool fullDetail = false;
    for (int i = 2; i < argc; i += 2) {
        if (std::strcmp(argv[i], "--worker-only") == 0) {
            decodePass = false;
            --i;
        } else if (std::strcmp(argv[i], "--full") == 0) {
            fullDetail = true;
            --i;
        } else if (i + 1 >= argc) {
            std::fprintf(stderr, "workerbench: %s needs a value\n", argv[i]);
            return 1;
        } else if (std::strcmp(argv[i], "--records") == 0)
            limit = std::strtol(argv[i + 1], nullptr, 10);
        else if (std::strcmp(argv[i], "--repeat") == 0)
            repeat = std::max(1, static_cast<int>(std::strtol(argv[i + 1], nullptr, 10)));
        else {
            std::fprintf(stderr, "workerbench: unknown option %s\n", argv[i]);
            return 1;
        }
    }
    auto source = RecordSource::open(path, ReaderOptions {});
    if (!source) {
        std::fprintf(stderr, "workerbench: %s\n", source.error().message.c_str());
        return 1;
    }
    std::vector<RawRecord> records;
    RawRecord raw;
    while ((limit <= 0 || static_cast<long>(records.size()) < limit) && (*source)->next(raw)) {
        records.push_back(std::move(raw));
        raw = RawRecord {};
    }
    std::size_t bytes = 0;
    for (const RawRecord& r : records)
        bytes += r.payload.size();
    std::printf("%zu records, %.1f MB\n", records.size(), static_cast<double>(bytes) / 1e6);

    // Copies as the reader makes them: with simdjson's padding after the
    // payload, so the parser reads it in place.
    auto copyRecords = [&records] {
        std::vector<RawRecord> out = records;
        for (RawRecord& r : out)
            r.payload.reserve(r.payload.size() + simdjson::SIMDJSON_PADDING);
        return out;
    };
    const PrepareOptions prepare;
    std::string digest;
    for (int run = 0; run < repeat; ++run) {
        std::vector<RawRecord> copy;
        if (decodePass)
            copy = copyRecords();
        double cpu0 = threadCpuSeconds();
        std::size_t decodedEvents = 0;
        for (RawRecord& r : copy) { // empty without the decode pass
            auto decoded = decodeRecord(std::move(r), fullDetail ? DecodeDetail::Full : DecodeDetail::Index);
            if (decoded)
                decodedEvents += decoded->events.size();
        }
        const double decodeCpu = threadCpuSeconds() - cpu0;
        if (fullDetail) {
            std::printf("run %d: decode at Full detail %.3f s (%zu events)\n", run + 1, decodeCpu, decodedEvents);
            continue;
        }

        copy = copyRecords();
        cpu0 = threadCpuSeconds();
        std::size_t events = 0;
        std::size_t rejected = 0;
        std::string all;
        {
            PreparedRecords out;
            for (RawRecord& r : copy)
                processRecordGuarded(r, prepare, SourceId {}, out);
            events = out.batch.events.size();
            rejected = out.rejections.size();
            const double workerCpu = threadCpuSeconds() - cpu0;
            if (run == 0) {
                for (const PreparedEvent& p : out.batch.events)
                    all += md5Hex(derivedText(p));
                digest = md5Hex(all);
                for (const Rejection& rej : out.rejections)
                    all += md5Hex(rej.location.describe() + rej.error);
            }
            cpu0 = threadCpuSeconds() - workerCpu;
        }
        const double workerCpu = threadCpuSeconds() - cpu0; // freeing the results included
        std::printf("run %d: decode %.3f s (%zu events), worker %.3f s = %.0f events/s per core (%zu events, %zu "
                    "rejected)\n",
            run + 1, decodeCpu, decodedEvents, workerCpu, static_cast<double>(events) / workerCpu, events, rejected);
    }
    std::printf("derived digest: %s\n", digest.c_str());
    return 0;
}
