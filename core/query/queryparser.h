#pragma once

#include "queryast.h"
#include "queryerror.h"

#include <optional>
#include <string_view>

namespace stackdeck::query {

struct ParseResult {
    std::optional<QueryNode> root; // absent for an empty search (all issues)
    std::optional<QueryError> error;
};

// query := or ; or := and ("OR" and)* ; and := unary (["AND"] unary)* ;
// unary := ("!" | "-") unary | "(" or ")" | term. Adjacent terms are AND-ed.
ParseResult parseQuery(std::string_view text);

// The same over tokens already lexed.
ParseResult parseTokens(const std::vector<Token>& tokens);

} // namespace stackdeck::query
