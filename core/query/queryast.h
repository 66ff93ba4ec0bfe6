#pragma once

#include "querylexer.h"

#include <string>
#include <vector>

namespace stackdeck::query {

// The parsed search: a tree of AND / OR / NOT over terms. Positions point
// back into the text so later stages can report errors precisely.
struct QueryNode {
    enum class Kind { And, Or, Not, Text, Filter };

    Kind kind = Kind::And;
    std::vector<QueryNode> children; // And, Or: two or more; Not: one
    // Text: the word or phrase; `prefix` when it is the last bare word of the
    // search (still being typed), so it may match as a prefix.
    QueryValue text;
    bool prefix = false;
    // Filter: as lexed.
    Token filter;
    int position = 0;
    int length = 0;
};

} // namespace stackdeck::query
