#include "eventmetadata.h"

#include "fingerprinting.h"
#include "rulecache.h"
#include "securitystrategy.h"
#include "unicodetext.h"

namespace stackdeck::grouping {

namespace {

constexpr std::size_t kMaxCulpritLength = 200;

// sentry.utils.safe.trim for a string.
std::string trim(std::string_view s, std::size_t max)
{
    if (text::codePointCount(s) <= max)
        return std::string(s);
    return truncateChars(s, max);
}

std::string_view firstLine(std::string_view s)
{
    for (std::size_t i = 0; i < s.size(); ++i) {
        const char c = s[i];
        if (c == '\n' || c == '\r' || c == '\v' || c == '\f' || c == '\x1c' || c == '\x1d' || c == '\x1e')
            return s.substr(0, i);
    }
    return s;
}

// `get_frame_culprit`
std::string frameCulprit(const GroupingFrame& f)
{
    const std::string_view platform = f.platform;
    if (platform == "objc" || platform == "cocoa" || platform == "native")
        return f.function.empty() ? std::string("?") : std::string(f.function);
    const std::string_view fileloc = !f.module.empty() ? f.module : f.filename;
    if (fileloc.empty())
        return {};
    const std::string function = f.function.empty() ? std::string("?") : std::string(f.function);
    if (platform == "javascript" || platform == "node")
        return function + "(" + std::string(fileloc) + ")";
    return std::string(fileloc) + " in " + function;
}

// `get_stacktrace_culprit`: the most recent in-app frame with a culprit, else the most recent frame.
std::string stacktraceCulprit(const GroupingStacktrace& st)
{
    std::optional<std::string> fallback;
    for (auto it = st.frames.rbegin(); it != st.frames.rend(); ++it) {
        if (it->app()) {
            std::string c = frameCulprit(*it);
            if (!c.empty())
                return c;
        } else if (!fallback) {
            fallback = frameCulprit(*it);
        }
    }
    return fallback.value_or(std::string());
}

// `generate_culprit`
std::string generateCulprit(GroupingContext& ctx)
{
    const Event& e = ctx.event;
    const GroupingStacktrace* st = nullptr;
    if (!e.exceptions.empty()) {
        const auto& m = e.exceptions.back().mechanism;
        if (m && m->synthetic.value_or(false))
            return {}; // synthetic events get no culprit
        for (std::size_t i = e.exceptions.size(); i-- > 0 && !st;) {
            const GroupingStacktrace* candidate = ctx.stacktraces.exception(i);
            if (candidate && !candidate->frames.empty())
                st = candidate;
        }
    } else if (const GroupingStacktrace* top = ctx.stacktraces.top(); top && !top->frames.empty()) {
        st = top;
    }
    std::string culprit = st ? stacktraceCulprit(*st) : std::string();
    if (culprit.empty() && e.request)
        culprit = e.request->url;
    return truncateChars(culprit, kMaxCulpritLength);
}

// `expand_title_template`: every `{{ var }}` replaced where the variable is known.
std::string expandTitle(std::string_view templ, GroupingContext& ctx)
{
    std::string out;
    std::size_t pos = 0;
    while (pos < templ.size()) {
        const auto open = templ.find("{{", pos);
        const auto close = open == std::string_view::npos ? std::string_view::npos : templ.find("}}", open + 2);
        if (close == std::string_view::npos) {
            out.append(templ.substr(pos));
            break;
        }
        out.append(templ.substr(pos, open - pos));
        const std::string_view whole = templ.substr(open, close + 2 - open);
        std::optional<std::string> value;
        if (const auto var = parseFingerprintVariable(whole))
            value = resolveFingerprintVariable(*var, ctx);
        out.append(value ? std::string_view(*value) : whole);
        pos = close + 2;
    }
    return out;
}

void errorMetadata(GroupingContext& ctx, const GroupingResult& grouping, EventMetadata& md)
{
    const Event& e = ctx.event;
    if (e.exceptions.empty())
        return;
    const ExceptionValue& ex = grouping.mainException && *grouping.mainException < e.exceptions.size()
        ? e.exceptions[*grouping.mainException]
        : e.exceptions.back();
    md.value = trim(ex.value, 1024);
    if (!(ex.mechanism && ex.mechanism->synthetic.value_or(false))) {
        md.type = trim(ex.type.empty() ? std::string_view("Error") : std::string_view(ex.type), 128);
        md.hasType = true;
    }
    const GroupingFrame* frame = crashFrame(ctx, [](const GroupingFrame& f) {
        return !f.function.empty() && f.function != "<redacted>" && f.function != "<unknown>";
    });
    if (frame) {
        md.filename = std::string(!frame->filename.empty() ? frame->filename : frame->absPath);
        md.function = std::string(frame->function);
    }
    if (md.hasType) {
        md.title = md.type;
        if (!md.value.empty())
            md.title += ": " + truncateChars(firstLine(md.value), 100);
    }
    if (md.title.empty())
        md.title = md.function.empty() ? std::string("<unknown>") : md.function;
    md.location = md.filename;
}

std::string logMessage(const Event& e)
{
    if (!e.logentry)
        return {};
    const std::string& m = !e.logentry->formatted.empty() ? e.logentry->formatted : e.logentry->message;
    return std::string(text::strip(m));
}

} // namespace

std::string truncateChars(std::string_view text, std::size_t chars)
{
    if (text::codePointCount(text) <= chars)
        return std::string(text);
    const std::size_t keep = chars > 3 ? chars - 3 : 0;
    std::size_t i = 0;
    for (std::size_t n = 0; n < keep && i < text.size(); ++n) {
        std::size_t len;
        text::decode(text, i, len);
        i += len;
    }
    return std::string(text.substr(0, i)) + "...";
}

EventMetadata deriveEventMetadata(const Event& event, const GroupingConfig& config)
{
    GroupingConfig fast = config;
    fast.withDetails = false;
    return deriveEventMetadata(event, computeGrouping(event, fast), config);
}

namespace {
EventMetadata describe(GroupingContext& ctx, const GroupingResult& grouping)
{
    const Event& event = ctx.event;
    EventMetadata md;
    switch (event.type) {
    case EventType::Error:
        errorMetadata(ctx, grouping, md);
        break;
    case EventType::Transaction:
    case EventType::Segment:
        md.title = event.transaction.empty() ? std::string("<unlabeled transaction>") : event.transaction;
        break;
    case EventType::Csp:
        md.message = logMessage(event);
        if (event.csp) {
            md.directive = event.csp->effectiveDirective;
            md.uri = normalizeCspUri(event.csp->blockedUri);
        }
        md.title = md.message.empty() ? std::string("CSP Report") : md.message;
        md.location = md.uri;
        break;
    case EventType::Hpkp:
    case EventType::ExpectCt:
    case EventType::ExpectStaple: {
        const auto& report = event.type == EventType::Hpkp ? event.hpkp
            : event.type == EventType::ExpectCt            ? event.expectCt
                                                           : event.expectStaple;
        md.origin = report ? report->hostname : std::string();
        md.message = logMessage(event);
        if (!md.message.empty())
            md.title = md.message;
        else if (event.type == EventType::Hpkp)
            md.title = "Public key pinning validation failed for '" + md.origin + "'";
        else if (event.type == EventType::ExpectCt)
            md.title = "Expect-CT failed for '" + md.origin + "'";
        else
            md.title = "Expect-Staple failed for '" + md.origin + "'";
        md.location = md.origin;
        break;
    }
    default: {
        const std::string message = logMessage(event);
        md.title = message.empty() ? std::string("<unlabeled event>") : truncateChars(firstLine(message), 256);
        break;
    }
    }
    if (grouping.title)
        md.title = expandTitle(*grouping.title, ctx);

    md.culprit = !event.culprit.empty() ? event.culprit
        : !event.transaction.empty()    ? event.transaction
                                        : generateCulprit(ctx);
    return md;
}
} // namespace

EventMetadata deriveEventMetadata(const Event& event, const GroupingResult& grouping, const GroupingConfig& config)
{
    std::vector<std::string> errors;
    const auto enhancements = resolveEnhancements(config, errors);
    ComponentTree store;
    NormalizedStacktraces stacktraces;
    normalizeStacktraces(event, *enhancements, store, stacktraces);
    GroupingContext ctx {event, *enhancements, store, stacktraces};
    return describe(ctx, grouping);
}

DescribedGrouping computeGroupingAndMetadata(const Event& event, const GroupingConfig& config)
{
    DescribedGrouping out;
    out.grouping = computeGroupingThen(event, config,
        [&out](GroupingContext& ctx, const GroupingResult& grouping) { out.metadata = describe(ctx, grouping); });
    return out;
}

} // namespace stackdeck::grouping
