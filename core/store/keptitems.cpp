#include "keptitems.h"

#include <map>

namespace stackdeck::store {

void encodeKeptPayload(KeptItemRow& row, std::string_view payload)
{
    row.rawSize = static_cast<std::int64_t>(payload.size());
    if (payload.size() >= 64) {
        std::string packed = lz4Compress(payload);
        if (packed.size() * 10 <= payload.size() * 9) {
            row.codec = PayloadCodec::Lz4;
            row.data = std::move(packed);
            return;
        }
    }
    row.codec = PayloadCodec::Plain;
    row.data.assign(payload);
}

void insertKeptItems(sql::Database& db, const std::vector<KeptItemRow>& rows, std::int64_t sourceId)
{
    if (rows.empty())
        return;
    // Prepared once per connection: the endpoint's writer calls this in every transaction.
    sql::Statement& project = db.cached("SELECT id FROM projects WHERE name = ?1");
    sql::Statement& insert = db.cached(
        "INSERT INTO kept_items(received_at, project_id, source_id, envelope_event_id, item_index, item_type, "
        "content_type, rejection, codec, raw_size, data) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)");
    std::map<std::string, std::int64_t> projectIds; // 0: no such project
    for (const KeptItemRow& row : rows) {
        auto known = projectIds.find(row.project);
        if (known == projectIds.end()) {
            project.reset();
            project.bind(1, row.project);
            known = projectIds.emplace(row.project, project.step() ? project.int64(0) : 0).first;
            project.reset();
        }
        insert.reset();
        insert.bind(1, row.receivedAt);
        if (known->second > 0)
            insert.bind(2, known->second);
        else
            insert.bindNull(2);
        if (sourceId > 0)
            insert.bind(3, sourceId);
        else
            insert.bindNull(3);
        insert.bindOrNull(4, row.envelopeEventId).bind(5, row.itemIndex).bind(6, row.itemType).bind(7, row.contentType);
        insert.bind(8, row.rejection);
        insert.bind(9, static_cast<int>(row.codec)).bind(10, row.rawSize).bindBlobNoCopy(11, row.data);
        insert.run();
    }
    insert.reset(); // the last row's blob was bound without a copy
}

KeptItemsTotals keptItemsTotals(sql::Database& db)
{
    sql::Statement st(db, "SELECT count(*), coalesce(sum(length(data)), 0) FROM kept_items");
    st.step();
    return {st.int64(0), st.int64(1)};
}

std::int64_t pruneKeptItems(sql::Database& db, const KeptItemsRetention& retention)
{
    const KeptItemsTotals totals = keptItemsTotals(db);
    if (totals.rows <= retention.maxRows && totals.bytes <= retention.maxBytes)
        return 0;
    // The newest rows within nine tenths of both caps stay; everything older goes.
    sql::Statement cut(db,
        "SELECT id FROM (SELECT id, row_number() OVER newest AS n, sum(length(data)) OVER newest AS bytes "
        "FROM kept_items WINDOW newest AS (ORDER BY id DESC)) WHERE n > ?1 OR bytes > ?2 ORDER BY id DESC LIMIT 1");
    cut.bind(1, retention.maxRows / 10 * 9).bind(2, retention.maxBytes / 10 * 9);
    if (!cut.step())
        return 0;
    const std::int64_t oldestGone = cut.int64(0);
    cut.reset();
    sql::Statement drop(db, "DELETE FROM kept_items WHERE id <= ?1");
    drop.bind(1, oldestGone).run();
    return db.changes();
}

Result<std::vector<KeptItem>> keptItems(sql::Database& db, const KeptItemsQuery& query)
{
    try {
        sql::Statement st(db,
            "SELECT k.id, k.received_at, coalesce(p.name, ''), coalesce(k.envelope_event_id, ''), k.item_index, "
            "k.item_type, k.content_type, k.rejection, k.raw_size, length(k.data) FROM kept_items k "
            "LEFT JOIN projects p ON p.id = k.project_id WHERE (?1 = 0 OR k.rejection IS NOT NULL) "
            "AND (?3 = 0 OR k.id = ?3) ORDER BY k.id DESC LIMIT ?2");
        st.bind(1, query.rejectedOnly ? 1 : 0).bind(2, query.limit).bind(3, query.id);
        std::vector<KeptItem> out;
        while (st.step()) {
            KeptItem item;
            item.id = st.int64(0);
            item.receivedAt = st.int64(1);
            item.project = st.text(2);
            item.envelopeEventId = st.text(3);
            item.itemIndex = static_cast<int>(st.int64(4));
            item.itemType = st.text(5);
            item.contentType = st.text(6);
            if (!st.isNull(7))
                item.rejection = st.text(7);
            item.rawSize = st.int64(8);
            item.storedSize = st.int64(9);
            out.push_back(std::move(item));
        }
        return out;
    } catch (const std::exception& e) {
        return Error {std::string("reading the kept items failed: ") + e.what()};
    }
}

Result<std::string> keptItemData(sql::Database& db, std::int64_t id)
{
    try {
        sql::Statement st(db, "SELECT codec, raw_size, data FROM kept_items WHERE id = ?1");
        st.bind(1, id);
        if (!st.step())
            return Error {"no kept item " + std::to_string(id)};
        const std::int64_t codec = st.int64(0);
        const std::int64_t rawSize = st.int64(1);
        if (codec < 0 || codec > static_cast<int>(PayloadCodec::Lz4) || rawSize < 0)
            return Error {"kept item " + std::to_string(id) + ": unknown codec or size"};
        auto data = decodePayload(static_cast<PayloadCodec>(codec), st.blob(2), static_cast<std::size_t>(rawSize));
        if (!data)
            return Error {"kept item " + std::to_string(id) + ": " + data.error().message};
        return std::move(*data);
    } catch (const std::exception& e) {
        return Error {std::string("reading the kept item failed: ") + e.what()};
    }
}

} // namespace stackdeck::store
