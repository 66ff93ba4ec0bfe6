// Jobs stopped part-way, deterministically: a reindex cancelled (once, twice)
// and resumed, an import cancelled after a chosen batch, an import whose
// database writes start failing in the middle. Each time the workspace is
// consistent, and running the job again completes it exactly: the same issues,
// counts and triage as one uninterrupted run.

#include "bench/syntheticcorpus.h"
#include "importer/importjob.h"
#include "importer/reindexjob.h"
#include "regroup/regroupplan.h"
#include "store/consistency.h"
#include "store/issueactivity.h"
#include "store/workspace.h"
#include "storefixtures.h"
#include "testsupport.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <atomic>
#include <set>

using namespace stackdeck;
using test::scalar;

namespace {

constexpr std::int64_t kEvents = 3000;

// Issues without their row ids, so two workspaces compare: what the list
// shows, the triage, and the aggregates behind the counts.
std::multiset<std::string> issueSignature(sql::Database& db)
{
    std::multiset<std::string> out;
    sql::Statement st(db,
        "SELECT i.primary_hash, i.title, i.culprit, i.event_count, i.user_count, i.first_seen, i.last_seen, "
        "i.first_release, i.last_release, i.status, coalesce(i.assignee, ''), i.bookmarked, "
        "(SELECT group_concat(hash, ' ') FROM (SELECT hash FROM issue_hashes WHERE issue_id = i.id ORDER BY hash)), "
        "(SELECT sum(count) FROM issue_tags WHERE issue_id = i.id), "
        "(SELECT count(*) FROM issue_hourly WHERE issue_id = i.id) FROM issues i");
    while (st.step()) {
        std::string row;
        for (int c = 0; c < st.columnCount(); ++c)
            row += st.text(c) + "|";
        out.insert(row);
    }
    return out;
}

struct Totals {
    std::int64_t events = 0;
    std::int64_t issues = 0;
    std::int64_t spans = 0;
    std::int64_t tags = 0;
    bool operator==(const Totals&) const = default;
};

Totals totals(sql::Database& db)
{
    return {scalar(db, "SELECT count(*) FROM events"), scalar(db, "SELECT count(*) FROM issues"),
        scalar(db, "SELECT coalesce(sum(count), 0) FROM event_spans"),
        scalar(db, "SELECT coalesce(sum(count), 0) FROM issue_tags")};
}

QString describe(const Totals& t)
{
    return QStringLiteral("%1 events, %2 issues, %3 spans, %4 tag counts")
        .arg(t.events)
        .arg(t.issues)
        .arg(t.spans)
        .arg(t.tags);
}

std::string firstProblem(sql::Database& db)
{
    const auto problems = store::checkConsistency(db);
    return problems.empty() ? std::string() : problems.front() + " (" + std::to_string(problems.size()) + " lines)";
}

// One batch per chunk of records the reader hands on (batchSize 1 commits
// after every part), so the batches are the same in every run of the same file.
ImportOptions oneBatchPerChunk()
{
    ImportOptions options;
    options.batchSize = 1;
    return options;
}

} // namespace

class TestJobInterruptions : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void reindexCancelThenResume_data();
    void reindexCancelThenResume();
    void importCancel_data();
    void importCancel();
    void importWriterFailure_data();
    void importWriterFailure();

private:
    std::string path(const QString& name) const { return m_dir.filePath(name).toStdString(); }
    // A consistent copy of the reference workspace.
    std::string copyOfReference(const QString& name);
    void compareWithReference(const std::string& workspace);

    QTemporaryDir m_dir;
    std::string m_corpus;
    std::string m_reference; // one uninterrupted import of m_corpus
    std::vector<std::int64_t> m_storedAfter; // records stored after each batch of that import
    std::multiset<std::string> m_signature;
    Totals m_totals;
};

void TestJobInterruptions::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_corpus = path(QStringLiteral("synthetic.ndjson"));
    bench::SyntheticOptions synthetic;
    synthetic.events = kEvents;
    synthetic.now = 1'790'000'000'000'000LL;
    bench::SyntheticCorpus corpus(synthetic);
    QFile out(QString::fromStdString(m_corpus));
    QVERIFY(out.open(QIODevice::WriteOnly));
    std::string line;
    while (corpus.next(line)) {
        line += '\n';
        QCOMPARE(out.write(line.data(), static_cast<qint64>(line.size())), static_cast<qint64>(line.size()));
    }
    out.close();

    m_reference = path(QStringLiteral("reference.stackdeck"));
    std::int64_t stored = 0;
    const ImportSummary whole
        = ImportJob(m_reference, oneBatchPerChunk()).run({m_corpus}, nullptr, {}, [&](const store::BatchCounts& c) {
              stored += c.inserted;
              m_storedAfter.push_back(stored);
          });
    QVERIFY2(whole.fatalError.empty(), whole.fatalError.c_str());
    QCOMPARE(whole.rejectedCount, 0);
    QCOMPARE(whole.events + whole.transactions, kEvents);
    QCOMPARE(stored, kEvents);
    // Enough batches for a first, a middle and a last one to be different batches.
    QVERIFY2(m_storedAfter.size() >= 6, qPrintable(QString::number(m_storedAfter.size())));
    auto ws = store::Workspace::open(m_reference);
    QVERIFY(ws.ok());
    m_signature = issueSignature((*ws)->db());
    m_totals = totals((*ws)->db());
    QCOMPARE(m_totals.events, kEvents);
    QVERIFY(m_totals.issues > 10);
    QVERIFY(m_totals.spans > 0);
    QVERIFY2(firstProblem((*ws)->db()).empty(), firstProblem((*ws)->db()).c_str());
}

std::string TestJobInterruptions::copyOfReference(const QString& name)
{
    const std::string copy = path(name);
    auto ws = store::Workspace::open(m_reference);
    if (!ws)
        return {};
    sql::Statement vacuum((*ws)->db(), "VACUUM INTO ?1");
    vacuum.bind(1, copy).run();
    return copy;
}

void TestJobInterruptions::compareWithReference(const std::string& workspace)
{
    auto ws = store::Workspace::open(workspace);
    QVERIFY(ws.ok());
    sql::Database& db = (*ws)->db();
    QCOMPARE(describe(totals(db)), describe(m_totals));
    QVERIFY(issueSignature(db) == m_signature);
    QVERIFY2(firstProblem(db).empty(), firstProblem(db).c_str());
}

void TestJobInterruptions::reindexCancelThenResume_data()
{
    QTest::addColumn<int>("interruptions");
    QTest::newRow("cancelled once, then completed") << 1;
    // The second attempt must not take its triage from the half-built index the first one left.
    QTest::newRow("cancelled twice, then completed") << 2;
}

void TestJobInterruptions::reindexCancelThenResume()
{
    QFETCH(int, interruptions);
    const std::string workspace = copyOfReference(QStringLiteral("reindex-%1.stackdeck").arg(interruptions));
    QVERIFY(!workspace.empty());

    // Triage on three issues, by the hash that finds them again; a note on the
    // issue with the highest id, which a partial index is least likely to reuse.
    std::string resolved, bookmarked, ignored, noted;
    {
        auto ws = store::Workspace::open(workspace);
        QVERIFY(ws.ok());
        sql::Database& db = (*ws)->db();
        sql::Statement pick(db, "SELECT primary_hash FROM issues ORDER BY event_count DESC, primary_hash LIMIT 3");
        QVERIFY(pick.step());
        resolved = pick.text(0);
        QVERIFY(pick.step());
        bookmarked = pick.text(0);
        QVERIFY(pick.step());
        ignored = pick.text(0);
        pick.reset();
        sql::Statement set(db,
            "UPDATE issues SET status = ?2, assignee = nullif(?3, ''), bookmarked = ?4 "
            "WHERE primary_hash = ?1");
        set.bind(1, resolved).bind(2, 1).bind(3, "ana").bind(4, 0).run();
        set.reset();
        set.bind(1, bookmarked).bind(2, 0).bind(3, "").bind(4, 1).run();
        set.reset();
        set.bind(1, ignored).bind(2, 2).bind(3, "bo").bind(4, 1).run();
        sql::Statement last(db, "SELECT id, primary_hash FROM issues ORDER BY id DESC LIMIT 1");
        QVERIFY(last.step());
        noted = last.text(1);
        store::IssueActivity note;
        note.issue = IssueId(last.int64(0));
        note.kind = "note";
        note.text = "seen again after the deploy";
        note.author = "ana";
        store::addActivity(db, note);
    }

    // What an uninterrupted reindex of the same workspace gives.
    const std::string clean = path(QStringLiteral("reindex-%1-clean.stackdeck").arg(interruptions));
    {
        auto ws = store::Workspace::open(workspace);
        QVERIFY(ws.ok());
        sql::Statement vacuum((*ws)->db(), "VACUUM INTO ?1");
        vacuum.bind(1, clean).run();
    }
    const ReindexSummary cleanRun = ReindexJob(clean).run();
    QVERIFY2(cleanRun.fatalError.empty(), cleanRun.fatalError.c_str());
    QCOMPARE(cleanRun.events, kEvents);
    QVERIFY(cleanRun.triageRestored >= 3); // one per hash of the three issues
    std::multiset<std::string> expected;
    {
        auto ws = store::Workspace::open(clean);
        QVERIFY(ws.ok());
        expected = issueSignature((*ws)->db());
    }
    QCOMPARE(expected.size(), static_cast<std::size_t>(m_totals.issues));

    for (int attempt = 1; attempt <= interruptions; ++attempt) {
        std::atomic<bool> cancel {false};
        int reports = 0;
        // The first progress report comes after the first batch is committed.
        const ReindexSummary part = ReindexJob(workspace).run(&cancel, [&](std::int64_t done, std::int64_t total) {
            QCOMPARE(total, kEvents);
            QVERIFY(done > 0);
            if (++reports == 1)
                cancel = true;
        });
        QVERIFY2(part.fatalError.empty(), part.fatalError.c_str());
        QVERIFY(part.cancelled);
        QCOMPARE(reports, 1);
        QVERIFY2(part.events > 0 && part.events < kEvents, qPrintable(QString::number(part.events)));
        QCOMPARE(part.triageRestored, 0);
        QVERIFY(ReindexJob::isInterrupted(workspace));
        {
            auto ws = store::Workspace::open(workspace);
            QVERIFY(ws.ok());
            sql::Database& db = (*ws)->db();
            // A partial index, but a consistent one: only what the batch before the cancel wrote,
            // and no note left naming an issue id the half-built index has not given out yet, or
            // has given to another issue.
            QCOMPARE(scalar(db, "SELECT count(*) FROM events"), kEvents);
            QVERIFY(scalar(db, "SELECT count(*) FROM issues") < m_totals.issues);
            QVERIFY2(firstProblem(db).empty(), firstProblem(db).c_str());
        }
        // A regroup must not start from the half-built index.
        const regroup::RegroupSummary refused = regroup::applyRegroup(workspace, {});
        QVERIFY(!refused.fatalError.empty());
        QVERIFY(ReindexJob::isInterrupted(workspace));
    }

    const ReindexSummary resumed = ReindexJob(workspace).run();
    QVERIFY2(resumed.fatalError.empty(), resumed.fatalError.c_str());
    QVERIFY(!resumed.cancelled);
    QCOMPARE(resumed.events, kEvents);
    QCOMPARE(resumed.failed, 0);
    QCOMPARE(resumed.issues, m_totals.issues);
    QCOMPARE(resumed.triageRestored, cleanRun.triageRestored);
    QVERIFY(!ReindexJob::isInterrupted(workspace));

    auto ws = store::Workspace::open(workspace);
    QVERIFY(ws.ok());
    sql::Database& db = (*ws)->db();
    QVERIFY(issueSignature(db) == expected);
    QVERIFY2(firstProblem(db).empty(), firstProblem(db).c_str());
    QCOMPARE(scalar(db, "SELECT count(*) FROM meta WHERE key LIKE 'reindex_%'"), 0);
    sql::Statement triage(db, "SELECT status, coalesce(assignee, ''), bookmarked FROM issues WHERE primary_hash = ?1");
    auto triageOf = [&](const std::string& hash) {
        triage.reset();
        triage.bind(1, hash);
        if (!triage.step())
            return QStringLiteral("(no issue)");
        return QStringLiteral("%1 %2 %3")
            .arg(triage.int64(0))
            .arg(QString::fromStdString(triage.text(1)))
            .arg(triage.int64(2));
    };
    QCOMPARE(triageOf(resolved), QStringLiteral("1 ana 0"));
    QCOMPARE(triageOf(bookmarked), QStringLiteral("0  1"));
    QCOMPARE(triageOf(ignored), QStringLiteral("2 bo 1"));
    QCOMPARE(scalar(db, "SELECT count(*) FROM issues WHERE status != 0 OR assignee IS NOT NULL OR bookmarked != 0"), 3);
    // The note follows its issue's hash.
    sql::Statement note(db, "SELECT i.primary_hash FROM issue_activity a JOIN issues i ON i.id = a.issue_id");
    QVERIFY(note.step());
    QCOMPARE(QString::fromStdString(note.text(0)), QString::fromStdString(noted));
    QVERIFY(!note.step());
}

void TestJobInterruptions::importCancel_data()
{
    // Which batch's batchWritten callback sets the cancel flag: 1 = the first,
    // 0 = the one in the middle, -1 = the one before the last, -2 = the last.
    QTest::addColumn<int>("batch");
    QTest::newRow("after the first committed batch") << 1;
    QTest::newRow("mid-way") << 0;
    QTest::newRow("before the last batch") << -1;
    // Everything is stored by then: the cancel must not lose or undo anything.
    QTest::newRow("after the last batch") << -2;
}

void TestJobInterruptions::importCancel()
{
    QFETCH(int, batch);
    const auto batches = static_cast<int>(m_storedAfter.size());
    const int cancelAfter = batch > 0 ? batch : batch == 0 ? batches / 2 : batch == -1 ? batches - 1 : batches;
    const std::int64_t expectStored = m_storedAfter[static_cast<std::size_t>(cancelAfter - 1)];
    const std::string workspace = path(QStringLiteral("cancel-%1.stackdeck").arg(cancelAfter));

    std::atomic<bool> cancel {false};
    int written = 0;
    std::int64_t stored = 0;
    const ImportSummary part
        = ImportJob(workspace, oneBatchPerChunk()).run({m_corpus}, &cancel, {}, [&](const store::BatchCounts& c) {
              stored += c.inserted;
              if (++written == cancelAfter)
                  cancel = true;
          });
    QVERIFY2(part.fatalError.empty(), part.fatalError.c_str());
    QVERIFY(part.cancelled);
    // Nothing is written after the batch that cancelled, and it is kept.
    QCOMPARE(written, cancelAfter);
    QCOMPARE(stored, expectStored);
    QCOMPARE(part.events + part.transactions, expectStored);
    {
        auto ws = store::Workspace::open(workspace);
        QVERIFY(ws.ok());
        sql::Database& db = (*ws)->db();
        QCOMPARE(scalar(db, "SELECT count(*) FROM events"), expectStored);
        QCOMPARE(scalar(db, "SELECT count(*) FROM issues"), part.issuesCreated);
        QVERIFY2(firstProblem(db).empty(), firstProblem(db).c_str());
    }

    const ImportSummary rest = ImportJob(workspace, oneBatchPerChunk()).run({m_corpus});
    QVERIFY2(rest.fatalError.empty(), rest.fatalError.c_str());
    QVERIFY(!rest.cancelled);
    QCOMPARE(rest.rejectedCount, 0);
    QCOMPARE(rest.duplicates, expectStored);
    QCOMPARE(rest.events + rest.transactions, kEvents - expectStored);
    QCOMPARE(part.issuesCreated + rest.issuesCreated, m_totals.issues);
    compareWithReference(workspace);
}

void TestJobInterruptions::importWriterFailure_data()
{
    // A trigger makes the writer's statement fail once the table holds more
    // than half the rows the reference import gave it: the first rows of a
    // batch (events), the aggregates written just before a commit (the
    // hourly histogram), and the spans of a transaction.
    QTest::addColumn<QString>("table");
    QTest::newRow("event row insert fails") << QStringLiteral("events");
    QTest::newRow("issue aggregate flush fails") << QStringLiteral("issue_hourly");
    QTest::newRow("span insert fails") << QStringLiteral("event_spans");
}

void TestJobInterruptions::importWriterFailure()
{
    QFETCH(QString, table);
    const std::string name = table.toStdString();
    std::int64_t limit = 0;
    {
        auto ws = store::Workspace::open(m_reference);
        QVERIFY(ws.ok());
        limit = scalar((*ws)->db(), "SELECT count(*) FROM " + name) / 2;
    }
    QVERIFY(limit > 0);
    const std::string workspace = path(QStringLiteral("failing-%1.stackdeck").arg(table));
    {
        auto ws = store::Workspace::open(workspace);
        QVERIFY(ws.ok());
        (*ws)->db().exec("CREATE TRIGGER test_failure AFTER INSERT ON " + name + " WHEN (SELECT count(*) FROM " + name
            + ") > " + std::to_string(limit) + " BEGIN SELECT RAISE(ABORT, 'injected write failure'); END");
    }

    std::int64_t stored = 0;
    const ImportSummary failed
        = ImportJob(workspace, oneBatchPerChunk()).run({m_corpus}, nullptr, {}, [&](const store::BatchCounts& c) {
              stored += c.inserted;
          });
    QVERIFY2(failed.fatalError.find("injected write failure") != std::string::npos, failed.fatalError.c_str());
    QCOMPARE(failed.exitCode(), 2);
    QVERIFY(!failed.cancelled);
    // What was committed before the failure is kept, and nothing after it.
    QVERIFY2(stored > 0 && stored < kEvents, qPrintable(QString::number(stored)));
    QCOMPARE(failed.events + failed.transactions, stored);
    {
        auto ws = store::Workspace::open(workspace);
        QVERIFY(ws.ok());
        sql::Database& db = (*ws)->db();
        QCOMPARE(scalar(db, "SELECT count(*) FROM events"), stored);
        QCOMPARE(scalar(db, "SELECT count(*) FROM issues"), failed.issuesCreated);
        QVERIFY(scalar(db, "SELECT count(*) FROM " + name) <= limit);
        QVERIFY2(firstProblem(db).empty(), firstProblem(db).c_str());
        db.exec("DROP TRIGGER test_failure");
    }

    const ImportSummary rest = ImportJob(workspace, oneBatchPerChunk()).run({m_corpus});
    QVERIFY2(rest.fatalError.empty(), rest.fatalError.c_str());
    QCOMPARE(rest.rejectedCount, 0);
    QCOMPARE(rest.duplicates, stored);
    QCOMPARE(rest.events + rest.transactions, kEvents - stored);
    compareWithReference(workspace);
}

QTEST_GUILESS_MAIN(TestJobInterruptions)
#include "tst_jobinterruptions.moc"
