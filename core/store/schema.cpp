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
    if (forWriting)
        db.exec("PRAGMA journal_mode=WAL");
    db.exec("PRAGMA synchronous=NORMAL");
    db.exec("PRAGMA temp_store=MEMORY");
    db.exec("PRAGMA cache_size=-65536"); // 64 MiB
    db.exec("PRAGMA foreign_keys=OFF"); // integrity is kept by the writer; FK checks cost on bulk import
}

} // namespace stackdeck::store
