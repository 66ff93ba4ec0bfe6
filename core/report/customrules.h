#pragma once

#include "store/redactionrules.h"

#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace stackdeck::report {

// A workspace's own redaction rules, compiled once for a scan. Regular
// expressions run on PCRE2 (QRegularExpression) rather than std::regex,
// whose backtracking recurses per character and overflows the stack on a
// long event string: QtCore is the only Qt this part of core uses.
class CustomRules {
public:
    CustomRules();
    ~CustomRules();
    CustomRules(CustomRules&&) noexcept;
    CustomRules& operator=(CustomRules&&) noexcept;

    // Fails with the rule's name and the pattern's error when a regex does not compile.
    static Result<CustomRules> compile(const std::vector<store::RedactionRule>& rules);

    // The name of the key rule the key matches (case-insensitive substring), if any.
    const store::RedactionRule* keyRule(std::string_view key) const;
    struct Span {
        const store::RedactionRule* rule = nullptr;
        std::size_t offset = 0;
        std::size_t length = 0;
    };
    // Every match of every regex rule in `text` (byte offsets).
    std::vector<Span> regexMatches(std::string_view text) const;
    bool empty() const;

private:
    struct Compiled;
    std::vector<store::RedactionRule> m_rules;
    std::vector<std::unique_ptr<Compiled>> m_regexes;
};

} // namespace stackdeck::report
