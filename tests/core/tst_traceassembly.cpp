// Trace assembly on hand-made events: cross-service parents, errors on their
// spans or the root, orphans under a synthetic root, clock skew, duplicates,
// incremental growth; the comparison of two traces; the trace search parser.

#include "testsupport.h"
#include "trace/traceassembler.h"
#include "trace/tracecompare.h"
#include "trace/tracefilter.h"

#include <QTest>

using namespace stackdeck;
using namespace stackdeck::trace;

namespace {

EventInput transaction(const std::string& id, const std::string& service, const std::string& span,
    const std::string& parent, Micros start, Micros end, std::vector<SpanInput> spans = {})
{
    EventInput e;
    e.eventId = id;
    e.project = "p";
    e.service = service;
    e.transactionLike = true;
    e.traceId = "t";
    e.spanId = span;
    e.parentSpanId = parent;
    e.op = "http.server";
    e.name = "tx " + id;
    e.start = start;
    e.end = end;
    e.spans = std::move(spans);
    return e;
}

EventInput error(const std::string& id, const std::string& span, Micros at)
{
    EventInput e;
    e.eventId = id;
    e.project = "p";
    e.service = "api";
    e.traceId = "t";
    e.spanId = span;
    e.name = "ValueError";
    e.end = at;
    return e;
}

SpanInput span(const std::string& id, const std::string& parent, Micros start, Micros end, std::string op = "db")
{
    return {id, parent, std::move(op), "d " + id, "ok", start, end};
}

const TraceSpan& spanOf(const Trace& t, const std::string& id)
{
    const int i = t.indexOf(id);
    if (i < 0)
        qFatal("span not in the trace");
    return t.spans[static_cast<std::size_t>(i)];
}

} // namespace

class TestTraceAssembly : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void crossServiceParents();
    void errorsOnTheirSpansOrTheRoot();
    void orphansUnderASyntheticRoot();
    void parentCycleIsCut();
    void clockSkewAcrossServices();
    void asyncChildIsNotAdjusted();
    void duplicatesCollapse();
    void growsIncrementally();
    void errorsOnly();
    void compareAlignsRepeatedSiblings();
    void filter_data();
    void filter();
    void duration_data();
    void duration();
};

void TestTraceAssembly::crossServiceParents()
{
    const Trace t = assembleTrace({transaction("b", "pricing", "B0", "A1", 20, 60, {span("B1", "B0", 25, 50)}),
        transaction("a", "web", "A0", "", 0, 100, {span("A1", "A0", 10, 80, "http.client")})});
    QCOMPARE(t.spans.size(), std::size_t(4));
    QCOMPARE(t.spans[0].spanId, std::string("A0"));
    QVERIFY(!t.spans[0].has(SyntheticRoot));
    QCOMPARE(spanOf(t, "B0").parent, t.indexOf("A1"));
    QCOMPARE(spanOf(t, "B1").depth, 3);
    const TraceSummary s = t.summary();
    QCOMPARE(s.services, (std::vector<std::string> {"pricing", "web"}));
    QCOMPARE(s.rootName, std::string("tx a"));
    QCOMPARE(s.spanCount, 4);
    QCOMPARE(s.duration, 100);
    QCOMPARE(t.flags, 0u);
}

void TestTraceAssembly::errorsOnTheirSpansOrTheRoot()
{
    const Trace t = assembleTrace({transaction("a", "web", "A0", "", 0, 100, {span("A1", "A0", 10, 80)}),
        error("e1", "A1", 50), error("e2", "ffffffffffffffff", 60), error("e3", "", 70)});
    QCOMPARE(t.errors.size(), std::size_t(3));
    QCOMPARE(spanOf(t, "A1").errorEventIds, (std::vector<std::string> {"e1"}));
    QVERIFY(!t.errors[0].onRoot);
    QCOMPARE(t.spans[static_cast<std::size_t>(t.root)].errorEventIds, (std::vector<std::string> {"e2", "e3"}));
    QVERIFY(t.errors[1].onRoot);
    QVERIFY(t.errors[2].onRoot);
    QCOMPARE(t.summary().errorCount, 3);
}

void TestTraceAssembly::orphansUnderASyntheticRoot()
{
    const Trace t = assembleTrace({transaction("a", "web", "A0", "", 0, 100),
        transaction("b", "worker", "B0", "missing", 150, 200, {span("B1", "B0", 160, 190)})});
    QVERIFY(t.spans[0].has(SyntheticRoot));
    QCOMPARE(t.spans[0].start, 0);
    QCOMPARE(t.spans[0].end, 200);
    QVERIFY(spanOf(t, "B0").has(Orphan));
    QVERIFY(!spanOf(t, "A0").has(Orphan));
    QCOMPARE(spanOf(t, "B0").parent, 0);
    QCOMPARE(spanOf(t, "B1").parent, t.indexOf("B0"));
    QVERIFY(t.flags & HasOrphans);
    QVERIFY(t.flags & HasSyntheticRoot);
    const TraceSummary s = t.summary();
    QCOMPARE(s.spanCount, 3); // the synthetic root is not a span
    QCOMPARE(s.rootName, std::string("tx a")); // named after the earliest top-level transaction
}

void TestTraceAssembly::parentCycleIsCut()
{
    const Trace t = assembleTrace({transaction("a", "web", "A0", "A1", 0, 100, {span("A1", "A0", 10, 80)})});
    QCOMPARE(t.spans.size(), std::size_t(3));
    QVERIFY(t.spans[0].has(SyntheticRoot));
    QVERIFY(t.flags & HasOrphans);
}

void TestTraceAssembly::clockSkewAcrossServices()
{
    // The pricing service's clock runs 1000 us ahead: its span starts after its parent ended.
    const Trace t = assembleTrace({transaction("a", "web", "A0", "", 0, 100, {span("A1", "A0", 10, 90)}),
        transaction("b", "pricing", "B0", "A1", 1020, 1060, {span("B1", "B0", 1030, 1050)})});
    const TraceSpan& b0 = spanOf(t, "B0");
    QVERIFY(b0.has(Skewed));
    QVERIFY(t.flags & HasSkew);
    QCOMPARE(b0.start, 1020); // recorded times kept for the waterfall
    // Jaeger: centred in the parent, latency split evenly: 10 + (80 - 40) / 2.
    QCOMPARE(b0.adjustedStart, 30);
    QCOMPARE(b0.adjustedEnd, 70);
    const TraceSpan& b1 = spanOf(t, "B1"); // its subtree moves with it
    QVERIFY(b1.has(Skewed));
    QCOMPARE(b1.adjustedStart, 40);
    QCOMPARE(t.summary().duration, 100);
    QVERIFY(spanOf(t, "B1").critical);
    QVERIFY(!spanOf(t, "A0").has(Skewed));
}

void TestTraceAssembly::asyncChildIsNotAdjusted()
{
    const Trace t = assembleTrace({transaction("a", "web", "A0", "", 0, 100),
        transaction("b", "worker", "B0", "A0", 50, 400)}); // outlives its parent: async, left alone
    QVERIFY(!spanOf(t, "B0").has(Skewed));
    QCOMPARE(spanOf(t, "B0").adjustedEnd, 400);
}

void TestTraceAssembly::duplicatesCollapse()
{
    EventInput a = transaction("a", "web", "A0", "", 0, 100, {span("A1", "A0", 10, 80), span("A1", "A0", 10, 80)});
    EventInput again = a;
    again.project = "other"; // the same transaction imported into another project
    again.eventId = "a";
    const Trace t = assembleTrace({a, again, error("e1", "A1", 20), error("e1", "A1", 20)});
    QCOMPARE(t.spans.size(), std::size_t(2));
    QCOMPARE(t.errors.size(), std::size_t(1));
    QVERIFY(t.duplicates >= 3);
    QVERIFY(t.flags & HasDuplicates);
}

void TestTraceAssembly::growsIncrementally()
{
    TraceAssembler a("t");
    a.add(transaction("b", "pricing", "B0", "A1", 20, 60));
    Trace first = a.build();
    QVERIFY(spanOf(first, "B0").has(Orphan)); // its parent has not arrived yet
    a.add(error("e1", "A1", 30));
    a.add(transaction("a", "web", "A0", "", 0, 100, {span("A1", "A0", 10, 80)}));
    const Trace t = a.build();
    QVERIFY(!t.spans[0].has(SyntheticRoot));
    QVERIFY(!spanOf(t, "B0").has(Orphan));
    QCOMPARE(spanOf(t, "A1").errorEventIds, (std::vector<std::string> {"e1"}));
    QCOMPARE(t.summary().spanCount, 3);
    QCOMPARE(t.summary().eventCount, 3);
}

void TestTraceAssembly::errorsOnly()
{
    const Trace t = assembleTrace({error("e1", "abc", 50), error("e2", "", 40)});
    QCOMPARE(t.spans.size(), std::size_t(1));
    QVERIFY(t.spans[0].has(SyntheticRoot));
    QCOMPARE(t.spans[0].start, 40);
    QCOMPARE(t.errors.size(), std::size_t(2));
    QCOMPARE(t.summary().spanCount, 0);
    QCOMPARE(t.summary().rootName, std::string("ValueError"));
}

void TestTraceAssembly::compareAlignsRepeatedSiblings()
{
    EventInput eb = transaction("a", "web", "R", "", 0, 200,
        {span("1", "R", 0, 20), span("2", "R", 20, 40), span("4", "R", 40, 60), span("5", "R", 60, 80, "http")});
    // Same key (web, db, description) for every db span: match by position among equals.
    for (SpanInput& s : eb.spans)
        s.description = "query";
    EventInput ea = transaction(
        "a", "web", "R", "", 0, 100, {span("1", "R", 0, 10), span("2", "R", 10, 30), span("3", "R", 30, 40, "cache")});
    for (SpanInput& s : ea.spans)
        s.description = "query";
    const TraceComparison c = compareTraces(assembleTrace({ea}), assembleTrace({eb}));
    QCOMPARE(c.matched, 3); // the roots and the first two db queries
    QCOMPARE(c.onlyInA, 1); // the cache span
    QCOMPARE(c.onlyInB, 2); // the third db query and the http span
    QCOMPARE(c.rows[0].difference(), 100);
    QCOMPARE(*c.rows[0].relativeDifference(), 1.0);
    QCOMPARE(c.rows[1].durationA, 10);
    QCOMPARE(c.rows[1].durationB, 20);
    QCOMPARE(c.rows[1].depth, 1);
    QCOMPARE(c.rows[1].parent, 0);
}

void TestTraceAssembly::filter_data()
{
    QTest::addColumn<QString>("query");
    QTest::addColumn<QString>("expected"); // a dump of the filter, or "error"
    QTest::newRow("empty") << QString() << QStringLiteral("");
    QTest::newRow("trace id, lowered") << QStringLiteral("trace:ABC123") << QStringLiteral("trace=abc123");
    QTest::newRow("ops and services") << QStringLiteral("op:db service:\"node pricing\"")
                                      << QStringLiteral("op=db service=node pricing");
    QTest::newRow("has:error") << QStringLiteral("has:error") << QStringLiteral("error=1");
    QTest::newRow("!has:error") << QStringLiteral("!has:error") << QStringLiteral("error=0");
    QTest::newRow("duration over") << QStringLiteral("duration:>500ms") << QStringLiteral("min=500001");
    QTest::newRow("duration at most") << QStringLiteral("duration:<=2s") << QStringLiteral("max=2000000");
    QTest::newRow("words, with a colon inside a path")
        << QStringLiteral("checkout /price/:sku") << QStringLiteral("word=checkout word=/price/:sku");
    QTest::newRow("unknown key") << QStringLiteral("color:red") << QStringLiteral("error");
    QTest::newRow("bad duration") << QStringLiteral("duration:>fast") << QStringLiteral("error");
    QTest::newRow("not hex") << QStringLiteral("trace:xyz") << QStringLiteral("error");
}

void TestTraceAssembly::filter()
{
    QFETCH(QString, query);
    QFETCH(QString, expected);
    const TraceFilterResult r = parseTraceFilter(query.toStdString());
    if (expected == QLatin1String("error")) {
        QVERIFY(!r.error.empty());
        return;
    }
    QVERIFY2(r.error.empty(), r.error.c_str());
    QStringList dump;
    const TraceFilter& f = r.filter;
    if (!f.traceId.empty())
        dump << QStringLiteral("trace=") + QString::fromStdString(f.traceId);
    for (const auto& v : f.ops)
        dump << QStringLiteral("op=") + QString::fromStdString(v);
    for (const auto& v : f.services)
        dump << QStringLiteral("service=") + QString::fromStdString(v);
    if (f.hasError)
        dump << QStringLiteral("error=%1").arg(*f.hasError ? 1 : 0);
    if (f.minDuration)
        dump << QStringLiteral("min=%1").arg(*f.minDuration);
    if (f.maxDuration)
        dump << QStringLiteral("max=%1").arg(*f.maxDuration);
    for (const auto& v : f.words)
        dump << QStringLiteral("word=") + QString::fromStdString(v);
    QCOMPARE(dump.join(QLatin1Char(' ')), expected);
}

void TestTraceAssembly::duration_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<qint64>("micros"); // -1: not a duration
    QTest::newRow("ms") << QStringLiteral("500ms") << qint64(500000);
    QTest::newRow("no unit is ms") << QStringLiteral("3") << qint64(3000);
    QTest::newRow("fractional seconds") << QStringLiteral("1.5s") << qint64(1500000);
    QTest::newRow("us") << QStringLiteral("250us") << qint64(250);
    QTest::newRow("minutes") << QStringLiteral("2m") << qint64(120000000);
    QTest::newRow("unknown unit") << QStringLiteral("5h") << qint64(-1);
    QTest::newRow("no number") << QStringLiteral("ms") << qint64(-1);
    QTest::newRow("absurdly long") << QStringLiteral("99999999999999s") << qint64(-1);
}

void TestTraceAssembly::duration()
{
    QFETCH(QString, text);
    QFETCH(qint64, micros);
    const auto d = parseDuration(text.toStdString());
    QCOMPARE(d ? qint64(*d) : qint64(-1), micros);
}

QTEST_GUILESS_MAIN(TestTraceAssembly)
#include "tst_traceassembly.moc"
