#pragma once

#include "enhancementrule.h"
#include "util/result.h"

#include <string_view>
#include <vector>

namespace stackdeck::grouping {

// A syntax or semantic error in stack trace rules, 1-based position.
struct RuleSyntaxError {
    int line = 0;
    int column = 0;
    std::string message;

    std::string toString() const;
};

template <typename T> class RuleResult {
public:
    RuleResult(T value)
        : m_value(std::move(value))
    {
    }
    RuleResult(RuleSyntaxError error)
        : m_error(std::move(error))
        , m_failed(true)
    {
    }
    bool ok() const { return !m_failed; }
    const T& value() const { return m_value; }
    T& value() { return m_value; }
    const RuleSyntaxError& error() const { return m_error; }

private:
    T m_value {};
    RuleSyntaxError m_error;
    bool m_failed = false;
};

// Parses Sentry's stack trace rule language (docs/grouping-algorithm.md §10):
//
//   rules    := (line '\n')*            blank lines and '#' comments are skipped
//   line     := matchers actions ('#' comment)?
//   matchers := ('[' matcher ']' '|')? matcher+ ('|' '[' matcher ']')?
//   matcher  := '!'? key ':' (quoted | unquoted)
//   actions  := (('^'|'v')? ('+'|'-') ('app'|'group') | name '=' value)+
//
// Keys: function/stack.function, module/stack.module, path/stack.abs_path,
// package/stack.package, family, category, app, type/error.type,
// value/error.value, mechanism/error.mechanism. `custom` marks project rules.
RuleResult<std::vector<EnhancementRule>> parseEnhancementRules(std::string_view text, bool custom = false);

} // namespace stackdeck::grouping
