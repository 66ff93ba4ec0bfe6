#include "triageevaluation.h"

#include "issuetriage.h"
#include "localuser.h"
#include "triage/reevaluation.h"

#include <map>
#include <string>
#include <vector>

namespace stackdeck::store {

namespace {

struct Candidate {
    std::int64_t id = 0;
    std::int64_t project = 0;
    triage::TriageState state;
    triage::NewEvents events;
};

std::int64_t metaNumber(sql::Database& db, const char* key)
{
    auto& st = db.cached("SELECT value FROM meta WHERE key = ?1");
    st.bind(1, key);
    const std::int64_t v = st.step() ? std::stoll("0" + st.text(0)) : 0;
    st.reset();
    return v;
}

// The resolved and ignored issues that got events above the mark, or whose
// ignore period ended. Driven by those issues (few) through each one's index
// of events, not by a scan of every new event: an import re-evaluates after
// each commit, and most of its issues are unresolved.
std::map<std::int64_t, Candidate> loadCandidates(
    sql::Database& db, std::int64_t mark, std::int64_t newest, std::int64_t now)
{
    std::map<std::int64_t, Candidate> out;
    sql::Statement st(db,
        "SELECT i.id, i.project_id, i.event_count, i.user_count, coalesce(i.status_mark, 0), "
        "coalesce(i.ignore_until <= ?1, 0), "
            + std::string(kTriageStateColumns) + " FROM issues i WHERE i.status <> 0");
    st.bind(1, now);
    // The new events of each, by release: counted only after the status changed.
    sql::Statement events(db,
        "SELECT coalesce(e.release, ''), sum(e.id > ?3), coalesce((SELECT first_seen FROM releases r WHERE "
        "r.project_id = ?4 AND r.version = e.release), 0) FROM events e WHERE e.issue_id = ?1 AND e.id > ?2 "
        "GROUP BY 1");
    while (st.step()) {
        Candidate c;
        c.id = st.int64(0);
        c.project = st.int64(1);
        c.events.eventCount = st.int64(2);
        c.events.userCount = st.int64(3);
        const std::int64_t statusMark = st.int64(4);
        bool candidate = st.int64(5) != 0;
        c.state = readTriageState(st, 6);
        events.reset();
        events.bind(1, c.id).bind(2, mark).bind(3, statusMark).bind(4, c.project);
        while (newest > mark && events.step()) {
            candidate = true;
            if (const std::int64_t n = events.int64(1); n > 0) {
                c.events.count += n;
                c.events.releases.push_back({events.text(0), events.int64(2)});
            }
        }
        if (candidate)
            out.emplace(c.id, std::move(c));
    }
    return out;
}

triage::ReleaseInfo baseRelease(sql::Database& db, const Candidate& c)
{
    triage::ReleaseInfo base {c.state.resolvedRelease, c.state.statusChangedAt};
    auto& st = db.cached("SELECT first_seen FROM releases WHERE project_id = ?1 AND version = ?2");
    st.bind(1, c.project).bind(2, base.version);
    if (st.step())
        base.firstSeen = st.int64(0);
    st.reset();
    return base;
}

} // namespace

Result<std::int64_t> reevaluateTriage(sql::Database& db, std::int64_t now, std::string_view occasion)
{
    try {
        if (now == 0)
            now = nowMicros();
        sql::Transaction tx(db);
        const std::int64_t mark = metaNumber(db, "triage_event_mark");
        // The releases of the new events are stored with them (EventWriter).
        sql::Statement top(db, "SELECT coalesce((SELECT max(id) FROM events), 0)");
        top.step();
        const std::int64_t newest = top.int64(0);
        top.reset();
        std::int64_t reopened = 0;
        sql::Statement reopen(db,
            "UPDATE issues SET status = 0, resolution = NULL, resolved_release = NULL, substatus = ?2, "
            "status_changed_at = ?3, status_mark = ?4, ignore_until = NULL, ignore_events = NULL, ignore_users = NULL, "
            "ignore_base_events = NULL, ignore_base_users = NULL WHERE id = ?1");
        sql::Statement activity(db,
            "INSERT INTO issue_activity(issue_id, kind, text, author, created_at) VALUES(?1, 'status', ?2, ?3, ?4)");
        for (const auto& [id, c] : loadCandidates(db, mark, newest, now)) {
            const auto back = triage::reevaluate(c.state, c.events, baseRelease(db, c), now);
            if (!back)
                continue;
            reopen.reset();
            reopen.bind(1, id).bind(2, triage::substatusName(back->substatus)).bind(3, now).bind(4, newest).run();
            activity.reset();
            const std::string why = occasion.empty() ? back->reason : back->reason + " (" + std::string(occasion) + ")";
            activity.bind(1, id).bind(2, why).bind(3, kSystemAuthor).bind(4, now).run();
            ++reopened;
        }
        sql::Statement remember(db, "INSERT OR REPLACE INTO meta(key, value) VALUES('triage_event_mark', ?1)");
        remember.bind(1, std::to_string(newest)).run();
        tx.commit();
        return reopened;
    } catch (const std::exception& e) {
        return Error {std::string("triage re-evaluation failed: ") + e.what()};
    }
}

} // namespace stackdeck::store
