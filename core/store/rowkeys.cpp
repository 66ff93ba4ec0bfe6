#include "rowkeys.h"

#include "util/hashing.h"

#include <algorithm>
#include <memory>
#include <sqlite3.h>

namespace stackdeck::store {

namespace {

constexpr std::string_view kMemo = "row_key_seed";

bool isSeed(std::string_view seed)
{
    if (seed.size() != 32)
        return false;
    for (const char c : seed) {
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')))
            return false;
    }
    return true;
}

int hexDigit(char c)
{
    return c <= '9' ? c - '0' : c - 'a' + 10;
}

void sqlRowKey(sqlite3_context* ctx, int argc, sqlite3_value** argv)
{
    if (argc != 2 || sqlite3_value_type(argv[0]) == SQLITE_NULL) {
        sqlite3_result_null(ctx);
        return;
    }
    const auto* text = reinterpret_cast<const char*>(sqlite3_value_text(argv[0]));
    const int textBytes = sqlite3_value_bytes(argv[0]);
    const auto* seed = reinterpret_cast<const char*>(sqlite3_value_text(argv[1]));
    const int seedBytes = sqlite3_value_bytes(argv[1]);
    if (!text) {
        sqlite3_result_error_nomem(ctx);
        return;
    }
    const std::string_view seedView = seed ? std::string_view(seed, std::size_t(seedBytes)) : std::string_view();
    sqlite3_result_int64(ctx, rowKey(seedView, std::string_view(text, std::size_t(textBytes))));
}

} // namespace

std::int64_t rowKey(std::string_view seed, std::string_view text)
{
    if (!isSeed(seed))
        seed = {};
    std::string input;
    input.reserve(seed.size() + 1 + text.size());
    input.append(seed).append(1, '\n').append(text);
    const std::string digest = md5Hex(input); // 32 lowercase hex digits
    std::uint64_t key = 0;
    for (std::size_t i = 0; i < 16; ++i)
        key = (key << 4) | static_cast<std::uint64_t>(hexDigit(digest[i]));
    return static_cast<std::int64_t>(key >> 1); // 63 bits: never negative
}

const std::string& rowKeySeed(sql::Database& db)
{
    static const std::string none;
    auto& memo = db.memo(kMemo);
    if (!memo) {
        auto& st = db.cached("SELECT value FROM meta WHERE key = 'row_key_seed'");
        const bool found = st.step() && !st.isNull(0);
        std::string seed = found ? st.text(0) : std::string();
        st.reset();
        if (!found)
            return none; // before schema 13: looked up again next time
        memo = std::make_shared<const std::string>(std::move(seed)); // it never changes once drawn
    }
    return *static_cast<const std::string*>(memo.get());
}

std::int64_t rowKey(sql::Database& db, std::string_view text)
{
    return rowKey(rowKeySeed(db), text);
}

std::string rowsWithKey(RowKeyKind kind, std::string_view keyExpression)
{
    const std::string k = std::to_string(static_cast<int>(kind));
    const std::string key(keyExpression);
    return "SELECT event_rowid FROM row_keys WHERE kind = " + k + " AND key = " + key
        + " UNION ALL SELECT event_rowid FROM row_keys_new WHERE kind = " + k + " AND key = " + key;
}

void NewRowKeys::add(std::int64_t eventRow, std::int64_t eventKey, std::optional<std::int64_t> traceKey)
{
    m_rows.push_back({static_cast<std::int64_t>(RowKeyKind::Event), eventKey, eventRow});
    if (traceKey)
        m_rows.push_back({static_cast<std::int64_t>(RowKeyKind::Trace), *traceKey, eventRow});
}

std::int64_t NewRowKeys::write(sql::Database& db)
{
    if (m_rows.empty())
        return 0;
    // Sorted, and kRowsPerStatement rows to a statement with bound integers:
    // through json_each a row cost 3.6 us, most of it reading the JSON back.
    std::sort(m_rows.begin(), m_rows.end());
    constexpr std::size_t kRowsPerStatement = 64;
    static const std::string many = [] {
        std::string sql = "INSERT INTO row_keys_new(kind, key, event_rowid) VALUES";
        for (std::size_t i = 0; i < kRowsPerStatement; ++i)
            sql += i == 0 ? "(?, ?, ?)" : ", (?, ?, ?)";
        return sql;
    }();
    std::size_t done = 0;
    while (done < m_rows.size()) {
        const std::size_t n = std::min(kRowsPerStatement, m_rows.size() - done);
        auto& insert = n == kRowsPerStatement
            ? db.cached(many)
            : db.cached("INSERT INTO row_keys_new(kind, key, event_rowid) VALUES(?, ?, ?)");
        const std::size_t statements = n == kRowsPerStatement ? 1 : n;
        for (std::size_t s = 0; s < statements; ++s) {
            const std::size_t rows = n == kRowsPerStatement ? n : 1;
            for (std::size_t r = 0; r < rows; ++r) {
                const auto& [kind, key, row] = m_rows[done + s + r];
                const int first = static_cast<int>(3 * r) + 1;
                insert.bind(first, kind).bind(first + 1, key).bind(first + 2, row);
            }
            insert.run();
        }
        done += n;
    }
    m_rows.clear();
    return static_cast<std::int64_t>(done);
}

void replaceTraceKey(
    sql::Database& db, std::int64_t eventRow, std::optional<std::int64_t> oldKey, std::optional<std::int64_t> newKey)
{
    if (oldKey == newKey)
        return;
    if (oldKey) {
        for (const char* table : {"row_keys", "row_keys_new"}) {
            auto& drop
                = db.cached(std::string("DELETE FROM ") + table + " WHERE kind = ?1 AND key = ?2 AND event_rowid = ?3");
            drop.bind(1, static_cast<int>(RowKeyKind::Trace)).bind(2, *oldKey).bind(3, eventRow).run();
        }
    }
    if (newKey) {
        auto& add = db.cached("INSERT OR IGNORE INTO row_keys_new(kind, key, event_rowid) VALUES(?1, ?2, ?3)");
        add.bind(1, static_cast<int>(RowKeyKind::Trace)).bind(2, *newKey).bind(3, eventRow).run();
    }
}

std::int64_t newRowKeyCount(sql::Database& db)
{
    return db.cached("SELECT count(*) FROM row_keys_new").scalarInt();
}

std::int64_t moveNewRowKeys(sql::Database& db)
{
    // In the small table's key order, so the large one is written leaf by leaf.
    db.cached("INSERT OR IGNORE INTO row_keys(kind, key, event_rowid) "
              "SELECT kind, key, event_rowid FROM row_keys_new ORDER BY kind, key, event_rowid")
        .run();
    db.cached("DELETE FROM row_keys_new").run();
    return db.changes();
}

bool registerRowKeyFunction(sqlite3* db)
{
    return sqlite3_create_function_v2(db, "stackdeck_key", 2, SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_DIRECTONLY,
               nullptr, &sqlRowKey, nullptr, nullptr, nullptr)
        == SQLITE_OK;
}

} // namespace stackdeck::store
