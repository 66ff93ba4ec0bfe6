#include "ingestkeys.h"

#include <QRandomGenerator>

#include <array>
#include <chrono>
#include <sqlite3.h>

namespace stackdeck::store {

namespace {

constexpr std::string_view kKeyPrefix = "ingest_key:";

std::string randomKey()
{
    std::array<quint32, 4> words {};
    QRandomGenerator::system()->fillRange(words.data(), words.size());
    static constexpr char kHex[] = "0123456789abcdef";
    std::string out;
    out.reserve(32);
    for (quint32 w : words) {
        for (int shift = 28; shift >= 0; shift -= 4)
            out += kHex[(w >> shift) & 0xf];
    }
    return out;
}

std::int64_t ensureProjectRow(sql::Database& db, const std::string& project)
{
    const auto now
        = std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::system_clock::now().time_since_epoch())
              .count();
    sql::Statement st(db,
        "INSERT INTO projects(name, created_at) VALUES(?1, ?2) "
        "ON CONFLICT(name) DO UPDATE SET name = name RETURNING id");
    st.bind(1, project).bind(2, static_cast<std::int64_t>(now));
    st.step();
    return st.int64(0);
}

std::optional<std::string> storedKey(sql::Database& db, const std::string& project)
{
    sql::Statement st(db, "SELECT value FROM meta WHERE key = ?1");
    st.bind(1, std::string(kKeyPrefix) + project);
    if (!st.step() || st.isNull(0))
        return std::nullopt;
    return st.text(0);
}

void storeKey(sql::Database& db, const std::string& project, const std::string& key)
{
    sql::Statement st(db, "INSERT OR REPLACE INTO meta(key, value) VALUES(?1, ?2)");
    st.bind(1, std::string(kKeyPrefix) + project).bind(2, key).run();
}

template <typename Fn> auto inTransaction(sql::Database& db, Fn fn)
{
    if (!sqlite3_get_autocommit(db.handle()))
        return fn();
    sql::Transaction tx(db);
    auto out = fn();
    tx.commit();
    return out;
}

} // namespace

IngestKey ensureIngestKey(sql::Database& db, const std::string& project)
{
    return inTransaction(db, [&] {
        IngestKey key;
        key.project = project;
        key.projectId = ensureProjectRow(db, project);
        if (auto stored = storedKey(db, project)) {
            key.publicKey = *stored;
        } else {
            key.publicKey = randomKey();
            storeKey(db, project, key.publicKey);
        }
        return key;
    });
}

IngestKey rotateIngestKey(sql::Database& db, const std::string& project)
{
    return inTransaction(db, [&] {
        IngestKey key;
        key.project = project;
        key.projectId = ensureProjectRow(db, project);
        key.publicKey = randomKey();
        storeKey(db, project, key.publicKey);
        return key;
    });
}

std::vector<IngestKey> ingestKeys(sql::Database& db)
{
    std::vector<IngestKey> out;
    sql::Statement st(db,
        "SELECT p.id, p.name, m.value FROM meta m JOIN projects p ON m.key = ?1 || p.name "
        "WHERE m.key >= ?1 AND m.key < ?2 ORDER BY p.id");
    st.bind(1, kKeyPrefix).bind(2, std::string("ingest_key;")); // ';' follows ':' in ASCII
    while (st.step())
        out.push_back(IngestKey {st.text(1), st.int64(0), st.text(2)});
    return out;
}

std::optional<IngestKey> ingestKeyForProject(sql::Database& db, std::int64_t projectId)
{
    for (IngestKey& key : ingestKeys(db)) {
        if (key.projectId == projectId)
            return std::move(key);
    }
    return std::nullopt;
}

} // namespace stackdeck::store
