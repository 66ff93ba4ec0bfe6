#pragma once

#include "breadcrumb.h"
#include "contexts.h"
#include "exception.h"
#include "level.h"
#include "logentry.h"
#include "pairs.h"
#include "rawjson.h"
#include "request.h"
#include "security.h"
#include "span.h"
#include "thread.h"
#include "timestamp.h"
#include "trim.h"
#include "user.h"

#include <QMetaType>

#include <optional>
#include <string>
#include <vector>

namespace stackdeck {

enum class EventType : std::uint8_t {
    Error,
    Default,
    Transaction,
    Csp,
    Hpkp,
    ExpectCt,
    ExpectStaple,
    Nel,
    Feedback,
    Segment, // a span segment from a v2 span container, stored like a transaction
};

std::string_view eventTypeName(EventType type);
std::optional<EventType> parseEventType(std::string_view name);

// Which serialisation an event was read from.
enum class EventShape : std::uint8_t { Protocol, Api };

// One event of any kind, normalised the way Relay normalises it before storage:
// values wrappers unwrapped, tags as pairs, `message` folded into `logentry`,
// a lone top-level stack trace moved into its exception, timestamps in UTC.
// The original JSON is kept separately and verbatim by the store.
struct Event {
    std::string eventId; // 32 lowercase hex; empty when the payload had none
    std::optional<Micros> timestamp;
    std::optional<Micros> startTimestamp; // transactions
    std::optional<Micros> received;
    EventType type = EventType::Default;
    EventShape shape = EventShape::Protocol;

    std::string platform = "other";
    Level level = Level::Error;
    std::string logger;
    std::string transaction;
    std::string transactionSource;
    std::string serverName;
    std::string release;
    std::string dist;
    std::string environment;

    std::optional<LogEntry> logentry;
    std::vector<std::string> fingerprint; // empty = not sent (the default fingerprint)
    std::string checksum; // legacy grouping override
    Pairs tags;
    std::optional<User> user;
    std::vector<Context> contexts;
    TraceContext trace; // contexts.trace, typed
    std::vector<Breadcrumb> breadcrumbs;
    std::optional<Request> request;
    std::vector<ExceptionValue> exceptions; // oldest first
    std::vector<Thread> threads;
    std::optional<Stacktrace> stacktrace; // top-level, only when not moved into an exception
    std::optional<TemplateInfo> templateInfo;
    std::optional<CspReport> csp;
    std::optional<HostnameReport> hpkp;
    std::optional<HostnameReport> expectCt;
    std::optional<HostnameReport> expectStaple;
    std::optional<SdkInfo> sdk;
    Pairs modules;
    RawJson extra;
    RawJson debugMeta;
    RawJson meta; // `_meta`: trimming and scrubbing annotations keyed by JSON path
    RawJson errors;
    // What the decoder cut to stay within its per-event limits (formats/decodelimits.h).
    std::vector<Trim> trims;

    // transactions and segments
    std::vector<Span> spans;
    std::vector<Measurement> measurements;
    RawJson breakdowns;

    // server-side values, present on events exported from a server
    std::string title;
    std::string culprit;
    std::string location;
    RawJson metadata;
    std::vector<std::string> hashes; // the server's group hashes, primary first
    std::string groupingConfig;
    std::string serverGroupId; // API `groupID`
    std::string serverProjectId; // `project` / `projectID`

    bool operator==(const Event&) const = default;

    bool isTransactionLike() const { return type == EventType::Transaction || type == EventType::Segment; }
    // The exception that was reported: the last of the chain.
    const ExceptionValue* reportedException() const { return exceptions.empty() ? nullptr : &exceptions.back(); }
};

} // namespace stackdeck

Q_DECLARE_METATYPE(stackdeck::Event)
