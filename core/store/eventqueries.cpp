#include "eventqueries.h"

#include "formats/jsonaccess.h"
#include "payloaddictrows.h"
#include "rowkeys.h"
#include "util/payloadcodec.h"

#include <algorithm>

namespace stackdeck::store {

namespace {
constexpr std::string_view kEventColumns
    = "e.id, e.event_id, e.issue_id, p.name, e.timestamp, e.type, e.level, e.platform, e.title, e.message, "
      "e.release, e.environment, e.trace_id, e.transaction_name, e.duration_us, e.primary_hash";

EventRow readEvent(const sql::Statement& st)
{
    EventRow e;
    e.row = EventRowId(st.int64(0));
    e.eventId = st.text(1);
    if (!st.isNull(2))
        e.issue = IssueId(st.int64(2));
    e.project = st.text(3);
    e.timestamp = st.int64(4);
    e.type = static_cast<EventType>(std::clamp<std::int64_t>(st.int64(5), 0, static_cast<int>(EventType::Segment)));
    e.level = static_cast<Level>(std::clamp<std::int64_t>(st.int64(6), 0, 4));
    e.platform = st.text(7);
    e.title = st.text(8);
    e.message = st.text(9);
    e.release = st.text(10);
    e.environment = st.text(11);
    e.traceId = st.text(12);
    e.transaction = st.text(13);
    if (!st.isNull(14))
        e.durationUs = st.int64(14);
    e.primaryHash = st.text(15);
    return e;
}

std::string selectEvents()
{
    std::string sql = "SELECT ";
    sql += kEventColumns;
    sql += " FROM events e JOIN projects p ON p.id = e.project_id";
    return sql;
}

std::optional<EventRow> single(sql::Database& db, const std::string& sql, auto&&... binds)
{
    auto& st = db.cached(sql);
    int index = 1;
    (st.bind(index++, binds), ...);
    std::optional<EventRow> out;
    if (st.step())
        out = readEvent(st);
    st.reset();
    return out;
}
} // namespace

std::vector<EventRow> listEvents(sql::Database& db, const EventListRequest& request)
{
    std::string sql = selectEvents() + " WHERE 1";
    if (request.issue)
        sql += " AND e.issue_id = ?";
    if (request.traceId)
        sql += " AND e.id IN (" + rowsWithKey(RowKeyKind::Trace, "?") + ") AND e.trace_id = ?";
    if (request.transactionsOnly)
        sql += " AND e.type IN (2, 9)";
    const char* cmp = request.newestFirst ? "<" : ">";
    const char* dir = request.newestFirst ? "DESC" : "ASC";
    if (request.after)
        sql += std::string(" AND (e.timestamp ") + cmp + " ? OR (e.timestamp = ? AND e.id " + cmp + " ?))";
    sql += std::string(" ORDER BY e.timestamp ") + dir + ", e.id " + dir + " LIMIT ?";
    sql::Statement st(db, sql);
    int index = 1;
    if (request.issue)
        st.bind(index++, request.issue->value);
    if (request.traceId) {
        const std::int64_t key = rowKey(db, *request.traceId);
        st.bind(index++, key); // rowsWithKey names it twice
        st.bind(index++, key);
        st.bind(index++, *request.traceId);
    }
    if (request.after) {
        st.bind(index++, request.after->first);
        st.bind(index++, request.after->first);
        st.bind(index++, request.after->second);
    }
    st.bind(index, std::max(1, request.limit));
    std::vector<EventRow> out;
    while (st.step())
        out.push_back(readEvent(st));
    return out;
}

std::int64_t countEvents(sql::Database& db, std::optional<IssueId> issue)
{
    if (issue) {
        auto& st = db.cached("SELECT count(*) FROM events WHERE issue_id = ?1");
        return st.bind(1, issue->value).scalarInt();
    }
    return db.cached("SELECT count(*) FROM events").scalarInt();
}

std::int64_t newestEventRow(sql::Database& db)
{
    return db.cached("SELECT coalesce((SELECT max(id) FROM events), 0)").scalarInt();
}

std::optional<EventRow> eventByEventId(sql::Database& db, const std::string& eventId)
{
    std::string id = json::normalizeUuid(eventId);
    if (id.empty())
        id = eventId;
    return single(db,
        selectEvents() + " WHERE e.id IN (" + rowsWithKey(RowKeyKind::Event, "?2")
            + ") AND e.event_id = ?1 ORDER BY e.id LIMIT 1",
        id, rowKey(db, id));
}

std::optional<EventRow> eventByRow(sql::Database& db, EventRowId row)
{
    return single(db, selectEvents() + " WHERE e.id = ?1", row.value);
}

Result<StoredPayload> loadPayload(sql::Database& db, EventRowId row)
{
    auto& st
        = db.cached("SELECT item_type, codec, raw_size, data, content_type FROM event_payloads WHERE event_rowid = ?1");
    st.bind(1, row.value);
    if (!st.step()) {
        st.reset();
        return Error {"no stored payload for event row " + std::to_string(row.value)};
    }
    StoredPayload out;
    out.itemType = st.text(0);
    out.contentType = st.text(4);
    const auto codec = static_cast<PayloadCodec>(st.int64(1));
    const auto rawSize = static_cast<std::size_t>(std::max<std::int64_t>(0, st.int64(2)));
    const auto dicts = payloadDictsFor(db, codec);
    auto decoded = decodePayload(codec, st.blob(3), rawSize, dicts.get());
    st.reset();
    if (!decoded) {
        auto& id = db.cached("SELECT event_id FROM events WHERE id = ?1");
        id.bind(1, row.value);
        const std::string which = id.step() ? "event " + id.text(0) : "event row " + std::to_string(row.value);
        id.reset();
        return Error {"the stored original of " + which + ": " + decoded.error().message};
    }
    out.json = std::move(decoded).value();
    return out;
}

std::int64_t eventPositionInIssue(sql::Database& db, const EventRow& event)
{
    if (!event.issue.isValid())
        return 0;
    auto& st = db.cached("SELECT count(*) FROM events WHERE issue_id = ?1 AND (timestamp < ?2 OR (timestamp = ?2 AND "
                         "id <= ?3))");
    return st.bind(1, event.issue.value).bind(2, event.timestamp).bind(3, event.row.value).scalarInt();
}

std::optional<EventRow> adjacentEventInIssue(sql::Database& db, const EventRow& event, bool newer)
{
    if (!event.issue.isValid())
        return std::nullopt;
    const std::string where = newer
        ? " WHERE e.issue_id = ?1 AND (e.timestamp > ?2 OR (e.timestamp = ?2 AND e.id > ?3)) ORDER BY e.timestamp, e.id"
        : " WHERE e.issue_id = ?1 AND (e.timestamp < ?2 OR (e.timestamp = ?2 AND e.id < ?3)) ORDER BY e.timestamp "
          "DESC, "
          "e.id DESC";
    return single(db, selectEvents() + where + " LIMIT 1", event.issue.value, event.timestamp, event.row.value);
}

std::optional<EventRow> boundaryEventInIssue(sql::Database& db, IssueId issue, bool latest)
{
    const std::string order = latest ? " ORDER BY e.timestamp DESC, e.id DESC" : " ORDER BY e.timestamp, e.id";
    return single(db, selectEvents() + " WHERE e.issue_id = ?1" + order + " LIMIT 1", issue.value);
}

} // namespace stackdeck::store
