#include "sqlite.h"

#include "rowkeys.h"
#include "sqlprofile.h"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

namespace stackdeck::sql {

Statement::Statement(Database& db, std::string_view sql)
    : m_db(&db)
{
    const int rc = sqlite3_prepare_v3(
        db.handle(), sql.data(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT, &m_stmt, nullptr);
    if (rc != SQLITE_OK)
        db.fail(rc, sql);
}

Statement::Statement(Statement&& other) noexcept
    : m_db(other.m_db)
    , m_stmt(other.m_stmt)
{
    other.m_stmt = nullptr;
}

Statement& Statement::operator=(Statement&& other) noexcept
{
    if (this != &other) {
        sqlite3_finalize(m_stmt);
        m_db = other.m_db;
        m_stmt = other.m_stmt;
        other.m_stmt = nullptr;
    }
    return *this;
}

Statement::~Statement()
{
    sqlite3_finalize(m_stmt);
}

void Statement::check(int rc) const
{
    if (rc != SQLITE_OK)
        m_db->fail(rc, sqlite3_sql(m_stmt) ? sqlite3_sql(m_stmt) : "bind");
}

Statement& Statement::bind(int index, std::int64_t value)
{
    check(sqlite3_bind_int64(m_stmt, index, value));
    return *this;
}

Statement& Statement::bind(int index, double value)
{
    check(sqlite3_bind_double(m_stmt, index, value));
    return *this;
}

Statement& Statement::bind(int index, std::string_view text)
{
    check(sqlite3_bind_text64(m_stmt, index, text.data(), text.size(), SQLITE_TRANSIENT, SQLITE_UTF8));
    return *this;
}

Statement& Statement::bindBlob(int index, std::span<const std::byte> blob)
{
    check(sqlite3_bind_blob64(m_stmt, index, blob.data(), blob.size(), SQLITE_TRANSIENT));
    return *this;
}

Statement& Statement::bindBlob(int index, std::string_view bytes)
{
    check(sqlite3_bind_blob64(m_stmt, index, bytes.data(), bytes.size(), SQLITE_TRANSIENT));
    return *this;
}

Statement& Statement::bindBlobNoCopy(int index, std::string_view bytes)
{
    check(sqlite3_bind_blob64(m_stmt, index, bytes.data(), bytes.size(), SQLITE_STATIC));
    return *this;
}

Statement& Statement::bindTextNoCopy(int index, std::string_view text)
{
    check(sqlite3_bind_text64(m_stmt, index, text.data(), text.size(), SQLITE_STATIC, SQLITE_UTF8));
    return *this;
}

Statement& Statement::bindNull(int index)
{
    check(sqlite3_bind_null(m_stmt, index));
    return *this;
}

bool Statement::step()
{
    const int rc = sqlite3_step(m_stmt);
    if (rc == SQLITE_ROW)
        return true;
    if (rc == SQLITE_DONE)
        return false;
    m_db->fail(rc, sqlite3_sql(m_stmt));
}

void Statement::run()
{
    while (step()) { }
    sqlite3_reset(m_stmt);
}

void Statement::reset()
{
    sqlite3_reset(m_stmt);
    sqlite3_clear_bindings(m_stmt);
}

std::int64_t Statement::scalarInt()
{
    const std::int64_t value = step() ? int64(0) : 0;
    reset();
    return value;
}

bool Statement::isNull(int column) const
{
    return sqlite3_column_type(m_stmt, column) == SQLITE_NULL;
}

std::int64_t Statement::int64(int column) const
{
    return sqlite3_column_int64(m_stmt, column);
}

double Statement::real(int column) const
{
    return sqlite3_column_double(m_stmt, column);
}

std::string Statement::text(int column) const
{
    return std::string(textView(column));
}

std::string_view Statement::textView(int column) const
{
    const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(m_stmt, column));
    if (!p)
        return {};
    return {p, static_cast<std::size_t>(sqlite3_column_bytes(m_stmt, column))};
}

std::string_view Statement::blob(int column) const
{
    const auto* p = static_cast<const char*>(sqlite3_column_blob(m_stmt, column));
    if (!p)
        return {};
    return {p, static_cast<std::size_t>(sqlite3_column_bytes(m_stmt, column))};
}

int Statement::columnCount() const
{
    return sqlite3_column_count(m_stmt);
}

namespace {

bool isFilePath(const std::string& path)
{
    return !path.empty() && path != ":memory:" && path.rfind("file:", 0) != 0;
}

// Creates `path` 0600 when it does not exist yet. The owner-only mode is set
// here, before SQLite sees the file: SQLite would create it with 0644 (under
// the usual umask), and it copies the database file's mode to -wal and -shm.
void createPrivateFile(const std::string& path)
{
    const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd >= 0) {
        ::fchmod(fd, 0600); // whatever the umask
        ::close(fd);
        return;
    }
    if (errno == EEXIST)
        return; // an existing file (or a link to one) keeps its mode
    throw SqliteError(SQLITE_CANTOPEN, "cannot open " + path + ": " + std::strerror(errno));
}

} // namespace

bool hardenConnection(sqlite3* db)
{
    int defensive = 0;
    int trusted = 1;
    return sqlite3_db_config(db, SQLITE_DBCONFIG_DEFENSIVE, 1, &defensive) == SQLITE_OK && defensive == 1
        && sqlite3_db_config(db, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, &trusted) == SQLITE_OK && trusted == 0
        && sqlite3_exec(db, "PRAGMA trusted_schema=OFF", nullptr, nullptr, nullptr) == SQLITE_OK;
}

Database::Database(const std::string& path, Mode mode)
    : m_path(path)
{
    if (mode == Mode::ReadWrite && isFilePath(path))
        createPrivateFile(path);
    const int flags = (mode == Mode::ReadOnly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE)
        | SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_EXRESCODE;
    const int rc = sqlite3_open_v2(path.c_str(), &m_db, flags, nullptr);
    if (rc != SQLITE_OK) {
        std::string message = m_db ? sqlite3_errmsg(m_db) : sqlite3_errstr(rc);
        sqlite3_close(m_db);
        m_db = nullptr;
        throw SqliteError(rc, "cannot open " + path + ": " + message);
    }
    if (!hardenConnection(m_db)) {
        sqlite3_close(m_db);
        m_db = nullptr;
        throw SqliteError(SQLITE_ERROR, "cannot open " + path + " defensively");
    }
    if (!store::registerRowKeyFunction(m_db)) {
        sqlite3_close(m_db);
        m_db = nullptr;
        throw SqliteError(SQLITE_ERROR, "cannot open " + path + ": the row key function was refused");
    }
    sqlite3_busy_timeout(m_db, 5000);
    profileConnectionIfAsked(m_db);
    sqlite3_extended_result_codes(m_db, 1);
}

Database::~Database()
{
    m_cache.clear(); // statements before the connection
    sqlite3_close_v2(m_db);
}

void Database::exec(std::string_view sql)
{
    const std::string copy(sql);
    char* err = nullptr;
    const int rc = sqlite3_exec(m_db, copy.c_str(), nullptr, nullptr, &err);
    if (rc != SQLITE_OK) {
        std::string message = err ? err : sqlite3_errstr(rc);
        sqlite3_free(err);
        throw SqliteError(rc, message + " (in: " + copy.substr(0, 200) + ")");
    }
}

Statement& Database::cached(std::string_view sql)
{
    auto it = m_cache.find(sql);
    if (it == m_cache.end())
        it = m_cache.emplace(std::string(sql), std::make_unique<Statement>(*this, sql)).first;
    else
        it->second->reset();
    return *it->second;
}

std::int64_t Database::lastInsertRowId() const
{
    return sqlite3_last_insert_rowid(m_db);
}

int Database::changes() const
{
    return sqlite3_changes(m_db);
}

void Database::interrupt()
{
    sqlite3_interrupt(m_db);
}

void Database::fail(int rc, std::string_view context) const
{
    throw SqliteError(rc, std::string(sqlite3_errmsg(m_db)) + " (in: " + std::string(context.substr(0, 200)) + ")");
}

Transaction::Transaction(Database& db)
    : m_db(db)
{
    m_db.exec("BEGIN IMMEDIATE");
}

Transaction::~Transaction()
{
    if (!m_done) {
        try {
            m_db.exec("ROLLBACK");
        } catch (const SqliteError&) {
            // The transaction may already be gone (e.g. after SQLITE_FULL); nothing left to undo.
        }
    }
}

void Transaction::commit()
{
    m_db.exec("COMMIT");
    m_done = true;
}

} // namespace stackdeck::sql
