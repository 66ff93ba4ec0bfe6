// Reindex keeps each issue's identity: the same project and hash come back
// as the same issue id (hashes merged into one issue included), an id is
// never given to another issue, and what people decided about an issue is
// carried whole, columns later schemas add included (store/reindexparking.h).

#include "importer/importjob.h"
#include "importer/reindexjob.h"
#include "store/consistency.h"
#include "store/issueactivity.h"
#include "store/workspace.h"
#include "storefixtures.h"
#include "testsupport.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <map>
#include <memory>
#include <vector>

using namespace stackdeck;
using test::scalar;

namespace {

// Event n of a group: the group's exception type and function decide its hash.
std::string errorEvent(int n, const std::string& type, const std::string& function)
{
    return R"({"event_id":")" + test::hexId(n) + R"(","timestamp":)" + std::to_string(1764600000 + n)
        + R"(,"level":"error","platform":"python","exception":{"values":[{"type":")" + type
        + R"(","value":"boom","stacktrace":{"frames":[{"function":")" + function
        + R"(","module":"app.mod","filename":"app/mod.py","lineno":10,"in_app":true}]}}]}})";
}

std::int64_t issueOf(sql::Database& db, int eventNumber)
{
    sql::Statement st(db, "SELECT issue_id FROM events WHERE event_id = ?1");
    st.bind(1, test::hexId(eventNumber));
    return st.step() ? st.int64(0) : 0;
}

// Issue id -> its hashes, space separated, in hash order.
std::map<std::int64_t, std::string> hashesByIssue(sql::Database& db)
{
    std::map<std::int64_t, std::string> out;
    sql::Statement st(db, "SELECT issue_id, hash FROM issue_hashes ORDER BY issue_id, hash");
    while (st.step()) {
        std::string& list = out[st.int64(0)];
        list += (list.empty() ? "" : " ") + st.text(1);
    }
    return out;
}

} // namespace

class TestReindexIdentity : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void init();
    void idsStable_data();
    void idsStable();
    void mergeSurvives();
    void vanishedIdNotReused();
    void addedColumnsCarried();

private:
    std::string path() const { return m_dir->filePath(QStringLiteral("w.stackdeck")).toStdString(); }
    void import(const std::string& ndjson, const QString& name);
    std::unique_ptr<sql::Database> open();
    void reindex();

    std::unique_ptr<QTemporaryDir> m_dir;
    std::int64_t m_a = 0, m_b = 0, m_c = 0; // the three issues: events 1-2, 3-4, 5-6
};

void TestReindexIdentity::import(const std::string& ndjson, const QString& name)
{
    const QString file = m_dir->filePath(name);
    QFile out(file);
    QVERIFY(out.open(QIODevice::WriteOnly));
    out.write(ndjson.data(), static_cast<qint64>(ndjson.size()));
    out.close();
    ImportOptions options;
    options.project = "p";
    const ImportSummary s = ImportJob(path(), options).run({file.toStdString()});
    QVERIFY2(s.fatalError.empty(), s.fatalError.c_str());
}

std::unique_ptr<sql::Database> TestReindexIdentity::open()
{
    return std::make_unique<sql::Database>(path());
}

void TestReindexIdentity::reindex()
{
    const ReindexSummary s = ReindexJob(path()).run();
    QVERIFY2(s.fatalError.empty(), s.fatalError.c_str());
    QVERIFY(!s.cancelled);
    QCOMPARE(s.events, 6);
    auto db = open();
    const std::vector<std::string> problems = store::checkConsistency(*db);
    QVERIFY2(problems.empty(), problems.empty() ? "" : problems.front().c_str());
    QCOMPARE(scalar(*db, "SELECT count(*) FROM sqlite_schema WHERE name LIKE 'reindex_parked%'"), 0);
    QCOMPARE(scalar(*db, "SELECT count(*) FROM meta WHERE key LIKE 'reindex_%'"), 0);
}

void TestReindexIdentity::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    std::string text;
    for (int i = 1; i <= 6; ++i)
        text += errorEvent(i, i <= 2 ? "ZeroDivisionError" : i <= 4 ? "KeyError" : "TypeError", "compute") + "\n";
    import(text, QStringLiteral("events.ndjson"));
    auto db = open();
    m_a = issueOf(*db, 1);
    m_b = issueOf(*db, 3);
    m_c = issueOf(*db, 5);
    QVERIFY(m_a != m_b && m_b != m_c && m_a != m_c);
    QCOMPARE(scalar(*db, "SELECT count(*) FROM issues"), 3);
}

void TestReindexIdentity::idsStable_data()
{
    // How the ids differ from what a rebuild in event order would give them.
    QTest::addColumn<std::int64_t>("factor"); // new id = old id * factor + offset
    QTest::addColumn<std::int64_t>("offset");
    QTest::newRow("as imported") << std::int64_t(1) << std::int64_t(0);
    QTest::newRow("reversed") << std::int64_t(-1) << std::int64_t(100);
    QTest::newRow("with gaps") << std::int64_t(10) << std::int64_t(7);
}

void TestReindexIdentity::idsStable()
{
    QFETCH(std::int64_t, factor);
    QFETCH(std::int64_t, offset);
    {
        // Renumbered as a long-lived workspace's ids end up (deleted issues, regroups).
        auto db = open();
        sql::Transaction tx(*db);
        for (const char* table : {"issues", "issue_hashes", "events", "issue_tags", "issue_users", "issue_hourly"}) {
            const std::string column = std::string(table) == "issues" ? "id" : "issue_id";
            sql::Statement renumber(*db,
                "UPDATE " + std::string(table) + " SET " + column + " = " + column + " * ?1 + ?2 + 1000000 WHERE "
                    + column + " IS NOT NULL");
            renumber.bind(1, factor).bind(2, offset).run();
            sql::Statement back(*db,
                "UPDATE " + std::string(table) + " SET " + column + " = " + column + " - 1000000 WHERE " + column
                    + " IS NOT NULL");
            back.run();
        }
        tx.commit();
    }
    std::map<std::int64_t, std::string> before;
    {
        auto db = open();
        before = hashesByIssue(*db);
        QCOMPARE(issueOf(*db, 1), m_a * factor + offset);
    }
    reindex();
    auto db = open();
    QCOMPARE(issueOf(*db, 1), m_a * factor + offset);
    QCOMPARE(issueOf(*db, 3), m_b * factor + offset);
    QCOMPARE(issueOf(*db, 5), m_c * factor + offset);
    QCOMPARE(hashesByIssue(*db), before);
}

void TestReindexIdentity::mergeSurvives()
{
    {
        // B merged into A, as a merge does it: B's hashes and events to A, B gone.
        auto db = open();
        sql::Transaction tx(*db);
        sql::Statement hashes(*db, "UPDATE issue_hashes SET issue_id = ?1 WHERE issue_id = ?2");
        hashes.bind(1, m_a).bind(2, m_b).run();
        sql::Statement events(*db, "UPDATE events SET issue_id = ?1 WHERE issue_id = ?2");
        events.bind(1, m_a).bind(2, m_b).run();
        sql::Statement gone(*db, "DELETE FROM issues WHERE id = ?1");
        gone.bind(1, m_b).run();
        tx.commit();
    }
    reindex();
    auto db = open();
    QCOMPARE(scalar(*db, "SELECT count(*) FROM issues"), 2);
    for (const int event : {1, 2, 3, 4})
        QCOMPARE(issueOf(*db, event), m_a);
    QCOMPARE(issueOf(*db, 5), m_c);
    QCOMPARE(scalar(*db, "SELECT event_count FROM issues WHERE id = " + std::to_string(m_a)), 4);
    QCOMPARE(scalar(*db, "SELECT count(*) FROM issue_hashes WHERE issue_id = " + std::to_string(m_b)), 0);
}

void TestReindexIdentity::vanishedIdNotReused()
{
    const std::int64_t top = std::max({m_a, m_b, m_c});
    {
        // The issue with the highest id merged away: its id is free in `issues` but was given out.
        auto db = open();
        const std::int64_t into = top == m_a ? m_b : m_a;
        sql::Transaction tx(*db);
        sql::Statement hashes(*db, "UPDATE issue_hashes SET issue_id = ?1 WHERE issue_id = ?2");
        hashes.bind(1, into).bind(2, top).run();
        sql::Statement events(*db, "UPDATE events SET issue_id = ?1 WHERE issue_id = ?2");
        events.bind(1, into).bind(2, top).run();
        sql::Statement gone(*db, "DELETE FROM issues WHERE id = ?1");
        gone.bind(1, top).run();
        tx.commit();
    }
    reindex();
    import(errorEvent(7, "OSError", "compute") + "\n", QStringLiteral("more.ndjson"));
    auto db = open();
    QCOMPARE(scalar(*db, "SELECT count(*) FROM issues"), 3);
    QVERIFY2(issueOf(*db, 7) > top, qPrintable(QStringLiteral("%1 <= %2").arg(issueOf(*db, 7)).arg(top)));
    QCOMPARE(scalar(*db, "SELECT count(*) FROM issues WHERE id = " + std::to_string(top)), 0);
}

void TestReindexIdentity::addedColumnsCarried()
{
    {
        // Columns a later schema adds (triage on issues, note targets on activity).
        auto db = open();
        db->exec("ALTER TABLE issues ADD COLUMN test_priority TEXT; "
                 "ALTER TABLE issue_activity ADD COLUMN test_target TEXT");
        sql::Statement triage(*db,
            "UPDATE issues SET status = 1, assignee = 'ana', bookmarked = 1, test_priority = 'high' WHERE id = ?1");
        triage.bind(1, m_b).run();
        store::IssueActivity note;
        note.issue = IssueId(m_c);
        note.kind = "note";
        note.text = "on the second frame";
        note.author = "bo";
        const std::int64_t id = store::addActivity(*db, note);
        sql::Statement target(*db, "UPDATE issue_activity SET test_target = 'frame:1' WHERE id = ?1");
        target.bind(1, id).run();
    }
    reindex();
    auto db = open();
    sql::Statement issue(*db, "SELECT status, assignee, bookmarked, test_priority FROM issues WHERE id = ?1");
    issue.bind(1, m_b);
    QVERIFY(issue.step());
    QCOMPARE(issue.int64(0), 1);
    QCOMPARE(issue.text(1), std::string("ana"));
    QCOMPARE(issue.int64(2), 1);
    QCOMPARE(issue.text(3), std::string("high"));
    QCOMPARE(scalar(*db, "SELECT count(*) FROM issues WHERE test_priority IS NOT NULL"), 1);
    sql::Statement note(*db, "SELECT issue_id, text, test_target FROM issue_activity");
    QVERIFY(note.step());
    QCOMPARE(note.int64(0), m_c);
    QCOMPARE(note.text(1), std::string("on the second frame"));
    QCOMPARE(note.text(2), std::string("frame:1"));
    QVERIFY(!note.step());
}

QTEST_GUILESS_MAIN(TestReindexIdentity)
#include "tst_reindexidentity.moc"
