// Decoding one record: every envelope item kind and bare JSON classified,
// logs, feedback, synthesized ids, and every stored event of the corpus
// decoding again to the same event. (tst_segmentdecoder: spans and segments.)

#include "formats/recorddecoder.h"
#include "formats/recordsource.h"
#include "formats/segmentbuilder.h"
#include "recordfixtures.h"
#include "testsupport.h"

#include <QTest>

using namespace stackdeck;
using namespace stackdeck::test;

namespace {

// Over the corpus folders of storedJsonDecodesAgain (shared/corpus is fixed).
// The Java SDK's envelope-event-attachment.txt fixture has an event item cut
// short (its JSON lacks the closing brace): the one record that fails to decode.
constexpr auto kCutShortFixture = "envelopes/sentry-java/envelope-event-attachment.txt";
constexpr int kStoredJsonEvents = 338;
constexpr int kStoredJsonNotEvents = 36;

QString kindName(RecordKind k)
{
    return QString::fromUtf8(recordKindName(k).data());
}

} // namespace

class TestRecordDecoder : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void itemKinds_data();
    void itemKinds();
    void bareClassification_data();
    void bareClassification();
    void logContainer();
    void feedbackItem();
    void synthesizedIdsAreStable();
    void storedJsonDecodesAgain_data();
    void storedJsonDecodesAgain();
    void storedJsonDecodesAgainCoveredTheCorpus();

private:
    // What storedJsonDecodesAgain went through, over all its rows.
    int m_rows = 0;
    int m_events = 0;
    int m_notEvents = 0;
    int m_invalid = 0;
};

void TestRecordDecoder::itemKinds_data()
{
    QTest::addColumn<QString>("type");
    QTest::addColumn<QByteArray>("payload");
    QTest::addColumn<QString>("kind");
    QTest::addColumn<bool>("skipped");
    QTest::addColumn<int>("events");
    QTest::addColumn<QString>("error");
    auto row
        = [](const char* t, const char* payload, const char* kind, bool skipped, int events, const char* error = "") {
              QTest::newRow(t) << QString::fromUtf8(t) << QByteArray(payload) << QString::fromUtf8(kind) << skipped
                               << events << QString::fromUtf8(error);
          };
    row("event", R"({"message":"x"})", "event", false, 1);
    row("transaction", R"({"start_timestamp":1,"timestamp":2,"transaction":"t"})", "transaction", false, 1);
    row("feedback", R"({"contexts":{"feedback":{"message":"hi"}}})", "feedback", false, 1);
    row("span",
        R"({"span_id":"a1b2c3d4e5f60718","trace_id":"7cc43d8bbc83435d878cbcfef20fa38a","start_timestamp":1,"timestamp":2})",
        "segment", false, 1);
    row("log", R"({"items":[{"timestamp":1,"level":"info","body":"b"}]})", "log", false, 0);
    row("attachment", "bytes", "attachment", false, 0);
    row("user_report", R"({"event_id":"9ec79c33ec9942ab8353589fcb2e04dc","name":"n","email":"e","comments":"c"})",
        "user_report", false, 0);
    row("session", "{}", "session", true, 0);
    row("sessions", "{}", "sessions", true, 0);
    row("client_report", "{}", "client_report", true, 0);
    row("check_in", "{}", "check_in", true, 0);
    row("profile", "{}", "profile", true, 0);
    row("profile_chunk", "{}", "profile", true, 0);
    row("replay_event", "{}", "replay", true, 0);
    row("replay_recording", "x", "replay", true, 0);
    row("statsd", "a:1|c", "statsd", true, 0);
    row("trace_metric", "{}", "trace_metric", true, 0);
    row("brand_new_type", "whatever", "other", true, 0);
    row("event-empty-object", "{}", "event", false, 1);
    row("event-empty-payload", "", "event", false, 0, "empty payload");
    row("event-array-payload", "[1,2]", "event", false, 0, "not a JSON object");
    row("event-invalid-json", R"({"message": )", "event", false, 0, "invalid JSON");
    row("log-without-items", R"({"version":2})", "log", false, 0, "log item without an `items` array");
}

void TestRecordDecoder::itemKinds()
{
    QFETCH(QString, type);
    QFETCH(QByteArray, payload);
    QFETCH(QString, kind);
    QFETCH(bool, skipped);
    QFETCH(int, events);
    QFETCH(QString, error);
    std::string t = type.toStdString();
    if (t.find('-') != std::string::npos)
        t = t.substr(0, t.find('-'));
    auto decoded = decodeRecord(item(t, payload.toStdString()));
    if (!error.isEmpty()) {
        QVERIFY(!decoded.ok());
        QVERIFY2(QString::fromStdString(decoded.error().message).contains(error), decoded.error().message.c_str());
        return;
    }
    QVERIFY2(decoded.ok(), decoded.ok() ? "" : decoded.error().message.c_str());
    QCOMPARE(kindName(decoded->kind), kind);
    QCOMPARE(decoded->skipped, skipped);
    QCOMPARE(int(decoded->events.size()), events);
    QCOMPARE(isEventKind(decoded->kind), events > 0);
    QCOMPARE(decoded->itemType, t);
}

void TestRecordDecoder::bareClassification_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<QString>("expected"); // a kind name, or "!" + a substring of the error
    STACKDECK_REQUIRE_CORPUS();
    auto row = [](const char* file, const char* expected) {
        QTest::newRow(file) << QString::fromUtf8(file) << QString::fromUtf8(expected);
    };
    for (const QString& f : corpusFiles(QStringLiteral("samples"))) {
        const bool txn = f.contains(QStringLiteral("transaction"));
        QTest::newRow(qPrintable(f)) << f << (txn ? QStringLiteral("transaction") : QStringLiteral("event"));
    }
    row("events-extra/sentry-cli/event.json", "event");
    row("events-extra/sentry-cli/get-event.json", "event");
    row("events-extra/sentry-go/breadcrumb-000.json", "!looks like a breadcrumb on its own");
    row("events-extra/sentry-go/breadcrumb-001.json", "!looks like a breadcrumb on its own");
    row("events-extra/sentry-go/breadcrumb-002.json", "event"); // {"message": ...} is a minimal event too
    row("events-extra/sentry-go/checkin-000.json", "check_in");
    row("events-extra/sentry-go/checkin-001.json", "check_in");
    row("events-extra/sentry-go/checkin-002.json", "check_in");
    row("events-extra/sentry-go/checkin-003.json", "check_in");
    row("events-extra/sentry-go/error_event.golden", "event");
    row("events-extra/sentry-go/event-000.json", "event");
    row("events-extra/sentry-go/event-001.json", "event");
    row("events-extra/sentry-go/event-002.json", "event");
    row("events-extra/sentry-go/span.golden", "segment");
    row("events-extra/sentry-go/transaction-000.json", "transaction");
    row("events-extra/sentry-go/transaction-001.json", "transaction");
    row("events-extra/sentry-go/transaction-002.json", "transaction");
    row("events-extra/sentry-go/transaction_event.golden", "transaction");
    row("events-extra/sentry-java/breadcrumb.json", "!looks like a breadcrumb on its own");
    row("events-extra/sentry-java/checkin_crontab.json", "check_in");
    row("events-extra/sentry-java/checkin_interval.json", "check_in");
    row("events-extra/sentry-java/contexts.json", "!looks like a contexts object on its own");
    row("events-extra/sentry-java/event_breadcrumb_data.json", "event");
    row("events-extra/sentry-java/request.json", "!looks like a request on its own");
    row("events-extra/sentry-java/sentry_envelope_header.json", "!an envelope header without items");
    row("events-extra/sentry-java/sentry_envelope_item_header.json", "!an envelope item header without its envelope");
    row("events-extra/sentry-java/sentry_event.json", "event");
    row("events-extra/sentry-java/sentry_exception.json", "!looks like an exception on its own");
    row("events-extra/sentry-java/sentry_logs.json", "log");
    row("events-extra/sentry-java/sentry_metrics.json", "trace_metric");
    row("events-extra/sentry-java/sentry_span_legacy_date_format.json", "segment");
    row("events-extra/sentry-java/sentry_stack_frame.json", "!looks like a stack frame on its own");
    row("events-extra/sentry-java/sentry_thread.json", "!looks like a thread on its own");
    row("events-extra/sentry-java/sentry_transaction.json", "transaction");
    row("events-extra/sentry-java/sentry_transaction_legacy_date_format.json", "transaction");
    row("events-extra/sentry-java/session.json", "session");
    row("events-extra/sentry-java/user.json", "!looks like a user on its own");
    row("events-extra/sentry-native/macos-event.json", "event");
    row("events-extra/sentry-native/macos-session.json", "session");
    // API responses: events (also wrapped ones) decode; everything else is named.
    row("api-examples/getOrganizationIssue.get.200.json", "!an issue from the web API");
    row("api-examples/getOrganizationIssueEvent.get.200.json", "event");
    row("api-examples/getOrganizationIssueTag.get.200.json", "!a tag summary from the web API");
    row("api-examples/getOrganizationTrace.get.200.json", "!a trace tree node from the web API");
    row("api-examples/getOrganizationTraceMeta.get.200.json", "!its keys are not those of an event");
    row("api-examples/getProject.get.200.json", "!an organization or project from the web API");
    row("api-examples/listOrganizationIssueEvents.get.200.json", "event");
    row("api-examples/listOrganizationIssueHashes.get.200.json", "event"); // each hash's latestEvent
    row("api-examples/listOrganizationIssueTagValues.get.200.json", "!a tag summary from the web API");
    row("api-examples/listOrganizationIssues.get.200.json", "!an issue from the web API");
    row("api-examples/listOrganizationProjects.get.200.json", "!an organization or project from the web API");
    row("api-examples/listOrganizationTags.get.200.json", "!a tag summary from the web API");
    row("api-examples/listOrganizations.get.200.json", "!an organization or project from the web API");
    row("api-examples/listProjectEventAttachments.get.200.json", "!an attachment description from the web API");
    row("api-examples/listProjectEvents.get.200.json", "event");
    row("api-examples/listProjectIssues.get.200.json", "!an issue from the web API");
    row("api-examples/listProjectKeys.get.200.json", "!its keys are not those of an event");
    row("api-examples/resolveOrganizationEventId.get.200.json", "event"); // {"event": {...}, "groupId": ...}
    row("api-examples/resolveOrganizationShortId.get.200.json", "!an issue from the web API");
    row("api-examples/updateOrganizationIssues.put.200.json", "!its keys are not those of an event");
}

void TestRecordDecoder::bareClassification()
{
    QFETCH(QString, file);
    QFETCH(QString, expected);
    const auto records = recordsOf(file);
    QVERIFY(!records.empty());
    for (const RawRecord& r : records) {
        auto decoded = decodeRecord(r);
        if (expected.startsWith(QLatin1Char('!'))) {
            QVERIFY(!decoded.ok());
            const QString message = QString::fromStdString(decoded.error().message);
            QVERIFY2(message.startsWith(QStringLiteral("not a Sentry event: ")), qPrintable(message));
            QVERIFY2(message.contains(expected.mid(1)), qPrintable(message));
        } else {
            QVERIFY2(
                decoded.ok(), decoded.ok() ? "" : (r.location.describe() + ": " + decoded.error().message).c_str());
            QCOMPARE(kindName(decoded->kind), expected);
            if (isEventKind(decoded->kind)) {
                QCOMPARE(decoded->events.size(), std::size_t(1));
                QCOMPARE(decoded->events[0].eventId.size(), std::size_t(32));
            }
        }
    }
}

void TestRecordDecoder::logContainer()
{
    STACKDECK_REQUIRE_CORPUS();
    const auto records = recordsOf(QStringLiteral("sdk/received/000233.envelope"));
    QCOMPARE(records.size(), std::size_t(1));
    auto decoded = decodeRecord(records[0]);
    QVERIFY(decoded.ok());
    QCOMPARE(decoded->kind, RecordKind::Log);
    QVERIFY(decoded->warnings.empty());
    QCOMPARE(decoded->logs.size(), std::size_t(6));
    const LogRecord& first = decoded->logs[0];
    QCOMPARE(first.body, std::string("Cart updated"));
    QCOMPARE(first.level, std::string("info"));
    QCOMPARE(first.severityNumber.value_or(0), qint64(9));
    QCOMPARE(first.traceId, std::string("446187ecd0ab40d7960129b695fda010"));
    QCOMPARE(first.spanId, std::string("9cf4aecaa912a063")); // from sentry.trace.parent_span_id
    QCOMPARE(first.release, std::string("shop-node@3.0.0"));
    QVERIFY(first.timestamp);
    QVERIFY(QString::fromStdString(first.attributes.text).contains(QStringLiteral("\"cartId\"")));
    QCOMPARE(decoded->logs[1].level, std::string("warn"));

    RawRecord mismatched = records[0];
    mismatched.itemCount = 7;
    auto warned = decodeRecord(mismatched);
    QVERIFY(warned.ok());
    QCOMPARE(warned->warnings.size(), std::size_t(1));
}

void TestRecordDecoder::feedbackItem()
{
    STACKDECK_REQUIRE_CORPUS();
    const auto records = recordsOf(QStringLiteral("sdk/received/000186.envelope"));
    QCOMPARE(records.size(), std::size_t(1));
    auto decoded = decodeRecord(records[0]);
    QVERIFY(decoded.ok());
    QCOMPARE(decoded->kind, RecordKind::Feedback);
    QCOMPARE(decoded->event()->type, EventType::Feedback);
    QCOMPARE(decoded->events[0].eventId, std::string("f50f3752f90e4d369ec17155f3402f2f"));
    // Stored and decoded again without the item header, it is still feedback.
    auto bare = decodeJson(decoded->events[0].rawJson);
    QVERIFY(bare.ok());
    QCOMPARE(bare->kind, RecordKind::Feedback);
}

void TestRecordDecoder::synthesizedIdsAreStable()
{
    auto a = decodeJson(R"({"message":"no id here"})");
    auto b = decodeJson(R"({"message":"no id here"})");
    auto c = decodeJson(R"({"message":"another"})");
    QVERIFY(a.ok() && b.ok() && c.ok());
    QVERIFY(a->events[0].eventIdSynthesized);
    QVERIFY(a->events[0].event.eventId.empty());
    QCOMPARE(a->events[0].eventId, b->events[0].eventId);
    QVERIFY(a->events[0].eventId != c->events[0].eventId);
    QCOMPARE(a->events[0].eventId, md5Hex(R"({"message":"no id here"})"));
}

void TestRecordDecoder::storedJsonDecodesAgain_data()
{
    QTest::addColumn<QString>("file");
    STACKDECK_REQUIRE_CORPUS();
    for (const QString& folder : {QStringLiteral("samples"), QStringLiteral("events-extra"),
             QStringLiteral("envelopes"), QStringLiteral("api-examples"), QStringLiteral("sdk/received")}) {
        for (const QString& f : corpusFiles(folder,
                 {QStringLiteral("*.json"), QStringLiteral("*.envelope"), QStringLiteral("*.txt"),
                     QStringLiteral("*.dat"), QStringLiteral("*.golden")}))
            QTest::newRow(qPrintable(f)) << f;
    }
}

void TestRecordDecoder::storedJsonDecodesAgain()
{
    // Reindex: the stored raw JSON (with the item type it came with) gives the same events.
    QFETCH(QString, file);
    const auto records = recordsOf(file);
    QVERIFY2(!records.empty(), "no records: the file did not open or split");
    for (const RawRecord& r : records) {
        auto decoded = decodeRecord(r);
        if (!decoded.ok()) {
            // Only what is not an event at all, or the one cut-short fixture, is left
            // out; any other decoder error fails.
            const std::string& message = decoded.error().message;
            if (file == QLatin1String(kCutShortFixture) && message.find("invalid JSON") != std::string::npos) {
                ++m_invalid;
                continue;
            }
            QVERIFY2(message.rfind("not a Sentry event: ", 0) == 0, (r.location.describe() + ": " + message).c_str());
            ++m_notEvents;
            continue;
        }
        for (const DecodedEvent& de : decoded->events) {
            auto again = decodeJson(de.rawJson, r.itemType, r.contentType);
            QVERIFY2(again.ok(), again.ok() ? "" : again.error().message.c_str());
            bool found = false;
            for (const DecodedEvent& other : again->events) {
                Event e = other.event;
                if (r.envelope && r.eventOrdinal == 0 && !r.envelope->eventId.empty())
                    e.eventId = de.event.eventId; // the header id is kept by the store, not in the payload
                found = found || e == de.event;
            }
            QVERIFY2(found, r.location.describe().c_str());
            ++m_events;
        }
    }
    ++m_rows;
}

// The rows above compared this many events and left out this many records as
// not events: a decoder that starts rejecting (or dropping) events fails here
// even though no row can see it.
void TestRecordDecoder::storedJsonDecodesAgainCoveredTheCorpus()
{
    STACKDECK_REQUIRE_CORPUS();
    if (m_rows == 0)
        QSKIP("storedJsonDecodesAgain did not run");
    qInfo("storedJsonDecodesAgain: %d files, %d events compared, %d records not events, %d invalid", m_rows, m_events,
        m_notEvents, m_invalid);
    QCOMPARE(m_invalid, 1);
    QCOMPARE(m_events, kStoredJsonEvents);
    QCOMPARE(m_notEvents, kStoredJsonNotEvents);
}

QTEST_GUILESS_MAIN(TestRecordDecoder)
#include "tst_recorddecoder.moc"
