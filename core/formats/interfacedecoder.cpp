// Decoding of the event's interfaces other than the exception/thread/frame
// family (framedecoder.cpp): request, user, contexts, SDK info, spans and
// measurements, security reports and templates. Shared by the protocol and
// the API decoders, so snake_case and camelCase keys are both accepted.

#include "decodelimits.h"
#include "eventdecoder.h"
#include "jsonaccess.h"

namespace stackdeck::detail {

using namespace json;

Request decodeRequest(element el, DecodeDetail depth)
{
    Request r;
    if (!isObject(el))
        return r;
    const bool full = depth == DecodeDetail::Full;
    for (auto [key, value] : object(el)) {
        if (isNull(value))
            continue;
        if (!full && (key == "headers" || key == "cookies" || key == "data" || key == "env"))
            continue;
        if (key == "url")
            r.url = str(value);
        else if (key == "method")
            r.method = str(value);
        else if (key == "query_string" || key == "query") {
            if (isString(value))
                r.queryString = str(value);
            else
                r.query = pairs(value, "request.query_string");
        } else if (key == "fragment")
            r.fragment = str(value);
        else if (key == "headers")
            r.headers = pairs(value, "request.headers");
        else if (key == "cookies") {
            if (isString(value))
                r.cookieString = str(value);
            else
                r.cookies = pairs(value, "request.cookies");
        } else if (key == "data")
            r.data = raw(value);
        else if (key == "env")
            r.env = raw(value);
        else if (key == "inferred_content_type" || key == "inferredContentType")
            r.inferredContentType = str(value);
        else if (key == "api_target" || key == "apiTarget")
            r.apiTarget = str(value);
        else if (key == "body_size")
            r.bodySize = integer(value);
        else if (key == "protocol")
            r.protocol = str(value);
    }
    // Sentry splits ?query and #fragment off the URL when they were not given.
    if (const auto hash = r.url.find('#'); hash != std::string::npos) {
        if (r.fragment.empty())
            r.fragment = r.url.substr(hash + 1);
        r.url.resize(hash);
    }
    if (const auto q = r.url.find('?'); q != std::string::npos) {
        if (r.queryString.empty() && r.query.empty())
            r.queryString = r.url.substr(q + 1);
        r.url.resize(q);
    }
    if (!r.queryString.empty() && r.query.empty()) {
        std::string_view rest = r.queryString;
        while (!rest.empty()) {
            const auto amp = rest.find('&');
            std::string_view part = rest.substr(0, amp);
            rest = amp == std::string_view::npos ? std::string_view() : rest.substr(amp + 1);
            if (part.empty())
                continue;
            const auto eq = part.find('=');
            r.query.emplace_back(std::string(part.substr(0, eq)),
                eq == std::string_view::npos ? std::string() : std::string(part.substr(eq + 1)));
        }
    }
    if (!r.cookieString.empty() && r.cookies.empty()) {
        std::string_view rest = r.cookieString;
        while (!rest.empty()) {
            const auto semi = rest.find(';');
            std::string_view part = rest.substr(0, semi);
            rest = semi == std::string_view::npos ? std::string_view() : rest.substr(semi + 1);
            while (!part.empty() && part.front() == ' ')
                part.remove_prefix(1);
            if (part.empty())
                continue;
            const auto eq = part.find('=');
            r.cookies.emplace_back(std::string(part.substr(0, eq)),
                eq == std::string_view::npos ? std::string() : std::string(part.substr(eq + 1)));
        }
    }
    return r;
}

User decodeUser(element el)
{
    User u;
    if (!isObject(el))
        return u;
    std::string other = "{";
    for (auto [key, value] : object(el)) {
        if (isNull(value))
            continue;
        if (key == "id")
            u.id = lenient(value);
        else if (key == "email")
            u.email = lenient(value);
        else if (key == "username")
            u.username = lenient(value);
        else if (key == "name")
            u.name = lenient(value);
        else if (key == "ip_address")
            u.ipAddress = str(value);
        else if (key == "segment")
            u.segment = str(value);
        else if (key == "geo")
            u.geo = raw(value);
        else if (key == "data")
            u.data = raw(value);
        else {
            if (other.size() > 1)
                other += ',';
            appendJsonString(other, key);
            other += ':';
            other += minified(value);
        }
    }
    if (other.size() > 1)
        u.other = RawJson {other + "}"};
    return u;
}

namespace {
// The context types whose values DecodeDetail::Index keeps: those the derived
// tags read (browser, os, runtime, device; eventpreparer.cpp).
bool isTaggedContextType(std::string_view type)
{
    return type == "browser" || type == "os" || type == "client_os" || type == "runtime" || type == "device";
}
} // namespace

void decodeContexts(element el, Event& event, DecodeDetail depth)
{
    if (!isObject(el))
        return;
    const bool full = depth == DecodeDetail::Full;
    const KeptRange keep = keepWithin("contexts", object(el).size(), limits::kContexts, false);
    std::size_t index = 0;
    for (auto [key, value] : object(el)) {
        if (!keep.contains(index++))
            break;
        if (!isObject(value))
            continue;
        Context ctx;
        ctx.alias = std::string(key);
        ctx.type = str(object(value), "type");
        if (ctx.type.empty())
            ctx.type = ctx.alias;
        if (full || isTaggedContextType(ctx.type))
            ctx.value = raw(value);
        if (ctx.type == "trace" && event.trace.isEmpty()) {
            object t = value;
            TraceContext& tc = event.trace;
            tc.traceId = normalizeUuid(str(t, "trace_id"));
            if (tc.traceId.empty())
                tc.traceId = str(t, "trace_id");
            tc.spanId = str(t, "span_id");
            tc.parentSpanId = str(t, "parent_span_id");
            tc.op = str(t, "op");
            tc.status = str(t, "status");
            tc.origin = str(t, "origin");
            tc.description = str(t, "description");
            if (auto v = member(t, "exclusive_time"))
                tc.exclusiveTime = number(*v);
            if (auto v = member(t, "sampled"))
                tc.sampled = boolean(*v);
            if (auto v = full ? member(t, "data") : std::nullopt; v && !isNull(*v))
                tc.data = raw(*v);
        }
        event.contexts.push_back(std::move(ctx));
    }
}

SdkInfo decodeSdk(element el)
{
    SdkInfo sdk;
    if (!isObject(el))
        return sdk;
    object o = el;
    sdk.name = str(o, "name");
    if (auto v = member(o, "version"))
        sdk.version = lenient(*v);
    if (auto v = member(o, "integrations"))
        sdk.integrations = strings(*v, "sdk.integrations");
    if (auto v = member(o, "packages"); v && isArray(*v)) {
        const KeptRange keep = keepWithin("sdk.packages", array(*v).size(), limits::kPairs, false);
        std::size_t index = 0;
        for (element p : array(*v)) {
            if (!keep.contains(index++))
                break;
            if (isObject(p))
                sdk.packages.emplace_back(str(object(p), "name"), str(object(p), "version"));
        }
    }
    return sdk;
}

std::vector<Measurement> decodeMeasurements(element el)
{
    std::vector<Measurement> out;
    if (!isObject(el))
        return out;
    const KeptRange keep = keepWithin("measurements", object(el).size(), limits::kMeasurements, false);
    std::size_t index = 0;
    for (auto [key, value] : object(el)) {
        if (!keep.contains(index++))
            break;
        Measurement m;
        m.name = std::string(key);
        if (isObject(value)) {
            if (auto v = member(value, "value"))
                m.value = number(*v).value_or(0);
            m.unit = str(object(value), "unit");
        } else if (auto n = number(value)) {
            m.value = *n;
        } else {
            continue;
        }
        if (m.unit.empty())
            m.unit = "none";
        out.push_back(std::move(m));
    }
    return out;
}

namespace {
// The span keys DecodeDetail::Index reads: what the stored span rows hold.
bool isIndexedSpanKey(std::string_view key)
{
    return key == "span_id" || key == "spanId" || key == "parent_span_id" || key == "parentSpanId" || key == "op"
        || key == "description" || key == "name" || key == "start_timestamp" || key == "startTimestamp"
        || key == "timestamp" || key == "end_timestamp" || key == "endTimestamp" || key == "status"
        || key == "exclusive_time";
}
} // namespace

Span decodeSpan(element el, DecodeDetail depth)
{
    Span s;
    if (!isObject(el))
        return s;
    const bool full = depth == DecodeDetail::Full;
    for (auto [key, value] : object(el)) {
        if (isNull(value))
            continue;
        if (!full && !isIndexedSpanKey(key))
            continue;
        if (key == "span_id" || key == "spanId")
            s.spanId = str(value);
        else if (key == "parent_span_id" || key == "parentSpanId")
            s.parentSpanId = str(value);
        else if (key == "trace_id" || key == "traceId")
            s.traceId = normalizeUuid(str(value)).empty() ? str(value) : normalizeUuid(str(value));
        else if (key == "segment_id")
            s.segmentId = str(value);
        else if (key == "op")
            s.op = str(value);
        else if (key == "description" || key == "name")
            s.description = str(value);
        else if (key == "start_timestamp" || key == "startTimestamp")
            s.start = timestamp(value);
        else if (key == "timestamp" || key == "end_timestamp" || key == "endTimestamp")
            s.end = timestamp(value);
        else if (key == "status")
            s.status = str(value);
        else if (key == "tags")
            s.tags = pairs(value, "tags");
        else if (key == "data" || key == "attributes")
            s.data = raw(value);
        else if (key == "origin")
            s.origin = str(value);
        else if (key == "same_process_as_parent")
            s.sameProcessAsParent = boolean(value);
        else if (key == "is_segment")
            s.isSegment = boolean(value);
        else if (key == "exclusive_time")
            s.exclusiveTime = number(value);
        else if (key == "hash")
            s.hash = str(value);
        else if (key == "measurements")
            s.measurements = decodeMeasurements(value);
    }
    if (s.op.empty() && isObject(el)) {
        // v2 spans put the operation among typed attributes.
        if (auto attrs = member(el, "attributes"); attrs && isObject(*attrs)) {
            if (auto op = member(*attrs, "sentry.op")) {
                if (isObject(*op))
                    s.op = str(object(*op), "value");
                else
                    s.op = str(*op);
            }
        }
    }
    return s;
}

CspReport decodeCsp(element el)
{
    CspReport c;
    if (!isObject(el))
        return c;
    object o = el;
    c.effectiveDirective = str(o, "effective_directive");
    c.violatedDirective = str(o, "violated_directive");
    c.blockedUri = str(o, "blocked_uri");
    c.documentUri = str(o, "document_uri");
    c.originalPolicy = str(o, "original_policy");
    c.referrer = str(o, "referrer");
    c.sourceFile = str(o, "source_file");
    c.disposition = str(o, "disposition");
    c.scriptSample = str(o, "script_sample");
    if (auto v = member(o, "line_number"))
        c.lineNumber = integer(*v);
    if (auto v = member(o, "column_number"))
        c.columnNumber = integer(*v);
    if (auto v = member(o, "status_code"))
        c.statusCode = integer(*v);
    return c;
}

HostnameReport decodeHostnameReport(element el)
{
    HostnameReport r;
    if (!isObject(el))
        return r;
    r.hostname = str(object(el), "hostname");
    if (auto v = member(el, "port"))
        r.port = integer(*v);
    r.all = raw(el);
    return r;
}

TemplateInfo decodeTemplate(element el)
{
    TemplateInfo t;
    if (!isObject(el))
        return t;
    object o = el;
    t.filename = str(o, "filename");
    t.absPath = str(o, "abs_path");
    t.contextLine = str(o, "context_line");
    if (auto v = member(o, "lineno"))
        t.lineno = integer(*v);
    if (auto v = member(o, "pre_context"))
        t.preContext = lines(*v, "template.pre_context");
    if (auto v = member(o, "post_context"))
        t.postContext = lines(*v, "template.post_context");
    if (t.filename.empty())
        t.filename = t.absPath;
    return t;
}

void decodeSpanList(element el, Event& event, DecodeDetail depth)
{
    if (!isArray(el))
        return;
    const KeptRange keep = keepWithin("spans", array(el).size(), limits::kSpans, false);
    event.spans.reserve(keep.count);
    std::size_t index = 0;
    for (element s : array(el)) {
        if (!keep.contains(index++))
            break;
        if (isObject(s))
            event.spans.push_back(decodeSpan(s, depth));
    }
}

} // namespace stackdeck::detail
