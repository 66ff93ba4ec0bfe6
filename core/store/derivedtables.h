#pragma once

#include "sqlite.h"

namespace stackdeck::store {

// What a rebuild empties before it writes the derived tables again from the
// stored originals. The one list of them: a table added to the schema that is
// derived from events goes here, and both rebuilds empty it.
enum class DerivedScope {
    Issues, // a regroup: the issues and everything per issue (events keep their tags and spans)
    Everything, // a reindex: also the tag dictionary, span sets, traces (rebuildTraces) and every event's issue
};
void clearDerivedTables(sql::Database& db, DerivedScope scope);

} // namespace stackdeck::store
