#include "tracefilter.h"

#include <charconv>
#include <cmath>

namespace stackdeck::trace {

namespace {

// Splits on spaces, keeping "quoted values" (key:"a b" too) together.
std::vector<std::string> tokens(std::string_view q)
{
    std::vector<std::string> out;
    std::string cur;
    bool quoted = false;
    bool any = false;
    for (char c : q) {
        if (c == '"') {
            quoted = !quoted;
            any = true;
            continue;
        }
        if (!quoted && (c == ' ' || c == '\t' || c == '\n')) {
            if (any)
                out.push_back(cur);
            cur.clear();
            any = false;
            continue;
        }
        cur += c;
        any = true;
    }
    if (any)
        out.push_back(cur);
    return out;
}

bool isHex(std::string_view s)
{
    for (char c : s) {
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')))
            return false;
    }
    return true;
}

std::string lower(std::string_view s)
{
    std::string out(s);
    for (char& c : out) {
        if (c >= 'A' && c <= 'Z')
            c = static_cast<char>(c - 'A' + 'a');
    }
    return out;
}

std::string durationTerm(TraceFilter& f, std::string_view value)
{
    std::string_view cmp;
    for (std::string_view op : {">=", "<=", ">", "<", "="}) {
        if (value.starts_with(op)) {
            cmp = op;
            break;
        }
    }
    const auto amount = parseDuration(value.substr(cmp.size()));
    if (!amount)
        return "duration: expects a comparison and a duration, like duration:>500ms";
    // Microsecond bounds, inclusive: > x is >= x + 1.
    if (cmp == ">")
        f.minDuration = *amount + 1;
    else if (cmp == ">=")
        f.minDuration = *amount;
    else if (cmp == "<")
        f.maxDuration = *amount - 1;
    else if (cmp == "<=")
        f.maxDuration = *amount;
    else {
        f.minDuration = *amount;
        f.maxDuration = *amount;
    }
    return {};
}

std::string applyTerm(TraceFilter& f, std::string_view key, std::string_view value, bool negated)
{
    if (value.empty())
        return std::string(key) + ": needs a value";
    if (key == "has") {
        if (value != "error")
            return "has: only knows has:error";
        f.hasError = !negated;
        return {};
    }
    if (negated)
        return "only has:error can be negated";
    if (key == "trace" || key == "id") {
        if (!isHex(value) || value.size() > 32)
            return "trace: expects a hexadecimal trace id (or its start)";
        f.traceId = lower(value);
    } else if (key == "op") {
        f.ops.emplace_back(value);
    } else if (key == "service") {
        f.services.emplace_back(value);
    } else if (key == "project") {
        f.projects.emplace_back(value);
    } else if (key == "duration") {
        return durationTerm(f, value);
    } else {
        return "unknown key " + std::string(key) + ": (trace, op, service, project, has, duration)";
    }
    return {};
}

} // namespace

std::optional<Micros> parseDuration(std::string_view text)
{
    std::size_t unitAt = 0;
    while (unitAt < text.size() && ((text[unitAt] >= '0' && text[unitAt] <= '9') || text[unitAt] == '.'))
        ++unitAt;
    if (unitAt == 0)
        return std::nullopt;
    double amount = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + unitAt, amount);
    if (ec != std::errc() || end != text.data() + unitAt || !std::isfinite(amount))
        return std::nullopt;
    const std::string_view unit = text.substr(unitAt);
    double scale = 0;
    if (unit.empty() || unit == "ms")
        scale = 1e3;
    else if (unit == "us" || unit == "\xC2\xB5s")
        scale = 1;
    else if (unit == "s")
        scale = 1e6;
    else if (unit == "m" || unit == "min")
        scale = 60e6;
    else
        return std::nullopt;
    const double us = amount * scale;
    if (us > 1e15) // about 31 years: no trace lasts that long
        return std::nullopt;
    return static_cast<Micros>(std::llround(us));
}

TraceFilterResult parseTraceFilter(std::string_view query)
{
    TraceFilterResult out;
    for (const std::string& tok : tokens(query)) {
        std::string_view t = tok;
        const bool negated = t.starts_with('!');
        const std::size_t colon = t.find(':');
        bool keyed = colon != std::string_view::npos && colon > (negated ? 1u : 0u);
        for (std::size_t i = negated ? 1 : 0; keyed && i < colon; ++i)
            keyed = (t[i] >= 'a' && t[i] <= 'z') || (t[i] >= 'A' && t[i] <= 'Z');
        if (!keyed) {
            out.filter.words.emplace_back(tok);
            continue;
        }
        if (negated)
            t.remove_prefix(1);
        const std::size_t at = t.find(':');
        const std::string err = applyTerm(out.filter, lower(t.substr(0, at)), t.substr(at + 1), negated);
        if (!err.empty()) {
            out.error = err;
            return out;
        }
    }
    return out;
}

} // namespace stackdeck::trace
