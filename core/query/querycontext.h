#pragma once

#include "model/timestamp.h"
#include "store/sqlite.h"
#include "util/result.h"

#include <set>
#include <string>

namespace stackdeck::query {

// What the compiler knows about the workspace. Any `key:value` whose key is
// not built in is a tag filter, so a key that is no tag key here either is
// reported as unknown (a typo, most likely) instead of silently matching nothing.
struct QueryContext {
    Micros now = 0; // anchors relative times like `lastSeen:-24h`
    std::set<std::string> tagKeys; // every tag key of the workspace
    std::set<std::string> projects; // every project name
    // false: tagKeys and projects are not known; every key is taken as a tag
    // key and every project name as written.
    bool workspaceKnown = true;
    // The last bare word, when nothing follows it (the user is still typing),
    // also matches as a prefix (`conn` finds "connection"); needs 3+ characters.
    // Off by default: without an FTS prefix index, SQLite merges the doclists
    // of every matching term per lookup, ~100 ms for a common word on 1M events.
    bool prefixLastWord = false;
};

// Tag keys and project names read from a workspace. Cheap (an index skip-scan
// over tag keys); refresh it after imports.
Result<QueryContext> loadQueryContext(sql::Database& db, Micros now);

} // namespace stackdeck::query
