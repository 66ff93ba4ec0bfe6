// The API-serialised event (event-details endpoints, `entries[]`), mapped
// onto the protocol model: tags [{key,value}] -> pairs, `context` -> extra,
// `packages` -> modules, `dateCreated` -> timestamp, `fingerprints` -> hashes,
// entries looked up by type (their order is not stable across versions).

#include "decodelimits.h"
#include "eventdecoder.h"
#include "jsonaccess.h"

namespace stackdeck::detail {

using namespace json;

namespace {

void decodeEntry(std::string_view type, element data, Event& event, DecodeDetail depth)
{
    const bool full = depth == DecodeDetail::Full;
    if (type == "exception") {
        decodeExceptionList(data, event, depth);
    } else if (type == "message") {
        event.logentry = decodeLogEntry(data);
    } else if (type == "stacktrace") {
        const TrimPath path("stacktrace");
        event.stacktrace = decodeStacktrace(data, depth);
    } else if (type == "threads") {
        decodeThreadList(data, event, depth);
    } else if (type == "request") {
        event.request = decodeRequest(data, depth);
    } else if (type == "breadcrumbs" && full) {
        decodeBreadcrumbList(data, event);
    } else if (type == "template") {
        event.templateInfo = decodeTemplate(data);
    } else if (type == "spans") {
        decodeSpanList(data, event, depth);
    } else if (type == "debugmeta" && full) {
        event.debugMeta = raw(data);
    } else if (type == "csp") {
        event.csp = decodeCsp(data);
    } else if (type == "hpkp") {
        event.hpkp = decodeHostnameReport(data);
    } else if (type == "expectct") {
        event.expectCt = decodeHostnameReport(data);
    } else if (type == "expectstaple") {
        event.expectStaple = decodeHostnameReport(data);
    }
}

// Attributes the API only exposes as tags.
void applyTagAttributes(Event& event)
{
    if (const auto* env = findPair(event.tags, "environment"))
        event.environment = *env;
    if (const auto* level = findPair(event.tags, "level"); level) {
        if (auto l = parseLevel(*level))
            event.level = *l;
    }
    if (event.release.empty()) {
        if (const auto* rel = findPair(event.tags, "release"))
            event.release = *rel;
    }
    if (const auto* logger = findPair(event.tags, "logger"))
        event.logger = *logger;
    if (const auto* txn = findPair(event.tags, "transaction"))
        event.transaction = *txn;
    if (const auto* server = findPair(event.tags, "server_name"))
        event.serverName = *server;
}

void settleApiType(Event& event, const std::string& typeName)
{
    if (typeName == "transaction") {
        event.type = EventType::Transaction;
        event.level = Level::Info;
        if (event.transaction.empty())
            event.transaction = event.title;
    } else if (auto t = parseEventType(typeName)) {
        event.type = *t;
    } else {
        event.type = event.exceptions.empty() ? EventType::Default : EventType::Error;
    }
}

} // namespace

void decodeApiEvent(object obj, Event& event, DecodeDetail depth)
{
    event.shape = EventShape::Api;
    std::string typeName;
    const bool full = depth == DecodeDetail::Full;
    for (auto [key, value] : obj) {
        if (isNull(value))
            continue;
        if (!full
            && (key == "context" || key == "packages" || key == "errors" || key == "_meta" || key == "measurements"
                || key == "breakdowns"))
            continue;
        if (key == "eventID" || (key == "id" && event.eventId.empty()))
            event.eventId = normalizeUuid(str(value));
        else if (key == "groupID")
            event.serverGroupId = lenient(value);
        else if (key == "projectID")
            event.serverProjectId = lenient(value);
        else if (key == "dateCreated")
            event.timestamp = timestamp(value);
        else if (key == "dateReceived")
            event.received = timestamp(value);
        else if (key == "startTimestamp")
            event.startTimestamp = timestamp(value);
        else if (key == "endTimestamp")
            event.timestamp = timestamp(value);
        else if (key == "title")
            event.title = str(value);
        else if (key == "culprit")
            event.culprit = str(value);
        else if (key == "location")
            event.location = str(value);
        else if (key == "platform")
            event.platform = str(value);
        else if (key == "type" || key == "event.type")
            typeName = str(value);
        else if (key == "dist")
            event.dist = lenient(value);
        else if (key == "release") {
            if (isObject(value))
                event.release = str(object(value), "version");
            else
                event.release = lenient(value);
        } else if (key == "tags")
            event.tags = pairs(value, "tags");
        else if (key == "user") {
            if (isObject(value))
                event.user = decodeUser(value);
        } else if (key == "contexts")
            decodeContexts(value, event, depth);
        else if (key == "context")
            event.extra = raw(value);
        else if (key == "packages")
            event.modules = pairs(value, "modules");
        else if (key == "sdk") {
            if (isObject(value))
                event.sdk = decodeSdk(value);
        } else if (key == "metadata")
            event.metadata = raw(value);
        else if (key == "errors")
            event.errors = raw(value);
        else if (key == "fingerprints")
            event.hashes = strings(value, "hashes");
        else if (key == "groupingConfig") {
            if (isObject(value))
                event.groupingConfig = str(object(value), "id");
        } else if (key == "_meta")
            event.meta = raw(value);
        else if (key == "measurements")
            event.measurements = decodeMeasurements(value);
        else if (key == "breakdowns")
            event.breakdowns = raw(value);
        else if (key == "entries" && isArray(value)) {
            for (element entry : array(value)) {
                if (!isObject(entry))
                    continue;
                const std::string entryType = str(object(entry), "type");
                if (auto data = member(entry, "data"); data && !isNull(*data))
                    decodeEntry(entryType, *data, event, depth);
            }
        } else if (key == "message" && !event.logentry) {
            // On API events `message` is the flattened search text; a fallback only.
            if (isString(value) && !str(value).empty())
                event.logentry = LogEntry {{}, str(value), {}};
        }
    }

    applyTagAttributes(event);
    settleApiType(event, typeName);
}

} // namespace stackdeck::detail
