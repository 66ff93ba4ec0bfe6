// Issue titles, culprits, locations and metadata the way the server derives them.

#include "formats/eventdecoder.h"
#include "grouping/eventmetadata.h"
#include "model/issue.h"

#include <QTest>

using namespace stackdeck;
using namespace stackdeck::grouping;

namespace {

Event makeEvent(const std::string& json)
{
    auto e = decodeEventJson(json);
    if (!e.ok())
        qFatal("bad test event: %s", e.error().message.c_str());
    return *e;
}

} // namespace

class TestEventMetadata : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void derive_data();
    void derive();
    void truncation();
    void fingerprintTitle();
    void exceptionGroupMainException();
    void displayTitle_data();
    void displayTitle();
};

void TestEventMetadata::derive_data()
{
    QTest::addColumn<QString>("json");
    QTest::addColumn<QString>("title");
    QTest::addColumn<QString>("culprit");
    QTest::addColumn<QString>("location");
    auto row = [](const char* name, const char* json, const char* title, const char* culprit, const char* location) {
        QTest::newRow(name) << QString::fromUtf8(json) << QString::fromUtf8(title) << QString::fromUtf8(culprit)
                            << QString::fromUtf8(location);
    };
    row("python-error",
        R"j({"platform": "python", "exception": {"values": [{"type": "ValueError", "value": "bad price\nsecond line",
            "stacktrace": {"frames": [
              {"module": "app.main", "function": "run", "filename": "app/main.py", "in_app": true},
              {"module": "app.prices", "function": "parse", "filename": "app/prices.py", "in_app": true},
              {"module": "decimal", "function": "__new__", "filename": "decimal.py", "in_app": false}]}}]}})j",
        "ValueError: bad price", "app.prices in parse", "app/prices.py");
    row("transaction-is-culprit",
        R"j({"platform": "python", "transaction": "/checkout", "exception": {"values": [{"type": "KeyError", "value": "'sku'"}]}})j",
        "KeyError: 'sku'", "/checkout", "");
    row("rules-decide-in-app",
        R"j({"platform": "python", "exception": {"values": [{"type": "Timeout", "value": "",
            "stacktrace": {"frames": [
              {"module": "app.sync", "function": "pull", "abs_path": "/srv/app/sync.py"},
              {"module": "requests.api", "function": "get", "abs_path": "/srv/venv/lib/site-packages/requests/api.py"}]}}]}})j",
        "Timeout", "requests.api in get", "/srv/venv/lib/site-packages/requests/api.py");
    row("javascript",
        R"j({"platform": "javascript", "exception": {"values": [{"type": "TypeError", "value": "x is undefined",
            "stacktrace": {"frames": [{"function": "render", "abs_path": "https://example.com/static/app.js", "in_app": true}]}}]}})j",
        "TypeError: x is undefined", "render(/static/app.js)", "/static/app.js");
    row("native",
        R"j({"platform": "native", "exception": {"values": [{"type": "EXC_BAD_ACCESS", "value": "crash",
            "stacktrace": {"frames": [{"function": "main", "in_app": true}, {"function": "crash_me(int)", "in_app": true}]}}]}})j",
        "EXC_BAD_ACCESS: crash", "crash_me", "");
    row("synthetic",
        R"j({"platform": "native", "exception": {"values": [{"type": "SIGSEGV", "value": "Segfault",
            "mechanism": {"type": "signalhandler", "synthetic": true},
            "stacktrace": {"frames": [{"function": "main", "in_app": true}, {"function": "fault", "in_app": true}]}}]}})j",
        "fault", "", "");
    row("missing-type", R"j({"exception": {"values": [{"value": "hello world"}]}})j", "Error: hello world", "", "");
    row("message", R"j({"message": "  Payment declined for order 42\nmore detail  "})j",
        "Payment declined for order 42", "", "");
    row("logentry-template", R"j({"logentry": {"message": "Order %s failed", "params": ["A-1"]}})j", "Order A-1 failed",
        "", "");
    row("unlabeled", R"j({"level": "info"})j", "<unlabeled event>", "", "");
    row("request-url-culprit", R"j({"message": "x", "request": {"url": "https://shop.example/cart?x=1"}})j", "x",
        "https://shop.example/cart", "");
    row("transaction-event",
        R"j({"type": "transaction", "transaction": "GET /items", "start_timestamp": 1, "timestamp": 2})j", "GET /items",
        "GET /items", "");
    row("csp", R"j({"csp": {"effective_directive": "img-src", "blocked_uri": "http://evil.example/x.png"},
            "logentry": {"formatted": "Blocked 'image' from 'evil.example'"}})j",
        "Blocked 'image' from 'evil.example'", "", "evil.example");
    row("hpkp", R"j({"hpkp": {"hostname": "www.example.com"}})j",
        "Public key pinning validation failed for 'www.example.com'", "", "www.example.com");
}

void TestEventMetadata::derive()
{
    QFETCH(QString, json);
    QFETCH(QString, title);
    QFETCH(QString, culprit);
    QFETCH(QString, location);
    const EventMetadata md = deriveEventMetadata(makeEvent(json.toStdString()));
    QCOMPARE(QString::fromStdString(md.title), title);
    QCOMPARE(QString::fromStdString(md.culprit), culprit);
    QCOMPARE(QString::fromStdString(md.location), location);
}

void TestEventMetadata::truncation()
{
    QCOMPARE(truncateChars("abcdef", 6), std::string("abcdef"));
    QCOMPARE(truncateChars("abcdefg", 6), std::string("abc..."));
    QCOMPARE(truncateChars("\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9", 4), std::string("\xc3\xa9..."));
    const std::string longValue(300, 'x');
    const EventMetadata md = deriveEventMetadata(
        makeEvent("{\"exception\": {\"values\": [{\"type\": \"E\", \"value\": \"" + longValue + "\"}]}}"));
    QCOMPARE(md.title, "E: " + std::string(97, 'x') + "...");
    QCOMPARE(md.value.size(), std::size_t(300));
    QVERIFY(md.hasType);
}

void TestEventMetadata::fingerprintTitle()
{
    GroupingConfig config;
    config.fingerprintRules = R"j(type:ValueError -> bad-value title="Bad value: {{ value }} ({{ dog }})")j";
    const Event e
        = makeEvent(R"j({"platform": "python", "exception": {"values": [{"type": "ValueError", "value": "n/a"}]}})j");
    const EventMetadata md = deriveEventMetadata(e, config);
    QCOMPARE(QString::fromStdString(md.title), QStringLiteral("Bad value: n/a ({{ dog }})"));
}

void TestEventMetadata::exceptionGroupMainException()
{
    // One distinct exception under the group: the issue is named after it, not the group.
    const Event e = makeEvent(R"j({"exception": {"values": [
        {"type": "ValueError", "value": "inner", "mechanism": {"type": "chained", "exception_id": 1, "parent_id": 0}},
        {"type": "ExceptionGroup", "value": "outer", "mechanism": {"type": "generic", "is_exception_group": true, "exception_id": 0}}
    ]}})j");
    const EventMetadata md = deriveEventMetadata(e);
    QCOMPARE(QString::fromStdString(md.title), QStringLiteral("ValueError: inner"));
}

void TestEventMetadata::displayTitle_data()
{
    QTest::addColumn<QString>("title");
    QTest::addColumn<QString>("message");
    QTest::addColumn<QString>("shown");
    QTest::addColumn<bool>("standIn");
    QTest::newRow("ordinary") << "ValueError: bad"
                              << "bad"
                              << "ValueError: bad" << false;
    QTest::newRow("anonymous-function") << "?"
                                        << "Pricing sync slow"
                                        << "Pricing sync slow" << true;
    QTest::newRow("unknown") << "<unknown>"
                             << "first\nsecond"
                             << "first" << true;
    QTest::newRow("empty-title") << ""
                                 << "a message"
                                 << "a message" << true;
    QTest::newRow("nothing-better") << "?"
                                    << ""
                                    << "?" << false;
    QTest::newRow("question-in-title") << "Why?"
                                       << "x"
                                       << "Why?" << false;
}

void TestEventMetadata::displayTitle()
{
    QFETCH(QString, title);
    QFETCH(QString, message);
    QFETCH(QString, shown);
    QFETCH(bool, standIn);
    Issue issue;
    issue.title = title.toStdString();
    issue.message = message.toStdString();
    QCOMPARE(QString::fromStdString(stackdeck::displayTitle(issue)), shown);
    QCOMPARE(titleIsStandIn(issue), standIn);
}

QTEST_GUILESS_MAIN(TestEventMetadata)
#include "tst_eventmetadata.moc"
