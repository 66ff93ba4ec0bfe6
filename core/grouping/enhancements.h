#pragma once

#include "componenttree.h"
#include "enhancementindex.h"
#include "enhancementparser.h"
#include "groupingframe.h"

#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace stackdeck::grouping {

// A set of stack trace rules in evaluation order (built-in base first, then a
// project's custom rules) with the two passes of docs/grouping-algorithm.md
// §10.4. Immutable once built; share it between threads freely.
class Enhancements {
public:
    Enhancements()
        : Enhancements(std::vector<EnhancementRule> {})
    {
    }
    explicit Enhancements(std::vector<EnhancementRule> rules);

    // The built-in base of `newstyle:2023-01-11` (core/grouping/rules/).
    static std::shared_ptr<const Enhancements> builtin();
    // Base rules followed by custom rules, parsed from `customText`.
    static RuleResult<std::shared_ptr<const Enhancements>> withCustomRules(
        const std::shared_ptr<const Enhancements>& base, std::string_view customText);

    const std::vector<EnhancementRule>& rules() const { return m_rules; }
    bool empty() const { return m_rules.empty(); }

    // Modifier pass: +app/-app and category= over one stack trace's frames,
    // rule by rule, each rule seeing the results of the previous ones.
    void applyModifications(GroupingStacktrace& stacktrace) const;

    // Update pass for one variant: frame contributions and hints on `frameNodes`
    // (one node per frame), then max-frames. Returns the stack trace node's
    // verdict: nullopt when the frames decide, or false with a min-frames hint.
    struct StacktraceVerdict {
        bool discarded = false;
        std::string_view hint;
    };
    StacktraceVerdict applyUpdates(GroupingStacktrace& stacktrace, ComponentTree& tree,
        const std::vector<ComponentTree::NodeId>& frameNodes) const;

    // Full evaluation of a rule against frame `idx` (no index, no cache).
    bool frameMatches(const EnhancementRule& rule, const std::vector<GroupingFrame>& frames, std::size_t idx) const;
    static bool exceptionMatches(const EnhancementRule& rule, const ExceptionData& exception);

private:
    void computeUpdateMatches(GroupingStacktrace& stacktrace) const;
    void computeStaticBits(GroupingStacktrace& stacktrace) const;
    // The matchers the index does not precompute: category, app, caller, callee.
    bool dynamicMatches(const EnhancementRule& rule, const std::vector<GroupingFrame>& frames, std::size_t idx) const;
    // Rule r applies to some frame of the stack trace as far as the index can tell.
    bool mayApply(std::uint32_t r, const GroupingStacktrace& st, const std::vector<std::string_view>& categories) const;
    // Calls f(r) for every rule in `mask` that some frame's static matchers allow, in rule order.
    template <typename F>
    void forCandidates(const std::vector<std::uint64_t>& mask, const GroupingStacktrace& st, F&& f) const;

    std::vector<EnhancementRule> m_rules;
    std::vector<std::uint32_t> m_modifierRules;
    std::vector<std::uint32_t> m_updaterRules;
    std::shared_ptr<const EnhancementIndex> m_index;
    std::vector<std::uint64_t> m_modifierMask; // rule bits, ruleWords() words
    std::vector<std::uint64_t> m_updaterMask;
};

} // namespace stackdeck::grouping
