// Traces assembled after the import (issue #18): an import batch only marks
// the traces it touched (trace_stale, in the batch's transaction) and the
// trace list assembles them before it reads (assembleAllStaleTraces); a
// stopped or killed import leaves its committed marks the same way; workspaces from before schema 8 (no trace
// rows, no span columns) and before schema 10 (rows without a search entry)
// are marked by the migration and assembled the same way. The trace list's
// search index (trace_search) gives the same rows as the exact filter.

#include "importer/importjob.h"
#include "store/tracequeries.h"
#include "store/tracerows.h"
#include "store/workspace.h"
#include "storefixtures.h"
#include "testsupport.h"

#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <cctype>
#include <set>
#include <tuple>

using namespace stackdeck;
using namespace stackdeck::test;

namespace {

std::vector<std::string> corpusFilesOnDisk()
{
    std::vector<std::string> files;
    for (const QString& f : corpusFiles(QStringLiteral("sdk/received")))
        files.push_back(corpusPath(f).toStdString());
    return files;
}

std::vector<trace::TraceSummary> allTraces(sql::Database& db, const std::string& query = {})
{
    store::TraceListOptions o;
    o.limit = 100000;
    o.filter = trace::parseTraceFilter(query).filter;
    return store::listTraces(db, o);
}

using SpanColumns = std::vector<std::tuple<std::int64_t, std::string, std::string, std::string, std::string>>;

SpanColumns spanColumns(sql::Database& db)
{
    SpanColumns out;
    sql::Statement st(db,
        "SELECT id, coalesce(parent_span_id, ''), coalesce(span_op, ''), coalesce(span_status, ''), "
        "coalesce(service, '') FROM events WHERE trace_id IS NOT NULL ORDER BY id");
    while (st.step())
        out.emplace_back(st.int64(0), st.text(1), st.text(2), st.text(3), st.text(4));
    return out;
}

std::string lower(std::string s)
{
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return s;
}

bool contains(const std::vector<std::string>& values, const std::string& v)
{
    return std::find(values.begin(), values.end(), v) != values.end();
}

// The filter's meaning, written out: what the list must return whichever way it reads.
bool matches(const trace::TraceSummary& t, const trace::TraceFilter& f)
{
    for (const std::string& w : f.words) {
        if (lower(t.rootName).find(lower(w)) == std::string::npos)
            return false;
    }
    for (const std::string& s : f.services) {
        if (!contains(t.services, s))
            return false;
    }
    for (const std::string& s : f.ops) {
        if (!contains(t.ops, s))
            return false;
    }
    for (const std::string& s : f.projects) {
        if (!contains(t.projects, s))
            return false;
    }
    return true;
}

trace::TraceSummary summary(const std::string& id, const std::string& name, Micros start)
{
    trace::TraceSummary s;
    s.traceId = id;
    s.rootName = name;
    s.rootOp = "http.server";
    s.start = start;
    s.duration = 1000;
    s.services = {"web"};
    s.projects = {"web"};
    s.ops = {"http.server"};
    return s;
}

} // namespace

class TestTraceStale : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void importOnlyMarks();
    void stoppedImportLeavesMarks();
    void legacyWorkspaceIsAssembledOnOpen_data();
    void legacyWorkspaceIsAssembledOnOpen();
    void searchMatchesTheFilter_data();
    void searchMatchesTheFilter();
    void rewrittenTraceLeavesNoOldText();
    void manyMatchesWalkTheOrder();

private:
    std::string importCorpus(const QString& name);

    QTemporaryDir m_dir;
    std::string m_path; // the corpus, imported once
    std::vector<trace::TraceSummary> m_rebuilt; // its list after a full rebuild
    SpanColumns m_columns;
};

std::string TestTraceStale::importCorpus(const QString& name)
{
    const std::string path = m_dir.filePath(name).toStdString();
    // LZ4 payloads, as builds before schema 11 wrote them: legacyWorkspaceIsAssembledOnOpen takes the
    // workspace back to schema 9, without the dictionaries a ZstdDict payload needs.
    ImportOptions options;
    options.codec = PayloadCodec::Lz4;
    ImportJob job(path, options);
    const ImportSummary s = job.run(corpusFilesOnDisk());
    if (!s.fatalError.empty())
        qWarning("%s", s.fatalError.c_str());
    return path;
}

void TestTraceStale::initTestCase()
{
    STACKDECK_REQUIRE_CORPUS();
    m_path = importCorpus(QStringLiteral("corpus.stackdeck"));
    const std::string copy = m_dir.filePath(QStringLiteral("rebuilt.stackdeck")).toStdString();
    QVERIFY(QFile::copy(QString::fromStdString(m_path), QString::fromStdString(copy)));
    auto ws = store::Workspace::open(copy);
    QVERIFY(ws.ok());
    sql::Transaction tx((*ws)->db());
    store::rebuildTraces((*ws)->db());
    tx.commit();
    m_rebuilt = allTraces((*ws)->db());
    m_columns = spanColumns((*ws)->db());
    QVERIFY(m_rebuilt.size() >= 40);
}

void TestTraceStale::importOnlyMarks()
{
    auto ws = store::Workspace::open(m_path);
    QVERIFY(ws.ok());
    sql::Database& db = (*ws)->db();
    // Every trace of the import is marked, none assembled yet.
    QCOMPARE(store::countStaleTraces(db), static_cast<std::int64_t>(m_rebuilt.size()));
    QVERIFY(allTraces(db).empty());
    QCOMPARE(store::assembleAllStaleTraces(db, nullptr, 10), static_cast<std::int64_t>(m_rebuilt.size()));
    QCOMPARE(store::countStaleTraces(db), 0);
    QVERIFY(allTraces(db) == m_rebuilt);
    // Every row is in the search index, once.
    QCOMPARE(scalar(db, "SELECT count(*) FROM traces WHERE id IS NULL"), 0);
    QCOMPARE(scalar(db, "SELECT count(DISTINCT id) FROM traces"), static_cast<std::int64_t>(m_rebuilt.size()));
    // A cancel stops between transactions and leaves the rest marked.
    db.exec("INSERT INTO trace_stale(trace_id) SELECT trace_id FROM traces");
    std::atomic<bool> cancel = true;
    QCOMPARE(store::assembleAllStaleTraces(db, &cancel), 0);
    QCOMPARE(store::countStaleTraces(db), static_cast<std::int64_t>(m_rebuilt.size()));
    QCOMPARE(store::assembleAllStaleTraces(db), static_cast<std::int64_t>(m_rebuilt.size()));
    QVERIFY(allTraces(db) == m_rebuilt);
}

// A kill between a batch's commit and the end of the import leaves what a
// cancel leaves: the batch's events and marks, committed together.
void TestTraceStale::stoppedImportLeavesMarks()
{
    const std::string path = m_dir.filePath(QStringLiteral("stopped.stackdeck")).toStdString();
    std::atomic<bool> cancel = false;
    std::int64_t marksSeenByAnother = -1;
    ImportJob job(path, {});
    const ImportSummary s = job.run(corpusFilesOnDisk(), &cancel, {}, [&](const store::BatchCounts&) {
        // What another process sees right after the batch committed.
        auto other = store::Workspace::open(path, store::Workspace::Mode::ReadOnly);
        if (other.ok() && marksSeenByAnother < 0)
            marksSeenByAnother = store::countStaleTraces((*other)->db());
        cancel = true;
    });
    QVERIFY(s.fatalError.empty());
    QVERIFY(marksSeenByAnother > 0);

    auto ws = store::Workspace::open(path);
    QVERIFY(ws.ok());
    sql::Database& db = (*ws)->db();
    const std::int64_t marked = store::countStaleTraces(db);
    QVERIFY(marked > 0);
    // Until assembled, a marked trace never shows as final.
    for (const auto& t : allTraces(db)) {
        // Marked by a row, or by an event above the mark (the import's batches).
        sql::Statement marks(db,
            "SELECT EXISTS (SELECT 1 FROM trace_stale WHERE trace_id = ?1) OR EXISTS (SELECT 1 FROM events WHERE "
            "trace_id = ?1 AND id > (SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'trace_mark'))");
        marks.bind(1, t.traceId);
        QVERIFY(marks.step());
        const bool isMarked = marks.int64(0) == 1;
        QCOMPARE((t.flags & trace::Pending) != 0, isMarked);
    }
    QCOMPARE(store::assembleAllStaleTraces(db, nullptr, 7), marked);
    QCOMPARE(store::countStaleTraces(db), 0);
    const auto assembled = allTraces(db);
    QVERIFY(!assembled.empty());
    for (const auto& t : assembled)
        QCOMPARE(t.flags & trace::Pending, 0u);
    // The same rows a rebuild of these events writes.
    sql::Transaction tx(db);
    store::rebuildTraces(db);
    tx.commit();
    QVERIFY(allTraces(db) == assembled);
}

void TestTraceStale::legacyWorkspaceIsAssembledOnOpen_data()
{
    QTest::addColumn<bool>("before8"); // no trace rows and no span columns, else rows without a search entry
    QTest::newRow("schema 7, migrated to 8 without a reindex") << true;
    QTest::newRow("schema 8 or 9 with its trace rows") << false;
}

void TestTraceStale::legacyWorkspaceIsAssembledOnOpen()
{
    QFETCH(bool, before8);
    const QString name = before8 ? QStringLiteral("legacy7.stackdeck") : QStringLiteral("legacy9.stackdeck");
    const std::string path = m_dir.filePath(name).toStdString();
    QFile::remove(QString::fromStdString(path));
    {
        auto ws = store::Workspace::open(m_path); // the import's marks assembled (importOnlyMarks does it too)
        QVERIFY(ws.ok());
        store::assembleAllStaleTraces((*ws)->db());
    }
    QVERIFY(QFile::copy(QString::fromStdString(m_path), QString::fromStdString(path)));
    {
        auto ws = store::Workspace::open(path);
        QVERIFY(ws.ok());
        sql::Database& db = (*ws)->db();
        // Back to schema 9 as an older build left it.
        test::undoRowKeys(db);
        db.exec("DROP TABLE trace_stale; DROP TABLE trace_search; DROP INDEX traces_id; "
                "ALTER TABLE traces DROP COLUMN id; DROP TABLE payload_dicts; DROP TABLE kept_items; "
                "PRAGMA user_version = 9");
        if (before8) {
            db.exec("DELETE FROM traces; UPDATE events SET parent_span_id = NULL, span_op = NULL, span_status = "
                    "NULL, service = NULL");
        }
    }
    QVERIFY(store::Workspace::needsMigration(path));
    auto ws = store::Workspace::open(path);
    QVERIFY(ws.ok());
    sql::Database& db = (*ws)->db();
    QVERIFY(store::countStaleTraces(db) >= static_cast<std::int64_t>(m_rebuilt.size()));
    if (before8)
        QVERIFY(allTraces(db).empty());
    store::assembleAllStaleTraces(db);
    QCOMPARE(store::countStaleTraces(db), 0);
    QVERIFY(allTraces(db) == m_rebuilt);
    QVERIFY(spanColumns(db) == m_columns);
    QVERIFY(!allTraces(db, "checkout-flow").empty()); // found through the search index
    QCOMPARE(scalar(db, "SELECT count(*) FROM traces WHERE id IS NULL"), 0);
}

void TestTraceStale::searchMatchesTheFilter_data()
{
    QTest::addColumn<QString>("query");
    QTest::addColumn<bool>("some"); // the corpus has traces that match
    QTest::newRow("word") << QStringLiteral("checkout") << true;
    QTest::newRow("word, other case") << QStringLiteral("CHECKOUT") << true;
    QTest::newRow("two words") << QStringLiteral("checkout flow") << true;
    QTest::newRow("short word (no trigram)") << QStringLiteral("ch") << true;
    QTest::newRow("nothing matches") << QStringLiteral("zzzqqq") << false;
    QTest::newRow("service") << QStringLiteral("service:corpus-node-pricing") << true;
    QTest::newRow("service, a part only") << QStringLiteral("service:corpus-node") << false;
    QTest::newRow("op") << QStringLiteral("op:db.query") << true;
    QTest::newRow("op and word") << QStringLiteral("op:db.query checkout") << true;
    QTest::newRow("short op") << QStringLiteral("op:db") << false;
}

void TestTraceStale::searchMatchesTheFilter()
{
    QFETCH(QString, query);
    QFETCH(bool, some);
    auto ws = store::Workspace::open(m_path);
    QVERIFY(ws.ok());
    sql::Database& db = (*ws)->db();
    store::assembleAllStaleTraces(db);
    const auto parsed = trace::parseTraceFilter(query.toStdString());
    QVERIFY2(parsed.error.empty(), parsed.error.c_str());
    std::vector<trace::TraceSummary> expected;
    for (const auto& t : allTraces(db)) {
        if (matches(t, parsed.filter))
            expected.push_back(t);
    }
    QCOMPARE(!expected.empty(), some);
    QVERIFY(allTraces(db, query.toStdString()) == expected);
    // Both orders, in pages.
    for (const auto sort : {store::TraceSort::Start, store::TraceSort::Duration}) {
        store::TraceListOptions o;
        o.filter = parsed.filter;
        o.sort = sort;
        o.limit = 3;
        std::vector<trace::TraceSummary> paged;
        while (true) {
            const auto rows = store::listTraces(db, o);
            paged.insert(paged.end(), rows.begin(), rows.end());
            if (rows.size() < 3)
                break;
            o.after = store::TraceCursor {
                sort == store::TraceSort::Start ? rows.back().start : rows.back().duration, rows.back().traceId};
        }
        QCOMPARE(paged.size(), expected.size());
    }
}

void TestTraceStale::rewrittenTraceLeavesNoOldText()
{
    const std::string path = m_dir.filePath(QStringLiteral("rewrite.stackdeck")).toStdString();
    auto ws = store::Workspace::open(path);
    QVERIFY(ws.ok());
    sql::Database& db = (*ws)->db();
    store::writeTraceSummary(db, summary("aa", "GET /checkout", 10));
    store::writeTraceSummary(db, summary("bb", "GET /checkout", 20));
    QCOMPARE(allTraces(db, "checkout").size(), std::size_t(2));
    store::writeTraceSummary(db, summary("aa", "POST /basket", 30)); // the trace grew: a new root
    const auto checkout = allTraces(db, "checkout");
    QCOMPARE(checkout.size(), std::size_t(1));
    QCOMPARE(checkout.front().traceId, std::string("bb"));
    QCOMPARE(allTraces(db, "basket").size(), std::size_t(1));
    QCOMPARE(scalar(db, "SELECT id FROM traces WHERE trace_id = 'aa'"), 1); // kept its id
}

// Matches past a twentieth of the table are read by walking the list's order;
// the rows are the same.
void TestTraceStale::manyMatchesWalkTheOrder()
{
    const std::string path = m_dir.filePath(QStringLiteral("many.stackdeck")).toStdString();
    auto ws = store::Workspace::open(path);
    QVERIFY(ws.ok());
    sql::Database& db = (*ws)->db();
    sql::Transaction tx(db);
    for (int i = 0; i < 3000; ++i) {
        const std::string id = QString::number(i, 16).rightJustified(8, QLatin1Char('0')).toStdString();
        store::writeTraceSummary(db, summary(id, i % 3 ? "GET /common" : "GET /common/rare", i));
    }
    tx.commit();
    QCOMPARE(allTraces(db, "common").size(), std::size_t(3000));
    QCOMPARE(allTraces(db, "rare").size(), std::size_t(1000));
    store::TraceListOptions o;
    o.filter = trace::parseTraceFilter("common").filter;
    o.limit = 5;
    const auto page = store::listTraces(db, o);
    QCOMPARE(page.size(), std::size_t(5));
    QCOMPARE(page.front().start, 2999);
    QCOMPARE(page.back().start, 2995);
}

QTEST_GUILESS_MAIN(TestTraceStale)
#include "tst_tracestale.moc"
