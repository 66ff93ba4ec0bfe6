#pragma once

#include "enhancementrule.h"
#include "globset.h"
#include "groupingframe.h"

#include <array>
#include <cstdint>
#include <vector>

namespace stackdeck::grouping {

// A compiled view of a rule list for fast matching. A rule's matchers split
// into *static* ones (family and the function, module, path and package
// globs of the frame itself, which never change while rules run) and
// *dynamic* ones (category and app of the frame, and every caller/callee
// matcher). Static results are computed per frame from per-field glob sets
// and cached per thread, by field value and by whole frame, so a frame seen
// before costs one hash lookup however many rules there are.
class EnhancementIndex {
public:
    explicit EnhancementIndex(const std::vector<EnhancementRule>& rules);

    std::size_t ruleWords() const { return m_ruleWords; }

    // Bit r of `out` (ruleWords() words) is set when rule r's static matchers all pass.
    void staticBits(const GroupingFrame& frame, std::uint64_t* out) const;

    // The literal category a rule requires of the frame itself, if any.
    std::string_view categoryAnchor(std::size_t rule) const { return m_rules[rule].categoryAnchor; }
    bool hasDynamic(std::size_t rule) const { return m_rules[rule].hasDynamic; }

private:
    struct Term {
        std::uint8_t field; // 0 function, 1 module, 2 path, 3 package
        std::uint32_t glob;
        bool negated;
    };
    struct CompiledRule {
        std::uint8_t familyPass = 0; // families for which all family matchers pass
        std::vector<Term> terms;
        bool hasDynamic = false;
        std::string_view categoryAnchor;
    };

    void computeStatic(const GroupingFrame& frame, std::uint64_t* out) const;

    std::array<GlobSet, 4> m_sets {GlobSet(false), GlobSet(false), GlobSet(true), GlobSet(true)};
    std::vector<CompiledRule> m_rules;
    std::array<std::vector<std::uint32_t>, 3> m_rulesByFamily; // other, native, javascript
    std::size_t m_ruleWords = 0;
    std::uint64_t m_id = 0; // distinguishes rule sets in the per-thread caches
};

} // namespace stackdeck::grouping
