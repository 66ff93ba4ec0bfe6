#include "fingerprinting.h"

#include "unicodetext.h"

namespace stackdeck::grouping {

// `get_crash_frame_from_event_data`: the last in-app frame, else the last
// frame, of the last exception's stack trace, else the top-level one, else
// the only thread's.
const GroupingFrame* crashFrame(GroupingContext& ctx, bool (*accept)(const GroupingFrame&))
{
    const GroupingStacktrace* st = nullptr;
    if (!ctx.event.exceptions.empty()) {
        st = ctx.stacktraces.exception(ctx.event.exceptions.size() - 1);
        if (st && st->frames.empty())
            st = nullptr;
    }
    if (!st) {
        st = ctx.stacktraces.top();
        if (st && st->frames.empty())
            st = nullptr;
    }
    if (!st && ctx.event.threads.size() == 1)
        st = ctx.stacktraces.thread(0);
    if (!st)
        return nullptr;
    const GroupingFrame* fallback = nullptr;
    for (auto it = st->frames.rbegin(); it != st->frames.rend(); ++it) {
        if (accept && !accept(*it))
            continue;
        if (it->app())
            return &*it;
        if (!fallback)
            fallback = &*it;
    }
    return fallback;
}

namespace {

template <typename... T> std::string orDefault(std::string_view fallback, T... candidates)
{
    for (std::string_view c : {std::string_view(candidates)...}) {
        if (!c.empty())
            return std::string(c);
    }
    return std::string(fallback);
}

} // namespace

std::optional<std::string> resolveFingerprintVariable(std::string_view var, GroupingContext& ctx)
{
    const Event& e = ctx.event;
    const ExceptionValue* last = e.reportedException();
    const std::string_view lastType = last ? std::string_view(last->type) : std::string_view();
    const std::string_view lastValue = last ? std::string_view(last->value) : std::string_view();
    if (var == "transaction")
        return orDefault("<no-transaction>", e.transaction);
    if (var == "message") {
        const std::string_view formatted = e.logentry ? std::string_view(e.logentry->formatted) : std::string_view();
        const std::string_view message = e.logentry ? std::string_view(e.logentry->message) : std::string_view();
        return orDefault("<no-message>", formatted, message, lastValue);
    }
    if (var == "type" || var == "error.type")
        return orDefault("<no-type>", lastType);
    if (var == "value" || var == "error.value")
        return orDefault("<no-value>", lastValue);
    if (var == "function" || var == "stack.function") {
        const GroupingFrame* f = crashFrame(ctx);
        return orDefault("<no-function>", f ? f->function : std::string_view());
    }
    if (var == "path" || var == "stack.abs_path") {
        const GroupingFrame* f = crashFrame(ctx);
        return orDefault("<no-abs-path>", f ? f->absPath : std::string_view(), f ? f->filename : std::string_view());
    }
    if (var == "stack.filename") {
        const GroupingFrame* f = crashFrame(ctx);
        return orDefault("<no-filename>", f ? f->filename : std::string_view(), f ? f->absPath : std::string_view());
    }
    if (var == "module" || var == "stack.module") {
        const GroupingFrame* f = crashFrame(ctx);
        return orDefault("<no-module>", f ? f->module : std::string_view());
    }
    if (var == "package" || var == "stack.package") {
        const GroupingFrame* f = crashFrame(ctx);
        std::string_view pkg = f ? f->package : std::string_view();
        if (const auto cut = pkg.find_last_of('/'); cut != std::string_view::npos)
            pkg = pkg.substr(cut + 1);
        if (const auto cut = pkg.find_last_of('\\'); cut != std::string_view::npos)
            pkg = pkg.substr(cut + 1);
        return orDefault("<no-package>", pkg);
    }
    if (var == "level")
        return std::string(levelName(e.level));
    if (var == "logger")
        return orDefault("<no-logger>", e.logger);
    if (var.substr(0, 5) == "tags.") {
        const std::string_view tag = var.substr(5);
        if (const std::string* v = findPair(e.tags, tag))
            return *v;
        return "<no-value-for-tag-" + std::string(tag) + ">";
    }
    return std::nullopt;
}

std::optional<std::string_view> parseFingerprintVariable(std::string_view entry)
{
    // \{\{\s*(\S+)\s*\}\} matched against the whole entry
    if (entry.size() < 5 || entry.substr(0, 2) != "{{" || entry.substr(entry.size() - 2) != "}}")
        return std::nullopt;
    const std::string_view inner = text::strip(entry.substr(2, entry.size() - 4));
    if (inner.empty())
        return std::nullopt;
    for (std::size_t i = 0; i < inner.size();) {
        std::size_t len;
        if (text::isSpace(text::decode(inner, i, len)))
            return std::nullopt;
        i += len;
    }
    return inner;
}

bool isDefaultFingerprintVariable(std::string_view entry)
{
    const auto var = parseFingerprintVariable(entry);
    return var && *var == "default";
}

std::vector<std::string> resolveFingerprintValues(const std::vector<std::string>& fingerprint, GroupingContext& ctx)
{
    std::vector<std::string> out;
    out.reserve(fingerprint.size());
    for (const std::string& entry : fingerprint) {
        const auto var = parseFingerprintVariable(entry);
        if (var && *var == "default") {
            out.emplace_back(kDefaultFingerprintVariable);
            continue;
        }
        auto value = var ? resolveFingerprintVariable(*var, ctx) : std::nullopt;
        // Literals, and unknown variables (which stay literal in this config).
        out.push_back(value ? std::move(*value) : entry);
    }
    return out;
}

} // namespace stackdeck::grouping
