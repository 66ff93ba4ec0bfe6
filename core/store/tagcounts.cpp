#include "tagcounts.h"

#include <algorithm>
#include <cstdint>
#include <optional>
#include <sqlite3.h>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace stackdeck::store {

namespace {

// events.tag_ids as the writer stores it: a JSON array of integers. Anything
// else (a damaged row) counts no tag rather than a wrong one.
template <class Fn> void forEachTagId(std::string_view json, Fn&& fn)
{
    std::int64_t value = 0;
    bool inNumber = false;
    for (const char c : json) {
        if (c >= '0' && c <= '9') {
            if (value > (INT64_MAX - 9) / 10)
                return;
            value = value * 10 + (c - '0');
            inNumber = true;
        } else if (c == ',' || c == ']') {
            if (inNumber)
                fn(value);
            value = 0;
            inNumber = false;
        } else if (c != '[' && c != ' ') {
            return;
        }
    }
}

} // namespace

void TagCounts::add(std::int64_t issue, std::int64_t tag, Micros timestamp)
{
    Count& c = m_counts[Key {issue, tag}];
    if (c.count == 0) {
        c.first = c.last = timestamp;
    } else {
        c.first = std::min(c.first, timestamp);
        c.last = std::max(c.last, timestamp);
    }
    ++c.count;
}

void TagCounts::merge(TagCounts&& other)
{
    if (m_counts.empty()) {
        m_counts = std::move(other.m_counts);
        other.m_counts.clear();
        return;
    }
    for (const auto& [key, o] : other.m_counts) {
        Count& c = m_counts[key];
        if (c.count == 0) {
            c = o;
        } else {
            c.count += o.count;
            c.first = std::min(c.first, o.first);
            c.last = std::max(c.last, o.last);
        }
    }
    other.m_counts.clear();
}

void TagCounts::write(sql::Database& db)
{
    if (m_counts.empty())
        return;
    // In key order: each upsert lands next to the previous one in the b-tree.
    std::vector<std::pair<Key, Count>> rows(m_counts.begin(), m_counts.end());
    m_counts.clear();
    std::sort(rows.begin(), rows.end(), [](const auto& a, const auto& b) {
        return a.first.issue != b.first.issue ? a.first.issue < b.first.issue : a.first.tag < b.first.tag;
    });
    auto& upsert = db.cached("INSERT INTO issue_tags(issue_id, tag_id, count, first_seen, last_seen) "
                             "VALUES(?1, ?2, ?3, ?4, ?5) ON CONFLICT(issue_id, tag_id) DO UPDATE SET "
                             "count = count + excluded.count, first_seen = min(first_seen, excluded.first_seen), "
                             "last_seen = max(last_seen, excluded.last_seen)");
    for (const auto& [key, c] : rows) {
        upsert.reset();
        upsert.bind(1, key.issue).bind(2, key.tag).bind(3, c.count).bind(4, c.first).bind(5, c.last).run();
    }
}

std::optional<std::int64_t> tagCountsMark(sql::Database& db)
{
    auto& st = db.cached("SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'tag_counts_mark'");
    std::optional<std::int64_t> mark;
    if (st.step())
        mark = st.int64(0);
    st.reset();
    return mark;
}

std::int64_t newestEventRow(sql::Database& db)
{
    auto& st = db.cached("SELECT coalesce((SELECT max(id) FROM events), 0)");
    st.step();
    const std::int64_t newest = st.int64(0);
    st.reset();
    return newest;
}

void setTagCountsMark(sql::Database& db, std::int64_t row)
{
    db.cached("INSERT OR REPLACE INTO meta(key, value) VALUES('tag_counts_mark', ?1)")
        .bind(1, std::to_string(row))
        .run();
}

bool tagCountsBehind(sql::Database& db)
{
    const auto mark = tagCountsMark(db);
    return mark && *mark < newestEventRow(db);
}

std::int64_t catchUpTagCounts(sql::Database& db)
{
    const auto behind = [&db]() -> std::optional<std::pair<std::int64_t, std::int64_t>> {
        const auto mark = tagCountsMark(db);
        if (!mark)
            return std::nullopt;
        const std::int64_t newest = newestEventRow(db);
        if (*mark >= newest)
            return std::nullopt;
        return std::make_pair(*mark, newest);
    };
    auto range = behind();
    if (!range)
        return 0;
    std::optional<sql::Transaction> tx;
    if (sqlite3_get_autocommit(db.handle())) {
        tx.emplace(db); // the write lock, then a second look: another writer may have caught up
        range = behind();
        if (!range)
            return 0;
    }
    const auto [mark, newest] = *range;
    TagCounts counts;
    std::int64_t events = 0;
    auto& st = db.cached("SELECT issue_id, tag_ids, timestamp FROM events WHERE id > ?1 AND id <= ?2 "
                         "AND issue_id IS NOT NULL AND tag_ids IS NOT NULL");
    st.bind(1, mark).bind(2, newest);
    while (st.step()) {
        const std::int64_t issue = st.int64(0);
        const Micros timestamp = st.int64(2);
        forEachTagId(st.text(1), [&](std::int64_t tag) { counts.add(issue, tag, timestamp); });
        ++events;
    }
    st.reset();
    counts.write(db);
    setTagCountsMark(db, newest);
    if (tx)
        tx->commit();
    return events;
}

} // namespace stackdeck::store
