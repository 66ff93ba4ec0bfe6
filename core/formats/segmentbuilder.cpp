#include "segmentbuilder.h"

#include "decodelimits.h"
#include "eventdecoder.h"
#include "jsonaccess.h"

#include <QCryptographicHash>

#include <cstdint>
#include <unordered_map>
#include <vector>

namespace stackdeck {

using namespace json;

namespace {

struct SpanEntry {
    Span span;
    std::string raw;
    element attributes;
    bool hasAttributes = false;
};

bool isSpanStatus(std::string_view s)
{
    if (s.empty())
        return false;
    for (char c : s) {
        if (!((c >= 'a' && c <= 'z') || c == '_'))
            return false;
    }
    return true;
}

// v2 spans say only "ok" or "error"; the detail is in sentry.status.message.
std::string traceStatus(const SpanEntry& e)
{
    if (e.span.status != "error")
        return e.span.status;
    const std::string detail = e.hasAttributes ? attributeText(e.attributes, "sentry.status.message") : std::string();
    return isSpanStatus(detail) ? detail : std::string("unknown_error");
}

std::string platformFromSdk(std::string_view sdk)
{
    if (sdk == "sentry.javascript.node" || sdk == "sentry.javascript.bun" || sdk == "sentry.javascript.deno")
        return "node";
    if (sdk.substr(0, 18) == "sentry.javascript.")
        return "javascript";
    static const std::pair<std::string_view, std::string_view> kPrefixes[] = {
        {"sentry.python", "python"},
        {"sentry.java", "java"},
        {"sentry.cocoa", "cocoa"},
        {"sentry.dotnet", "csharp"},
        {"sentry.ruby", "ruby"},
        {"sentry.php", "php"},
        {"sentry.go", "go"},
        {"sentry.native", "native"},
        {"sentry.elixir", "elixir"},
    };
    for (const auto& [prefix, platform] : kPrefixes) {
        if (sdk.substr(0, prefix.size()) == prefix)
            return std::string(platform);
    }
    return "other";
}

SpanEntry decodeEntry(element el)
{
    SpanEntry e;
    e.span = detail::decodeSpan(el);
    e.raw = minified(el);
    if (auto attrs = member(el, "attributes"); attrs && isObject(*attrs)) {
        e.attributes = *attrs;
        e.hasAttributes = true;
        if (e.span.segmentId.empty())
            e.span.segmentId = attributeText(*attrs, "sentry.segment.id");
        if (e.span.origin.empty())
            e.span.origin = attributeText(*attrs, "sentry.origin");
    }
    return e;
}

Event segmentEvent(const SpanEntry& root, std::vector<Span> children)
{
    Event event;
    event.type = EventType::Segment;
    event.level = Level::Info;
    const Span& s = root.span;
    event.eventId = md5Hex(s.traceId + s.spanId);
    event.startTimestamp = s.start;
    event.timestamp = s.end;
    const element attrs = root.attributes;
    auto attr = [&](std::string_view key) { return root.hasAttributes ? attributeText(attrs, key) : std::string(); };
    event.transaction = attr("sentry.segment.name");
    if (event.transaction.empty())
        event.transaction = s.description;
    event.transactionSource = attr("sentry.segment.name.source");
    if (event.transactionSource.empty())
        event.transactionSource = attr("sentry.source");
    event.release = attr("sentry.release");
    event.environment = attr("sentry.environment");

    SdkInfo sdk;
    sdk.name = attr("sentry.sdk.name");
    sdk.version = attr("sentry.sdk.version");
    if (root.hasAttributes) {
        if (auto integrations = member(attrs, "sentry.sdk.integrations")) {
            auto value = isObject(*integrations) ? member(*integrations, "value") : integrations;
            if (value)
                sdk.integrations = strings(*value);
        }
    }
    if (!sdk.name.empty())
        event.sdk = std::move(sdk);
    event.platform = platformFromSdk(event.sdk ? event.sdk->name : std::string());

    User user;
    user.id = attr("user.id");
    user.email = attr("user.email");
    user.username = attr("user.name");
    user.ipAddress = attr("user.ip_address");
    if (!user.isEmpty())
        event.user = std::move(user);

    TraceContext& tc = event.trace;
    tc.traceId = s.traceId;
    tc.spanId = s.spanId;
    tc.parentSpanId = s.parentSpanId;
    tc.op = s.op;
    tc.status = traceStatus(root);
    tc.origin = s.origin;
    tc.description = s.description;
    tc.data = s.data;

    // The same values as a `trace` context, so the event reads like a transaction.
    std::string ctx = "{";
    auto field = [&](std::string_view key, const std::string& value) {
        if (value.empty())
            return;
        if (ctx.size() > 1)
            ctx += ',';
        appendJsonString(ctx, key);
        ctx += ':';
        appendJsonString(ctx, value);
    };
    field("trace_id", tc.traceId);
    field("span_id", tc.spanId);
    field("parent_span_id", tc.parentSpanId);
    field("op", tc.op);
    field("status", tc.status);
    field("origin", tc.origin);
    field("description", tc.description);
    if (!tc.data.isNull())
        ctx += (ctx.size() > 1 ? ",\"data\":" : "\"data\":") + tc.data.text;
    field("type", std::string("trace"));
    ctx += '}';
    event.contexts.push_back(Context {"trace", "trace", RawJson {std::move(ctx)}});

    for (auto& child : children) {
        if (child.status == "error") {
            // Children keep the same status vocabulary as the trace context.
            child.status = "unknown_error";
        }
    }
    if (children.size() > detail::limits::kSpans) { // as an event's own spans list is limited
        event.trims.push_back(Trim {"spans", children.size(), detail::limits::kSpans});
        children.resize(detail::limits::kSpans);
    }
    event.spans = std::move(children);
    return event;
}

constexpr std::size_t kUnknown = SIZE_MAX;

// Segment roots: spans marked as segments, else spans that are their own
// segment, else spans whose parent is not in the container.
std::vector<bool> findRoots(
    const std::vector<SpanEntry>& entries, const std::unordered_map<std::string, std::size_t>& byId)
{
    std::vector<bool> isRoot(entries.size(), false);
    bool anyRoot = false;
    for (std::size_t i = 0; i < entries.size(); ++i) {
        if (entries[i].span.isSegment.value_or(false))
            isRoot[i] = anyRoot = true;
    }
    if (!anyRoot) {
        for (std::size_t i = 0; i < entries.size(); ++i) {
            const auto& s = entries[i].span;
            if (!s.segmentId.empty() && s.segmentId == s.spanId)
                isRoot[i] = anyRoot = true;
        }
    }
    if (!anyRoot) {
        for (std::size_t i = 0; i < entries.size(); ++i) {
            if (!byId.count(entries[i].span.parentSpanId))
                isRoot[i] = true;
        }
    }
    return isRoot;
}

// For each span, the topmost span reached by following parents, in linear
// time whatever the shape: a chain of 100,000 spans walked from every span
// was 5 * 10^9 steps. Each span is visited once; a cycle stops at the span
// where it closes.
std::vector<std::size_t> topmostSpans(const std::vector<SpanEntry>& entries,
    const std::unordered_map<std::string, std::size_t>& byId, const std::vector<bool>& isRoot)
{
    const std::size_t n = entries.size();
    std::vector<std::size_t> top(n, kUnknown);
    std::vector<std::uint8_t> walking(n, 0);
    std::vector<std::size_t> path;
    for (std::size_t i = 0; i < n; ++i) {
        std::size_t at = i;
        path.clear();
        std::size_t found = kUnknown;
        for (;;) {
            if (top[at] != kUnknown) {
                found = top[at];
                break;
            }
            if (isRoot[at] || walking[at]) {
                found = at;
                break;
            }
            walking[at] = 1;
            path.push_back(at);
            const auto it = byId.find(entries[at].span.parentSpanId);
            if (it == byId.end()) {
                found = at;
                break;
            }
            at = it->second;
        }
        for (const std::size_t p : path)
            top[p] = found;
        if (top[i] == kUnknown)
            top[i] = found; // i itself was a root
    }
    return top;
}

// The root each span's segment is headed by.
std::vector<std::size_t> segmentOwners(const std::vector<SpanEntry>& entries,
    const std::unordered_map<std::string, std::size_t>& byId, const std::vector<bool>& isRoot,
    const std::vector<std::size_t>& top)
{
    const std::size_t n = entries.size();
    // The first root of each trace, for spans whose parents lead to no root.
    std::unordered_map<std::string, std::size_t> traceRoot;
    for (std::size_t r = 0; r < n; ++r) {
        if (isRoot[r])
            traceRoot.emplace(entries[r].span.traceId, r);
    }
    std::vector<std::size_t> owner(n, kUnknown);
    for (std::size_t i = 0; i < n; ++i) {
        if (isRoot[i]) {
            owner[i] = i;
            continue;
        }
        if (auto it = byId.find(entries[i].span.segmentId); it != byId.end() && isRoot[it->second]) {
            owner[i] = it->second;
            continue;
        }
        if (isRoot[top[i]]) {
            owner[i] = top[i];
            continue;
        }
        if (auto it = traceRoot.find(entries[i].span.traceId); it != traceRoot.end()) {
            owner[i] = it->second;
            continue;
        }
        owner[i] = top[i]; // an orphan chain from another trace: its topmost span heads its own segment
    }
    return owner;
}

} // namespace

std::string attributeText(element attributes, std::string_view key)
{
    auto el = member(attributes, key);
    if (!el)
        return {};
    if (isObject(*el)) {
        auto value = member(*el, "value");
        return value ? lenient(*value) : std::string();
    }
    return lenient(*el);
}

std::vector<SegmentEvent> buildSegments(array spans, std::string_view payload)
{
    std::vector<SpanEntry> entries;
    // One container may hold many segments, so its limit is a multiple of an event's.
    const detail::KeptRange keep = detail::keepWithin("items", spans.size(), detail::limits::kSpans * 10, false);
    entries.reserve(keep.count);
    std::size_t index = 0;
    for (element el : spans) {
        if (!keep.contains(index++))
            break;
        if (isObject(el))
            entries.push_back(decodeEntry(el));
    }
    std::unordered_map<std::string, std::size_t> byId;
    for (std::size_t i = 0; i < entries.size(); ++i)
        byId.emplace(entries[i].span.spanId, i);

    std::vector<bool> isRoot = findRoots(entries, byId);

    // Which root each span belongs to.
    const std::size_t n = entries.size();
    const std::vector<std::size_t> top = topmostSpans(entries, byId, isRoot);
    const std::vector<std::size_t> owner = segmentOwners(entries, byId, isRoot, top);
    for (std::size_t i = 0; i < n; ++i) {
        if (owner[i] == i)
            isRoot[i] = true;
    }
    std::vector<std::vector<std::size_t>> members(n);
    for (std::size_t i = 0; i < n; ++i)
        members[owner[i]].push_back(i);

    std::size_t rootCount = 0;
    for (bool r : isRoot)
        rootCount += r ? 1 : 0;

    std::vector<SegmentEvent> out;
    for (std::size_t r = 0; r < entries.size(); ++r) {
        if (!isRoot[r])
            continue;
        std::vector<Span> children;
        std::string raw = "{\"version\":2,\"items\":[";
        bool firstRaw = true;
        for (const std::size_t i : members[r]) {
            if (!firstRaw)
                raw += ',';
            raw += entries[i].raw;
            firstRaw = false;
            if (i != r)
                children.push_back(entries[i].span);
        }
        raw += "]}";
        SegmentEvent seg;
        seg.event = segmentEvent(entries[r], std::move(children));
        seg.rawJson = rootCount == 1 ? std::string(payload) : std::move(raw);
        out.push_back(std::move(seg));
    }
    return out;
}

std::vector<SegmentEvent> buildSegmentFromSpan(element span, std::string_view payload)
{
    std::vector<SegmentEvent> out;
    SegmentEvent seg;
    seg.event = segmentEvent(decodeEntry(span), {});
    seg.rawJson = std::string(payload);
    out.push_back(std::move(seg));
    return out;
}

} // namespace stackdeck
