#pragma once

#include <optional>
#include <string_view>

namespace stackdeck::report {

// The secret a key names ("password", "token", "api_key", "cookie", ...), or
// nothing. Case-insensitive, matched on the key's words (snake_case, kebab,
// camelCase and dots split), so "X-Api-Key", "accessToken", "sessionid" and
// "csrfmiddlewaretoken" match while "author", "tokens_used" and "passage" do
// not. Short terms (auth, pwd, ssn, cvv) must be whole words.
std::optional<std::string_view> sensitiveKeyTerm(std::string_view key);

} // namespace stackdeck::report
