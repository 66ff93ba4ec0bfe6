#include "tagcounts.h"

#include "eventqueries.h"

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

std::uint64_t mixKey(std::int64_t issue, std::int64_t tag)
{
    std::uint64_t h = static_cast<std::uint64_t>(issue) * 0x9E3779B97F4A7C15ULL ^ static_cast<std::uint64_t>(tag);
    h ^= h >> 31;
    h *= 0xBF58476D1CE4E5B9ULL;
    return h ^ (h >> 29);
}

} // namespace

TagCounts::Slot& TagCounts::slotFor(std::int64_t issue, std::int64_t tag)
{
    if (2 * (m_size + 1) > m_slots.size())
        grow();
    const std::size_t mask = m_slots.size() - 1;
    for (std::size_t i = mixKey(issue, tag) & mask;; i = (i + 1) & mask) {
        Slot& s = m_slots[i];
        if (s.count == 0) {
            s.issue = issue;
            s.tag = tag;
            ++m_size;
            return s;
        }
        if (s.issue == issue && s.tag == tag)
            return s;
    }
}

void TagCounts::grow()
{
    std::vector<Slot> old(std::max<std::size_t>(1024, m_slots.size() * 2));
    old.swap(m_slots);
    const std::size_t mask = m_slots.size() - 1;
    for (const Slot& s : old) {
        if (s.count == 0)
            continue;
        std::size_t i = mixKey(s.issue, s.tag) & mask;
        while (m_slots[i].count != 0)
            i = (i + 1) & mask;
        m_slots[i] = s;
    }
}

void TagCounts::clear()
{
    if (m_size != 0)
        std::fill(m_slots.begin(), m_slots.end(), Slot {});
    m_size = 0;
}

void TagCounts::add(std::int64_t issue, std::int64_t tag, Micros timestamp)
{
    Slot& c = slotFor(issue, tag);
    if (c.count == 0) {
        c.first = c.last = timestamp;
    } else {
        c.first = std::min(c.first, timestamp);
        c.last = std::max(c.last, timestamp);
    }
    ++c.count;
}

void TagCounts::write(sql::Database& db)
{
    if (m_size == 0)
        return;
    // In key order: each upsert lands next to the previous one in the b-tree.
    std::vector<Slot> rows;
    rows.reserve(m_size);
    for (const Slot& s : m_slots) {
        if (s.count != 0)
            rows.push_back(s);
    }
    clear();
    std::sort(rows.begin(), rows.end(),
        [](const Slot& a, const Slot& b) { return a.issue != b.issue ? a.issue < b.issue : a.tag < b.tag; });
    auto& upsert = db.cached("INSERT INTO issue_tags(issue_id, tag_id, count, first_seen, last_seen) "
                             "VALUES(?1, ?2, ?3, ?4, ?5) ON CONFLICT(issue_id, tag_id) DO UPDATE SET "
                             "count = count + excluded.count, first_seen = min(first_seen, excluded.first_seen), "
                             "last_seen = max(last_seen, excluded.last_seen)");
    for (const Slot& r : rows) {
        upsert.reset();
        upsert.bind(1, r.issue).bind(2, r.tag).bind(3, r.count).bind(4, r.first).bind(5, r.last).run();
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

std::int64_t eventsNotInTagCounts(sql::Database& db)
{
    const auto mark = tagCountsMark(db);
    if (!mark)
        return 0;
    return db.cached("SELECT count(*) FROM events WHERE id > ?1").bind(1, *mark).scalarInt();
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
