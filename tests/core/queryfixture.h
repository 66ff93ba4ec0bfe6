#pragma once

// A small workspace for the query tests, written through the real write path
// (store::EventWriter), with issues chosen so that every search construct
// selects a known subset. Shared by tst_querysql and tst_facets.

#include "model/timestamp.h"
#include "store/eventwriter.h"
#include "store/workspace.h"

#include <QStringList>
#include <QTemporaryDir>
#include <QTest>

#include <map>
#include <memory>
#include <string>

namespace stackdeck::test {

// 2024-06-01T00:00:00Z: what the searches take as "now".
constexpr Micros kQueryNow = 1'717'200'000'000'000LL;
constexpr Micros kHourUs = 3'600'000'000LL;
constexpr Micros kDayUs = 24 * kHourUs;

struct FixtureEvent {
    std::string label; // names the issue (one hash per label)
    std::string project;
    Level level = Level::Error;
    Micros timestamp = 0;
    std::string title;
    std::string message; // the search body text
    std::string frames; // frame functions / modules / files text
    std::string release;
    std::string environment;
    std::string user;
    Pairs extraTags; // the event's own tags (browser, os.name, customer, url, ...)
};

class QueryFixture {
public:
    bool open()
    {
        if (!m_dir.isValid())
            return false;
        auto ws = store::Workspace::open(m_dir.filePath(QStringLiteral("query.stackdeck")).toStdString());
        if (!ws)
            return false;
        m_workspace = std::move(*ws);
        return true;
    }

    sql::Database& db() { return m_workspace->db(); }

    void write(const std::vector<FixtureEvent>& events)
    {
        store::EventWriter writer(db());
        PreparedBatch batch;
        for (const FixtureEvent& e : events)
            batch.events.push_back(prepare(e));
        writer.writeBatch(batch);
        auto& st = db().cached("SELECT id FROM issues WHERE primary_hash = ?1");
        for (const FixtureEvent& e : events) {
            st.reset();
            st.bind(1, hashOf(e.label));
            if (st.step())
                m_ids[e.label] = st.int64(0);
        }
        st.reset();
    }

    // Triage state the importer never writes.
    void exec(const std::string& sql) { db().exec(sql); }
    std::int64_t id(const std::string& label) const { return m_ids.at(label); }
    QString label(std::int64_t id) const
    {
        for (const auto& [l, i] : m_ids) {
            if (i == id)
                return QString::fromStdString(l);
        }
        return QStringLiteral("?%1").arg(id);
    }
    QStringList allLabels() const
    {
        QStringList out;
        for (const auto& entry : m_ids)
            out << QString::fromStdString(entry.first);
        out.sort();
        return out;
    }

private:
    static std::string hashOf(const std::string& label) { return "hash-" + label; }

    PreparedEvent prepare(const FixtureEvent& e)
    {
        PreparedEvent p;
        p.project = e.project;
        char id[33];
        std::snprintf(id, sizeof id, "%032llx", static_cast<unsigned long long>(++m_events));
        p.eventId = id;
        p.type = EventType::Error;
        p.level = e.level;
        p.timestamp = e.timestamp;
        p.title = e.title;
        p.culprit = "app." + e.label;
        p.message = e.message;
        p.issueType = "error";
        p.release = e.release;
        p.environment = e.environment;
        p.userKey = e.user;
        p.hashes = {hashOf(e.label)};
        // What eventpreparer derives, in its order: the event's tags first.
        p.tags = e.extraTags;
        p.tags.emplace_back("level", std::string(levelName(e.level)));
        if (!e.environment.empty())
            p.tags.emplace_back("environment", e.environment);
        if (!e.release.empty())
            p.tags.emplace_back("release", e.release);
        if (!e.user.empty())
            p.tags.emplace_back("user", e.user);
        p.searchTexts.emplace_back(e.title, std::string());
        if (!e.message.empty())
            p.searchTexts.emplace_back(std::string(), e.message);
        if (!e.frames.empty())
            p.searchTexts.emplace_back(std::string(), e.frames);
        p.payload = "{}";
        p.rawSize = 2;
        return p;
    }

    QTemporaryDir m_dir;
    std::unique_ptr<store::Workspace> m_workspace;
    std::map<std::string, std::int64_t> m_ids;
    std::uint64_t m_events = 0;
};

// The issues every query test runs against (labels in brackets):
//  reset     backend  error   prod     1.2.0     Chrome/Linux  tenant-4  3 events, 2 users, 1h..10d ago
//  typeerr   frontend error   staging  1.2.1     Firefox       tenant-7  3 days ago
//  slow      backend  warning prod     "1.2 beta" Chrome              12 events, resolved, 20 days ago
//  oom       backend  fatal   prod     2.0.0                          ignored, alice, bookmarked, 2024-05-01
//  inject    frontend info    dev      1.3.0                          SQL and quotes in its texts
//  keyerror  worker   error   (none)   (none)                         no release/environment/user
//  ftssyntax worker   debug   dev      1.3.0                          FTS syntax in its title
//  connector frontend error   prod     1.2.0     Safari              diacritics, 2 days ago
inline std::vector<FixtureEvent> standardEvents()
{
    const Micros now = kQueryNow;
    std::vector<FixtureEvent> out;
    auto add = [&](FixtureEvent e) { out.push_back(std::move(e)); };
    const Pairs resetTags
        = {{"browser", "Chrome"}, {"os.name", "Linux"}, {"customer", "tenant-4"}, {"url", "https://x/y"}};
    add({"reset", "backend", Level::Error, now - 10 * kDayUs, "ConnectionResetError: connection reset by peer",
        "ConnectionResetError: connection reset by peer", "socket_read net/socket.py net.socket", "1.2.0", "production",
        "u1", resetTags});
    add({"reset", "backend", Level::Error, now - 5 * kDayUs, "ConnectionResetError: connection reset by peer",
        "ConnectionResetError: connection reset by peer", "socket_read net/socket.py net.socket", "1.2.0", "production",
        "u2", resetTags});
    add({"reset", "backend", Level::Error, now - kHourUs, "ConnectionResetError: connection reset by peer",
        "ConnectionResetError: connection reset by peer", "socket_read net/socket.py net.socket", "1.2.0", "production",
        "u1", resetTags});
    add({"typeerr", "frontend", Level::Error, now - 3 * kDayUs, "TypeError: undefined is not a function",
        "TypeError: undefined is not a function", "render app.js", "1.2.1", "staging", "u3",
        {{"browser", "Firefox"}, {"os.name", "Windows"}, {"customer", "tenant-7"}}});
    for (int i = 0; i < 12; ++i)
        add({"slow", "backend", Level::Warning, now - 20 * kDayUs - i * kHourUs, "Warning: slow query",
            "slow query took 12s", "", "1.2 beta", "production", "", {{"browser", "Chrome"}}});
    add({"oom", "backend", Level::Fatal, 1'714'559'400'000'000LL /* 2024-05-01T10:30Z */, "Fatal: out of memory",
        "MemoryError: out of memory", "", "2.0.0", "production", "", {}});
    add({"inject", "frontend", Level::Info, now - 6 * kDayUs, "SqlError: '); DROP TABLE events;--",
        "value was x\" OR 1=1 -- end", "", "1.3.0", "dev", "u4", {}});
    add({"keyerror", "worker", Level::Error, now - 4 * kDayUs, "KeyError: 'user_id'", "KeyError: 'user_id'", "", "", "",
        "", {}});
    add({"ftssyntax", "worker", Level::Debug, now - 7 * kDayUs, "NEAR(alpha beta) col:term * ^caret", "", "", "1.3.0",
        "dev", "", {}});
    add({"connector", "frontend", Level::Error, now - 2 * kDayUs, "Prefix connector timeout in Café",
        "connector timed out", "", "1.2.0", "production", "u5", {{"browser", "Safari"}}});
    return out;
}

inline void applyTriage(QueryFixture& f)
{
    f.exec("UPDATE issues SET status = 1 WHERE id = " + std::to_string(f.id("slow")));
    f.exec("UPDATE issues SET status = 2, assignee = 'alice@example.com', bookmarked = 1 WHERE id = "
        + std::to_string(f.id("oom")));
}

} // namespace stackdeck::test
