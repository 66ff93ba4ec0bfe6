#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <unordered_map>

struct sqlite3;
struct sqlite3_stmt;

namespace stackdeck::sql {

// The store boundary's error rule: store functions throw SqliteError when
// SQLite fails (std::runtime_error when a stored value is refused), and say in
// their return value only what is an ordinary answer (nullopt for "no such
// row", false for "nothing changed"). What may fail for reasons outside the
// database (Workspace::open, WriterLock::acquire) returns a Result instead.
// The jobs and facades above the store (importer/, regroup/, query/) catch
// at their boundary and hand the error on as a value (Result, a summary's
// fatalError); ui/ catches what it calls directly and shows or logs it.
class SqliteError : public std::runtime_error {
public:
    SqliteError(int code, const std::string& message)
        : std::runtime_error(message)
        , m_code(code)
    {
    }
    int code() const { return m_code; }

private:
    int m_code;
};

class Database;

// A prepared statement. Parameters are always bound, never spliced into SQL.
class Statement {
public:
    Statement() = default;
    Statement(Database& db, std::string_view sql);
    Statement(Statement&&) noexcept;
    Statement& operator=(Statement&&) noexcept;
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;
    ~Statement();

    // 1-based parameter index, as in SQLite.
    Statement& bind(int index, std::int64_t value);
    Statement& bind(int index, int value) { return bind(index, static_cast<std::int64_t>(value)); }
    Statement& bind(int index, double value);
    Statement& bind(int index, std::string_view text); // bound as TEXT, copied
    Statement& bind(int index, const std::string& text) { return bind(index, std::string_view(text)); }
    Statement& bind(int index, const char* text) { return bind(index, std::string_view(text)); }
    Statement& bindBlob(int index, std::span<const std::byte> blob);
    Statement& bindBlob(int index, std::string_view bytes);
    // Not copied: the bytes must stay alive and unchanged until the statement
    // is reset or bound again. For large values stepped right away (payloads).
    Statement& bindBlobNoCopy(int index, std::string_view bytes);
    Statement& bindTextNoCopy(int index, std::string_view text);
    Statement& bindNull(int index);
    template <typename T> Statement& bind(int index, const std::optional<T>& value)
    {
        return value ? bind(index, *value) : bindNull(index);
    }
    // Empty strings become NULL: for optional text columns.
    Statement& bindOrNull(int index, std::string_view text)
    {
        return text.empty() ? bindNull(index) : bind(index, text);
    }

    // true while a row is available; false when done.
    bool step();
    // Runs to completion (for statements that return no rows).
    void run();
    void reset(); // reset + clear bindings
    // Steps once and returns column 0 as an integer (0 when there is no row),
    // then resets: for "one number from a query".
    std::int64_t scalarInt();

    bool isNull(int column) const;
    std::int64_t int64(int column) const;
    double real(int column) const;
    std::string text(int column) const;
    std::string_view textView(int column) const; // valid until the next step/reset
    std::string_view blob(int column) const;
    int columnCount() const;

    sqlite3_stmt* handle() const { return m_stmt; }

private:
    void check(int rc) const;
    Database* m_db = nullptr;
    sqlite3_stmt* m_stmt = nullptr;
};

// A workspace file is untrusted input (case files come from others): no
// function a stored schema names (views, triggers, defaults, indexes) runs
// unless SQLite marks it innocuous, and no SQL can corrupt the file on purpose
// (writable_schema, shadow tables of FTS5, sqlite_dbpage). False when SQLite
// refused: the connection must not be used then.
bool hardenConnection(sqlite3* db);

class Database {
public:
    enum class Mode { ReadWrite, ReadOnly };

    // Opens (and creates, in ReadWrite mode) a database file; ":memory:" works too.
    // A new file is created 0600 (the owner only: events hold cookies and auth
    // headers); SQLite gives its -wal and -shm files the same permissions.
    // Every connection is hardened (hardenConnection).
    explicit Database(const std::string& path, Mode mode = Mode::ReadWrite);
    Database(const Database&) = delete;
    Database& operator=(const Database&) = delete;
    ~Database();

    void exec(std::string_view sql);
    // A statement prepared once per connection and reused; reset before it is handed out.
    Statement& cached(std::string_view sql);
    std::int64_t lastInsertRowId() const;
    int changes() const;
    // Aborts running queries from another thread (the GUI's cancel).
    void interrupt();

    sqlite3* handle() const { return m_db; }
    const std::string& path() const { return m_path; }
    [[noreturn]] void fail(int rc, std::string_view context) const;

    // Something a caller derived from this connection's data and keeps for
    // as long as the connection lives, under its own key (for instance the
    // prepared payload dictionaries); the caller checks it is still current.
    std::shared_ptr<const void>& memo(std::string_view key) { return m_memos[std::string(key)]; }

private:
    // Found by a string_view, with no string made for the lookup: the writer
    // asks for a cached statement a few dozen times per event.
    struct TextHash {
        using is_transparent = void;
        std::size_t operator()(std::string_view text) const { return std::hash<std::string_view> {}(text); }
    };

    sqlite3* m_db = nullptr;
    std::string m_path;
    std::unordered_map<std::string, std::unique_ptr<Statement>, TextHash, std::equal_to<>> m_cache;
    std::unordered_map<std::string, std::shared_ptr<const void>> m_memos;
};

// BEGIN IMMEDIATE on construction, ROLLBACK on destruction unless committed.
class Transaction {
public:
    explicit Transaction(Database& db);
    Transaction(const Transaction&) = delete;
    Transaction& operator=(const Transaction&) = delete;
    ~Transaction();
    void commit();

private:
    Database& m_db;
    bool m_done = false;
};

} // namespace stackdeck::sql
