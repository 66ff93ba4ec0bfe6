#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace stackdeck::query {

// A value written so that tokenize() reads it back as exactly `value`, matched
// literally: bare when that is unambiguous (`Chrome`), else in quotes with `"`
// and `\` escaped and every `*` written `\*` so it is no wildcard.
std::string quoteSearchValue(std::string_view value);

// The filter that selects tag `key` equal to `value`, as a click on a tag
// builds it: `browser:Chrome`, `level:error`, `tags[is]:"a b"` (a tag whose
// key the language knows as a built-in, or that is no plain key, is written
// tags[key]). nullopt for a key the language cannot name (empty, or holding
// `]` or white space).
std::optional<std::string> tagSearchTerm(std::string_view key, std::string_view value);

} // namespace stackdeck::query
