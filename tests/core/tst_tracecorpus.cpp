// Traces of the SDK corpus (corpus/sdk: real Python and Node SDK payloads)
// after a real import: every trace of the manifest is one trace, the
// cross-SDK ones have one root with parents resolved across the Python/Node
// boundary, every error with a span id hangs on that span when the span is in
// the trace and on the root otherwise, and reindex rebuilds the same list.

#include "importer/importjob.h"
#include "importer/reindexjob.h"
#include "store/tracequeries.h"
#include "store/tracerows.h"
#include "store/workspace.h"
#include "testsupport.h"
#include "trace/spanpath.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

#include <map>

using namespace stackdeck;
using namespace stackdeck::test;

class TestTraceCorpus : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void manifestTraces();
    void errorsOnTheirSpans();
    void errorPaths();
    void listAndSearch();
    void reindexRebuildsTheList();

private:
    QTemporaryDir m_dir;
    std::string m_path;
    QJsonObject m_manifest;
    std::map<std::string, std::string> m_sdkOfEvent; // event id -> python | node
};

void TestTraceCorpus::initTestCase()
{
    STACKDECK_REQUIRE_CORPUS();
    m_manifest = QJsonDocument::fromJson(readFile(corpusPath(QStringLiteral("sdk/manifest.json")))).object();
    for (const QJsonValue& f : m_manifest.value(QStringLiteral("files")).toArray()) {
        for (const QJsonValue& item : f.toObject().value(QStringLiteral("items")).toArray()) {
            const QString id = item.toObject().value(QStringLiteral("event_id")).toString();
            if (!id.isEmpty())
                m_sdkOfEvent[id.toStdString()] = f.toObject().value(QStringLiteral("sdk")).toString().toStdString();
        }
    }
    m_path = m_dir.filePath(QStringLiteral("sdk.stackdeck")).toStdString();
    ImportJob job(m_path, {});
    std::vector<std::string> files;
    for (const QString& f : corpusFiles(QStringLiteral("sdk/received")))
        files.push_back(corpusPath(f).toStdString());
    const ImportSummary s = job.run(files);
    QVERIFY(s.fatalError.empty());
    QVERIFY(s.transactions > 0);
    // The import marks its traces; the list assembles them before reading.
    auto ws = store::Workspace::open(m_path);
    QVERIFY(ws.ok());
    QVERIFY(store::assembleAllStaleTraces((*ws)->db()) >= 40);
}

void TestTraceCorpus::manifestTraces()
{
    auto ws = store::Workspace::open(m_path);
    QVERIFY(ws.ok());
    sql::Database& db = (*ws)->db();
    const QJsonObject traces = m_manifest.value(QStringLiteral("traces")).toObject();
    QCOMPARE(traces.size(), 44);
    int crossSdk = 0;
    int assembled = 0;
    int neverSent = 0;
    for (auto it = traces.begin(); it != traces.end(); ++it) {
        const std::string id = it.key().toStdString();
        const QJsonObject entry = it.value().toObject();
        if (entry.value(QStringLiteral("files")).toArray().isEmpty()) {
            ++neverSent; // the manifest names it, the SDK sent nothing of it
            continue;
        }
        ++assembled;
        const auto t = store::loadTrace(db, id);
        QVERIFY2(t, id.c_str());
        // One trace: its row in the list, and the events the manifest sent in it.
        store::TraceListOptions one;
        one.filter.traceId = id;
        const auto rows = store::listTraces(db, one);
        QCOMPARE(rows.size(), std::size_t(1));
        QCOMPARE(rows.front(), t->summary());
        if (entry.value(QStringLiteral("sdks_seen")).toArray().size() < 2)
            continue;
        ++crossSdk;
        QVERIFY2(!t->spans.front().has(trace::SyntheticRoot), id.c_str());
        QVERIFY2(!(t->flags & trace::HasOrphans), id.c_str());
        bool crossesBoundary = false;
        for (const trace::TraceSpan& s : t->spans) {
            if (s.parent < 0)
                continue;
            const trace::TraceSpan& p = t->spans[static_cast<std::size_t>(s.parent)];
            if (m_sdkOfEvent[s.eventId] != m_sdkOfEvent[p.eventId])
                crossesBoundary = true;
        }
        QVERIFY2(crossesBoundary, id.c_str());
        QVERIFY2(t->summary().services.size() >= 2, id.c_str());
    }
    QCOMPARE(crossSdk, 9);
    qInfo("%d manifest traces assembled, %d never sent", assembled, neverSent);
    QVERIFY(assembled >= 40);
}

void TestTraceCorpus::errorsOnTheirSpans()
{
    auto ws = store::Workspace::open(m_path);
    QVERIFY(ws.ok());
    sql::Database& db = (*ws)->db();
    int onSpan = 0;
    int onRoot = 0;
    for (const auto& row : store::listTraces(db, {{}, store::TraceSort::Start, 1000, std::nullopt})) {
        const auto events = store::loadTraceEvents(db, row.traceId);
        const auto t = store::loadTrace(db, row.traceId);
        QVERIFY(t);
        for (const trace::EventInput& e : events) {
            if (e.transactionLike || e.spanId.empty())
                continue;
            const auto err = std::find_if(
                t->errors.begin(), t->errors.end(), [&](const trace::TraceError& x) { return x.eventId == e.eventId; });
            QVERIFY(err != t->errors.end());
            const int span = t->indexOf(e.spanId);
            if (span >= 0) {
                QCOMPARE(err->span, span);
                QVERIFY(!err->onRoot);
                ++onSpan;
            } else {
                QCOMPARE(err->span, t->root);
                QVERIFY(err->onRoot);
                ++onRoot;
            }
        }
    }
    qInfo("errors with a span id: %d on their span, %d on the root", onSpan, onRoot);
    QVERIFY(onSpan > 0);
}

// The event pane's way from the root to an error's span: root first, each
// step the parent of the next, the error's span last.
void TestTraceCorpus::errorPaths()
{
    auto ws = store::Workspace::open(m_path);
    QVERIFY(ws.ok());
    sql::Database& db = (*ws)->db();
    int paths = 0;
    int deep = 0;
    for (const auto& row : store::listTraces(db, {{}, store::TraceSort::Start, 1000, std::nullopt})) {
        const auto t = store::loadTrace(db, row.traceId);
        QVERIFY(t);
        for (const trace::TraceError& e : t->errors) {
            const trace::ErrorPath p = trace::errorPath(*t, e.eventId);
            QVERIFY(!p.steps.empty());
            QCOMPARE(p.steps.front().span, t->root);
            QCOMPARE(p.steps.back().span, e.span);
            QCOMPARE(p.onRoot, e.onRoot);
            QCOMPARE(p.reportedSpanId, e.spanId);
            for (std::size_t i = 1; i < p.steps.size(); ++i) {
                const trace::TraceSpan& s = t->spans[static_cast<std::size_t>(p.steps[i].span)];
                QCOMPARE(s.parent, p.steps[i - 1].span);
                QCOMPARE(p.steps[i].spanId, s.spanId);
                QCOMPARE(p.steps[i].service, s.service);
                QCOMPARE(p.steps[i].op, s.op);
            }
            ++paths;
            deep += p.steps.size() >= 3 ? 1 : 0;
        }
        QVERIFY(trace::errorPath(*t, "not-an-event").steps.empty());
        QVERIFY(trace::pathTo(*t, static_cast<int>(t->spans.size())).empty());
    }
    qInfo("%d error paths, %d of three steps or more", paths, deep);
    QVERIFY(deep > 0);
}

void TestTraceCorpus::listAndSearch()
{
    auto ws = store::Workspace::open(m_path);
    QVERIFY(ws.ok());
    sql::Database& db = (*ws)->db();
    auto count = [&](const char* query) {
        store::TraceListOptions o;
        o.limit = 1000;
        o.filter = trace::parseTraceFilter(query).filter;
        return static_cast<int>(store::listTraces(db, o).size());
    };
    const int all = count("");
    QCOMPARE(static_cast<std::int64_t>(all), store::countTraces(db));
    QVERIFY(count("has:error") > 0);
    QCOMPARE(count("has:error") + count("!has:error"), all);
    QVERIFY(count("checkout-flow") >= 6);
    QVERIFY(count("service:corpus-node-pricing") >= 3);
    QVERIFY(count("op:db.query") > 0);
    QCOMPARE(count("duration:>1000s"), 0);
    QCOMPARE(count("duration:>=0ms"), all);
    // Keyset pages cover the list once.
    store::TraceListOptions page;
    page.limit = 7;
    page.sort = store::TraceSort::Duration;
    std::set<std::string> seen;
    while (true) {
        const auto rows = store::listTraces(db, page);
        for (const auto& r : rows)
            QVERIFY(seen.insert(r.traceId).second);
        if (rows.size() < 7)
            break;
        page.after = store::TraceCursor {rows.back().duration, rows.back().traceId};
    }
    QCOMPARE(static_cast<int>(seen.size()), all);
}

void TestTraceCorpus::reindexRebuildsTheList()
{
    std::vector<trace::TraceSummary> before;
    {
        auto ws = store::Workspace::open(m_path);
        QVERIFY(ws.ok());
        before = store::listTraces((*ws)->db(), {{}, store::TraceSort::Start, 1000, std::nullopt});
    }
    ReindexJob job(m_path);
    const ReindexSummary s = job.run();
    QVERIFY(s.fatalError.empty());
    auto ws = store::Workspace::open(m_path);
    QVERIFY(ws.ok());
    const auto after = store::listTraces((*ws)->db(), {{}, store::TraceSort::Start, 1000, std::nullopt});
    QCOMPARE(after.size(), before.size());
    QVERIFY(after == before);
}

QTEST_GUILESS_MAIN(TestTraceCorpus)
#include "tst_tracecorpus.moc"
