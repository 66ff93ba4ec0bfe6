#pragma once

#include <string>

namespace stackdeck::query {

// A problem in a search, with where it is (byte offset and length in the text)
// so the UI can point at it.
struct QueryError {
    std::string message;
    int position = 0;
    int length = 0;

    bool operator==(const QueryError&) const = default;
};

} // namespace stackdeck::query
