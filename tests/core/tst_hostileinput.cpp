// Hostile inputs: each class that once hung or killed an import (an exception
// group sharing ids, millions of empty list elements, huge strings, broken
// item lengths) costs in proportion to its size, is trimmed or rejected with
// its location, and leaves every valid event of the same file stored.
// Sizes here are small enough for the suite; tests/hostile/ runs the same
// classes at 60 MB with time and memory figures.

#include "formats/decodelimits.h"
#include "formats/eventdecoder.h"
#include "grouping/parameterization.h"
#include "importer/groupingbridge.h"
#include "importer/importjob.h"
#include "store/eventqueries.h"
#include "store/workspace.h"
#include "testsupport.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace stackdeck;

namespace {

const std::string kBefore = R"({"event_id":"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa","message":"valid before"})";
const std::string kAfter = R"({"event_id":"bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb","message":"valid after"})";

std::string repeatJoined(std::string_view item, std::size_t n)
{
    std::string out;
    out.reserve((item.size() + 1) * n);
    for (std::size_t i = 0; i < n; ++i) {
        if (i)
            out += ',';
        out += item;
    }
    return out;
}

std::string eventWith(const std::string& body)
{
    return R"({"event_id":"cccccccccccccccccccccccccccccccc","platform":"python",)" + body + "}";
}

// Two exceptions per level share the level's exception_id and are both
// children of the level above: a DAG with 2^levels paths from the root.
std::string exceptionGroupDag(int levels)
{
    std::string values;
    for (int i = 0; i < levels; ++i) {
        for (int twin = 0; twin < 2; ++twin) {
            if (!values.empty())
                values += ',';
            values += R"({"type":"E)" + std::to_string(i) + "_" + std::to_string(twin)
                + R"(","value":"v","mechanism":{"type":"chained","is_exception_group":)"
                + (i + 1 < levels ? "true" : "false") + R"(,"exception_id":)" + std::to_string(i)
                + (i ? R"(,"parent_id":)" + std::to_string(i - 1) : std::string()) + "}}";
        }
    }
    return eventWith(R"("exception":{"values":[)" + values + "]}");
}

Event decode(const std::string& json)
{
    auto decoded = decodeEventJson(json);
    if (!decoded)
        qFatal("not decoded: %s", decoded.error().message.c_str());
    return std::move(decoded).value();
}

} // namespace

class TestHostileInput : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void exceptionGroupSharingIdsIsBounded();
    void decoderLimits_data();
    void decoderLimits();
    void frameBudgetAcrossStacktraces();
    void longFrameStringsAreTrimmedAsRelayDoes();
    void messageTextIsLimitedBeforeParameterizing_data();
    void messageTextIsLimitedBeforeParameterizing();
    void importKeepsValidEventsAroundHostileRecords_data();
    void importKeepsValidEventsAroundHostileRecords();
};

void TestHostileInput::exceptionGroupSharingIdsIsBounded()
{
    // 40 levels: 2^40 visits before the bound, which never finished.
    const Event event = decode(exceptionGroupDag(40));
    QCOMPARE(event.exceptions.size(), std::size_t(80));
    const EventGrouping grouped = groupEvent(event);
    QVERIFY(!grouped.hashes.empty());
    // Not a tree: grouped like any list of exceptions (the same as when no id is shared).
    QCOMPARE(groupingHashes(event), grouped.hashes);
}

void TestHostileInput::decoderLimits_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("field");
    QTest::addColumn<qulonglong>("original");
    QTest::addColumn<qulonglong>("kept");

    const std::size_t many = 100'000;
    auto row
        = [](const char* name, const std::string& json, const char* field, std::size_t original, std::size_t kept) {
              QTest::newRow(name) << QByteArray::fromStdString(json) << QString::fromUtf8(field) << qulonglong(original)
                                  << qulonglong(kept);
          };
    row("frames keep the last 250 (Relay)",
        eventWith(
            R"("exception":{"values":[{"type":"E","stacktrace":{"frames":[)" + repeatJoined("{}", many) + "]}}]}"),
        "exception.values.0.stacktrace.frames", many, detail::limits::kFramesPerStacktrace);
    row("frames of a bare frame list", eventWith(R"("stacktrace":[)" + repeatJoined(R"({"function":"f"})", 1000) + "]"),
        "stacktrace.frames", 1000, detail::limits::kFramesPerStacktrace);
    row("exceptions keep the newest",
        eventWith(R"("exception":{"values":[)" + repeatJoined(R"({"type":"E"})", 5000) + "]}"), "exception.values",
        5000, detail::limits::kExceptions);
    row("threads", eventWith(R"("threads":{"values":[)" + repeatJoined("{}", 5000) + "]}"), "threads.values", 5000,
        detail::limits::kThreads);
    row("breadcrumbs", eventWith(R"("breadcrumbs":[)" + repeatJoined("{}", many) + "]"), "breadcrumbs.values", many,
        detail::limits::kBreadcrumbs);
    row("tags as pairs", eventWith(R"("tags":[)" + repeatJoined(R"(["k","v"])", many) + "]"), "tags", many,
        detail::limits::kPairs);
    row("request headers",
        eventWith(R"("request":{"url":"http://x/","headers":[)" + repeatJoined(R"(["h","v"])", many) + "]}"),
        "request.headers", many, detail::limits::kPairs);
    row("fingerprint", eventWith(R"("fingerprint":[)" + repeatJoined(R"("x")", many) + "]"), "fingerprint", many,
        detail::limits::kPairs);
    std::string contexts;
    for (std::size_t i = 0; i < 5000; ++i)
        contexts += (i ? ",\"c" : "\"c") + std::to_string(i) + "\":{}";
    row("contexts", eventWith(R"("contexts":{)" + contexts + "}"), "contexts", 5000, detail::limits::kContexts);
    row("spans",
        R"({"type":"transaction","transaction":"t","start_timestamp":1,"timestamp":2,"spans":[)"
            + repeatJoined("{}", many) + "]}",
        "spans", many, detail::limits::kSpans);
    row("pre_context lines",
        eventWith(R"("exception":{"values":[{"type":"E","stacktrace":{"frames":[{"pre_context":[)"
            + repeatJoined(R"("")", 5000) + "]}]}}]}"),
        "exception.values.0.stacktrace.pre_context", 5000, detail::limits::kLines);
}

void TestHostileInput::decoderLimits()
{
    QFETCH(QByteArray, json);
    QFETCH(QString, field);
    QFETCH(qulonglong, original);
    QFETCH(qulonglong, kept);
    const Event event = decode(json.toStdString());
    QCOMPARE(event.trims.size(), std::size_t(1));
    QCOMPARE(QString::fromStdString(event.trims.front().field), field);
    QCOMPARE(event.trims.front().originalLength, std::uint64_t(original));
    QCOMPARE(event.trims.front().kept, std::uint64_t(kept));
    // A second decode on the same thread starts with a fresh report.
    QVERIFY(decode(kBefore).trims.empty());
}

void TestHostileInput::frameBudgetAcrossStacktraces()
{
    // 100 exceptions of 250 frames each: the event's budget stops at kFramesPerEvent.
    const std::string frames = repeatJoined(R"({"function":"f"})", 250);
    const std::string exc = R"({"type":"E","stacktrace":{"frames":[)" + frames + "]}}";
    const Event event = decode(eventWith(R"("exception":{"values":[)" + repeatJoined(exc, 100) + "]}"));
    std::size_t total = 0;
    for (const ExceptionValue& e : event.exceptions)
        total += e.stacktrace ? e.stacktrace->frames.size() : 0;
    QCOMPARE(total, detail::limits::kFramesPerEvent);
    QVERIFY(!event.trims.empty());
    // The newest exceptions (last) keep their frames; the oldest lose them first.
    QCOMPARE(event.exceptions.front().stacktrace->frames.size(), std::size_t(250));
}

void TestHostileInput::longFrameStringsAreTrimmedAsRelayDoes()
{
    const std::string name(1000, 'a');
    const std::string multibyte = [] {
        std::string s;
        for (int i = 0; i < 300; ++i)
            s += "\xC3\xA9"; // é: 300 characters, 600 bytes
        return s;
    }();
    const Event event = decode(eventWith(R"("exception":{"values":[{"type":"E","stacktrace":{"frames":[{"function":")"
        + name + R"(","filename":")" + multibyte + R"(","module":")" + name + R"("}]}}]})"));
    const Frame& f = event.exceptions.front().stacktrace->frames.front();
    QCOMPARE(f.function, std::string(253, 'a') + "...");
    QCOMPARE(f.filename.size(), std::size_t(253 * 2 + 3)); // 253 characters kept, whole ones
    QVERIFY(f.filename.ends_with("\xC3\xA9..."));
    QCOMPARE(f.module, name); // Relay does not cap module
    // function and filename (abs_path is filled from the trimmed filename)
    QCOMPARE(event.trims.size(), std::size_t(2));
    QCOMPARE(f.absPath, f.filename);
}

void TestHostileInput::messageTextIsLimitedBeforeParameterizing_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<int>("expectedChars");
    QTest::addColumn<bool>("trimmed");
    QTest::newRow("at the limit") << QByteArray(8192, 'x') << 8192 << false;
    QTest::newRow("one past the limit") << QByteArray(8193, 'x') << 8192 << true;
    QTest::newRow("huge") << QByteArray(20'000'000, 'x') << 8192 << true;
    QByteArray wide;
    for (int i = 0; i < 8193; ++i)
        wide += "\xE2\x82\xAC"; // €
    QTest::newRow("multibyte one past") << wide << 8192 << true;
    QByteArray wideAt;
    for (int i = 0; i < 8192; ++i)
        wideAt += "\xE2\x82\xAC";
    QTest::newRow("multibyte at the limit, more bytes than the limit") << wideAt << 8192 << false;
}

void TestHostileInput::messageTextIsLimitedBeforeParameterizing()
{
    QFETCH(QByteArray, text);
    QFETCH(int, expectedChars);
    QFETCH(bool, trimmed);
    const std::string input = text.toStdString();
    std::string storage;
    const std::string_view limited = grouping::limitMessageChars(input, storage);
    QCOMPARE(QString::fromUtf8(limited.data(), qsizetype(limited.size())).size(), expectedChars);
    QCOMPARE(limited.ends_with("..."), trimmed);
    // The grouping text of a huge message stays small: line trimming and parameters over 8,192 characters.
    QVERIFY(grouping::normalizeMessageForGrouping(input).size() <= 8192 * 3 + 3);
}

void TestHostileInput::importKeepsValidEventsAroundHostileRecords_data()
{
    QTest::addColumn<QByteArray>("content");
    QTest::addColumn<QString>("fileName");
    QTest::addColumn<int>("events"); // stored, besides the two valid ones
    QTest::addColumn<QString>("rejection"); // part of a located rejection, or empty

    auto ndjson = [](const std::vector<std::string>& middle) {
        std::string out = kBefore + "\n";
        for (const std::string& m : middle)
            out += m + "\n";
        return QByteArray::fromStdString(out + kAfter + "\n");
    };
    QTest::newRow("exception group sharing ids")
        << ndjson({exceptionGroupDag(40)}) << QStringLiteral("x.ndjson") << 1 << QString();
    QTest::newRow("a million empty frames") << ndjson({eventWith(
        R"("exception":{"values":[{"type":"E","stacktrace":{"frames":[)" + repeatJoined("{}", 1'000'000) + "]}}]}")})
                                            << QStringLiteral("x.ndjson") << 1 << QString();
    QTest::newRow("nesting 100,000 deep")
        << ndjson({std::string(100'000, '[') + std::string(100'000, ']')}) << QStringLiteral("x.ndjson") << 0
        << QStringLiteral("x.ndjson:2: invalid JSON: nested deeper than 1024 levels");
    QTest::newRow("a 20 MB message") << ndjson({eventWith(R"("message":")" + std::string(20'000'000, '1') + "\"")})
                                     << QStringLiteral("x.ndjson") << 1 << QString();
    const std::string header = R"({"event_id":"dddddddddddddddddddddddddddddddd"})";
    {
        // A span container whose spans form one chain 50,000 deep: each span's
        // walk to its segment root was as long as the chain (quadratic).
        std::string items;
        char id[17];
        for (int i = 0; i < 50'000; ++i) {
            std::snprintf(id, sizeof id, "%016x", i + 1);
            items += (i ? "," : "") + std::string(R"({"trace_id":"11111111111111111111111111111111","span_id":")") + id
                + R"(","start_timestamp":1700000000,"end_timestamp":1700000001)";
            if (i) {
                std::snprintf(id, sizeof id, "%016x", i);
                items += std::string(R"(,"parent_span_id":")") + id + "\"";
            }
            items += "}";
        }
        const std::string payload = R"({"items":[)" + items + "]}";
        // No event id in the envelope header: the event after the spans keeps its own.
        QTest::newRow("a span chain 50,000 deep") << QByteArray::fromStdString(std::string("{}\n")
            + R"({"type":"span","content_type":"application/vnd.sentry.items.span.v2+json","length":)"
            + std::to_string(payload.size()) + "}\n" + payload + "\n" + R"({"type":"event"})" + "\n" + kAfter + "\n")
                                                  << QStringLiteral("x.envelope") << 0
                                                  << QString(); // the segment, and the event after it
    }
    QTest::newRow("envelope item with a negative length") << QByteArray::fromStdString(header + "\n"
        + R"({"type":"event","length":-5})" + "\n" + R"({"message":"x"})" + "\n" + R"({"type":"event"})" + "\n" + kAfter
        + "\n") << QStringLiteral("x.envelope") << -1 << QStringLiteral("item 1 (event) at byte 48: invalid length -5");
}

void TestHostileInput::importKeepsValidEventsAroundHostileRecords()
{
    QFETCH(QByteArray, content);
    QFETCH(QString, fileName);
    QFETCH(int, events);
    QFETCH(QString, rejection);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(fileName);
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    QCOMPARE(f.write(content), content.size());
    f.close();

    const std::string db = dir.filePath(QStringLiteral("w.stackdeck")).toStdString();
    ImportJob job(db, ImportOptions {});
    const ImportSummary summary = job.run({path.toStdString()});
    QVERIFY2(summary.fatalError.empty(), summary.fatalError.c_str());
    QCOMPARE(summary.events + summary.transactions, std::int64_t(events + 2));
    QString rejections;
    for (const Rejection& r : summary.rejected)
        rejections += QString::fromStdString(r.location.describe() + ": " + r.error) + QLatin1Char('\n');
    if (rejection.isEmpty())
        QVERIFY2(rejections.isEmpty(), qPrintable(rejections));
    else
        QVERIFY2(rejections.contains(rejection), qPrintable(rejections));

    auto ws = store::Workspace::open(db, store::Workspace::Mode::ReadOnly);
    QVERIFY(ws.ok());
    QVERIFY(store::eventByEventId((*ws)->db(), "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb").has_value());
}

QTEST_GUILESS_MAIN(TestHostileInput)
#include "tst_hostileinput.moc"
