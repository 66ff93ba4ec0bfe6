// Server-side fingerprint rules (docs/grouping-algorithm.md §11): the text
// syntax, the stored JSON form, matcher groups, case rules, the `path`
// quirk, the built-in JavaScript rules, and fingerprint variables end to end.

#include "formats/eventdecoder.h"
#include "grouping/fingerprintrules.h"
#include "grouping/grouping.h"
#include "grouping/md5hasher.h"

#include <QTest>

#include <nlohmann/json.hpp>

using namespace stackdeck;
using namespace stackdeck::grouping;

namespace {

Event makeEvent(const char* json)
{
    auto e = decodeEventJson(json);
    if (!e.ok())
        qFatal("bad test event: %s", e.error().message.c_str());
    return *e;
}

GroupingResult groupWith(const Event& e, const char* rules)
{
    GroupingConfig config;
    config.fingerprintRules = rules;
    return computeGrouping(e, config);
}

std::string md5(std::initializer_list<std::string_view> values)
{
    return md5Hex(values);
}

constexpr const char* kPythonError = R"({
  "platform": "python", "logger": "app.payments", "level": "warning", "release": "shop@1.2.3",
  "sdk": {"name": "sentry.python.flask", "version": "1.9"},
  "tags": {"region": "eu", "transaction": "/checkout"},
  "transaction": "/checkout",
  "exception": {"values": [{"type": "GatewayTimeout", "value": "Upstream Timed Out after 30s",
    "stacktrace": {"frames": [
      {"module": "app.views", "function": "checkout", "abs_path": "/srv/app/views.py", "filename": "app/views.py", "in_app": true},
      {"module": "payments.client", "function": "charge", "abs_path": "/srv/venv/lib/site-packages/payments/client.py", "package": "/srv/venv/payments.whl", "in_app": false}
    ]}}]}
})";

} // namespace

class TestFingerprintRules : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void parseText();
    void parseErrors_data();
    void parseErrors();
    void fromJson();
    void matchers_data();
    void matchers();
    void groupsNeedOneItem();
    void pathQuirk();
    void customVariantAndTitle();
    void saltedDefault();
    void variables_data();
    void variables();
    void builtinChunkLoad();
    void builtinHydration();
    void projectRulesComeFirst();
};

void TestFingerprintRules::parseText()
{
    auto parsed = FingerprintRules::parse(
        "# comment\n"
        "error.type:DatabaseUnavailable -> system-down\n"
        "\n"
        "!stack.module:\"foo bar\" message:\"*timed out*\" -> {{ default }}, \"quoted,value\" "
        "title=\"Timeouts: {{ message }}\"\n");
    QVERIFY2(parsed.ok(), parsed.ok() ? "" : parsed.error().toString().c_str());
    const auto& rules = parsed.value()->rules();
    QCOMPARE(rules.size(), std::size_t(2));
    QCOMPARE(rules[0].matchers[0].key, std::string("type"));
    QCOMPARE(rules[0].fingerprint, std::vector<std::string> {"system-down"});
    QCOMPARE(
        QString::fromStdString(rules[0].text()), QStringLiteral("type:\"DatabaseUnavailable\" -> \"system-down\""));
    QVERIFY(rules[1].matchers[0].negated);
    QCOMPARE(rules[1].matchers[0].key, std::string("module"));
    QCOMPARE(rules[1].matchers[0].pattern, std::string("foo bar"));
    QCOMPARE(rules[1].fingerprint, (std::vector<std::string> {"{{ default }}", "quoted,value"}));
    QCOMPARE(rules[1].title, std::optional<std::string>("Timeouts: {{ message }}"));
    QVERIFY(!rules[1].builtin);
}

void TestFingerprintRules::parseErrors_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<int>("line");
    QTest::addColumn<int>("column");
    QTest::newRow("no-arrow") << QStringLiteral("type:Foo bar") << 1 << 10;
    QTest::newRow("unknown-matcher") << QStringLiteral("type:a -> x\nfrobnicate:x -> y") << 2 << 1;
    QTest::newRow("unknown-attribute") << QStringLiteral("type:a -> x colour=\"red\"") << 1 << 13;
    QTest::newRow("no-fingerprint") << QStringLiteral("type:a -> ") << 1 << 11;
}

void TestFingerprintRules::parseErrors()
{
    QFETCH(QString, text);
    QFETCH(int, line);
    QFETCH(int, column);
    auto parsed = FingerprintRules::parse(text.toStdString());
    QVERIFY(!parsed.ok());
    QCOMPARE(parsed.error().line, line);
    QCOMPARE(parsed.error().column, column);
}

void TestFingerprintRules::fromJson()
{
    const auto json = nlohmann::json::parse(R"([
        {"matchers": [["type", "SoftTimeLimitExceeded"], ["!module", "celery.*"]], "fingerprint": ["soft-timelimit"],
         "attributes": {"title": "Celery soft limit"}},
        {"matchers": [["bogus", "x"]], "fingerprint": ["y"]}
    ])");
    QVERIFY(!FingerprintRules::fromJson(json).ok()); // the unknown key is an error
    auto ok = FingerprintRules::fromJson(nlohmann::json::array({json[0]}));
    QVERIFY(ok.ok());
    const auto& rule = ok.value()->rules().front();
    QVERIFY(rule.matchers[1].negated);
    QCOMPARE(rule.title, std::optional<std::string>("Celery soft limit"));
    QCOMPARE(QString::fromStdString(rule.text()),
        QStringLiteral(
            "type:\"SoftTimeLimitExceeded\" !module:\"celery.*\" -> \"soft-timelimit\" title=\"Celery soft limit\""));
}

void TestFingerprintRules::matchers_data()
{
    QTest::addColumn<QString>("rule");
    QTest::addColumn<bool>("matches");
    auto row = [](const char* name, const char* rule, bool m) { QTest::newRow(name) << QString::fromUtf8(rule) << m; };
    row("type", "type:GatewayTimeout -> x", true);
    row("type-case-sensitive", "type:gatewaytimeout -> x", false);
    row("value-case-insensitive", "value:\"upstream timed out*\" -> x", true);
    row("message-tests-exception-value", "message:\"*TIMED OUT*\" -> x", true);
    row("function", "function:charge -> x", true);
    row("module-glob", "module:payments.* -> x", true);
    row("path", "path:**/site-packages/** -> x", true);
    row("package", "package:**/payments.whl -> x", true);
    row("app-yes", "function:checkout app:yes -> x", true);
    row("app-no", "function:checkout app:no -> x", false);
    row("family", "family:other -> x", true);
    row("family-list", "family:native,javascript -> x", false);
    row("sdk", "sdk:sentry.python -> x", true);
    row("release-path-glob", "release:shop@1.* -> x", true);
    row("level-ci", "level:WARNING -> x", true);
    row("logger", "logger:app.* -> x", true);
    row("tags", "tags.region:eu -> x", true);
    row("tags-missing", "tags.dc:* -> x", false);
    row("negated", "!type:GatewayTimeout -> x", false);
}

void TestFingerprintRules::matchers()
{
    QFETCH(QString, rule);
    QFETCH(bool, matches);
    const GroupingResult r = groupWith(makeEvent(kPythonError), rule.toStdString().c_str());
    QVERIFY(r.configErrors.empty());
    QCOMPARE(r.variant("custom-fingerprint") != nullptr, matches);
}

void TestFingerprintRules::groupsNeedOneItem()
{
    // Both frame matchers must hold for the same frame; type and function are different groups.
    QVERIFY(
        !groupWith(makeEvent(kPythonError), "function:checkout module:payments.* -> x").variant("custom-fingerprint"));
    QVERIFY(groupWith(makeEvent(kPythonError), "function:charge module:payments.* -> x").variant("custom-fingerprint"));
    QVERIFY(
        groupWith(makeEvent(kPythonError), "type:GatewayTimeout function:checkout -> x").variant("custom-fingerprint"));
}

void TestFingerprintRules::pathQuirk()
{
    // `path` tests abs_path when there is one; the filename is never tried then.
    QVERIFY(!groupWith(makeEvent(kPythonError), "path:app/views.py -> x").variant("custom-fingerprint"));
    QVERIFY(groupWith(makeEvent(kPythonError), "path:/srv/app/views.py -> x").variant("custom-fingerprint"));
}

void TestFingerprintRules::customVariantAndTitle()
{
    const GroupingResult r = groupWith(
        makeEvent(kPythonError), "type:GatewayTimeout -> gateway, {{ tags.region }} title=\"Gateway {{ type }}\"");
    const GroupingVariant* v = r.variant("custom-fingerprint");
    QVERIFY(v);
    QCOMPARE(v->values, (std::vector<std::string> {"gateway", "eu"}));
    QCOMPARE(*v->hash, md5({"gateway", "eu"}));
    QCOMPARE(r.primaryHash(), *v->hash);
    QVERIFY(v->info.matchedRule);
    QVERIFY(!v->info.clientFingerprint);
    QCOMPARE(r.title, std::optional<std::string>("Gateway {{ type }}"));
    QCOMPARE(r.variant("system")->hint, std::string("custom fingerprint takes precedence"));
    QVERIFY(!r.variant("system")->hash);
}

void TestFingerprintRules::saltedDefault()
{
    const GroupingResult plain = computeGrouping(makeEvent(kPythonError));
    const GroupingResult salted
        = groupWith(makeEvent(kPythonError), "type:GatewayTimeout -> {{ default }}, {{ level }}");
    const GroupingVariant* system = salted.variant("system");
    QCOMPARE(system->type, std::string("salted-component"));
    std::vector<std::string> input = plain.variant("system")->hashInput;
    input.emplace_back("warning");
    QCOMPARE(system->hashInput, input);
    QCOMPARE(*system->hash, md5Hex(input));
}

void TestFingerprintRules::variables_data()
{
    QTest::addColumn<QString>("fingerprint");
    QTest::addColumn<QString>("resolved");
    auto row = [](const char* name, const char* fp, const char* out) {
        QTest::newRow(name) << QString::fromUtf8(fp) << QString::fromUtf8(out);
    };
    row("transaction", "{{ transaction }}", "/checkout");
    row("message-falls-back-to-value", "{{message}}", "Upstream Timed Out after 30s");
    row("type", "{{ error.type }}", "GatewayTimeout");
    row("value", "{{ value }}", "Upstream Timed Out after 30s");
    row("function-crash-frame-is-last-in-app", "{{ function }}", "checkout");
    row("path", "{{ stack.abs_path }}", "/srv/app/views.py");
    row("filename", "{{ stack.filename }}", "app/views.py");
    row("module", "{{ module }}", "app.views");
    row("package-missing", "{{ package }}", "<no-package>");
    row("level", "{{ level }}", "warning");
    row("logger", "{{ logger }}", "app.payments");
    row("tag", "{{ tags.region }}", "eu");
    row("tag-missing", "{{ tags.dc }}", "<no-value-for-tag-dc>");
    row("unknown-stays-literal", "{{ dog }}", "{{ dog }}");
    row("not-a-variable", "{{ two words }}", "{{ two words }}");
}

void TestFingerprintRules::variables()
{
    QFETCH(QString, fingerprint);
    QFETCH(QString, resolved);
    Event e = makeEvent(kPythonError);
    e.fingerprint = {fingerprint.toStdString()};
    const GroupingResult r = computeGrouping(e);
    const GroupingVariant* v = r.variant("custom-fingerprint");
    QVERIFY(v);
    QCOMPARE(QString::fromStdString(v->values.front()), resolved);
    QVERIFY(v->info.clientFingerprint);
}

void TestFingerprintRules::builtinChunkLoad()
{
    const char* byType
        = R"({"platform": "javascript", "exception": {"values": [{"type": "ChunkLoadError", "value": "Loading chunk 7 failed."}]}})";
    const char* byValue
        = R"({"platform": "javascript", "exception": {"values": [{"type": "Error", "value": "ChunkLoadError: Loading chunk 7 failed."}]}})";
    const char* otherPlatform
        = R"({"platform": "python", "exception": {"values": [{"type": "ChunkLoadError", "value": "x"}]}})";
    for (const char* json : {byType, byValue}) {
        const GroupingResult r = computeGrouping(makeEvent(json));
        const GroupingVariant* v = r.variant("built-in-fingerprint");
        QVERIFY(v);
        QCOMPARE(*v->hash, std::string("5d731dcf8ecc4f042eeacf528d8d8da9"));
        QVERIFY(v->info.matchedRule && v->info.matchedRule->isBuiltin);
    }
    QVERIFY(!computeGrouping(makeEvent(otherPlatform)).variant("built-in-fingerprint"));
    GroupingConfig off;
    off.builtInFingerprintRules = false;
    QVERIFY(!computeGrouping(makeEvent(byType), off).variant("built-in-fingerprint"));
}

void TestFingerprintRules::builtinHydration()
{
    const char* json = R"({"platform": "javascript", "tags": {"transaction": "/shop"},
        "exception": {"values": [{"type": "Error", "value": "Text content does not match server-rendered HTML."}]}})";
    const char* noTag = R"({"platform": "javascript",
        "exception": {"values": [{"type": "Error", "value": "Text content does not match server-rendered HTML."}]}})";
    const GroupingResult r = computeGrouping(makeEvent(json));
    const GroupingVariant* v = r.variant("built-in-fingerprint");
    QVERIFY(v);
    QCOMPARE(v->values, (std::vector<std::string> {"hydrationerror", "/shop"}));
    QVERIFY(!computeGrouping(makeEvent(noTag)).variant("built-in-fingerprint"));
}

void TestFingerprintRules::projectRulesComeFirst()
{
    const char* json
        = R"({"platform": "javascript", "exception": {"values": [{"type": "ChunkLoadError", "value": "x"}]}})";
    const GroupingResult r = groupWith(makeEvent(json), "type:ChunkLoadError -> mine");
    QVERIFY(r.variant("custom-fingerprint"));
    QVERIFY(!r.variant("built-in-fingerprint"));
}

QTEST_GUILESS_MAIN(TestFingerprintRules)
#include "tst_fingerprintrules.moc"
