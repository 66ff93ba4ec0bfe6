// The store's write path: idempotency, per-issue aggregates, rollback of a
// failed batch, grouping by hash and by server group id.

#include "store/backgroundcheckpointer.h"
#include "store/eventwriter.h"
#include "store/issuequeries.h"
#include "store/workspace.h"
#include "storefixtures.h"
#include "testsupport.h"

#include <QTemporaryDir>
#include <QTest>

#include <sqlite3.h>

using namespace stackdeck;
using test::hexId;
using test::scalar;

namespace {

constexpr Micros kHour = 3'600'000'000LL;
constexpr Micros kBase = 472222 * kHour; // hour-aligned, November 2023

} // namespace

class TestEventWriter : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void aggregates();
    void reimportIsIdempotent();
    void duplicateInsideOneBatch();
    void secondaryHashJoinsIssue();
    void hashOfAnotherIssueStaysItsOwn();
    void serverGroupIdWins();
    void failedBatchLeavesNothing();
    void transactionsAreNotGrouped_data();
    void transactionsAreNotGrouped();
    void partsShareOneTransaction();
    void rollbackDropsEveryPart();
    void backgroundCheckpointCopiesWal();
    void fullIssueRemembersNoMoreTexts();
    void knownFrameListIsProbedOnce();

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<store::Workspace> m_ws;
};

void TestEventWriter::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    auto ws = store::Workspace::open(m_dir->filePath(QStringLiteral("w.stackdeck")).toStdString());
    QVERIFY2(ws.ok(), ws.ok() ? "" : ws.error().message.c_str());
    m_ws = std::move(ws).value();
}

void TestEventWriter::cleanup()
{
    m_ws.reset();
    m_dir.reset();
}

void TestEventWriter::aggregates()
{
    store::EventWriter writer(m_ws->db());
    PreparedBatch batch;
    batch.events.push_back(test::makePreparedEvent(hexId(1), "h1", kBase + 2 * kHour, "id:1"));
    batch.events.push_back(test::makePreparedEvent(hexId(2), "h1", kBase, "id:2"));
    batch.events.push_back(test::makePreparedEvent(hexId(3), "h1", kBase + 5 * kHour, "id:1"));
    batch.events.back().release = "2.0";
    const auto counts = writer.writeBatch(batch);
    QCOMPARE(counts.inserted, 3);
    QCOMPARE(counts.issuesCreated, 1);

    const auto page = store::listIssues(m_ws->db(), {});
    QCOMPARE(page.issues.size(), 1u);
    const Issue& issue = page.issues.front();
    QCOMPARE(issue.eventCount, 3);
    QCOMPARE(issue.userCount, 2);
    QCOMPARE(issue.firstSeen, kBase);
    QCOMPARE(issue.lastSeen, kBase + 5 * kHour);
    QCOMPARE(issue.title, std::string("ValueError: ") + hexId(3)); // the newest event names the issue
    QCOMPARE(issue.firstRelease, std::string("1.0"));
    QCOMPARE(issue.lastRelease, std::string("2.0"));

    const auto tags = store::issueTopTags(m_ws->db(), issue.id);
    QVERIFY(!tags.empty());
    bool sawBrowser = false;
    for (const auto& t : tags) {
        if (t.key == "browser") {
            sawBrowser = true;
            QCOMPARE(t.total, 3);
            QCOMPARE(t.topValues.size(), 2u);
        }
    }
    QVERIFY(sawBrowser);
    const auto histogram = store::issueHistogram(m_ws->db(), issue.id, kBase, kBase + 6 * kHour, kHour);
    QCOMPARE(histogram, (std::vector<std::int64_t> {1, 0, 1, 0, 0, 1}));

    // Every release with its earliest event, stored with the events.
    QCOMPARE(scalar(m_ws->db(), "SELECT first_seen FROM releases WHERE version = '1.0'"), kBase);
    QCOMPARE(scalar(m_ws->db(), "SELECT first_seen FROM releases WHERE version = '2.0'"), kBase + 5 * kHour);
    PreparedBatch earlier;
    earlier.events.push_back(test::makePreparedEvent(hexId(4), "h1", kBase - kHour));
    earlier.events.back().release = "2.0";
    writer.writeBatch(earlier);
    QCOMPARE(scalar(m_ws->db(), "SELECT first_seen FROM releases WHERE version = '2.0'"), kBase - kHour);
    // Their traces are stale by their row ids (above meta 'trace_mark'), with no row each.
    QCOMPARE(scalar(m_ws->db(), "SELECT count(*) FROM trace_stale"), 0);
}

void TestEventWriter::reimportIsIdempotent()
{
    PreparedBatch batch;
    for (int i = 0; i < 50; ++i)
        batch.events.push_back(test::makePreparedEvent(
            hexId(i), "h" + std::to_string(i % 5), kBase + i * kHour, "id:" + std::to_string(i % 7)));
    {
        store::EventWriter writer(m_ws->db());
        QCOMPARE(writer.writeBatch(batch).inserted, 50);
    }
    const auto before = store::listIssues(m_ws->db(), {});
    {
        store::EventWriter writer(m_ws->db()); // a new run, cold caches
        const auto again = writer.writeBatch(batch);
        QCOMPARE(again.inserted, 0);
        QCOMPARE(again.duplicates, 50);
        QCOMPARE(again.issuesCreated, 0);
    }
    const auto after = store::listIssues(m_ws->db(), {});
    QCOMPARE(after.issues, before.issues);
    QCOMPARE(scalar(m_ws->db(), "SELECT count(*) FROM events"), 50);
    QCOMPARE(scalar(m_ws->db(), "SELECT sum(count) FROM issue_hourly"), 50);
}

void TestEventWriter::duplicateInsideOneBatch()
{
    store::EventWriter writer(m_ws->db());
    PreparedBatch batch;
    batch.events.push_back(test::makePreparedEvent(hexId(7), "h", kBase));
    batch.events.push_back(test::makePreparedEvent(hexId(7), "h", kBase));
    const auto counts = writer.writeBatch(batch);
    QCOMPARE(counts.inserted, 1);
    QCOMPARE(counts.duplicates, 1);
}

void TestEventWriter::secondaryHashJoinsIssue()
{
    store::EventWriter writer(m_ws->db());
    PreparedBatch first;
    first.events.push_back(test::makePreparedEvent(hexId(1), "system-hash", kBase));
    writer.writeBatch(first);
    PreparedBatch second;
    auto e = test::makePreparedEvent(hexId(2), "app-hash", kBase + 1);
    e.hashes = {"app-hash", "system-hash"}; // primary is new, secondary is known
    second.events.push_back(e);
    QCOMPARE(writer.writeBatch(second).issuesCreated, 0);
    const auto page = store::listIssues(m_ws->db(), {});
    QCOMPARE(page.issues.size(), 1u);
    QCOMPARE(page.issues.front().eventCount, 2);
    // The new hash now points at the issue too.
    const auto hashes = store::issueHashes(m_ws->db(), page.issues.front().id);
    QCOMPARE(hashes, (std::vector<std::string> {"app-hash", "system-hash"}));
}

// A new writer (an import into a workspace) meets an event whose other hash
// belongs to another issue: the hash stays that issue's, and the writer, which
// now remembers it, sends the next event with only that hash there.
void TestEventWriter::hashOfAnotherIssueStaysItsOwn()
{
    {
        store::EventWriter earlier(m_ws->db());
        PreparedBatch batch;
        batch.events.push_back(test::makePreparedEvent(hexId(1), "a", kBase));
        batch.events.push_back(test::makePreparedEvent(hexId(2), "b", kBase + 1));
        earlier.writeBatch(batch);
    }
    store::EventWriter writer(m_ws->db());
    PreparedBatch batch;
    auto both = test::makePreparedEvent(hexId(3), "b", kBase + 2);
    both.hashes = {"b", "a"}; // joins b's issue; "a" is already a's
    batch.events.push_back(both);
    batch.events.push_back(test::makePreparedEvent(hexId(4), "a", kBase + 3));
    batch.events.push_back(test::makePreparedEvent(hexId(5), "a", kBase + 4));
    QCOMPARE(writer.writeBatch(batch).issuesCreated, 0);
    QCOMPARE(scalar(m_ws->db(), "SELECT count(*) FROM issue_hashes"), 2);
    QCOMPARE(scalar(m_ws->db(), "SELECT event_count FROM issues WHERE primary_hash = 'a'"), 3);
    QCOMPARE(scalar(m_ws->db(), "SELECT event_count FROM issues WHERE primary_hash = 'b'"), 2);
    QCOMPARE(scalar(m_ws->db(),
                 "SELECT count(*) FROM events e JOIN issues i ON i.id = e.issue_id WHERE e.event_id IN ('" + hexId(4)
                     + "', '" + hexId(5) + "') AND i.primary_hash = 'a'"),
        2);
}

void TestEventWriter::serverGroupIdWins()
{
    store::EventWriter writer(m_ws->db());
    PreparedBatch batch;
    auto a = test::makePreparedEvent(hexId(1), "hash-a", kBase);
    a.serverGroupId = "4242";
    auto b = test::makePreparedEvent(hexId(2), "hash-b", kBase + 1);
    b.serverGroupId = "4242"; // different hash, same server issue
    batch.events = {a, b};
    writer.writeBatch(batch);
    const auto page = store::listIssues(m_ws->db(), {});
    QCOMPARE(page.issues.size(), 1u);
    QCOMPARE(page.issues.front().serverId, std::string("4242"));
}

void TestEventWriter::failedBatchLeavesNothing()
{
    // A trigger makes the third event's insert fail half-way through the batch.
    m_ws->db().exec("CREATE TRIGGER fail BEFORE INSERT ON events WHEN NEW.event_id = '" + hexId(3)
        + "' BEGIN SELECT RAISE(ABORT, 'disk on fire'); END");
    store::EventWriter writer(m_ws->db());
    PreparedBatch batch;
    for (int i = 1; i <= 4; ++i)
        batch.events.push_back(test::makePreparedEvent(hexId(i), "h", kBase + i));
    QVERIFY_THROWS_EXCEPTION(sql::SqliteError, writer.writeBatch(batch));
    QCOMPARE(scalar(m_ws->db(), "SELECT count(*) FROM events"), 0);
    QCOMPARE(scalar(m_ws->db(), "SELECT count(*) FROM issues"), 0);
    QCOMPARE(scalar(m_ws->db(), "SELECT count(*) FROM issue_hashes"), 0);

    // The writer recovers: the same batch without the poisoned event lands whole.
    m_ws->db().exec("DROP TRIGGER fail");
    batch.events.erase(batch.events.begin() + 2);
    QCOMPARE(writer.writeBatch(batch).inserted, 3);
    const auto page = store::listIssues(m_ws->db(), {});
    QCOMPARE(page.issues.size(), 1u);
    QCOMPARE(page.issues.front().eventCount, 3);
}

void TestEventWriter::transactionsAreNotGrouped_data()
{
    QTest::addColumn<int>("codec");
    QTest::addColumn<int>("spanCount");
    QTest::newRow("plain") << int(PayloadCodec::Plain) << 2;
    QTest::newRow("lz4") << int(PayloadCodec::Lz4) << 40;
    QTest::newRow("zstd") << int(PayloadCodec::Zstd) << 40;
    QTest::newRow("lz4, too small to compress") << int(PayloadCodec::Lz4) << 1;
}

void TestEventWriter::transactionsAreNotGrouped()
{
    QFETCH(int, codec);
    QFETCH(int, spanCount);
    store::EventWriter writer(m_ws->db());
    PreparedBatch batch;
    auto t = test::makePreparedEvent(hexId(9), "", kBase);
    t.type = EventType::Transaction;
    t.groupable = false;
    t.hashes.clear();
    std::vector<SpanRow> spans {SpanRow {"a1", "r0", "db", "SELECT 1", "ok", kBase, kBase + 10, 1.0},
        SpanRow {"a2", "", "http", "GET \"/\"\n", "", kBase, std::nullopt, std::nullopt}};
    spans.resize(static_cast<std::size_t>(spanCount), spans.front());
    t.spans = encodeSpanRows(spans, static_cast<PayloadCodec>(codec));
    QCOMPARE(t.spans.codec == PayloadCodec::Plain, codec == int(PayloadCodec::Plain) || spanCount == 1);
    batch.events.push_back(t);
    const auto counts = writer.writeBatch(batch);
    QCOMPARE(counts.transactions, 1);
    QCOMPARE(counts.spans, spanCount);
    QCOMPARE(scalar(m_ws->db(), "SELECT count(*) FROM issues"), 0);
    QCOMPARE(scalar(m_ws->db(), "SELECT count FROM event_spans"), spanCount);
    auto& read = m_ws->db().cached("SELECT codec, spans, raw_size FROM event_spans");
    QVERIFY(read.step());
    QCOMPARE(read.int64(0), static_cast<std::int64_t>(t.spans.codec));
    const auto stored = decodeSpanSet(
        static_cast<PayloadCodec>(read.int64(0)), read.blob(1), static_cast<std::size_t>(read.int64(2)));
    read.reset();
    QVERIFY(stored);
    QCOMPARE(stored->size(), spans.size());
    QVERIFY(*stored == spans); // every field back as written, empty strings as empty
}

void TestEventWriter::partsShareOneTransaction()
{
    store::EventWriter writer(m_ws->db());
    PreparedBatch first;
    PreparedBatch second;
    for (int i = 1; i <= 3; ++i)
        first.events.push_back(test::makePreparedEvent(hexId(i), "h", kBase + i, "id:" + std::to_string(i)));
    for (int i = 3; i <= 5; ++i) // event 3 again: a duplicate across parts
        second.events.push_back(test::makePreparedEvent(hexId(i), "h", kBase + i, "id:" + std::to_string(i)));
    writer.begin();
    writer.write(first);
    writer.write(second);
    QVERIFY(writer.inTransaction());
    const auto counts = writer.commit();
    QVERIFY(!writer.inTransaction());
    QCOMPARE(counts.inserted, 5);
    QCOMPARE(counts.duplicates, 1);
    QCOMPARE(counts.issuesCreated, 1);
    const auto page = store::listIssues(m_ws->db(), {});
    QCOMPARE(page.issues.size(), 1u);
    QCOMPARE(page.issues.front().eventCount, 5);
    QCOMPARE(page.issues.front().userCount, 5);
    QCOMPARE(scalar(m_ws->db(), "SELECT sum(count) FROM issue_hourly"), 5);
}

void TestEventWriter::rollbackDropsEveryPart()
{
    store::EventWriter writer(m_ws->db());
    PreparedBatch part;
    for (int i = 1; i <= 3; ++i)
        part.events.push_back(test::makePreparedEvent(hexId(i), "h", kBase + i));
    writer.begin();
    writer.write(part);
    writer.rollback();
    QVERIFY(!writer.inTransaction());
    QCOMPARE(scalar(m_ws->db(), "SELECT count(*) FROM events"), 0);
    QCOMPARE(scalar(m_ws->db(), "SELECT count(*) FROM issues"), 0);
    QCOMPARE(scalar(m_ws->db(), "SELECT count(*) FROM issue_hashes"), 0);
    // Nothing cached from the dropped transaction leaks into the next one.
    const auto counts = writer.writeBatch(part);
    QCOMPARE(counts.inserted, 3);
    QCOMPARE(counts.issuesCreated, 1);
    QCOMPARE(store::listIssues(m_ws->db(), {}).issues.front().eventCount, 3);
}

void TestEventWriter::backgroundCheckpointCopiesWal()
{
    // The writer's connection has the database open already; the checkpointer's
    // own connection must copy its commits into the database file.
    store::EventWriter writer(m_ws->db());
    store::BackgroundCheckpointer checkpointer(m_ws->db(), std::chrono::milliseconds(5));
    PreparedBatch batch;
    for (int i = 1; i <= 50; ++i)
        batch.events.push_back(test::makePreparedEvent(hexId(i), "h" + std::to_string(i % 7), kBase + i));
    QCOMPARE(writer.writeBatch(batch).inserted, 50);
    QTRY_VERIFY(checkpointer.framesCheckpointed() > 0);
}

// An issue that has its most search rows remembers no more texts: issue_texts
// would only grow for texts that get no row.
void TestEventWriter::fullIssueRemembersNoMoreTexts()
{
    constexpr std::int64_t kRowsPerIssue = 2000; // kMaxSearchRowsPerIssue
    store::EventWriter writer(m_ws->db());
    PreparedBatch batch;
    for (int i = 0; i < kRowsPerIssue + 150; ++i) {
        PreparedEvent e = test::makePreparedEvent(hexId(i + 1), "h1", kBase + i);
        e.searchTexts = {{"could not load order " + std::to_string(i), {}}};
        batch.events.push_back(std::move(e));
    }
    writer.writeBatch(batch);
    QCOMPARE(scalar(m_ws->db(), "SELECT search_rows FROM issues"), kRowsPerIssue);
    QCOMPARE(scalar(m_ws->db(), "SELECT count(*) FROM issue_texts"), kRowsPerIssue);
    QCOMPARE(scalar(m_ws->db(), "SELECT count(*) FROM search WHERE search MATCH '\"order 7\"'"), std::int64_t(1));
}

// An issue's events mostly repeat one list of frames. A writer that meets a
// list the issue has indexed (in an earlier import: its own memory is empty)
// probes issue_texts once for it, not once per frame; a list with one frame
// more indexes that frame, and search finds every frame.
void TestEventWriter::knownFrameListIsProbedOnce()
{
    const std::vector<std::string> frames {"load_order", "acme.orders", "orders.py"};
    auto withFrames = [](int i, std::vector<std::string> terms) {
        PreparedEvent e = test::makePreparedEvent(hexId(i), "h1", kBase + i);
        e.searchTexts.clear();
        e.searchTerms = std::move(terms);
        PreparedBatch batch;
        batch.events.push_back(std::move(e));
        return batch;
    };
    sql::Statement& remember
        = m_ws->db().cached("INSERT OR IGNORE INTO issue_texts(issue_id, text_hash) VALUES(?1, ?2)");
    const auto probes = [&remember] { return sqlite3_stmt_status(remember.handle(), SQLITE_STMTSTATUS_RUN, 0); };
    const auto texts = [this] { return scalar(m_ws->db(), "SELECT count(*) FROM issue_texts"); };
    const auto found = [this](const char* term) {
        return scalar(m_ws->db(), "SELECT count(*) FROM search WHERE search MATCH '\"" + std::string(term) + "\"'");
    };

    store::EventWriter(m_ws->db()).writeBatch(withFrames(1, frames));
    QCOMPARE(texts(), std::int64_t(4)); // three frames and their list

    int before = probes();
    store::EventWriter(m_ws->db()).writeBatch(withFrames(2, frames));
    QCOMPARE(probes() - before, 1);
    QCOMPARE(texts(), std::int64_t(4));

    std::vector<std::string> more = frames;
    more.emplace_back("retry_order");
    before = probes();
    store::EventWriter(m_ws->db()).writeBatch(withFrames(3, more));
    QCOMPARE(probes() - before, 5); // the new list, then each frame
    QCOMPARE(texts(), std::int64_t(6));
    for (const char* term : {"load_order", "orders.py", "retry_order"})
        QCOMPARE(found(term), std::int64_t(1));
}

QTEST_GUILESS_MAIN(TestEventWriter)
#include "tst_eventwriter.moc"
