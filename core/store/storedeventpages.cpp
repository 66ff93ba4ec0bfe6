#include "storedeventpages.h"

#include <algorithm>

namespace stackdeck::store {

namespace {

// Shared by the count and the page query: bound parameters select the project and the types.
constexpr const char* kFilter = "(?2 = '' OR p.name = ?2) AND (?3 = 0 OR e.type NOT IN (2, 8, 9))";
constexpr const char* kColumns
    = "SELECT e.id, e.issue_id, p.name, e.event_id, e.timestamp, pl.item_type, pl.content_type, pl.codec, pl.raw_size, "
      "pl.data, coalesce(e.hashes, ''), coalesce(e.title, ''), coalesce(e.culprit, '') FROM events e "
      "JOIN projects p ON p.id = e.project_id JOIN event_payloads pl ON pl.event_rowid = e.id ";

std::string pageQuery(bool listed)
{
    return std::string(kColumns)
        + (listed ? "WHERE e.id IN (SELECT value FROM json_each(?1)) AND " : "WHERE e.id > ?1 AND ") + kFilter
        + " ORDER BY e.id LIMIT ?4";
}

StoredEventRow readRow(sql::Statement& page)
{
    StoredEventRow r;
    r.row = EventRowId(page.int64(0));
    r.issue = page.isNull(1) ? IssueId() : IssueId(page.int64(1));
    r.project = page.text(2);
    r.eventId = page.text(3);
    r.timestamp = page.int64(4);
    r.itemType = page.text(5);
    r.contentType = page.text(6);
    r.codec = static_cast<PayloadCodec>(page.int64(7));
    r.rawSize = static_cast<std::size_t>(std::max<std::int64_t>(0, page.int64(8)));
    r.data = std::string(page.blob(9));
    r.storedHashes = page.text(10);
    r.storedTitle = page.text(11);
    r.storedCulprit = page.text(12);
    return r;
}

} // namespace

StoredEventPages::StoredEventPages(
    sql::Database& db, std::string project, bool errorsOnly, std::shared_ptr<const std::vector<std::int64_t>> onlyRows)
    : m_db(db)
    , m_project(std::move(project))
    , m_errorsOnly(errorsOnly ? 1 : 0)
    , m_onlyRows(std::move(onlyRows))
    , m_page(db, pageQuery(m_onlyRows != nullptr))
{
}

std::int64_t StoredEventPages::count()
{
    if (m_onlyRows)
        return static_cast<std::int64_t>(m_onlyRows->size());
    sql::Statement count(m_db,
        std::string("SELECT count(*) FROM events e JOIN projects p ON p.id = e.project_id WHERE ?1 = ?1 AND ")
            + kFilter);
    count.bind(1, std::int64_t {0}).bind(2, m_project).bind(3, m_errorsOnly);
    count.step();
    return count.int64(0);
}

bool StoredEventPages::next(std::vector<StoredEventRow>& out, int limit)
{
    if (m_done)
        return false;
    m_page.reset();
    if (m_onlyRows) {
        const std::size_t end = std::min(m_onlyRows->size(), m_listed + static_cast<std::size_t>(limit));
        std::string ids = "[";
        for (std::size_t i = m_listed; i < end; ++i)
            ids += (i > m_listed ? "," : "") + std::to_string((*m_onlyRows)[i]);
        ids += ']';
        m_listed = end;
        m_page.bind(1, ids);
    } else {
        m_page.bind(1, m_last);
    }
    m_page.bind(2, m_project).bind(3, m_errorsOnly).bind(4, limit);
    std::size_t read = 0;
    while (m_page.step()) {
        out.push_back(readRow(m_page));
        m_last = out.back().row.value;
        ++read;
    }
    m_page.reset();
    m_done = m_onlyRows ? m_listed >= m_onlyRows->size() : read < static_cast<std::size_t>(limit);
    return read > 0 || !m_done;
}

} // namespace stackdeck::store
