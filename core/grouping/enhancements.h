#pragma once

#include "componenttree.h"
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
    Enhancements() = default;
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
    void applyModifications(std::vector<GroupingFrame>& frames, const ExceptionData& exception) const;

    // Update pass for one variant: frame contributions and hints on `frameNodes`
    // (one node per frame), then max-frames. Returns the stack trace node's
    // verdict: nullopt when the frames decide, or false with a min-frames hint.
    struct StacktraceVerdict {
        bool discarded = false;
        std::string_view hint;
    };
    StacktraceVerdict applyUpdates(GroupingStacktrace& stacktrace, ComponentTree& tree,
        const std::vector<ComponentTree::NodeId>& frameNodes) const;

    bool frameMatches(const EnhancementRule& rule, const std::vector<GroupingFrame>& frames, std::size_t idx) const;
    static bool exceptionMatches(const EnhancementRule& rule, const ExceptionData& exception);

private:
    void computeUpdateMatches(GroupingStacktrace& stacktrace) const;

    std::vector<EnhancementRule> m_rules;
    std::vector<std::uint32_t> m_modifierRules;
    std::vector<std::uint32_t> m_updaterRules;
};

} // namespace stackdeck::grouping
