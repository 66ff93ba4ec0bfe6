#pragma once

#include "sqlite.h"
#include "util/result.h"

#include <string>
#include <vector>

namespace stackdeck::store {

// A workspace's own redaction rule: a key name (matched case-insensitively
// as a substring of object keys) or a regular expression over string values.
struct RedactionRule {
    enum class Kind { Key, Regex };
    Kind kind = Kind::Key;
    std::string name; // shown in findings as "custom:NAME"
    std::string pattern;

    bool operator==(const RedactionRule&) const = default;
};

// Kept in `meta` under "redaction_rules" as a JSON array (no table of its
// own until the schema owner adds one). A malformed stored value is an error,
// never silently an empty list.
Result<std::vector<RedactionRule>> loadRedactionRules(sql::Database& db);
Status saveRedactionRules(sql::Database& db, const std::vector<RedactionRule>& rules);

} // namespace stackdeck::store
