#pragma once

#include "util/result.h"

#include <bitset>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace stackdeck::grouping {

// How a glob is interpreted. The server matches stack trace rules and
// fingerprint rules with Rust's `globset` translated to a byte regex, so these
// options mirror globset's builder switches plus the regex's dot flag.
struct GlobOptions {
    bool pathSeparator = false; // `*` and `?` never match '/' (globset `literal_separator`)
    bool caseInsensitive = false; // ASCII-only folding, as a `(?-u)(?i)` regex does
    bool dotMatchesNewline = false; // the `.*` behind `**` and non-path `*`/`?` also match '\n'
    bool valueBackslashIsSlash = false; // a '\\' in the value is read as '/' (path normalisation)
};

// A compiled glob with globset semantics: `?` one byte, `*` any run, `**` as a
// whole path component (`**/`, `/**`, `/**/`; elsewhere it is just `*`),
// `[...]`/`[!...]` classes (no escapes inside), `{a,b}` alternates, and `\x`
// for a literal x. Matching is on UTF-8 bytes and always anchored at both ends.
class Glob {
public:
    static Result<Glob> compile(std::string_view pattern, GlobOptions options);

    bool matches(std::string_view value) const { return matches(value, false); }
    // With `slashPrefix` the value is matched as if it started with an extra '/'.
    bool matches(std::string_view value, bool slashPrefix) const;
    const std::string& pattern() const { return m_pattern; }
    // false when a virtual leading '/' can never change the outcome (every
    // branch starts with `**/`), so path matchers can skip their second try.
    bool slashPrefixMatters() const { return m_slashPrefixMatters; }
    // The (folded) bytes a match can start with, or empty when some branch
    // has no literal prefix and so could start with anything.
    std::vector<std::uint8_t> firstBytes() const;
    const GlobOptions& options() const { return m_options; }

    // Internal representation, public for the matcher in glob.cpp.
    enum class Kind : std::uint8_t { Byte, Set, Star, DirSkip };
    struct Token {
        Kind kind;
        std::uint8_t byte; // Byte: the (folded) byte
        std::uint16_t set; // Set/Star: index into m_sets
    };
    struct Branch {
        std::vector<Token> tokens;
        // Cheap rejection tests, all folded like the tokens:
        std::string prefix; // the bytes every match starts with
        std::string suffix; // ... and ends with (when the branch ends in literal bytes)
        std::string mustContain; // the longest literal run elsewhere
        std::size_t minLength = 0;
        bool literal = false; // only Byte tokens
    };

private:
    std::string m_pattern;
    GlobOptions m_options;
    std::vector<Branch> m_branches;
    std::vector<std::bitset<256>> m_sets;
    bool m_slashPrefixMatters = true;

    friend class GlobCompiler;
    friend class GlobMatcher;
};

} // namespace stackdeck::grouping
