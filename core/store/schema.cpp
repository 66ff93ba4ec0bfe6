#include "schema.h"

#include "schemamigrations.h"

#include <stdexcept>
#include <string>

namespace stackdeck::store {

int latestSchemaVersion()
{
    return static_cast<int>(schemaMigrations().size());
}

int schemaVersion(sql::Database& db)
{
    auto& st = db.cached("PRAGMA user_version");
    st.step();
    const auto v = static_cast<int>(st.int64(0));
    st.reset();
    return v;
}

void migrate(sql::Database& db)
{
    int version = schemaVersion(db);
    if (version > latestSchemaVersion())
        throw std::runtime_error("the workspace " + db.path() + " was written by a newer Stackdeck (schema "
            + std::to_string(version) + "); this build knows schema " + std::to_string(latestSchemaVersion()));
    while (version < latestSchemaVersion()) {
        sql::Transaction tx(db);
        db.exec(schemaMigrations()[static_cast<std::size_t>(version)]);
        ++version;
        db.exec("PRAGMA user_version = " + std::to_string(version));
        tx.commit();
    }
}

void configureConnection(sql::Database& db, bool forWriting)
{
    if (forWriting) {
        // For a new workspace only (an existing one keeps its pages): 8 KiB
        // instead of SQLite's 4 KiB. An import rewrites most leaves of the
        // issue-keyed trees in every commit once a workspace is large, and the
        // WAL takes each page as a frame of its own (a header, a checksum and
        // a write; the checkpoint's read and write): half the frames for the
        // same bytes. A million events: 111-118 s instead of 125-130 s (#20).
        // 16 KiB pages gave 108-112 s, but the local endpoint, whose small
        // commits write whole pages, then took 4,200-4,700 envelopes/s
        // instead of 5,100, under its bar of 5,000 (#19). 8 KiB kept 5,100.
        // Set before WAL mode, which fixes the page size.
        db.exec("PRAGMA page_size=8192");
        db.exec("PRAGMA journal_mode=WAL");
    }
    db.exec("PRAGMA synchronous=NORMAL");
    db.exec("PRAGMA temp_store=MEMORY");
    db.exec("PRAGMA cache_size=-65536"); // 64 MiB
    db.exec("PRAGMA foreign_keys=OFF"); // integrity is kept by the writer; FK checks cost on bulk import
}

} // namespace stackdeck::store
