#pragma once

#include "sqlite.h"

namespace stackdeck::store {

// The newest schema version this build knows. A workspace written by a newer
// build is refused rather than damaged.
int latestSchemaVersion();
int schemaVersion(sql::Database& db);

// Brings the database up to latestSchemaVersion(), one migration per
// transaction. Throws sql::SqliteError (or std::runtime_error for a database
// newer than this build).
void migrate(sql::Database& db);

// Per-connection settings: WAL (readers go on while an import writes),
// synchronous=NORMAL, a bounded page cache.
void configureConnection(sql::Database& db, bool forWriting);

} // namespace stackdeck::store
