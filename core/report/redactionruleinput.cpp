#include "redactionruleinput.h"

#include <QRegularExpression>
#include <QString>

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
        // Compiled as CustomRules compiles it (PCRE2), so what passes here runs in a scan.
        const QRegularExpression re(QString::fromStdString(rule.pattern), QRegularExpression::DontCaptureOption);
        if (!re.isValid())
            return Error {"not a valid regular expression: " + re.errorString().toStdString() + " at offset "
                + std::to_string(re.patternErrorOffset())};
    }
    return rule;
}

} // namespace stackdeck::report
