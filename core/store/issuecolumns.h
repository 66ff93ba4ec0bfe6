#pragma once

#include "sqlite.h"

#include <string>
#include <string_view>
#include <vector>

namespace stackdeck::store {

// Which columns of `issues` a rebuild (reindex, regroup) derives from the
// events and which it carries over from the issue it replaces. Everything not
// listed here is carried, so a column a later schema adds (a triage field)
// survives both without anyone remembering to list it.

// Derived from the events: a rebuilt issue computes them itself.
bool isDerivedIssueColumn(std::string_view column);
// Carried, but an id the rebuilt issue got from its events' server group wins.
bool isServerIdentityColumn(std::string_view column);

// The columns both tables have, in the first one's order (pragma_table_info).
std::vector<std::string> sharedColumns(sql::Database& db, std::string_view a, std::string_view b);

// A column name as an SQL identifier (the names come from the workspace's own schema).
std::string quotedIdentifier(std::string_view name);

} // namespace stackdeck::store
