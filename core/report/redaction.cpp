#include "redaction.h"

#include "keynames.h"
#include "valuedetectors.h"

#include <algorithm>
#include <cctype>
#include <map>

namespace stackdeck::report {

namespace {

constexpr std::string_view kFiltered = "[Filtered]";

std::string pointerToken(std::string_view key)
{
    std::string out;
    out.reserve(key.size());
    for (char c : key) {
        if (c == '~')
            out += "~0";
        else if (c == '/')
            out += "~1";
        else
            out.push_back(c);
    }
    return out;
}

class Scanner {
public:
    Scanner(const CustomRules& rules, std::vector<RedactionFinding>& out)
        : m_rules(rules)
        , m_out(out)
    {
    }

    void walk(const nlohmann::json& value, const std::string& path, int depth)
    {
        if (depth > 200)
            return; // the decoder caps nesting far below this; a guard, not a limit
        if (value.is_string()) {
            scanString(value.get_ref<const std::string&>(), path);
        } else if (value.is_object()) {
            for (const auto& [key, child] : value.items())
                walkKeyed(key, child, path + '/' + pointerToken(key), depth);
        } else if (value.is_array()) {
            for (std::size_t i = 0; i < value.size(); ++i) {
                const auto& child = value[i];
                const std::string childPath = path + '/' + std::to_string(i);
                // [["Cookie", "a=b"], ...]: headers, cookies, query and tags as pairs.
                if (child.is_array() && child.size() == 2 && child[0].is_string()) {
                    scanString(child[0].get_ref<const std::string&>(), childPath + "/0");
                    walkKeyed(child[0].get_ref<const std::string&>(), child[1], childPath + "/1", depth + 1);
                } else {
                    walk(child, childPath, depth + 1);
                }
            }
        }
    }

private:
    void walkKeyed(const std::string& key, const nlohmann::json& child, const std::string& path, int depth)
    {
        if (worthFilteringWhole(child) && !namesOnly(path)) {
            if (const auto term = sensitiveKeyTerm(key)) {
                addWhole(child, path, "key:" + std::string(*term));
                return;
            }
            if (const store::RedactionRule* rule = m_rules.keyRule(key)) {
                addWhole(child, path, "custom:" + rule->name);
                return;
            }
        }
        walk(child, path, depth + 1);
    }

    // Where keys are names of things, not of values: package names in modules
    // and sdk (the "cookie" package), and the scrubbing notes of _meta.
    static bool namesOnly(std::string_view path)
    {
        return path.starts_with("/modules/") || path.starts_with("/sdk/") || path.starts_with("/_meta/")
            || path.starts_with("/debug_meta/");
    }

    // A version in a key ("process.runtime.engine.version": "11.3.244.8", V8's
    // four-part version) is no address, however much it looks like one.
    static bool versionContext(std::string_view path)
    {
        std::size_t cut = path.size();
        for (int segments = 0; segments < 2 && cut != std::string_view::npos && cut > 0; ++segments)
            cut = path.rfind('/', cut - 1);
        std::string tail(path.substr(cut == std::string_view::npos ? 0 : cut));
        std::transform(
            tail.begin(), tail.end(), tail.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
        return tail.find("version") != std::string::npos;
    }

    // Flags, counts and empty values say nothing secret ("has_password": false).
    static bool worthFilteringWhole(const nlohmann::json& v)
    {
        if (v.is_boolean() || v.is_null())
            return false;
        if (v.is_string())
            return !v.get_ref<const std::string&>().empty() && v.get_ref<const std::string&>() != kFiltered;
        if (v.is_object() || v.is_array())
            return !v.empty();
        return true;
    }

    void addWhole(const nlohmann::json& v, const std::string& path, std::string detector)
    {
        RedactionFinding f;
        f.path = path;
        f.detector = std::move(detector);
        f.wholeValue = true;
        f.match = v.is_string() ? v.get<std::string>() : v.dump();
        f.length = f.match.size();
        m_out.push_back(std::move(f));
    }

    void scanString(const std::string& s, const std::string& path)
    {
        const bool version = versionContext(path);
        for (const ValueMatch& m : detectValues(s)) {
            if (version && (m.detector == "ipv4" || m.detector == "ipv6"))
                continue;
            m_out.push_back({path, std::string(m.detector), m.offset, m.length, false, s.substr(m.offset, m.length)});
        }
        for (const auto& span : m_rules.regexMatches(s)) {
            m_out.push_back({path, "custom:" + span.rule->name, span.offset, span.length, false,
                s.substr(span.offset, span.length)});
        }
    }

    const CustomRules& m_rules;
    std::vector<RedactionFinding>& m_out;
};

std::size_t utf8Length(std::string_view s)
{
    return static_cast<std::size_t>(
        std::count_if(s.begin(), s.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

std::string replacement(std::string_view original, RedactionStyle style)
{
    if (style == RedactionStyle::Filtered)
        return std::string(kFiltered);
    return std::string(utf8Length(original), '*');
}

// Applies the value spans of one string, merged where they overlap.
std::string redactSpans(
    const std::string& s, std::vector<std::pair<std::size_t, std::size_t>> spans, RedactionStyle style)
{
    std::sort(spans.begin(), spans.end());
    std::string out;
    std::size_t pos = 0;
    for (std::size_t i = 0; i < spans.size(); ++i) {
        std::size_t start = std::min(spans[i].first, s.size());
        std::size_t end = std::min(start + spans[i].second, s.size());
        while (i + 1 < spans.size() && spans[i + 1].first < end) {
            ++i;
            end = std::max(end, std::min(spans[i].first + spans[i].second, s.size()));
        }
        start = std::max(start, pos);
        out.append(s, pos, start - pos);
        out += replacement(std::string_view(s).substr(start, end - start), style);
        pos = std::max(pos, end);
    }
    out.append(s, pos, std::string::npos);
    return out;
}

} // namespace

std::vector<RedactionFinding> scanForSecrets(const nlohmann::json& event, const CustomRules& rules)
{
    std::vector<RedactionFinding> out;
    Scanner(rules, out).walk(event, std::string(), 0);
    return out;
}

Redacted applyRedaction(
    const nlohmann::json& event, const std::vector<RedactionFinding>& findings, const RedactionOptions& options)
{
    Redacted result;
    result.event = event;
    result.log = nlohmann::json::array();
    std::map<std::string, std::vector<std::pair<std::size_t, std::size_t>>> spans;
    std::set<std::string> whole;
    for (const RedactionFinding& f : findings) {
        const bool applied = !options.disabledPaths.contains(f.path);
        result.log.push_back({{"path", f.path}, {"detector", f.detector}, {"offset", f.offset}, {"length", f.length},
            {"whole_value", f.wholeValue}, {"applied", applied}});
        if (!applied)
            continue;
        ++result.applied;
        if (f.wholeValue)
            whole.insert(f.path);
        else
            spans[f.path].emplace_back(f.offset, f.length);
    }
    for (const std::string& path : whole) {
        nlohmann::json& v = result.event.at(nlohmann::json::json_pointer(path));
        const std::string text = v.is_string() ? v.get<std::string>() : v.dump();
        v = replacement(text, options.style);
    }
    for (auto& [path, list] : spans) {
        if (whole.contains(path))
            continue;
        nlohmann::json& v = result.event.at(nlohmann::json::json_pointer(path));
        if (v.is_string())
            v = redactSpans(v.get<std::string>(), std::move(list), options.style);
    }
    return result;
}

nlohmann::json countByDetector(const std::vector<RedactionFinding>& findings)
{
    std::map<std::string, std::int64_t> counts;
    for (const RedactionFinding& f : findings)
        ++counts[f.detector];
    nlohmann::json out = nlohmann::json::object();
    for (const auto& [name, n] : counts)
        out[name] = n;
    return out;
}

} // namespace stackdeck::report
