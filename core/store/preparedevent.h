#pragma once

#include "model/event.h"
#include "model/ids.h"
#include "model/pairs.h"
#include "spanrows.h"
#include "util/payloadcodec.h"

#include <optional>
#include <string>
#include <vector>

namespace stackdeck {

// Everything the store writes for one event, computed off the writer thread:
// decoded, grouped, summarised and compressed. The writer only does SQL.
struct PreparedEvent {
    std::string project; // project name
    std::string eventId; // 32 lowercase hex
    EventType type = EventType::Default;
    Level level = Level::Error;
    std::string platform;
    Micros timestamp = 0;
    std::optional<Micros> received;
    std::optional<Micros> durationUs;

    std::string title;
    std::string culprit;
    std::string message; // the display message (logentry or exception value)
    std::string issueType; // "error", "default", "csp"... for new issues
    std::string metadataJson;
    std::string release;
    std::string environment;
    std::string userKey; // identity the user count is based on; empty = anonymous
    std::string traceId;
    std::string spanId;
    std::string parentSpanId; // contexts.trace: the event's own span, for trace assembly
    std::string spanOp;
    std::string spanStatus;
    std::string service; // server_name
    std::string transaction;

    bool groupable = true; // false for transactions, segments, feedback
    std::vector<std::string> hashes; // primary first
    std::string serverGroupId; // a server's group id wins over hashes for server data
    std::int64_t issueIdHint = 0; // regroup: the id a new issue of this event should keep (its old issue)
    Pairs tags; // event tags plus the ones Sentry derives (level, release, ...)
    SpanSet spans; // encoded on the worker thread: the writer stores one row
    // Distinct texts for the issue search index: (title column, body column).
    std::vector<std::pair<std::string, std::string>> searchTexts;
    // The functions, modules and files of its frames, each indexed once per issue.
    std::vector<std::string> searchTerms;

    // The original JSON, verbatim, as stored.
    std::string itemType; // how to read it back: "" bare JSON, else the envelope item type
    std::string contentType;
    PayloadCodec codec = PayloadCodec::Plain;
    std::string payload;
    std::size_t rawSize = 0;

    SourceId source;

    bool isTransactionLike() const { return type == EventType::Transaction || type == EventType::Segment; }
    // The hashes as the events.hashes column holds them: space separated, primary first.
    std::string hashesText() const
    {
        std::string out;
        for (const std::string& h : hashes) {
            if (!out.empty())
                out += ' ';
            out += h;
        }
        return out;
    }
};

struct PreparedLog {
    std::string project;
    std::optional<Micros> timestamp;
    std::string traceId;
    std::string spanId;
    std::string level;
    std::string body;
    std::string attributesJson;
    std::string fingerprint; // stable identity for idempotent re-import
    SourceId source;
};

struct PreparedAttachment {
    std::string project;
    std::string eventId;
    std::string filename;
    std::string attachmentType;
    std::string contentType;
    std::int64_t size = 0;
    SourceId source;
};

// What one writer transaction stores.
struct PreparedBatch {
    std::vector<PreparedEvent> events;
    std::vector<PreparedLog> logs;
    std::vector<PreparedAttachment> attachments;

    bool empty() const { return events.empty() && logs.empty() && attachments.empty(); }
    std::size_t size() const { return events.size() + logs.size() + attachments.size(); }
    void clear()
    {
        events.clear();
        logs.clear();
        attachments.clear();
    }
};

} // namespace stackdeck
