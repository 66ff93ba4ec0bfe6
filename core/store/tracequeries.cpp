#include "tracequeries.h"

#include "rowkeys.h"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <variant>

namespace stackdeck::store {

namespace {

using Param = std::variant<std::int64_t, std::string>;

struct Where {
    std::string sql;
    std::vector<Param> params;

    void add(const std::string& clause) { sql += (sql.empty() ? " WHERE " : " AND ") + clause; }
    std::string next(Param p)
    {
        params.push_back(std::move(p));
        return "?" + std::to_string(params.size());
    }
};

std::string likeEscaped(const std::string& text)
{
    std::string out;
    for (char c : text) {
        if (c == '%' || c == '_' || c == '\\')
            out += '\\';
        out += c;
    }
    return out;
}

void inArray(Where& w, const char* column, const std::vector<std::string>& values)
{
    for (const std::string& v : values)
        w.add(std::string("EXISTS (SELECT 1 FROM json_each(") + column + ") WHERE value = " + w.next(v) + ")");
}

std::size_t characters(const std::string& text)
{
    std::size_t n = 0;
    for (const char c : text)
        n += (static_cast<unsigned char>(c) & 0xC0) != 0x80 ? 1 : 0;
    return n;
}

// The search-index query that narrows the rows to those whose text holds every
// word, service, op and project of the filter (trigrams: a case-insensitive
// substring, so a superset of what the exact clauses then keep). Terms under
// three characters have no trigram and are left to the exact clauses; empty
// when no term is left.
std::string searchQuery(const trace::TraceFilter& f)
{
    std::string out;
    auto add = [&](const char* column, const std::string& value) {
        if (characters(value) < 3)
            return;
        std::string phrase;
        for (const char c : value)
            phrase += c == '"' ? std::string("\"\"") : std::string(1, c);
        out += (out.empty() ? "" : " AND ") + std::string(column) + " : \"" + phrase + "\"";
    };
    for (const std::string& w : f.words)
        add("name", w);
    for (const std::string& v : f.services)
        add("services", v);
    for (const std::string& v : f.ops)
        add("ops", v);
    for (const std::string& v : f.projects)
        add("projects", v);
    return out;
}

// How a page is read.
enum class Plan {
    Walk, // the list's order (its index), each row tested, until a page matched
    Bounded, // the same through the newest kWalkBudget rows only
    Search, // the rows the search index matches, sorted
};

// Rows a bounded walk reads before the search index takes over: matches that
// are common (one in two hundred) fill a page within it, in a few ms; rarer
// ones are found through the index, whose cost follows the sizes of the
// trigram lists, not the table's order.
constexpr std::int64_t kWalkBudget = 20000;

// The filter's clauses on `traces` (the bounded walk applies them to its
// window), the cursor's included. `query` is the search-index query, for Search.
Where whereOf(const TraceListOptions& o, Plan plan, const std::string& query)
{
    Where w;
    const trace::TraceFilter& f = o.filter;
    if (!f.traceId.empty()) {
        // A prefix of lowercase hex: a range of the primary key.
        w.add("trace_id >= " + w.next(f.traceId) + " AND trace_id < " + w.next(f.traceId + "g"));
    }
    if (plan == Plan::Search)
        w.add("id IN (SELECT rowid FROM trace_search WHERE trace_search MATCH " + w.next(query) + ")");
    inArray(w, "ops", f.ops);
    inArray(w, "services", f.services);
    inArray(w, "projects", f.projects);
    if (f.hasError)
        w.add(*f.hasError ? "error_count > 0" : "error_count = 0");
    if (f.minDuration)
        w.add("duration_us >= " + w.next(*f.minDuration));
    if (f.maxDuration)
        w.add("duration_us <= " + w.next(*f.maxDuration));
    for (const std::string& word : f.words)
        w.add("root_name LIKE '%' || " + w.next(likeEscaped(word)) + " || '%' ESCAPE '\\'");
    return w;
}

std::vector<std::string> stringsOf(std::string_view json)
{
    std::vector<std::string> out;
    const auto doc = nlohmann::json::parse(json, nullptr, false);
    if (!doc.is_array())
        return out;
    for (const auto& v : doc) {
        if (v.is_string())
            out.push_back(v.get<std::string>());
    }
    return out;
}

} // namespace

namespace {

std::vector<trace::TraceSummary> readPage(
    sql::Database& db, const TraceListOptions& o, Plan plan, const std::string& query)
{
    Where w = whereOf(o, plan, query);
    const char* key = o.sort == TraceSort::Duration ? "duration_us" : "start_us";
    std::string cursor;
    if (o.after) {
        const std::string v = w.next(o.after->value);
        const std::string id = w.next(o.after->traceId);
        cursor = std::string("(") + key + " < " + v + " OR (" + key + " = " + v + " AND trace_id > " + id + "))";
    }
    std::string from = "traces";
    std::string where = w.sql;
    if (plan == Plan::Bounded) {
        // The window: the next kWalkBudget rows in the list's order.
        from = "(SELECT * FROM traces" + (cursor.empty() ? std::string() : " WHERE " + cursor) + " ORDER BY " + key
            + " DESC, trace_id LIMIT " + w.next(kWalkBudget) + ") AS traces";
    } else if (!cursor.empty()) {
        where += (where.empty() ? " WHERE " : " AND ") + cursor;
    }
    // Through the search index the matches are sorted (the unary + keeps
    // SQLite from walking the order's index instead); otherwise that index
    // gives the order.
    const std::string order = std::string(plan == Plan::Search ? "+" : "") + key;
    const std::string limit = w.next(static_cast<std::int64_t>(o.limit));
    sql::Statement st(db,
        "SELECT trace_id, root_name, root_op, root_event_id, start_us, duration_us, span_count, error_count, "
        "event_count, services, projects, ops, flags | CASE WHEN EXISTS (SELECT 1 FROM trace_stale s WHERE "
        "s.trace_id = traces.trace_id) OR EXISTS (SELECT 1 FROM events e WHERE e.id IN ("
            + rowsWithKey(RowKeyKind::Trace,
                "stackdeck_key(traces.trace_id, (SELECT value FROM meta WHERE key = 'row_key_seed'))")
            + ") AND e.trace_id = traces.trace_id AND e.id > "
              "coalesce((SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'trace_mark'), 0)) THEN "
            + std::to_string(static_cast<int>(trace::Pending)) + " ELSE 0 END FROM " + from + where + " ORDER BY "
            + order + " DESC, trace_id LIMIT " + limit);
    for (std::size_t i = 0; i < w.params.size(); ++i) {
        const int index = static_cast<int>(i) + 1;
        if (const auto* n = std::get_if<std::int64_t>(&w.params[i]))
            st.bind(index, *n);
        else
            st.bind(index, std::get<std::string>(w.params[i]));
    }
    std::vector<trace::TraceSummary> out;
    while (st.step()) {
        trace::TraceSummary t;
        t.traceId = st.text(0);
        t.rootName = st.text(1);
        t.rootOp = st.text(2);
        t.rootEventId = st.isNull(3) ? std::string() : st.text(3);
        t.start = st.int64(4);
        t.duration = st.int64(5);
        t.spanCount = st.int64(6);
        t.errorCount = st.int64(7);
        t.eventCount = st.int64(8);
        t.services = stringsOf(st.textView(9));
        t.projects = stringsOf(st.textView(10));
        t.ops = stringsOf(st.textView(11));
        t.flags = static_cast<std::uint32_t>(st.int64(12));
        out.push_back(std::move(t));
    }
    return out;
}

} // namespace

std::vector<trace::TraceSummary> listTraces(sql::Database& db, const TraceListOptions& o)
{
    // A trace id prefix is a key range, and a filter without text terms has
    // nothing the search index could narrow: walk the order. With text terms,
    // a bounded walk first (common matches), then the index (rare ones).
    const std::string query = o.filter.traceId.empty() ? searchQuery(o.filter) : std::string();
    if (query.empty())
        return readPage(db, o, Plan::Walk, query);
    auto page = readPage(db, o, Plan::Bounded, query);
    if (static_cast<int>(page.size()) >= o.limit)
        return page;
    return readPage(db, o, Plan::Search, query);
}

std::int64_t countTraces(sql::Database& db)
{
    return db.cached("SELECT count(*) FROM traces").scalarInt();
}

std::vector<SpanNote> spanNotesOfTrace(sql::Database& db, const std::string& traceId)
{
    auto& st = db.cached("SELECT n.span_id, n.event_id, n.text, coalesce(n.author, ''), n.created_at FROM events e "
                         "JOIN notes n ON n.project_id = e.project_id AND n.event_id = e.event_id WHERE e.id IN ("
        + rowsWithKey(RowKeyKind::Trace, "?2")
        + ") AND e.trace_id = ?1 AND n.target = 'span' AND n.span_id IS NOT NULL ORDER BY n.created_at, n.id");
    st.bind(1, traceId).bind(2, rowKey(db, traceId));
    std::vector<SpanNote> out;
    while (st.step())
        out.push_back({st.text(0), st.text(1), st.text(2), st.text(3), st.int64(4)});
    st.reset();
    return out;
}

} // namespace stackdeck::store
