#include "payloadclassifier.h"

#include "eventdecoder.h"
#include "jsonaccess.h"
#include "protocolkeys.h"

namespace stackdeck {

using namespace json;

namespace {

bool has(object obj, std::string_view key)
{
    return member(obj, key).has_value();
}

bool hasObject(object obj, std::string_view key)
{
    auto el = member(obj, key);
    return el && isObject(*el);
}

PayloadClassification notEvent(std::string what)
{
    return {PayloadClass::NotEvent, "not a Sentry event: " + std::move(what), {}};
}

std::string keyList(object obj)
{
    std::string out;
    std::size_t n = 0;
    for (auto [key, value] : obj) {
        (void)value;
        if (n == 6) {
            out += ", ...";
            break;
        }
        if (n++ > 0)
            out += ", ";
        out += key;
    }
    return out;
}

PayloadClassification classifyContainer(array items)
{
    for (element item : items) {
        if (!isObject(item))
            continue;
        object o = item;
        if (has(o, "body") || has(o, "severity_number"))
            return {PayloadClass::LogContainer, {}, {}};
        if (has(o, "start_timestamp") || has(o, "end_timestamp") || has(o, "is_segment"))
            return {PayloadClass::SpanContainer, {}, {}};
        if (has(o, "value") && has(o, "name"))
            return {PayloadClass::MetricContainer, {}, {}};
        if (has(o, "span_id"))
            return {PayloadClass::SpanContainer, {}, {}};
        return notEvent("an item container of unknown entries");
    }
    return notEvent("an empty item container");
}

// A name for the usual pieces of an event met as files of their own.
std::string fragmentHint(object obj)
{
    if (has(obj, "category") || (has(obj, "data") && has(obj, "timestamp") && obj.size() <= 8))
        return "a breadcrumb";
    if (has(obj, "mechanism") || (has(obj, "type") && has(obj, "value") && has(obj, "stacktrace")))
        return "an exception";
    if (has(obj, "stacktrace") && (has(obj, "crashed") || has(obj, "current") || has(obj, "held_locks")))
        return "a thread";
    if (has(obj, "function") || has(obj, "lineno") || has(obj, "instruction_addr") || has(obj, "abs_path"))
        return "a stack frame";
    if (has(obj, "url") && (has(obj, "method") || has(obj, "headers")))
        return "a request";
    if (has(obj, "email") || has(obj, "username") || has(obj, "ip_address"))
        return "a user";
    if (has(obj, "os") || has(obj, "device") || has(obj, "runtime") || has(obj, "app") || has(obj, "browser"))
        return "a contexts object";
    return {};
}

} // namespace

PayloadClassification classifyPayload(object obj)
{
    if (obj.size() == 0)
        return notEvent("an empty JSON object");

    // API responses that wrap an event.
    if (hasObject(obj, "event") && (has(obj, "issue_title") || str(obj, "payload_type") == "occurrence"))
        return {PayloadClass::Occurrence, {}, "event"};
    if (hasObject(obj, "event") && (has(obj, "eventId") || has(obj, "organizationSlug") || has(obj, "groupId")))
        return {PayloadClass::Wrapped, {}, "event"};
    if (hasObject(obj, "latestEvent"))
        return {PayloadClass::Wrapped, {}, "latestEvent"};

    // API objects that are not events, though they share keys with one.
    if (has(obj, "topValues") || (has(obj, "key") && (has(obj, "totalValues") || has(obj, "count"))))
        return notEvent("a tag summary from the web API");
    if (has(obj, "shortId") || has(obj, "permalink") || has(obj, "issueCategory")
        || (has(obj, "firstSeen") && has(obj, "lastSeen")))
        return notEvent("an issue from the web API (the issue's events are at /issues/{id}/events/)");
    if (has(obj, "children") && (has(obj, "event_type") || has(obj, "is_transaction")))
        return notEvent("a trace tree node from the web API");
    if (has(obj, "mimetype") && has(obj, "sha1"))
        return notEvent("an attachment description from the web API");
    if (has(obj, "slug") && !has(obj, "eventID"))
        return notEvent("an organization or project from the web API");

    // Other payloads SDKs send.
    if (auto items = member(obj, "items"); items && isArray(*items) && !has(obj, "exception") && !has(obj, "event_id"))
        return classifyContainer(*items);
    if (has(obj, "check_in_id") || has(obj, "monitor_slug"))
        return {PayloadClass::CheckIn, {}, {}};
    if (has(obj, "sid") || (has(obj, "started") && has(obj, "attrs")))
        return {PayloadClass::Session, {}, {}};
    if (auto agg = member(obj, "aggregates"); agg && isArray(*agg))
        return {PayloadClass::Sessions, {}, {}};
    if (has(obj, "discarded_events"))
        return {PayloadClass::ClientReport, {}, {}};
    if (hasObject(obj, "profile") && (has(obj, "transactions") || has(obj, "transaction") || has(obj, "device")))
        return {PayloadClass::Profile, {}, {}};
    if (has(obj, "replay_id") && (has(obj, "segment_id") || has(obj, "replay_type")))
        return {PayloadClass::Replay, {}, {}};
    if (has(obj, "comments") && has(obj, "event_id") && !has(obj, "exception") && !has(obj, "message"))
        return {PayloadClass::UserReport, {}, {}};
    if (has(obj, "span_id") && has(obj, "trace_id") && has(obj, "start_timestamp") && !has(obj, "type")
        && !has(obj, "spans") && !has(obj, "contexts") && !has(obj, "exception"))
        return {PayloadClass::Span, {}, {}};

    if (looksLikeEnvelopeHeader(obj))
        return notEvent("an envelope header without items");
    if (looksLikeItemHeader(obj))
        return notEvent("an envelope item header without its envelope");
    if (looksLikeEvent(obj))
        return {PayloadClass::Event, {}, {}};
    const std::string hint = fragmentHint(obj);
    if (!hint.empty())
        return notEvent("looks like " + hint + " on its own, not an event (keys: " + keyList(obj) + ")");
    return notEvent("its keys are not those of an event (" + keyList(obj) + ")");
}

} // namespace stackdeck
