#pragma once

// The workspace the regroup suites start from (tst_regroup, tst_regrouprebuild,
// tst_regrouptriage): three python issues in project "p", 1 = ZeroDivisionError
// in compute (events 1-3), 2 = ZeroDivisionError in average (4-5), 3 = KeyError
// in lookup (6-8: two through liba, one through libb), and a transaction with
// two spans. kMergeZero merges the first two, kSplitLib splits the third.

#include "importer/importjob.h"
#include "query/issuequery.h"
#include "regroup/regroupplan.h"
#include "store/issuequeries.h"
#include "store/sqlite.h"
#include "store/workspace.h"

#include <QDateTime>
#include <QFile>
#include <QString>

#include <cstdint>
#include <cstdio>
#include <string>

namespace stackdeck::test {

inline const char* const kMergeZero = "error.type:ZeroDivisionError -> zero\n";
inline const char* const kSplitLib = "stack.function:libb +app\n";

// One python error: `function` is the in-app frame that groups it, `library`
// a frame outside the app (ignored by the app variant until a rule says otherwise).
inline std::string errorEvent(int n, const std::string& type, const std::string& function, const std::string& library)
{
    char id[33];
    std::snprintf(id, sizeof id, "%032x", n);
    return std::string(R"({"event_id":")") + id + R"(","timestamp":)" + std::to_string(1764600000 + n)
        + R"(,"level":"error","platform":"python","exception":{"values":[{"type":")" + type
        + R"(","value":"boom","stacktrace":{"frames":[{"function":")" + library
        + R"(","module":"lib.core","filename":"lib/core.py","lineno":3,"in_app":false},{"function":")" + function
        + R"(","module":"app.mod","filename":"app/mod.py","lineno":10,"in_app":true}]}}]}})";
}

// The event id of event n (32 hex digits).
inline std::string eventIdOf(int n)
{
    char id[33];
    std::snprintf(id, sizeof id, "%032x", n);
    return id;
}

inline std::int64_t issueOf(sql::Database& db, int eventNumber)
{
    sql::Statement st(db, "SELECT issue_id FROM events WHERE event_id = ?1");
    st.bind(1, eventIdOf(eventNumber));
    return st.step() ? st.int64(0) : 0;
}

// The three issues' ids as imported.
struct ThreeIssues {
    std::int64_t compute = 0, average = 0, lookup = 0;
};

// Writes the events to `dir`/events.ndjson and imports them into `path`;
// empty ids when the import did not go as planned.
inline ThreeIssues importThreeIssues(const std::string& path, const QString& dir)
{
    const QString file = dir + QStringLiteral("/events.ndjson");
    QFile out(file);
    if (!out.open(QIODevice::WriteOnly))
        return {};
    std::string text;
    for (int i = 1; i <= 3; ++i)
        text += errorEvent(i, "ZeroDivisionError", "compute", "liba") + "\n";
    for (int i = 4; i <= 5; ++i)
        text += errorEvent(i, "ZeroDivisionError", "average", "liba") + "\n";
    for (int i = 6; i <= 8; ++i)
        text += errorEvent(i, "KeyError", "lookup", i == 8 ? "libb" : "liba") + "\n";
    // A transaction: not grouped, and its spans stay as they are through a regroup.
    text += R"({"type":"transaction","event_id":"000000000000000000000000000000ff","transaction":"/checkout",)"
            R"("start_timestamp":1764600000,"timestamp":1764600001,"contexts":{"trace":{"trace_id":)"
            R"("0123456789abcdef0123456789abcdef","span_id":"aaaaaaaaaaaaaaaa","op":"http.server"}},"spans":[)"
            R"({"span_id":"bbbbbbbbbbbbbbbb","parent_span_id":"aaaaaaaaaaaaaaaa","op":"db","description":"SELECT 1",)"
            R"("start_timestamp":1764600000.1,"timestamp":1764600000.2},{"span_id":"cccccccccccccccc",)"
            R"("parent_span_id":"aaaaaaaaaaaaaaaa","op":"http.client","start_timestamp":1764600000.3,)"
            R"("timestamp":1764600000.9}]})"
            "\n";
    out.write(text.data(), static_cast<qint64>(text.size()));
    out.close();
    ImportOptions options;
    options.project = "p";
    const ImportSummary s = ImportJob(path, options).run({file.toStdString()});
    if (s.events != 8 || s.transactions != 1 || s.spans != 2 || s.issuesCreated != 3)
        return {};
    auto ws = store::Workspace::open(path);
    if (!ws.ok())
        return {};
    sql::Database& db = (*ws)->db();
    return {issueOf(db, 1), issueOf(db, 4), issueOf(db, 6)};
}

inline regroup::RegroupOptions withRules(const std::string& enhancements, const std::string& fingerprints)
{
    regroup::RegroupOptions o;
    o.project = "p";
    o.rules.push_back(regroup::ProjectRules {"p", enhancements, fingerprints});
    o.workers = 2;
    return o;
}

// Every row of the tables a regroup writes, and what a few searches find: two
// workspaces with the same dump hold the same issues.
inline std::string dumpIssueTables(sql::Database& db)
{
    static const char* const kQueries[] = {
        "SELECT id, issue_id, primary_hash, hashes, title, culprit FROM events ORDER BY id",
        "SELECT id, project_id, primary_hash, title, culprit, type, level, platform, metadata, first_seen, last_seen, "
        "title_ts, event_count, user_count, status, substatus, assignee, bookmarked, first_release, last_release, "
        "server_id, short_id FROM issues ORDER BY id",
        "SELECT * FROM issue_hashes ORDER BY project_id, hash",
        "SELECT * FROM issue_tags ORDER BY issue_id, tag_id",
        "SELECT * FROM issue_users ORDER BY issue_id, user_hash",
        "SELECT * FROM issue_hourly ORDER BY issue_id, hour",
        "SELECT issue_id, kind, text, author, copied_from FROM issue_activity ORDER BY issue_id, kind, text",
    };
    std::string out;
    for (const char* query : kQueries) {
        sql::Statement st(db, query);
        while (st.step()) {
            for (int c = 0; c < st.columnCount(); ++c)
                out += (st.isNull(c) ? std::string("NULL") : st.text(c)) + '|';
            out += '\n';
        }
        out += "--\n";
    }
    const Micros now = QDateTime::currentMSecsSinceEpoch() * 1000;
    for (const char* text : {"compute", "average", "lookup", "liba", "libb", "ZeroDivisionError", "KeyError", "boom",
             "\"Lookup failed\""}) {
        store::IssueListRequest request;
        request.filter = query::compileIssueQuery(text, now).filter;
        out += std::string(text) + ":";
        for (const Issue& i : store::listIssues(db, request).issues)
            out += " " + std::to_string(i.id.value);
        out += '\n';
    }
    return out;
}

} // namespace stackdeck::test
