// Matching of server-side fingerprint rules against an event (sentry
// fingerprinting `EventDatastore` and `FingerprintMatcher._positive_match`).

#include "fingerprintrules.h"

#include <array>

namespace stackdeck::grouping {

namespace {

using Group = FingerprintMatcher::Group;

// One item of a match group: the fields a matcher may read. Empty
// optional = the key is absent (upstream: None).
struct Item {
    std::optional<std::string_view> message;
    std::optional<std::string_view> type;
    std::optional<std::string_view> value;
    std::optional<std::string_view> function;
    std::optional<std::string_view> path;
    std::optional<std::string_view> module;
    std::optional<std::string_view> package;
    std::optional<bool> app;
    std::optional<std::string_view> logger;
    std::optional<std::string_view> level;
    std::optional<std::string_view> single; // family, sdk, release
    const Pairs* tags = nullptr;
};

std::optional<std::string_view> nonEmpty(std::string_view s)
{
    if (s.empty())
        return std::nullopt;
    return s;
}

// sentry.utils.tag_normalization.normalized_sdk_tag_from_event, reduced to
// its shape: `sentry.<sdk>` (JavaScript keeps the framework), else "other".
std::string normalizedSdk(const Event& e)
{
    const std::string name = e.sdk && !e.sdk->name.empty() ? e.sdk->name : std::string("other");
    if (name.substr(0, 7) != "sentry.")
        return "other";
    std::vector<std::string_view> parts;
    std::string_view rest = name;
    for (;;) {
        const auto dot = rest.find('.');
        parts.push_back(rest.substr(0, dot));
        if (dot == std::string_view::npos)
            break;
        rest.remove_prefix(dot + 1);
    }
    const std::size_t keep = parts.size() > 1 && parts[1] == "javascript" ? 3 : 2;
    std::string out;
    for (std::size_t i = 0; i < parts.size() && i < keep; ++i) {
        if (i)
            out += '.';
        out += parts[i];
    }
    return out;
}

class Datastore {
public:
    explicit Datastore(GroupingContext& ctx)
        : m_ctx(ctx)
    {
    }

    const std::vector<Item>& items(Group g)
    {
        auto& slot = m_cache[std::size_t(g)];
        if (!slot.ready) {
            fill(g, slot.items);
            slot.ready = true;
        }
        return slot.items;
    }

private:
    void fill(Group g, std::vector<Item>& out)
    {
        const Event& e = m_ctx.event;
        switch (g) {
        case Group::TopLevel:
            if (e.logentry && !e.logentry->formatted.empty()) {
                Item it;
                it.message = e.logentry->formatted;
                out.push_back(it);
            }
            [[fallthrough]];
        case Group::Exceptions:
            for (const auto& ex : e.exceptions) {
                Item it;
                it.type = nonEmpty(ex.type);
                it.value = nonEmpty(ex.value);
                out.push_back(it);
            }
            break;
        case Group::Frames:
            for (const auto& st : m_ctx.stacktraces.all) {
                for (const auto& f : st.frames) {
                    Item it;
                    it.function = f.matchFunction();
                    // Upstream keeps abs_path or filename here, and only that one value is tested.
                    it.path = nonEmpty(f.matchPath());
                    it.module = nonEmpty(f.module);
                    it.package = nonEmpty(f.package);
                    it.app = f.inApp;
                    out.push_back(it);
                }
            }
            break;
        case Group::LogInfo: {
            Item it;
            it.logger = nonEmpty(e.logger);
            it.level = levelName(e.level);
            out.push_back(it);
            break;
        }
        case Group::Tags: {
            Item it;
            it.tags = &e.tags;
            out.push_back(it);
            break;
        }
        case Group::Sdk: {
            Item it;
            m_sdk = normalizedSdk(e);
            it.single = m_sdk;
            out.push_back(it);
            break;
        }
        case Group::Family: {
            Item it;
            it.single = familyName(familyForPlatform(e.platform));
            out.push_back(it);
            break;
        }
        case Group::Release: {
            Item it;
            it.single = nonEmpty(e.release);
            out.push_back(it);
            break;
        }
        }
    }

    struct Slot {
        bool ready = false;
        std::vector<Item> items;
    };
    GroupingContext& m_ctx;
    std::array<Slot, 8> m_cache;
    std::string m_sdk;
};

bool pathMatch(const Glob& glob, std::optional<std::string_view> value)
{
    if (!value)
        return false;
    if (glob.matches(*value))
        return true;
    return glob.slashPrefixMatters() && !value->empty() && (*value)[0] != '/' && glob.matches(*value, true);
}

bool globMatch(const Glob& glob, std::optional<std::string_view> value)
{
    return value && glob.matches(*value);
}

bool positiveMatch(const FingerprintMatcher& m, const Item& it)
{
    const std::string& k = m.key;
    if (k == "path")
        return pathMatch(*m.glob, it.path);
    if (k == "message")
        return globMatch(*m.glob, it.message) || globMatch(*m.glob, it.value);
    if (k == "package")
        return pathMatch(*m.glob, it.package);
    if (k == "release")
        return pathMatch(*m.glob, it.single);
    if (k == "family" || k == "sdk") {
        if (!it.single)
            return false;
        for (const auto& f : m.flags) {
            if (f == "all" || f == *it.single)
                return true;
        }
        return false;
    }
    if (k == "app")
        return it.app && m.app && *it.app == *m.app;
    if (k == "type")
        return globMatch(*m.glob, it.type);
    if (k == "value")
        return globMatch(*m.glob, it.value);
    if (k == "function")
        return globMatch(*m.glob, it.function);
    if (k == "module")
        return globMatch(*m.glob, it.module);
    if (k == "logger")
        return globMatch(*m.glob, it.logger);
    if (k == "level")
        return globMatch(*m.glob, it.level);
    if (k.substr(0, 5) == "tags." && it.tags) {
        // Upstream builds a dict from the tag list, so the last duplicate wins.
        const std::string_view name = std::string_view(k).substr(5);
        const std::string* found = nullptr;
        for (const auto& [key, value] : *it.tags) {
            if (key == name)
                found = &value;
        }
        return found && m.glob->matches(*found);
    }
    return false;
}

} // namespace

const FingerprintRule* FingerprintRules::match(GroupingContext& ctx) const
{
    if (m_rules.empty())
        return nullptr;
    Datastore store(ctx);
    for (const FingerprintRule& rule : m_rules) {
        bool ruleMatches = true;
        // Matchers are grouped by the data they read; each group needs one item satisfying all of it.
        for (std::size_t gi = 0; gi < 8 && ruleMatches; ++gi) {
            const auto group = Group(gi);
            bool used = false;
            for (const auto& m : rule.matchers)
                used = used || m.group == group;
            if (!used)
                continue;
            bool groupMatches = false;
            for (const Item& it : store.items(group)) {
                bool all = true;
                for (const auto& m : rule.matchers) {
                    if (m.group == group && positiveMatch(m, it) == m.negated) {
                        all = false;
                        break;
                    }
                }
                if (all) {
                    groupMatches = true;
                    break;
                }
            }
            ruleMatches = groupMatches;
        }
        if (ruleMatches)
            return &rule;
    }
    return nullptr;
}

} // namespace stackdeck::grouping
