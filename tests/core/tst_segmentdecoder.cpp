// Spans and segments: a v2 span container from the Node SDK, several
// segments in one container, how spans are grouped into segments, and the
// legacy `span` item.

#include "formats/recorddecoder.h"
#include "formats/recordsource.h"
#include "formats/segmentbuilder.h"
#include "recordfixtures.h"
#include "testsupport.h"

#include <QTest>

using namespace stackdeck;
using namespace stackdeck::test;

namespace {

// A v2 span in a container.
std::string v2Span(const char* id, const char* parent, bool segment, const char* name, double start, double end,
    const char* extraAttrs = "")
{
    std::string s = std::string("{\"trace_id\":\"7cc43d8bbc83435d878cbcfef20fa38a\",\"span_id\":\"") + id + "\"";
    if (parent && *parent)
        s += std::string(",\"parent_span_id\":\"") + parent + "\"";
    s += std::string(",\"name\":\"") + name + "\",\"is_segment\":" + (segment ? "true" : "false")
        + ",\"start_timestamp\":" + std::to_string(start) + ",\"end_timestamp\":" + std::to_string(end)
        + ",\"status\":\"ok\",\"attributes\":{\"sentry.op\":{\"type\":\"string\",\"value\":\"op." + name + "\"}"
        + extraAttrs + "}}";
    return s;
}

const char kSpanV2[] = "application/vnd.sentry.items.span.v2+json";

} // namespace

class TestSegmentDecoder : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void segmentFromNodeStream();
    void segmentsGroupedInOneContainer();
    void segmentGroupingRules_data();
    void segmentGroupingRules();
    void legacySpan();
};

void TestSegmentDecoder::segmentFromNodeStream()
{
    STACKDECK_REQUIRE_CORPUS();
    const auto records = recordsOf(QStringLiteral("sdk/received/000197.envelope"));
    QCOMPARE(records.size(), std::size_t(1));
    auto decoded = decodeRecord(records[0]);
    QVERIFY(decoded.ok());
    QCOMPARE(decoded->kind, RecordKind::Segment);
    QCOMPARE(decoded->events.size(), std::size_t(1));
    const DecodedEvent& de = decoded->events[0];
    const Event& e = de.event;
    QCOMPARE(e.type, EventType::Segment);
    QCOMPARE(e.eventId,
        md5Hex("7cc43d8bbc83435d878cbcfef20fa38a"
               "bcb8ad027972542d"));
    QCOMPARE(de.eventId, e.eventId);
    QVERIFY(!de.eventIdSynthesized);
    QCOMPARE(e.transaction, std::string("GET /orders/:id"));
    QCOMPARE(e.transactionSource, std::string("route"));
    QCOMPARE(e.trace.traceId, std::string("7cc43d8bbc83435d878cbcfef20fa38a"));
    QCOMPARE(e.trace.spanId, std::string("bcb8ad027972542d"));
    QCOMPARE(e.trace.parentSpanId, std::string("95dc7c5449d796c8"));
    QCOMPARE(e.trace.op, std::string("http.server"));
    QCOMPARE(e.trace.status, std::string("internal_error"));
    QCOMPARE(e.release, std::string("shop-node@3.0.0"));
    QCOMPARE(e.environment, std::string("corpus"));
    QCOMPARE(e.platform, std::string("node"));
    QVERIFY(e.sdk && e.sdk->name == "sentry.javascript.node" && !e.sdk->integrations.empty());
    QVERIFY(e.user && e.user->ipAddress == "203.0.113.9");
    QCOMPARE(e.spans.size(), std::size_t(4));
    QCOMPARE(e.spans[0].description, std::string("jsonParser"));
    QCOMPARE(e.spans[0].op, std::string("middleware"));
    QCOMPARE(e.spans[0].segmentId, std::string("bcb8ad027972542d"));
    QVERIFY(e.startTimestamp && e.timestamp && *e.startTimestamp < *e.timestamp);
    QCOMPARE(e.level, Level::Info);
    // One segment: the container as received is the raw JSON.
    QCOMPARE(de.rawJson, records[0].payload);
}

void TestSegmentDecoder::segmentsGroupedInOneContainer()
{
    const std::string payload = "{\"version\":2,\"items\":["
        + v2Span("c000000000000001", "a000000000000001", false, "child-a", 10.1, 10.2) + ","
        + v2Span("b000000000000001", "", true, "segment-b", 20, 21) + ","
        + v2Span("a000000000000001", "", true, "segment-a", 10, 11) + ","
        + v2Span("c000000000000002", "c000000000000001", false, "grandchild-a", 10.15, 10.16) + ","
        + v2Span("c000000000000003", "b000000000000001", false, "child-b", 20.1, 20.2) + "]}";
    RawRecord r = item("span", payload, kSpanV2);
    r.itemCount = 4;
    auto decoded = decodeRecord(r);
    QVERIFY(decoded.ok());
    QCOMPARE(decoded->events.size(), std::size_t(2));
    QCOMPARE(decoded->warnings.size(), std::size_t(1)); // item_count 4 vs 5 spans
    QVERIFY(QString::fromStdString(decoded->warnings[0])
                .contains(QStringLiteral("item_count 4 does not match the 5 items")));
    const Event& b = decoded->events[0].event;
    const Event& a = decoded->events[1].event;
    QCOMPARE(b.transaction, std::string("segment-b"));
    QCOMPARE(b.spans.size(), std::size_t(1));
    QCOMPARE(a.transaction, std::string("segment-a"));
    QCOMPARE(a.spans.size(), std::size_t(2)); // child and grandchild through the parent chain
    QCOMPARE(a.eventId,
        md5Hex("7cc43d8bbc83435d878cbcfef20fa38a"
               "a000000000000001"));
    QCOMPARE(*a.startTimestamp, qint64(10000000));
    QCOMPARE(*a.timestamp, qint64(11000000));
    // Each segment's raw JSON holds only its spans and decodes back to the same event.
    for (const DecodedEvent& de : decoded->events) {
        QVERIFY(de.rawJson != payload);
        auto again = decodeJson(de.rawJson, "span", kSpanV2);
        QVERIFY(again.ok());
        QCOMPARE(again->events.size(), std::size_t(1));
        QVERIFY(again->events[0].event == de.event);
        QCOMPARE(again->events[0].rawJson, de.rawJson);
        // Without the item header too (bare JSON on reindex).
        auto bare = decodeJson(de.rawJson);
        QVERIFY(bare.ok());
        QCOMPARE(bare->kind, RecordKind::Segment);
        QVERIFY(bare->events.at(0).event == de.event);
    }
}

void TestSegmentDecoder::segmentGroupingRules_data()
{
    QTest::addColumn<QByteArray>("payload");
    QTest::addColumn<QStringList>("segments"); // transaction name:child count
    const std::string bySegmentId = "{\"items\":[" + v2Span("a000000000000001", "ffff000000000001", false, "root", 1, 2)
        + ","
        + v2Span("a000000000000002", "zzz", false, "far-child", 1, 2,
            ",\"sentry.segment.id\":{\"type\":\"string\",\"value\":\"a000000000000001\"}")
        + "]}";
    // No is_segment anywhere: a span whose parent is absent is the segment.
    const std::string byParent = "{\"items\":[" + v2Span("a000000000000002", "a000000000000001", false, "child", 1, 2)
        + "," + v2Span("a000000000000001", "outside0000000001", false, "root", 1, 2) + "]}";
    const std::string orphanOtherTrace = "{\"items\":[" + v2Span("a000000000000001", "", true, "root", 1, 2)
        + ",{\"trace_id\":\"00000000000000000000000000000001\",\"span_id\":\"d000000000000001\",\"parent_span_id\":"
          "\"nowhere\",\"name\":\"stray\",\"start_timestamp\":1,\"end_timestamp\":2}]}";
    const std::string segmentIdSelf = "{\"items\":["
        + v2Span("a000000000000002", "x", false, "child", 1, 2,
            ",\"sentry.segment.id\":{\"type\":\"string\",\"value\":\"a000000000000001\"}")
        + ","
        + v2Span("a000000000000001", "x", false, "seg", 1, 2,
            ",\"sentry.segment.id\":{\"type\":\"string\",\"value\":\"a000000000000001\"}")
        + "]}";
    QTest::newRow("parent-absent-is-root-without-is_segment")
        << QByteArray::fromStdString(byParent) << QStringList {QStringLiteral("root:1")};
    QTest::newRow("segment-id-names-its-segment")
        << QByteArray::fromStdString(segmentIdSelf) << QStringList {QStringLiteral("seg:1")};
    QTest::newRow("orphan-from-other-trace-is-own-segment") << QByteArray::fromStdString(
        orphanOtherTrace) << QStringList {QStringLiteral("root:0"), QStringLiteral("stray:0")};
    QTest::newRow("roots-by-parent-then-segment-id") << QByteArray::fromStdString(
        bySegmentId) << QStringList {QStringLiteral("root:0"), QStringLiteral("far-child:0")};
}

void TestSegmentDecoder::segmentGroupingRules()
{
    QFETCH(QByteArray, payload);
    QFETCH(QStringList, segments);
    auto decoded = decodeRecord(item("span", payload.toStdString(), kSpanV2));
    QVERIFY2(decoded.ok(), decoded.ok() ? "" : decoded.error().message.c_str());
    QStringList seen;
    for (const auto& de : decoded->events)
        seen << QStringLiteral("%1:%2").arg(QString::fromStdString(de.event.transaction)).arg(de.event.spans.size());
    QCOMPARE(seen, segments);
}

void TestSegmentDecoder::legacySpan()
{
    STACKDECK_REQUIRE_CORPUS();
    const auto records = recordsOf(QStringLiteral("events-extra/sentry-java/sentry_span_legacy_date_format.json"));
    QCOMPARE(records.size(), std::size_t(1));
    // The same payload as a legacy `span` envelope item and as bare JSON.
    for (const RawRecord& r : {item("span", records[0].payload), records[0]}) {
        auto decoded = decodeRecord(r);
        QVERIFY(decoded.ok());
        QCOMPARE(decoded->kind, RecordKind::Segment);
        const Event& e = decoded->events.at(0).event;
        QCOMPARE(e.eventId, md5Hex(e.trace.traceId + e.trace.spanId));
        QVERIFY(e.startTimestamp && e.timestamp); // ISO strings in this fixture
        QVERIFY(!e.trace.op.empty());
        QCOMPARE(decoded->events[0].rawJson, records[0].payload);
    }
}

QTEST_GUILESS_MAIN(TestSegmentDecoder)
#include "tst_segmentdecoder.moc"
