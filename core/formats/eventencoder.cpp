#include "eventencoder.h"

#include "jsondepth.h"

#include <cinttypes>
#include <cstdio>
#include <nlohmann/json.hpp>

namespace stackdeck {
namespace {

using Json = nlohmann::ordered_json;

// nlohmann serialises recursively; RawJson from the decoder is at most 1024
// levels deep (simdjson's limit), anything deeper is kept as a string.
constexpr int kMaxRawDepth = 1024;

Json raw(const RawJson& value)
{
    if (!jsonWithinDepth(value.text, kMaxRawDepth))
        return Json(value.text);
    Json parsed = Json::parse(value.text, nullptr, false);
    if (parsed.is_discarded())
        return Json(value.text);
    return parsed;
}

void put(Json& obj, const char* key, const std::string& value)
{
    if (!value.empty())
        obj[key] = value;
}
void put(Json& obj, const char* key, const RawJson& value)
{
    if (!value.text.empty())
        obj[key] = raw(value);
}
template <typename T> void put(Json& obj, const char* key, const std::optional<T>& value)
{
    if (value)
        obj[key] = *value;
}
void putTime(Json& obj, const char* key, const std::optional<Micros>& value)
{
    if (value)
        obj[key] = formatIsoTimestamp(*value);
}
void putAddr(Json& obj, const char* key, const std::optional<std::uint64_t>& value)
{
    if (!value)
        return;
    char buf[32];
    std::snprintf(buf, sizeof buf, "0x%" PRIx64, *value);
    obj[key] = buf;
}
void putLines(Json& obj, const char* key, const std::vector<std::string>& lines)
{
    if (!lines.empty())
        obj[key] = lines;
}

Json pairs(const Pairs& p)
{
    Json out = Json::array();
    for (const auto& [k, v] : p)
        out.push_back(Json::array({k, v}));
    return out;
}

Json frame(const Frame& f)
{
    Json o = Json::object();
    put(o, "function", f.function);
    put(o, "raw_function", f.rawFunction);
    put(o, "symbol", f.symbol);
    put(o, "module", f.module);
    put(o, "filename", f.filename);
    put(o, "abs_path", f.absPath);
    put(o, "package", f.package);
    put(o, "platform", f.platform);
    put(o, "lineno", f.lineno);
    put(o, "colno", f.colno);
    putLines(o, "pre_context", f.preContext);
    put(o, "context_line", f.contextLine);
    putLines(o, "post_context", f.postContext);
    put(o, "in_app", f.inApp);
    put(o, "vars", f.vars);
    putAddr(o, "instruction_addr", f.instructionAddr);
    putAddr(o, "symbol_addr", f.symbolAddr);
    putAddr(o, "image_addr", f.imageAddr);
    putAddr(o, "function_id", f.functionId);
    put(o, "addr_mode", f.addrMode);
    put(o, "data", f.data);
    put(o, "lock", f.lock);
    put(o, "stack_start", f.stackStart);
    put(o, "trust", f.trust);
    put(o, "sourceLink", f.sourceLink);
    return o;
}

Json stacktrace(const Stacktrace& st)
{
    Json o = Json::object();
    Json frames = Json::array();
    for (const auto& f : st.frames)
        frames.push_back(frame(f));
    o["frames"] = std::move(frames);
    put(o, "registers", st.registers);
    put(o, "lang", st.lang);
    put(o, "snapshot", st.snapshot);
    put(o, "instruction_addr_adjustment", st.instructionAddrAdjustment);
    if (st.framesOmitted0 && st.framesOmitted1)
        o["frames_omitted"] = Json::array({*st.framesOmitted0, *st.framesOmitted1});
    return o;
}

Json mechanism(const Mechanism& m)
{
    Json o = Json::object();
    put(o, "type", m.type);
    put(o, "handled", m.handled);
    put(o, "synthetic", m.synthetic);
    put(o, "description", m.description);
    put(o, "help_link", m.helpLink);
    put(o, "source", m.source);
    put(o, "is_exception_group", m.isExceptionGroup);
    put(o, "exception_id", m.exceptionId);
    put(o, "parent_id", m.parentId);
    put(o, "data", m.data);
    put(o, "meta", m.meta);
    return o;
}

Json exception(const ExceptionValue& e)
{
    Json o = Json::object();
    put(o, "type", e.type);
    put(o, "value", e.value);
    put(o, "module", e.module);
    put(o, "thread_id", e.threadId);
    if (e.mechanism)
        o["mechanism"] = mechanism(*e.mechanism);
    if (e.stacktrace)
        o["stacktrace"] = stacktrace(*e.stacktrace);
    if (e.rawStacktrace)
        o["raw_stacktrace"] = stacktrace(*e.rawStacktrace);
    return o;
}

Json thread(const Thread& t)
{
    Json o = Json::object();
    put(o, "id", t.id);
    put(o, "name", t.name);
    put(o, "crashed", t.crashed);
    put(o, "current", t.current);
    put(o, "main", t.main);
    put(o, "state", t.state);
    if (t.stacktrace)
        o["stacktrace"] = stacktrace(*t.stacktrace);
    if (t.rawStacktrace)
        o["raw_stacktrace"] = stacktrace(*t.rawStacktrace);
    put(o, "held_locks", t.heldLocks);
    return o;
}

Json breadcrumb(const Breadcrumb& b)
{
    Json o = Json::object();
    putTime(o, "timestamp", b.timestamp);
    put(o, "type", b.type);
    put(o, "category", b.category);
    if (b.level)
        o["level"] = std::string(levelName(*b.level));
    put(o, "message", b.message);
    put(o, "data", b.data);
    put(o, "event_id", b.eventId);
    put(o, "origin", b.origin);
    return o;
}

Json request(const Request& r)
{
    Json o = Json::object();
    put(o, "url", r.url);
    put(o, "method", r.method);
    if (!r.queryString.empty())
        o["query_string"] = r.queryString;
    else if (!r.query.empty())
        o["query_string"] = pairs(r.query);
    put(o, "fragment", r.fragment);
    if (!r.headers.empty())
        o["headers"] = pairs(r.headers);
    if (!r.cookieString.empty())
        o["cookies"] = r.cookieString;
    else if (!r.cookies.empty())
        o["cookies"] = pairs(r.cookies);
    put(o, "data", r.data);
    put(o, "env", r.env);
    put(o, "inferred_content_type", r.inferredContentType);
    put(o, "api_target", r.apiTarget);
    put(o, "body_size", r.bodySize);
    put(o, "protocol", r.protocol);
    return o;
}

Json user(const User& u)
{
    Json o = Json::object();
    put(o, "id", u.id);
    put(o, "email", u.email);
    put(o, "username", u.username);
    put(o, "name", u.name);
    put(o, "ip_address", u.ipAddress);
    put(o, "segment", u.segment);
    put(o, "geo", u.geo);
    put(o, "data", u.data);
    if (!u.other.isNull()) {
        Json other = raw(u.other);
        if (other.is_object()) {
            for (auto& [k, v] : other.items())
                o[k] = v;
        }
    }
    return o;
}

Json measurements(const std::vector<Measurement>& list)
{
    Json o = Json::object();
    for (const auto& m : list)
        o[m.name] = Json {{"value", m.value}, {"unit", m.unit}};
    return o;
}

Json span(const Span& s)
{
    Json o = Json::object();
    put(o, "span_id", s.spanId);
    put(o, "parent_span_id", s.parentSpanId);
    put(o, "trace_id", s.traceId);
    put(o, "segment_id", s.segmentId);
    put(o, "op", s.op);
    put(o, "description", s.description);
    putTime(o, "start_timestamp", s.start);
    putTime(o, "timestamp", s.end);
    put(o, "status", s.status);
    if (!s.tags.empty())
        o["tags"] = pairs(s.tags);
    put(o, "data", s.data);
    put(o, "origin", s.origin);
    put(o, "same_process_as_parent", s.sameProcessAsParent);
    put(o, "is_segment", s.isSegment);
    put(o, "exclusive_time", s.exclusiveTime);
    put(o, "hash", s.hash);
    if (!s.measurements.empty())
        o["measurements"] = measurements(s.measurements);
    return o;
}

Json csp(const CspReport& c)
{
    Json o = Json::object();
    put(o, "effective_directive", c.effectiveDirective);
    put(o, "violated_directive", c.violatedDirective);
    put(o, "blocked_uri", c.blockedUri);
    put(o, "document_uri", c.documentUri);
    put(o, "original_policy", c.originalPolicy);
    put(o, "referrer", c.referrer);
    put(o, "source_file", c.sourceFile);
    put(o, "line_number", c.lineNumber);
    put(o, "column_number", c.columnNumber);
    put(o, "disposition", c.disposition);
    put(o, "status_code", c.statusCode);
    put(o, "script_sample", c.scriptSample);
    return o;
}

Json hostnameReport(const HostnameReport& r)
{
    if (!r.all.isNull())
        return raw(r.all);
    Json o = Json::object();
    put(o, "hostname", r.hostname);
    put(o, "port", r.port);
    return o;
}

Json templateInfo(const TemplateInfo& t)
{
    Json o = Json::object();
    put(o, "filename", t.filename);
    put(o, "abs_path", t.absPath);
    put(o, "lineno", t.lineno);
    putLines(o, "pre_context", t.preContext);
    put(o, "context_line", t.contextLine);
    putLines(o, "post_context", t.postContext);
    return o;
}

template <typename T, typename F> Json valuesOf(const std::vector<T>& list, F&& encode)
{
    Json values = Json::array();
    for (const auto& item : list)
        values.push_back(encode(item));
    return Json {{"values", std::move(values)}};
}

bool isDecimal(const std::string& s)
{
    if (s.empty() || s.size() > 18 || (s.size() > 1 && s[0] == '0'))
        return false;
    for (char c : s) {
        if (c < '0' || c > '9')
            return false;
    }
    return true;
}

Json sdkInfo(const SdkInfo& info)
{
    Json sdk = Json::object();
    put(sdk, "name", info.name);
    put(sdk, "version", info.version);
    if (!info.integrations.empty())
        sdk["integrations"] = info.integrations;
    if (!info.packages.empty()) {
        Json packages = Json::array();
        for (const auto& [name, version] : info.packages)
            packages.push_back(Json {{"name", name}, {"version", version}});
        sdk["packages"] = std::move(packages);
    }
    return sdk;
}

Json modules(const Pairs& list)
{
    Json out = Json::object();
    for (const auto& [name, version] : list)
        out[name] = version;
    return out;
}

} // namespace

std::string encodeEventJson(const Event& e, bool pretty)
{
    Json o = Json::object();
    put(o, "event_id", e.eventId);
    putTime(o, "timestamp", e.timestamp);
    putTime(o, "start_timestamp", e.startTimestamp);
    putTime(o, "received", e.received);
    o["type"] = std::string(eventTypeName(e.type));
    o["platform"] = e.platform;
    o["level"] = std::string(levelName(e.level));
    put(o, "logger", e.logger);
    put(o, "transaction", e.transaction);
    if (!e.transactionSource.empty())
        o["transaction_info"] = Json {{"source", e.transactionSource}};
    put(o, "server_name", e.serverName);
    put(o, "release", e.release);
    put(o, "dist", e.dist);
    put(o, "environment", e.environment);
    if (e.logentry) {
        Json le = Json::object();
        put(le, "message", e.logentry->message);
        put(le, "formatted", e.logentry->formatted);
        put(le, "params", e.logentry->params);
        o["logentry"] = std::move(le);
    }
    if (!e.fingerprint.empty())
        o["fingerprint"] = e.fingerprint;
    put(o, "checksum", e.checksum);
    if (!e.tags.empty())
        o["tags"] = pairs(e.tags);
    if (e.user)
        o["user"] = user(*e.user);
    if (!e.contexts.empty()) {
        Json ctx = Json::object();
        for (const auto& c : e.contexts)
            ctx[c.alias] = raw(c.value);
        o["contexts"] = std::move(ctx);
    }
    if (!e.breadcrumbs.empty())
        o["breadcrumbs"] = valuesOf(e.breadcrumbs, breadcrumb);
    if (e.request)
        o["request"] = request(*e.request);
    if (!e.exceptions.empty())
        o["exception"] = valuesOf(e.exceptions, exception);
    if (!e.threads.empty())
        o["threads"] = valuesOf(e.threads, thread);
    if (e.stacktrace)
        o["stacktrace"] = stacktrace(*e.stacktrace);
    if (e.templateInfo)
        o["template"] = templateInfo(*e.templateInfo);
    if (e.csp)
        o["csp"] = csp(*e.csp);
    if (e.hpkp)
        o["hpkp"] = hostnameReport(*e.hpkp);
    if (e.expectCt)
        o["expectct"] = hostnameReport(*e.expectCt);
    if (e.expectStaple)
        o["expectstaple"] = hostnameReport(*e.expectStaple);
    if (e.sdk)
        o["sdk"] = sdkInfo(*e.sdk);
    if (!e.modules.empty())
        o["modules"] = modules(e.modules);
    put(o, "extra", e.extra);
    put(o, "debug_meta", e.debugMeta);
    put(o, "errors", e.errors);
    if (!e.spans.empty()) {
        Json spans = Json::array();
        for (const auto& s : e.spans)
            spans.push_back(span(s));
        o["spans"] = std::move(spans);
    }
    if (!e.measurements.empty())
        o["measurements"] = measurements(e.measurements);
    put(o, "breakdowns", e.breakdowns);
    put(o, "title", e.title);
    put(o, "culprit", e.culprit);
    put(o, "location", e.location);
    put(o, "metadata", e.metadata);
    if (!e.hashes.empty())
        o["hashes"] = e.hashes;
    if (!e.groupingConfig.empty())
        o["grouping_config"] = Json {{"id", e.groupingConfig}};
    put(o, "group_id", e.serverGroupId);
    if (isDecimal(e.serverProjectId))
        o["project"] = std::stoll(e.serverProjectId);
    else
        put(o, "project", e.serverProjectId);
    put(o, "_meta", e.meta);
    return o.dump(pretty ? 2 : -1, ' ', false, Json::error_handler_t::replace);
}

} // namespace stackdeck
