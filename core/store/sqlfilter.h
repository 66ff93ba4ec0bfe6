#pragma once

#include <cstdint>
#include <string>
#include <variant>
#include <vector>

namespace stackdeck {

using SqlValue = std::variant<std::monostate, std::int64_t, double, std::string>;

// A boolean SQL expression over the issues table (alias `i`) with its
// parameters. The text never contains user input: every value is a `?`
// bound from `params`, in order. An empty `where` means "all issues".
struct SqlFilter {
    std::string where;
    std::vector<SqlValue> params;

    bool isEmpty() const { return where.empty(); }
};

} // namespace stackdeck
