#include "rowkeys.h"

#include "util/hashing.h"

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

bool registerRowKeyFunction(sqlite3* db)
{
    return sqlite3_create_function_v2(db, "stackdeck_key", 2, SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_DIRECTONLY,
               nullptr, &sqlRowKey, nullptr, nullptr, nullptr)
        == SQLITE_OK;
}

} // namespace stackdeck::store
