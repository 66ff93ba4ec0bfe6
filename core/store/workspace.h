#pragma once

#include "sqlite.h"
#include "util/result.h"

#include <memory>
#include <string>

namespace stackdeck::store {

// One workspace = one SQLite file. A Workspace owns one connection and is used
// from one thread; open another Workspace on the same file for another thread
// (WAL lets readers run while the writer imports).
class Workspace {
public:
    enum class Mode { ReadWrite, ReadOnly };

    // Creates the file if needed and migrates it to the current schema (ReadWrite),
    // or opens an existing, current one for reading.
    static Result<std::unique_ptr<Workspace>> open(const std::string& path, Mode mode = Mode::ReadWrite);
    // True when `path` is a workspace of an older schema: opening it for writing
    // migrates it, which can take a while for a big one (run it off the GUI thread).
    static bool needsMigration(const std::string& path);

    sql::Database& db() { return *m_db; }
    const std::string& path() const { return m_path; }

private:
    Workspace(std::unique_ptr<sql::Database> db, std::string path);
    std::unique_ptr<sql::Database> m_db;
    std::string m_path;
};

} // namespace stackdeck::store
