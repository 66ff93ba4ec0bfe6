#include "eventdecoder.h"

#include "decodelimits.h"
#include "jsonaccess.h"
#include "jsonparse.h"
#include "normalize.h"
#include "protocolkeys.h"

namespace stackdeck {

using namespace json;

namespace {

std::string_view canonicalKey(std::string_view key)
{
    if (key.size() <= 18 || key.substr(0, 18) != "sentry.interfaces.")
        return key;
    const std::string_view name = key.substr(18);
    if (name == "Exception")
        return "exception";
    if (name == "Message")
        return "logentry";
    if (name == "Stacktrace")
        return "stacktrace";
    if (name == "Http")
        return "request";
    if (name == "User")
        return "user";
    if (name == "Contexts")
        return "contexts";
    if (name == "Breadcrumbs")
        return "breadcrumbs";
    if (name == "Template")
        return "template";
    if (name == "Csp")
        return "csp";
    if (name == "Hpkp")
        return "hpkp";
    if (name == "ExpectCT")
        return "expectct";
    if (name == "ExpectStaple")
        return "expectstaple";
    if (name == "Threads")
        return "threads";
    if (name == "DebugMeta")
        return "debug_meta";
    return key;
}

Level decodeLevel(element el, Level fallback)
{
    if (isString(el)) {
        if (auto l = parseLevel(std::string_view(el)))
            return *l;
        return fallback;
    }
    if (auto n = integer(el)) {
        if (auto l = levelFromPythonNumber(*n))
            return *l;
    }
    return fallback;
}

// Top-level keys DecodeDetail::Index skips: nothing derived is computed from them.
bool isUnindexedKey(std::string_view key)
{
    return key == "breadcrumbs" || key == "extra" || key == "modules" || key == "debug_meta" || key == "_meta"
        || key == "errors" || key == "breakdowns" || key == "measurements";
}

void decodeMessage(element value, Event& event)
{
    if (isObject(value)) {
        LogEntry incoming = detail::decodeLogEntry(value);
        if (!event.logentry)
            event.logentry = std::move(incoming);
        return;
    }
    if (isString(value)) {
        if (!event.logentry)
            event.logentry = LogEntry {};
        if (event.logentry->formatted.empty())
            event.logentry->formatted = str(value);
        return;
    }
    if (value.type() == element_type::BOOL && !bool(value))
        return; // message: false is ignored
    if (!isNull(value)) {
        if (!event.logentry)
            event.logentry = LogEntry {};
        if (event.logentry->formatted.empty())
            event.logentry->formatted = minified(value);
    }
}

} // namespace

namespace detail {

LogEntry decodeLogEntry(element el)
{
    LogEntry entry;
    if (isString(el)) {
        entry.formatted = str(el);
        return entry;
    }
    if (!isObject(el))
        return entry;
    for (auto [key, value] : object(el)) {
        if (key == "message")
            entry.message = isString(value) ? str(value) : (isNull(value) ? std::string() : minified(value));
        else if (key == "formatted")
            entry.formatted = isString(value) ? str(value) : (isNull(value) ? std::string() : minified(value));
        else if (key == "params" && !isNull(value))
            entry.params = raw(value);
    }
    return entry;
}

Breadcrumb decodeBreadcrumb(element el)
{
    Breadcrumb b;
    if (!isObject(el))
        return b;
    for (auto [key, value] : object(el)) {
        if (isNull(value))
            continue;
        if (key == "timestamp")
            b.timestamp = timestamp(value);
        else if (key == "type")
            b.type = str(value);
        else if (key == "category")
            b.category = str(value);
        else if (key == "level") {
            if (isString(value))
                b.level = parseLevel(std::string_view(value));
            if (!b.level && isString(value) && std::string_view(value) == "warn")
                b.level = Level::Warning; // browsers' console level; kept readable
        } else if (key == "message")
            b.message = isString(value) ? str(value) : minified(value);
        else if (key == "data")
            b.data = raw(value);
        else if (key == "event_id")
            b.eventId = str(value);
        else if (key == "origin")
            b.origin = str(value);
    }
    if (b.type.empty())
        b.type = "default";
    return b;
}

void decodeBreadcrumbList(element el, Event& event)
{
    const auto list = valuesList(el);
    // SDKs keep the newest breadcrumbs; so does the limit.
    const KeptRange keep = keepWithin("breadcrumbs.values", list.size(), limits::kBreadcrumbs, true);
    event.breadcrumbs.reserve(keep.count);
    for (std::size_t i = keep.first; i < keep.first + keep.count; ++i) {
        if (isObject(list[i]))
            event.breadcrumbs.push_back(decodeBreadcrumb(list[i]));
    }
}

} // namespace detail

bool looksLikeEvent(object obj)
{
    // A decisive key settles it; otherwise every key must be an event key
    // (`{"message": "x"}` is a minimal event, `{"message": "x", "category": "ui"}` a breadcrumb).
    bool allKnown = true;
    for (auto [key, value] : obj) {
        (void)value;
        if (isDecisiveEventKey(key) || key == "eventID" || key == "entries")
            return true;
        allKnown = allKnown && isEventKey(key);
    }
    return allKnown && obj.size() > 0;
}

bool looksLikeApiEvent(object obj)
{
    if (auto entries = member(obj, "entries"); entries && isArray(*entries))
        return true;
    if (member(obj, "eventID"))
        return true;
    return member(obj, "id") && member(obj, "dateCreated")
        && (member(obj, "groupID") || member(obj, "projectID") || member(obj, "event.type"));
}

// The event's top-level names, times and values; false for any other key.
bool decodeEventScalar(
    std::string_view key, element value, Event& event, std::optional<element>& typeEl, std::optional<element>& levelEl)
{
    if (key == "event_id")
        event.eventId = normalizeUuid(str(value));
    else if (key == "timestamp")
        event.timestamp = timestamp(value);
    else if (key == "start_timestamp")
        event.startTimestamp = timestamp(value);
    else if (key == "received")
        event.received = timestamp(value);
    else if (key == "datetime" && !event.timestamp)
        event.timestamp = timestamp(value);
    else if (key == "type")
        typeEl = value;
    else if (key == "platform")
        event.platform = str(value);
    else if (key == "level")
        levelEl = value;
    else if (key == "logger")
        event.logger = str(value);
    else if (key == "transaction")
        event.transaction = str(value);
    else if (key == "transaction_info") {
        if (isObject(value))
            event.transactionSource = str(object(value), "source");
    } else if (key == "server_name")
        event.serverName = lenient(value);
    else if (key == "release")
        event.release = lenient(value);
    else if (key == "dist")
        event.dist = lenient(value);
    else if (key == "environment")
        event.environment = lenient(value);
    else if (key == "fingerprint")
        event.fingerprint = strings(value, "fingerprint");
    else if (key == "checksum")
        event.checksum = lenient(value);
    else if (key == "tags")
        event.tags = pairs(value, "tags");
    else if (key == "modules")
        event.modules = pairs(value, "modules");
    else if (key == "title")
        event.title = str(value);
    else if (key == "culprit")
        event.culprit = str(value);
    else if (key == "location")
        event.location = str(value);
    else if (key == "hashes")
        event.hashes = strings(value, "hashes");
    else if (key == "grouping_config") {
        if (isObject(value))
            event.groupingConfig = str(object(value), "id");
        else
            event.groupingConfig = str(value);
    } else if (key == "project")
        event.serverProjectId = lenient(value);
    else if (key == "group_id")
        event.serverGroupId = lenient(value);
    else
        return false;
    return true;
}

// The event's interfaces (exception, request, breadcrumbs, ...) and the raw
// parts kept as JSON; any other key is ignored.
void decodeEventInterface(std::string_view key, element value, Event& event, DecodeDetail depth)
{
    if (key == "logentry") {
        // The canonical key beats a legacy `message` object.
        event.logentry = detail::decodeLogEntry(value);
    } else if (key == "message") {
        // In the server's export `message` is a flattened search string next to
        // `logentry`; it only counts when there is no logentry.
        decodeMessage(value, event);
    } else if (key == "user") {
        if (isObject(value))
            event.user = detail::decodeUser(value);
    } else if (key == "contexts")
        detail::decodeContexts(value, event, depth);
    else if (key == "breadcrumbs") {
        detail::decodeBreadcrumbList(value, event);
    } else if (key == "request") {
        if (isObject(value))
            event.request = detail::decodeRequest(value, depth);
    } else if (key == "exception") {
        detail::decodeExceptionList(value, event, depth);
    } else if (key == "threads") {
        detail::decodeThreadList(value, event, depth);
    } else if (key == "stacktrace") {
        const detail::TrimPath path("stacktrace");
        if (isObject(value) || isArray(value))
            event.stacktrace = detail::decodeStacktrace(value, depth);
    } else if (key == "template") {
        if (isObject(value))
            event.templateInfo = detail::decodeTemplate(value);
    } else if (key == "csp") {
        if (isObject(value))
            event.csp = detail::decodeCsp(value);
    } else if (key == "hpkp") {
        if (isObject(value))
            event.hpkp = detail::decodeHostnameReport(value);
    } else if (key == "expectct") {
        if (isObject(value))
            event.expectCt = detail::decodeHostnameReport(value);
    } else if (key == "expectstaple") {
        if (isObject(value))
            event.expectStaple = detail::decodeHostnameReport(value);
    } else if (key == "sdk") {
        if (isObject(value))
            event.sdk = detail::decodeSdk(value);
    } else if (key == "extra")
        event.extra = raw(value);
    else if (key == "debug_meta")
        event.debugMeta = raw(value);
    else if (key == "_meta")
        event.meta = raw(value);
    else if (key == "errors")
        event.errors = raw(value);
    else if (key == "spans") {
        detail::decodeSpanList(value, event, depth);
    } else if (key == "measurements")
        event.measurements = detail::decodeMeasurements(value);
    else if (key == "breakdowns")
        event.breakdowns = raw(value);
    else if (key == "metadata")
        event.metadata = raw(value);
}

// Type and level once every key is read: their defaults depend on the rest.
void settleTypeAndLevel(Event& event, const std::optional<element>& typeEl, const std::optional<element>& levelEl)
{
    std::string typeName = typeEl ? str(*typeEl) : std::string();
    if (typeName == "transaction")
        event.type = EventType::Transaction;
    else if (typeName == "feedback" || typeName == "userreportv2")
        event.type = EventType::Feedback;
    else if (auto t = parseEventType(typeName))
        event.type = *t; // SDKs only send "transaction"; other values come from server exports
    else
        event.type = inferEventType(event);

    const Level defaultLevel = event.isTransactionLike() ? Level::Info : Level::Error;
    event.level = levelEl ? decodeLevel(*levelEl, defaultLevel) : defaultLevel;
}

Result<Event> decodeEvent(element root, bool requireEventKeys, DecodeDetail depth)
{
    const bool full = depth == DecodeDetail::Full;
    if (!isObject(root))
        return Error {"not a JSON object"};
    object obj = root;
    if (requireEventKeys && !looksLikeEvent(obj))
        return Error {"not a Sentry event: none of the keys an event has"};

    Event event;
    const detail::TrimScope trims(event.trims);
    if (looksLikeApiEvent(obj)) {
        detail::decodeApiEvent(obj, event, depth);
        normalizeEvent(event);
        return event;
    }

    std::optional<element> typeEl;
    std::optional<element> levelEl;
    for (auto [rawKey, value] : obj) {
        const std::string_view key = canonicalKey(rawKey);
        if (isNull(value))
            continue;
        if (!full && isUnindexedKey(key))
            continue;
        if (!decodeEventScalar(key, value, event, typeEl, levelEl))
            decodeEventInterface(key, value, event, depth);
    }
    settleTypeAndLevel(event, typeEl, levelEl);

    normalizeEvent(event);
    return event;
}

Result<Event> decodeEventJson(std::string_view json, DecodeDetail depth)
{
    auto parsed = parseJsonLenient(threadParser(), std::string(json));
    if (!parsed.ok())
        return parsed.error();
    return decodeEvent(parsed->root, true, depth);
}

} // namespace stackdeck
