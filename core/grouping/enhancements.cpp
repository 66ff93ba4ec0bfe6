#include "enhancements.h"

#include <QtGlobal>

#include <algorithm>
#include <bit>

namespace stackdeck::grouping {

namespace {

constexpr std::string_view kBuiltinNewstyle2023 =
#include "rules/newstyle-2023-01-11.inc"
    ;

std::uint8_t familyBit(Family f)
{
    switch (f) {
    case Family::Native:
        return kFamilyNative;
    case Family::JavaScript:
        return kFamilyJavaScript;
    case Family::Other:
        break;
    }
    return kFamilyOther;
}

bool startsWithSlash(std::string_view v)
{
    return !v.empty() && (v[0] == '/' || v[0] == '\\');
}

bool pathLikeMatch(const Glob& glob, std::string_view value)
{
    if (value.empty())
        return false;
    if (glob.matches(value))
        return true;
    return glob.slashPrefixMatters() && !startsWithSlash(value) && glob.matches(value, true);
}

bool positiveMatch(const EnhancementMatcher& m, const GroupingFrame& f)
{
    switch (m.field) {
    case MatchField::Function:
        return m.glob->matches(f.matchFunction());
    case MatchField::Module:
        return !f.module.empty() && m.glob->matches(f.module);
    case MatchField::Category:
        return !f.category.empty() && m.glob->matches(f.category);
    case MatchField::Path:
        return pathLikeMatch(*m.glob, f.matchPath());
    case MatchField::Package:
        return pathLikeMatch(*m.glob, f.package);
    case MatchField::Family:
        return (m.families & familyBit(f.family)) != 0;
    case MatchField::App:
        return f.app() == m.expectedInApp;
    case MatchField::Type:
    case MatchField::Value:
    case MatchField::Mechanism:
        break;
    }
    return false;
}

template <typename F> void forRange(ActionRange range, std::size_t idx, std::size_t count, F&& f)
{
    switch (range) {
    case ActionRange::Self:
        f(idx);
        break;
    case ActionRange::Up:
        for (std::size_t j = idx + 1; j < count; ++j)
            f(j);
        break;
    case ActionRange::Down:
        for (std::size_t j = 0; j < idx; ++j)
            f(j);
        break;
    }
}

} // namespace

Enhancements::Enhancements(std::vector<EnhancementRule> rules)
    : m_rules(std::move(rules))
    , m_index(std::make_shared<const EnhancementIndex>(m_rules))
{
    m_modifierMask.assign(m_index->ruleWords(), 0);
    m_updaterMask.assign(m_index->ruleWords(), 0);
    for (std::uint32_t i = 0; i < m_rules.size(); ++i) {
        if (m_rules[i].hasModifier) {
            m_modifierRules.push_back(i);
            m_modifierMask[i / 64] |= std::uint64_t(1) << (i % 64);
        }
        if (m_rules[i].hasUpdater) {
            m_updaterRules.push_back(i);
            m_updaterMask[i / 64] |= std::uint64_t(1) << (i % 64);
        }
    }
}

std::shared_ptr<const Enhancements> Enhancements::builtin()
{
    static const std::shared_ptr<const Enhancements> instance = [] {
        auto parsed = parseEnhancementRules(kBuiltinNewstyle2023);
        if (!parsed.ok()) {
            qWarning("built-in stack trace rules do not parse: %s", parsed.error().toString().c_str());
            return std::make_shared<const Enhancements>();
        }
        return std::make_shared<const Enhancements>(std::move(parsed.value()));
    }();
    return instance;
}

RuleResult<std::shared_ptr<const Enhancements>> Enhancements::withCustomRules(
    const std::shared_ptr<const Enhancements>& base, std::string_view customText)
{
    auto parsed = parseEnhancementRules(customText, true);
    if (!parsed.ok())
        return parsed.error();
    std::vector<EnhancementRule> rules;
    if (base)
        rules = base->rules();
    for (auto& r : parsed.value())
        rules.push_back(std::move(r));
    return std::shared_ptr<const Enhancements>(std::make_shared<const Enhancements>(std::move(rules)));
}

bool Enhancements::exceptionMatches(const EnhancementRule& rule, const ExceptionData& e)
{
    for (const auto& m : rule.exceptionMatchers) {
        std::string_view value;
        bool has = false;
        switch (m.field) {
        case MatchField::Type:
            value = e.type;
            has = e.hasType;
            break;
        case MatchField::Value:
            value = e.value;
            has = e.hasValue;
            break;
        default:
            value = e.mechanism;
            has = e.hasMechanism;
            break;
        }
        if (!has || value.empty())
            value = "<unknown>";
        if (m.glob->matches(value) == m.negated)
            return false;
    }
    return true;
}

bool Enhancements::frameMatches(
    const EnhancementRule& rule, const std::vector<GroupingFrame>& frames, std::size_t idx) const
{
    for (const auto& m : rule.frameMatchers) {
        std::size_t target = idx;
        if (m.offset == FrameOffset::Caller) {
            if (idx == 0)
                return false;
            target = idx - 1;
        } else if (m.offset == FrameOffset::Callee) {
            if (idx + 1 >= frames.size())
                return false;
            target = idx + 1;
        }
        if (positiveMatch(m, frames[target]) == m.negated)
            return false;
    }
    return true;
}

bool Enhancements::dynamicMatches(
    const EnhancementRule& rule, const std::vector<GroupingFrame>& frames, std::size_t idx) const
{
    for (const auto& m : rule.frameMatchers) {
        std::size_t target = idx;
        if (m.offset == FrameOffset::Caller) {
            if (idx == 0)
                return false;
            target = idx - 1;
        } else if (m.offset == FrameOffset::Callee) {
            if (idx + 1 >= frames.size())
                return false;
            target = idx + 1;
        } else if (m.field != MatchField::Category && m.field != MatchField::App) {
            continue; // static: already in the index bits
        }
        if (positiveMatch(m, frames[target]) == m.negated)
            return false;
    }
    return true;
}

void Enhancements::computeStaticBits(GroupingStacktrace& st) const
{
    const std::size_t words = m_index->ruleWords();
    st.staticBits.assign(st.frames.size() * words, 0);
    st.staticUnion.assign(words, 0);
    for (std::size_t i = 0; i < st.frames.size(); ++i) {
        std::uint64_t* bits = st.staticBits.data() + i * words;
        m_index->staticBits(st.frames[i], bits);
        for (std::size_t w = 0; w < words; ++w)
            st.staticUnion[w] |= bits[w];
    }
}

template <typename F>
void Enhancements::forCandidates(const std::vector<std::uint64_t>& mask, const GroupingStacktrace& st, F&& f) const
{
    for (std::size_t w = 0; w < mask.size(); ++w) {
        std::uint64_t bits = mask[w] & st.staticUnion[w];
        while (bits) {
            const auto bit = std::uint32_t(std::countr_zero(bits));
            bits &= bits - 1;
            f(std::uint32_t(w * 64 + bit));
        }
    }
}

bool Enhancements::mayApply(
    std::uint32_t r, const GroupingStacktrace& st, const std::vector<std::string_view>& categories) const
{
    if (!((st.staticUnion[r / 64] >> (r % 64)) & 1U))
        return false;
    const std::string_view anchor = m_index->categoryAnchor(r);
    if (anchor.empty())
        return true;
    for (const std::string_view c : categories) {
        if (c.size() == anchor.size() && std::equal(c.begin(), c.end(), anchor.begin(), [](char a, char b) {
                return (a >= 'A' && a <= 'Z' ? a + 32 : a) == (b >= 'A' && b <= 'Z' ? b + 32 : b);
            }))
            return true;
    }
    return false;
}

namespace {
void collectCategories(const std::vector<GroupingFrame>& frames, std::vector<std::string_view>& out)
{
    out.clear();
    for (const auto& f : frames) {
        if (!f.category.empty() && std::find(out.begin(), out.end(), f.category) == out.end())
            out.push_back(f.category);
    }
}
} // namespace

void Enhancements::applyModifications(GroupingStacktrace& st) const
{
    computeStaticBits(st);
    auto& frames = st.frames;
    const std::size_t words = m_index->ruleWords();
    std::vector<std::string_view> categories;
    collectCategories(frames, categories);
    std::vector<std::uint32_t> matched;
    matched.reserve(frames.size());
    forCandidates(m_modifierMask, st, [&](std::uint32_t r) {
        const EnhancementRule& rule = m_rules[r];
        if (!mayApply(r, st, categories) || !exceptionMatches(rule, st.exception))
            return;
        matched.clear();
        for (std::uint32_t i = 0; i < frames.size(); ++i) {
            if (((st.staticBits[i * words + r / 64] >> (r % 64)) & 1U) && dynamicMatches(rule, frames, i))
                matched.push_back(i);
        }
        for (const std::uint32_t i : matched) {
            for (const auto& a : rule.actions) {
                if (a.kind == ActionKind::Category) {
                    frames[i].category = a.category;
                    if (std::find(categories.begin(), categories.end(), frames[i].category) == categories.end())
                        categories.push_back(frames[i].category);
                } else if (a.kind == ActionKind::App) {
                    forRange(a.range, i, frames.size(), [&](std::size_t j) { frames[j].inApp = a.flag; });
                }
            }
        }
    });
}

void Enhancements::computeUpdateMatches(GroupingStacktrace& st) const
{
    st.updateMatches.clear();
    if (st.staticUnion.size() != m_index->ruleWords())
        computeStaticBits(st);
    const std::size_t words = m_index->ruleWords();
    std::vector<std::string_view> categories;
    collectCategories(st.frames, categories);
    forCandidates(m_updaterMask, st, [&](std::uint32_t r) {
        const EnhancementRule& rule = m_rules[r];
        if (!mayApply(r, st, categories) || !exceptionMatches(rule, st.exception))
            return;
        for (std::uint32_t i = 0; i < st.frames.size(); ++i) {
            if (((st.staticBits[i * words + r / 64] >> (r % 64)) & 1U) && dynamicMatches(rule, st.frames, i))
                st.updateMatches.emplace_back(r, i);
        }
    });
    st.updateMatchesReady = true;
}

Enhancements::StacktraceVerdict Enhancements::applyUpdates(
    GroupingStacktrace& st, ComponentTree& tree, const std::vector<ComponentTree::NodeId>& frameNodes) const
{
    if (!st.updateMatchesReady)
        computeUpdateMatches(st);
    const std::size_t n = frameNodes.size();
    std::size_t maxFrames = 0, minFrames = 0;
    const EnhancementRule* maxSetter = nullptr;
    const EnhancementRule* minSetter = nullptr;

    for (const auto& [r, idx] : st.updateMatches) {
        const EnhancementRule& rule = m_rules[r];
        for (const auto& a : rule.actions) {
            switch (a.kind) {
            case ActionKind::Group:
                forRange(a.range, idx, n, [&](std::size_t j) {
                    auto& node = tree.at(frameNodes[j]);
                    if (node.contributes != a.flag) {
                        node.contributes = a.flag;
                        node.hint = a.flag ? rule.unignoredHint : rule.ignoredHint;
                    }
                });
                break;
            case ActionKind::App:
                forRange(a.range, idx, n, [&](std::size_t j) {
                    auto& node = tree.at(frameNodes[j]);
                    const GroupingFrame& f = st.frames[j];
                    // The server's `in_app_changed`: a recorded original decides;
                    // without one, the flag is compared with the contribution.
                    const bool changed
                        = f.origInApp ? (*f.origInApp != (f.app() ? 1 : 0)) : (a.flag == node.contributes);
                    if (changed)
                        node.hint = a.flag ? rule.inAppHint : rule.outOfAppHint;
                });
                break;
            case ActionKind::MaxFrames:
                maxFrames = a.number;
                maxSetter = &rule;
                break;
            case ActionKind::MinFrames:
                minFrames = a.number;
                minSetter = &rule;
                break;
            case ActionKind::Category:
            case ActionKind::InvertStacktrace:
                break;
            }
        }
    }

    if (maxFrames > 0) {
        std::size_t seen = 0;
        std::string_view hint;
        for (std::size_t j = n; j-- > 0;) {
            auto& node = tree.at(frameNodes[j]);
            if (!node.contributes || ++seen <= maxFrames)
                continue;
            if (hint.empty()) {
                hint = tree.store("ignored because only " + std::to_string(maxFrames)
                    + (maxFrames == 1 ? " frame is" : " frames are") + " considered by stack trace rule ("
                    + maxSetter->text + ")");
            }
            node.contributes = false;
            node.hint = hint;
        }
    }

    StacktraceVerdict verdict;
    if (minFrames > 0) {
        std::size_t total = 0;
        for (const auto id : frameNodes)
            total += tree.at(id).contributes ? 1 : 0;
        if (total > 0 && total < minFrames) {
            verdict.discarded = true;
            verdict.hint = tree.store("discarded because stack trace only contains " + std::to_string(total)
                + (total == 1 ? " frame which is" : " frames which are")
                + " under the configured threshold by stack trace rule (" + minSetter->text + ")");
        }
    }
    return verdict;
}

} // namespace stackdeck::grouping
