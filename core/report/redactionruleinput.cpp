#include "redactionruleinput.h"

#include "customrules.h"

#include <algorithm>

namespace stackdeck::report {

namespace {
constexpr std::size_t kMaxPattern = 4096; // as store/redactionrules.cpp reads them back
} // namespace

std::string redactionRuleKindName(store::RedactionRule::Kind kind)
{
    return kind == store::RedactionRule::Kind::Key ? "key" : "regex";
}

Result<store::RedactionRule> checkRedactionRule(
    store::RedactionRule rule, const std::vector<store::RedactionRule>& existing)
{
    const std::string kind = redactionRuleKindName(rule.kind);
    if (rule.pattern.empty())
        return Error {"a " + kind + " rule needs a pattern"};
    if (rule.pattern.size() > kMaxPattern)
        return Error {"the " + kind + " rule's pattern is longer than 4096 bytes"};
    if (rule.name.empty())
        rule.name = rule.pattern;
    const bool twice = std::any_of(existing.begin(), existing.end(),
        [&](const store::RedactionRule& r) { return r.kind == rule.kind && r.pattern == rule.pattern; });
    if (twice)
        return Error {"the " + kind + " rule '" + rule.pattern + "' is there already"};
    if (rule.kind == store::RedactionRule::Kind::Regex) {
        auto compiled = CustomRules::compile({rule});
        if (!compiled)
            return Error {"not a valid regular expression: " + compiled.error().message};
    }
    return rule;
}

} // namespace stackdeck::report
