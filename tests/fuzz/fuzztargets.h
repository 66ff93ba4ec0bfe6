#pragma once

// The fuzz targets, shared by the libFuzzer harnesses (tests/fuzz/fuzz_*.cpp)
// and by tests/core/tst_fuzzregressions.cpp, which replays every saved
// reproducer through exactly these functions.
//
// Each target feeds the bytes to one public entry point of the core and
// exercises what the importer, reindex or the search field do with the
// result. A crash, sanitizer report, uncaught exception, timeout or memory
// blow-up is a finding. Besides, a few invariants the core promises are
// checked; a broken one comes back as a non-empty description (the harness
// aborts with it, the test fails with it).

#include "formats/recorddecoder.h"
#include "formats/recordsource.h"
#include "grouping/eventmetadata.h"
#include "grouping/grouping.h"
#include "importer/groupingbridge.h"
#include "query/issuequery.h"
#include "query/querylexer.h"
#include "query/queryparser.h"
#include "store/issuequeries.h"
#include "store/schema.h"
#include "store/sqlite.h"

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

namespace stackdeck::fuzz {

using Problem = std::string; // empty: every checked invariant held

inline std::string bytes(const std::uint8_t* data, std::size_t size)
{
    return size == 0 ? std::string() : std::string(reinterpret_cast<const char*>(data), size);
}

// Reads every record as the import's reader thread does, handing over the
// rejections as it goes, and touches what the importer reads of each record.
inline Problem runRecords(const std::uint8_t* data, std::size_t size)
{
    auto source = RecordSource::fromBuffer(bytes(data, size), "fuzz-input");
    RawRecord record;
    std::int64_t records = 0;
    std::size_t payloadBytes = 0;
    while (source->next(record)) {
        ++records;
        payloadBytes += record.payload.size();
        (void)record.location.describe();
        if (records % 64 == 0)
            (void)source->takeRejections();
        record = {};
    }
    for (const Rejection& rejection : source->takeRejections())
        (void)rejection.location.describe();
    (void)detectedFormatName(source->format());
    (void)compressionName(source->compression());
    if (source->recordCount() != records)
        return "recordCount() " + std::to_string(source->recordCount()) + " != records returned "
            + std::to_string(records);
    if (source->bytesConsumed() < 0)
        return "bytesConsumed() negative";
    (void)payloadBytes;
    return {};
}

// Splits the input, then decodes every record as an import worker does (full
// detail, as the event views see it, and the index detail the import uses).
// Reindex decodes the stored rawJson again and must get the same event.
inline Problem runDecoder(const std::uint8_t* data, std::size_t size)
{
    auto source = RecordSource::fromBuffer(bytes(data, size), "fuzz-input");
    RawRecord record;
    while (source->next(record)) {
        const Result<DecodedRecord> indexed = decodeRecord(record, DecodeDetail::Index);
        Result<DecodedRecord> decoded = decodeRecord(std::move(record), DecodeDetail::Full);
        if (!decoded) {
            (void)rejectionFor(record, decoded.error()).location.describe();
            record = {};
            continue;
        }
        (void)recordKindName(decoded->kind);
        if (!indexed)
            return "decodes at Full detail but not at Index: " + indexed.error().message;
        if (indexed->events.size() != decoded->events.size())
            return "Index and Full detail give a different number of events";
        if (decoded->events.size() == 1 && isEventKind(decoded->kind)) {
            const DecodedEvent& first = decoded->events.front();
            const Result<DecodedRecord> again = decodeJson(first.rawJson, decoded->itemType, decoded->contentType);
            if (!again)
                return "the stored rawJson does not decode again (reindex): " + again.error().message;
            if (again->events.size() != 1)
                return "the stored rawJson decodes to " + std::to_string(again->events.size()) + " events (reindex)";
        }
        record = {};
    }
    return {};
}

inline sql::Database& emptyWorkspace()
{
    static sql::Database db(":memory:");
    static const bool migrated = (store::migrate(db), true);
    (void)migrated;
    return db;
}

// The search field: lexer, parser and compiler (without and with workspace
// knowledge), then the SQL run against an empty workspace, so text that
// compiles always compiles to SQL SQLite accepts with the right parameters.
inline Problem runQuery(const std::uint8_t* data, std::size_t size)
{
    const std::string text = bytes(data, size);
    // While regressions/fuzz_query/nul-in-free-text is open, a run can set this
    // to look past it instead of rediscovering it every few executions.
    static const bool skipNul = std::getenv("STACKDECK_FUZZ_QUERY_SKIP_NUL") != nullptr;
    if (skipNul && text.find('\0') != std::string::npos)
        return {};
    (void)query::tokenize(text);
    (void)query::parseQuery(text);

    constexpr Micros now = 1'717'200'000'000'000; // 2024-06-01, fixed: runs are reproducible
    const query::CompiledQuery loose = query::compileIssueQuery(text, now);

    query::QueryContext context;
    context.now = now;
    context.tagKeys = {"browser", "environment", "level", "os.name", "release", "server_name", "url", "user"};
    context.projects = {"backend", "frontend"};
    context.prefixLastWord = true;
    const query::CompiledQuery known = query::compileIssueQuery(text, context);

    static sql::Database& db = emptyWorkspace();
    for (const query::CompiledQuery* compiled : {&loose, &known}) {
        if (!compiled->ok())
            continue;
        try {
            store::IssueListRequest request;
            request.filter = compiled->filter;
            (void)store::listIssues(db, request);
            (void)store::countIssues(db, compiled->countFilter);
        } catch (const sql::SqliteError& e) {
            return "compiled to SQL that SQLite refuses: " + std::string(e.what()) + "\nWHERE "
                + compiled->filter.where;
        }
    }
    return {};
}

// Decodes the events in the input as the import does (index detail), groups
// them on the import's fast path, and as `stackdeck-cli hash` does (full
// detail, every variant with its component tree); both must give the same
// hashes (tst_grouping_conformance checks this on the corpus).
inline Problem runGrouping(const std::uint8_t* data, std::size_t size)
{
    auto source = RecordSource::fromBuffer(bytes(data, size), "fuzz-input");
    RawRecord record;
    while (source->next(record)) {
        const Result<DecodedRecord> full = decodeRecord(record, DecodeDetail::Full);
        const Result<DecodedRecord> indexed = decodeRecord(std::move(record), DecodeDetail::Index);
        record = {};
        if (!full || !indexed || full->events.size() != indexed->events.size())
            continue; // the decoder target checks these
        for (std::size_t i = 0; i < full->events.size(); ++i) {
            const Event& event = indexed->events[i].event;
            const EventGrouping imported = groupEvent(event);
            (void)summarizeUngrouped(event);

            const grouping::GroupingResult detailed = grouping::computeGrouping(full->events[i].event);
            (void)grouping::deriveEventMetadata(full->events[i].event, detailed);
            (void)grouping::groupingToJson(detailed).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);

            grouping::GroupingConfig fast;
            fast.withDetails = false;
            const std::vector<std::string> fastHashes = grouping::computeGrouping(event, fast).hashes;
            if (fastHashes != detailed.hashes)
                return "the import's fast path (index detail, no trees) hashes the event differently from the "
                       "detailed grouping";
            if (event.hashes.empty() && imported.hashes != fastHashes)
                return "groupEvent() hashes differ from computeGrouping()";
        }
    }
    return {};
}

// For the harnesses: a broken invariant is a finding like a crash.
inline void abortOn(const Problem& problem)
{
    if (problem.empty())
        return;
    std::fprintf(stderr, "stackdeck fuzz invariant broken: %s\n", problem.c_str());
    std::abort();
}

} // namespace stackdeck::fuzz
