// Deferred tag counts (store/tagcounts.h): an import keeps issue_tags counts
// in memory across commits and writes them in bulk; whatever happens in
// between (a kill, another writer, a failed flush), issue_tags ends up
// counting every event exactly once, as a writer that never deferred does.

#include "clirunner.h"
#include "importer/importjob.h"
#include "store/eventwriter.h"
#include "store/issuemergerows.h"
#include "store/tagcounts.h"
#include "store/workspace.h"
#include "storefixtures.h"
#include "testsupport.h"

#include <QTemporaryDir>
#include <QTest>

#include <array>
#include <fstream>
#include <map>

using namespace stackdeck;
using test::hexId;
using test::scalar;

namespace {

constexpr Micros kBase = 1'700'000'000'000'000LL;
constexpr int kBatches = 3;
constexpr int kPerBatch = 120;

PreparedBatch batch(int index)
{
    PreparedBatch b;
    for (int i = index * kPerBatch; i < (index + 1) * kPerBatch; ++i) {
        PreparedEvent e = test::makePreparedEvent(hexId(i + 1), "h" + std::to_string(i % 5), kBase + (i * 7919) % 5000);
        e.tags = {{"level", "error"}, {"browser", i % 3 == 0 ? "Chrome" : "Firefox"},
            {"user", "u" + std::to_string(i % 17)}, {"customer", "c" + std::to_string(i / 40)}};
        b.events.push_back(std::move(e));
    }
    return b;
}

// issue_tags as the issue panes read it, without row ids.
std::vector<std::string> tagCounts(sql::Database& db)
{
    std::vector<std::string> out;
    sql::Statement st(db,
        "SELECT i.primary_hash || ' ' || t.key || '=' || t.value || ' ' || it.count || ' ' || it.first_seen || '-' "
        "|| it.last_seen FROM issue_tags it JOIN issues i ON i.id = it.issue_id JOIN tags t ON t.id = it.tag_id "
        "ORDER BY 1");
    while (st.step())
        out.push_back(st.text(0));
    return out;
}

std::int64_t counted(sql::Database& db)
{
    return scalar(db, "SELECT coalesce(sum(count), 0) FROM issue_tags");
}

} // namespace

class TestTagCounts : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void countsTableGrowsAndIsReused();
    void deferredCountsMatchImmediate();
    void killedWriterIsCaughtUpByTheNext();
    void rolledBackEventsAreNotCounted();
    void reportsCountWhatAKilledImportLeft_data();
    void reportsCountWhatAKilledImportLeft();
    void anotherWriterBetweenCommits();
    void mergeWhileCountsAreDeferred();
    void importFlushesEveryNEventsAndAtTheEnd_data();
    void importFlushesEveryNEventsAndAtTheEnd();

private:
    std::unique_ptr<store::Workspace> open(const QString& name);
    QTemporaryDir m_dir;
    std::vector<std::string> m_reference; // every batch, written by a writer that never defers
};

std::unique_ptr<store::Workspace> TestTagCounts::open(const QString& name)
{
    auto ws = store::Workspace::open(m_dir.filePath(name).toStdString());
    if (!ws.ok())
        return nullptr;
    return std::move(ws).value();
}

void TestTagCounts::initTestCase()
{
    QVERIFY(m_dir.isValid());
    auto ws = open(QStringLiteral("reference.stackdeck"));
    QVERIFY(ws);
    store::EventWriter writer(ws->db());
    for (int b = 0; b < kBatches; ++b)
        writer.writeBatch(batch(b));
    m_reference = tagCounts(ws->db());
    QCOMPARE(counted(ws->db()), std::int64_t(kBatches * kPerBatch * 4));
}

// The table itself, past several growths, written over rows already there,
// then emptied in place and filled again (an import's next counts): the same
// sums, firsts and lasts as a map.
void TestTagCounts::countsTableGrowsAndIsReused()
{
    auto ws = open(QStringLiteral("table.db"));
    QVERIFY(ws);
    sql::Database& db = ws->db();
    std::map<std::pair<std::int64_t, std::int64_t>, std::array<std::int64_t, 3>> expected;
    const auto note = [&expected](std::int64_t issue, std::int64_t tag, std::int64_t n, Micros lo, Micros hi) {
        auto [it, fresh] = expected.try_emplace({issue, tag}, std::array<std::int64_t, 3> {0, lo, hi});
        it->second[0] += n;
        it->second[1] = std::min(it->second[1], lo);
        it->second[2] = std::max(it->second[2], hi);
    };
    db.exec("INSERT INTO issue_tags VALUES(3, 4, 10, 5, 50)"); // counted before
    note(3, 4, 10, 5, 50);
    store::TagCounts a;
    const auto count = [&](std::int64_t from, std::int64_t to) {
        for (std::int64_t i = from; i < to; ++i) {
            const std::int64_t issue = i % 97;
            const std::int64_t tag = (i * 7919) % 3001 - 1000; // negative and zero ids too (a crafted workspace)
            const Micros ts = kBase + (i * 104729) % 100'000;
            a.add(issue, tag, ts);
            note(issue, tag, 1, ts, ts);
        }
    };
    const auto write = [&] {
        sql::Transaction tx(db);
        a.write(db);
        tx.commit();
    };
    count(0, 20'000);
    a.add(3, 4, kBase);
    note(3, 4, 1, kBase, kBase);
    QVERIFY(a.size() > 1024);
    write();
    QVERIFY(a.empty());
    // Emptied in place: what it counts next starts from nothing, over the same pairs and new ones.
    count(15'000, 40'000);
    a.add(3, 4, kBase - 1);
    note(3, 4, 1, kBase - 1, kBase - 1);
    write();
    QVERIFY(a.empty());
    std::size_t rows = 0;
    sql::Statement st(db, "SELECT issue_id, tag_id, count, first_seen, last_seen FROM issue_tags");
    while (st.step()) {
        ++rows;
        const auto it = expected.find({st.int64(0), st.int64(1)});
        QVERIFY(it != expected.end());
        QCOMPARE(st.int64(2), it->second[0]);
        QCOMPARE(st.int64(3), it->second[1]);
        QCOMPARE(st.int64(4), it->second[2]);
    }
    QCOMPARE(rows, expected.size());
}

void TestTagCounts::deferredCountsMatchImmediate()
{
    auto ws = open(QStringLiteral("deferred.stackdeck"));
    QVERIFY(ws);
    store::EventWriter writer(ws->db());
    writer.deferTagCounts();
    for (int b = 0; b < kBatches; ++b)
        writer.writeBatch(batch(b));
    QCOMPARE(writer.deferredTagEvents(), std::int64_t(kBatches * kPerBatch));
    QCOMPARE(counted(ws->db()), std::int64_t(0)); // none written yet: the mark says which events lack them
    QCOMPARE(scalar(ws->db(), "SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'tag_counts_mark'"), 0);
    writer.flushDeferredTagCounts();
    QCOMPARE(writer.deferredTagEvents(), std::int64_t(0));
    QCOMPARE(tagCounts(ws->db()), m_reference);
    QCOMPARE(scalar(ws->db(), "SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'tag_counts_mark'"),
        scalar(ws->db(), "SELECT max(id) FROM events"));
    QCOMPARE(store::catchUpTagCounts(ws->db()), std::int64_t(0)); // nothing left to count
}

void TestTagCounts::killedWriterIsCaughtUpByTheNext()
{
    auto ws = open(QStringLiteral("killed.stackdeck"));
    QVERIFY(ws);
    {
        store::EventWriter writer(ws->db());
        writer.deferTagCounts();
        writer.writeBatch(batch(0));
        writer.writeBatch(batch(1));
        // Gone without its flush, as after a kill -9.
    }
    QCOMPARE(counted(ws->db()), std::int64_t(0));
    store::EventWriter next(ws->db()); // any writer counts them before its own
    next.writeBatch(batch(2));
    QCOMPARE(tagCounts(ws->db()), m_reference);
    QCOMPARE(store::catchUpTagCounts(ws->db()), std::int64_t(0));
}

// The writer counts an open transaction's events as they come; when it rolls
// back (a failed write, a cancelled import), none of them may stay counted,
// and the committed ones before it are counted from their rows instead.
void TestTagCounts::rolledBackEventsAreNotCounted()
{
    auto ws = open(QStringLiteral("rolledback.stackdeck"));
    QVERIFY(ws);
    store::EventWriter writer(ws->db());
    writer.deferTagCounts();
    writer.writeBatch(batch(0));
    writer.begin();
    writer.write(batch(1));
    writer.rollback();
    QCOMPARE(scalar(ws->db(), "SELECT count(*) FROM events"), std::int64_t(kPerBatch));
    writer.writeBatch(batch(1)); // written again, as a re-run does
    writer.writeBatch(batch(2));
    writer.flushDeferredTagCounts();
    QCOMPARE(tagCounts(ws->db()), m_reference);
    QCOMPARE(store::catchUpTagCounts(ws->db()), std::int64_t(0));
}

// The CLI's readers of tag counts (export's reports, the issue listing)
// count the deferred ones first, as the window does when it opens a workspace.
void TestTagCounts::reportsCountWhatAKilledImportLeft_data()
{
    QTest::addColumn<QStringList>("command");
    QTest::newRow("export") << QStringList {QStringLiteral("export"), QStringLiteral("--format"), QStringLiteral("md"),
        QStringLiteral("-o"), m_dir.filePath(QStringLiteral("report.md")), QStringLiteral("1")};
    QTest::newRow("issues") << QStringList {QStringLiteral("issues"), QStringLiteral("--limit"), QStringLiteral("1")};
    QTest::newRow("triage by tag") << QStringList {QStringLiteral("triage"), QStringLiteral("--query"),
        QStringLiteral("browser:Chrome"), QStringLiteral("--bookmark")};
}

void TestTagCounts::reportsCountWhatAKilledImportLeft()
{
    QFETCH(QStringList, command);
    const QString path = m_dir.filePath(QStringLiteral("report-%1.stackdeck").arg(command.front()));
    {
        auto ws = store::Workspace::open(path.toStdString());
        QVERIFY(ws.ok());
        store::EventWriter writer((*ws)->db());
        writer.deferTagCounts();
        for (int b = 0; b < kBatches; ++b)
            writer.writeBatch(batch(b));
        QVERIFY(store::tagCountsBehind((*ws)->db()));
    } // gone without its flush
    const test::CliRun run = test::runCli(command + QStringList {QStringLiteral("--db"), path});
    QVERIFY2(run.exitCode == 0, run.err.constData());
    auto ws = store::Workspace::open(path.toStdString());
    QVERIFY(ws.ok());
    QVERIFY(!store::tagCountsBehind((*ws)->db()));
    QCOMPARE(tagCounts((*ws)->db()), m_reference);
    if (command.front() == QLatin1String("triage")) // every issue has Chrome events: all selected
        QCOMPARE(scalar((*ws)->db(), "SELECT count(*) FROM issues WHERE bookmarked = 0"), std::int64_t(0));
    if (command.front() == QLatin1String("export")) {
        QFile report(m_dir.filePath(QStringLiteral("report.md")));
        QVERIFY(report.open(QIODevice::ReadOnly));
        QVERIFY(report.readAll().contains("Chrome")); // the issue's top tags, counted
    }
}

void TestTagCounts::anotherWriterBetweenCommits()
{
    auto first = open(QStringLiteral("two.stackdeck"));
    auto second = open(QStringLiteral("two.stackdeck"));
    QVERIFY(first && second);
    store::EventWriter deferring(first->db());
    deferring.deferTagCounts();
    deferring.writeBatch(batch(0));
    {
        // Another connection (the local endpoint beside an import) writes in
        // between: it counts the deferred events first.
        store::EventWriter other(second->db());
        other.writeBatch(batch(1));
    }
    QCOMPARE(counted(first->db()), std::int64_t(2 * kPerBatch * 4));
    deferring.writeBatch(batch(2)); // sees the other commit: its memory no longer decides
    deferring.flushDeferredTagCounts();
    QCOMPARE(tagCounts(first->db()), m_reference);
}

void TestTagCounts::mergeWhileCountsAreDeferred()
{
    auto ws = open(QStringLiteral("merge.stackdeck"));
    QVERIFY(ws);
    store::EventWriter writer(ws->db());
    writer.deferTagCounts();
    for (int b = 0; b < kBatches; ++b)
        writer.writeBatch(batch(b));
    {
        // A merge or regroup resets an issue's aggregates and derives them
        // again from its events: the deferred counts are counted first, once.
        sql::Transaction tx(ws->db());
        store::resetIssueAggregates(ws->db(), 1);
        tx.commit();
    }
    QCOMPARE(scalar(ws->db(), "SELECT count(*) FROM issue_tags WHERE issue_id = 1"), 0);
    QVERIFY(counted(ws->db()) > 0); // the other issues' counts, from the rows
    writer.flushDeferredTagCounts(); // the mark moved: the rows decide, and they were counted
    const auto after = tagCounts(ws->db());
    std::vector<std::string> expected;
    const std::string issue1 = "h" + std::to_string(0) + " "; // the first event's hash made issue 1
    for (const std::string& row : m_reference) {
        if (row.rfind(issue1, 0) != 0)
            expected.push_back(row);
    }
    QCOMPARE(after, expected);
}

void TestTagCounts::importFlushesEveryNEventsAndAtTheEnd_data()
{
    QTest::addColumn<qint64>("every");
    QTest::newRow("every transaction (not deferred)") << qint64(0);
    QTest::newRow("every 7 events") << qint64(7);
    QTest::newRow("at the end only") << qint64(1'000'000);
}

void TestTagCounts::importFlushesEveryNEventsAndAtTheEnd()
{
    QFETCH(qint64, every);
    const QString file = m_dir.filePath(QStringLiteral("events.ndjson"));
    if (!QFile::exists(file)) {
        std::ofstream out(file.toStdString());
        for (int i = 0; i < 300; ++i) {
            out << R"({"event_id":")" << hexId(i + 1) << R"(","timestamp":)" << (1700000000 + i)
                << R"(,"platform":"python","level":"error","message":"boom )" << (i % 4) << R"(","tags":{"user":"u)"
                << (i % 13) << R"(","shard":")" << (i % 3) << R"("}})" << '\n';
        }
    }
    const QString name = QStringLiteral("import-%1.stackdeck").arg(every);
    ImportOptions options;
    options.batchSize = 20;
    options.tagCountsEvery = every;
    const ImportSummary s = ImportJob(m_dir.filePath(name).toStdString(), options).run({file.toStdString()});
    QVERIFY2(s.fatalError.empty(), s.fatalError.c_str());
    QCOMPARE(s.events, std::int64_t(300));
    auto ws = open(name);
    QVERIFY(ws);
    static std::vector<std::string> immediate;
    if (every == 0)
        immediate = tagCounts(ws->db());
    QVERIFY(!immediate.empty());
    QCOMPARE(tagCounts(ws->db()), immediate);
    QCOMPARE(store::catchUpTagCounts(ws->db()), std::int64_t(0));
}

QTEST_GUILESS_MAIN(TestTagCounts)
#include "tst_tagcounts.moc"
