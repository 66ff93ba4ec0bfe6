#include "workspace.h"

#include "schema.h"

#include <filesystem>

namespace stackdeck::store {

Workspace::Workspace(std::unique_ptr<sql::Database> db, std::string path)
    : m_db(std::move(db))
    , m_path(std::move(path))
{
}

Result<std::unique_ptr<Workspace>> Workspace::open(const std::string& path, Mode mode)
{
    try {
        auto db = std::make_unique<sql::Database>(
            path, mode == Mode::ReadOnly ? sql::Database::Mode::ReadOnly : sql::Database::Mode::ReadWrite);
        configureConnection(*db, mode == Mode::ReadWrite);
        if (mode == Mode::ReadWrite) {
            migrate(*db);
        } else if (schemaVersion(*db) != latestSchemaVersion()) {
            return Error {path + " is not a Stackdeck workspace of schema " + std::to_string(latestSchemaVersion())
                + " (found " + std::to_string(schemaVersion(*db)) + ")"};
        }
        return std::unique_ptr<Workspace>(new Workspace(std::move(db), path));
    } catch (const std::exception& e) {
        return Error {e.what()};
    }
}

bool Workspace::needsMigration(const std::string& path)
{
    std::error_code error;
    if (path.empty() || !std::filesystem::is_regular_file(path, error))
        return false;
    try {
        sql::Database db(path, sql::Database::Mode::ReadOnly);
        const int version = schemaVersion(db);
        return version > 0 && version < latestSchemaVersion(); // 0: a new file, created in no time
    } catch (const std::exception&) {
        return false; // not a database: open() says why
    }
}

} // namespace stackdeck::store
