#pragma once

#include "queryerror.h"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace stackdeck::query {

// One value of a filter or one free-text word, decoded (quotes removed, \" and
// \\ resolved; other backslashes stay so `\*` still means a literal asterisk).
struct QueryValue {
    std::string text;
    bool quoted = false;
    int position = 0; // byte offset in the query text
    int length = 0;

    bool operator==(const QueryValue&) const = default;
};

enum class TokenKind { Term, Filter, Not, Or, And, Open, Close };

// Comparison written after the colon: `times_seen:>10`.
enum class Comparison { None, Equal, Greater, GreaterEqual, Less, LessEqual };

struct Token {
    TokenKind kind = TokenKind::Term;
    int position = 0;
    int length = 0;
    // Term: the free text in `value`. Filter: key, comparison and values.
    QueryValue value;
    std::string key;
    int keyPosition = 0;
    int keyLength = 0;
    bool tagSyntax = false; // written as tags[key]: always a tag, never a built-in
    Comparison comparison = Comparison::None;
    int comparisonPosition = 0;
    int comparisonLength = 0;
    std::vector<QueryValue> values;
    bool atEnd = false; // Term: ends the text with nothing after it (still being typed)
};

struct LexResult {
    std::vector<Token> tokens;
    std::optional<QueryError> error;
};

// Splits a search into tokens. Whitespace separates terms; `key:value` (key of
// letters, digits, `_ . -`, starting with a letter or `_`, or `tags[any]`) is a
// filter, with `a,b` or `[a, b]` lists and an optional comparison; `"..."` is a
// phrase or a quoted value; `!` or `-` before a term negates it; `(` opens a
// group at the start of a term and `)` closes one at the end of a term (only
// while a group is open, so `foo()` stays a word); `OR` and `AND` in capitals
// are operators.
LexResult tokenize(std::string_view text);

} // namespace stackdeck::query
