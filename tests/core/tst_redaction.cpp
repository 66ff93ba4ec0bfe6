// Redaction: each value detector with true positives and near misses, key
// names, the scan over a whole event, applying it, and the custom rules kept
// in the workspace.

#include "report/keynames.h"
#include "report/redaction.h"
#include "report/valuedetectors.h"
#include "store/redactionrules.h"
#include "store/workspace.h"
#include "testsupport.h"

#include <QTemporaryDir>
#include <QTest>

using namespace stackdeck;
using namespace stackdeck::report;

class TestRedaction : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void values_data();
    void values();
    void keyNames_data();
    void keyNames();
    void checksums();
    void scanFindsEveryPlantedSecret();
    void applyFiltersAndLogs();
    void disabledPathIsKept();
    void maskKeepsShape();
    void customRules();
    void customRulesStored();
};

void TestRedaction::values_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("detector"); // empty: nothing may be found
    QTest::addColumn<QString>("match");

    const auto row = [](const char* name, const char* text, const char* detector, const char* match) {
        QTest::newRow(name) << QString::fromUtf8(text) << QString::fromUtf8(detector) << QString::fromUtf8(match);
    };
    row("card visa", "paid with 4111111111111111 today", "card", "4111111111111111");
    row("card spaced", "card 4242 4242 4242 4242.", "card", "4242 4242 4242 4242");
    row("card dashed amex", "amex 3782-822463-10005", "card", "3782-822463-10005");
    row("near miss: order number failing luhn", "order 4111111111111112 shipped", "", "");
    row("near miss: microsecond timestamp", "ts=1700000000000000", "", "");
    row("near miss: card inside longer number", "id 94111111111111111111", "", "");
    row("email", "contact ada.lovelace+x@example.co.uk now", "email", "ada.lovelace+x@example.co.uk");
    row("near miss: dsn key is no email", "https://abc123@o1.ingest.sentry.io/42", "", "");
    row("email in a user tag", "email:ada@example.com", "email", "ada@example.com");
    row("url password is no email", "https://app:s3cr3t@db.example.com/x", "url_password", "s3cr3t");
    row("near miss: npm scoped package", "@sentry/node@8.1.0", "", "");
    row("ipv4", "client 203.0.113.9 connected", "ipv4", "203.0.113.9");
    row("ipv4 in url", "http://10.0.0.5:8080/x", "ipv4", "10.0.0.5");
    row("near miss: version 10.2.3.4.1", "version 10.2.3.4.1 released", "", "");
    row("near miss: dotted 1.2.3.4.5", "1.2.3.4.5", "", "");
    row("near miss: octet over 255", "300.1.1.1", "", "");
    row("near miss: loopback", "127.0.0.1", "", "");
    row("near miss: v-prefixed version", "v1.2.3.4", "", "");
    row("ipv6", "from 2001:db8::8a2e:370:7334 via", "ipv6", "2001:db8::8a2e:370:7334");
    row("ipv6 full", "fe80:0:0:0:202:b3ff:fe1e:8329", "ipv6", "fe80:0:0:0:202:b3ff:fe1e:8329");
    row("near miss: time of day", "at 12:30:45 UTC", "", "");
    row("near miss: c++ scope", "std::vector<int>::at", "", "");
    row("near miss: mac address", "00:1a:2b:3c:4d:5e", "", "");
    row("iban", "pay to DE89 3704 0044 0532 0130 00 please", "iban", "DE89 3704 0044 0532 0130 00");
    row("iban compact", "GB82WEST12345698765432", "iban", "GB82WEST12345698765432");
    row("near miss: iban bad checksum", "GB82WEST12345698765433", "", "");
    row("jwt", "t=eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U", "jwt",
        "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U");
    row("bearer", "Authorization: Bearer abcDEF123456789xyz", "bearer", "abcDEF123456789xyz");
    row("basic", "basic dXNlcjpwYXNzd29yZA==", "basic_auth", "dXNlcjpwYXNzd29yZA==");
    row("aws access key id", "key AKIAIOSFODNN7EXAMPLE used", "aws_access_key", "AKIAIOSFODNN7EXAMPLE");
    row("aws secret", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "aws_secret_key",
        "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY");
    row("near miss: sha1 is no aws secret", "commit 2fd4e1c67a2d28fced849ee1bb76e7391b93eb12", "", "");
    row("github", "ghp_1234567890abcdefghijABCDEFGHIJ123456", "github_token",
        "ghp_1234567890abcdefghijABCDEFGHIJ123456");
    row("slack", "xoxb-1234567890-abcdefghij", "slack_token", "xoxb-1234567890-abcdefghij");
    row("stripe", "sk_live_4eC39HqLyjWDarjtT1zdp7dc", "stripe_key", "sk_live_4eC39HqLyjWDarjtT1zdp7dc");
    row("private key", "-----BEGIN RSA PRIVATE KEY-----\nMIIB\n-----END RSA PRIVATE KEY-----", "private_key",
        "-----BEGIN RSA PRIVATE KEY-----\nMIIB\n-----END RSA PRIVATE KEY-----");
    row("near miss: public key", "-----BEGIN PUBLIC KEY-----\nMIIB\n-----END PUBLIC KEY-----", "", "");
    row("url password", "postgres://app:s3cr3t@db.internal/app", "url_password", "s3cr3t");
    row("password in query string", "a=1&password=hunter2&b=2", "key_in_text", "hunter2");
    row("token in json text", R"({"user": "x", "access_token": "abc.def"})", "key_in_text", "abc.def");
    row("near miss: uuid is no token", "request 123e4567-e89b-12d3-a456-426614174000 done", "", "");
    row("near miss: author=", "author=ada", "", "");
}

void TestRedaction::values()
{
    QFETCH(QString, text);
    QFETCH(QString, detector);
    QFETCH(QString, match);
    const std::string t = text.toStdString();
    const auto found = detectValues(t);
    if (detector.isEmpty()) {
        for (const auto& m : found)
            qWarning() << "unexpected" << m.detector.data() << t.substr(m.offset, m.length).c_str();
        QVERIFY(found.empty());
        return;
    }
    QCOMPARE(found.size(), std::size_t(1));
    QCOMPARE(QString::fromUtf8(found[0].detector.data(), qsizetype(found[0].detector.size())), detector);
    QCOMPARE(QString::fromStdString(t.substr(found[0].offset, found[0].length)), match);
}

void TestRedaction::keyNames_data()
{
    QTest::addColumn<QString>("key");
    QTest::addColumn<bool>("sensitive");
    const QStringList yes {QStringLiteral("password"), QStringLiteral("Password"), QStringLiteral("db_passwd"),
        QStringLiteral("X-Api-Key"), QStringLiteral("apiKey"), QStringLiteral("api_key"), QStringLiteral("accessToken"),
        QStringLiteral("csrfmiddlewaretoken"), QStringLiteral("Authorization"), QStringLiteral("Cookie"),
        QStringLiteral("set-cookie"), QStringLiteral("sessionid"), QStringLiteral("SESSION_ID"),
        QStringLiteral("private_key"), QStringLiteral("client_secret"), QStringLiteral("credit_card"),
        QStringLiteral("cardNumber"), QStringLiteral("auth"), QStringLiteral("cvv")};
    const QStringList no {QStringLiteral("author"), QStringLiteral("tokens_used"), QStringLiteral("passage"),
        QStringLiteral("username"), QStringLiteral("keyboard"), QStringLiteral("compass"), QStringLiteral("spinner"),
        QStringLiteral("authored_by"), QStringLiteral("url"), QStringLiteral("status_code")};
    for (const QString& k : yes)
        QTest::newRow(qPrintable(QStringLiteral("sensitive: ") + k)) << k << true;
    for (const QString& k : no)
        QTest::newRow(qPrintable(QStringLiteral("near miss: ") + k)) << k << false;
}

void TestRedaction::keyNames()
{
    QFETCH(QString, key);
    QFETCH(bool, sensitive);
    QCOMPARE(sensitiveKeyTerm(key.toStdString()).has_value(), sensitive);
}

void TestRedaction::checksums()
{
    QVERIFY(luhnValid("79927398713"));
    QVERIFY(!luhnValid("79927398710"));
    QVERIFY(ibanValid("DE89370400440532013000"));
    QVERIFY(!ibanValid("DE89370400440532013001"));
}

namespace {

QString str(const nlohmann::json& j)
{
    return QString::fromStdString(j.is_string() ? j.get<std::string>() : j.dump());
}

// An event with one planted secret of each kind, in each part the brief names.
nlohmann::json plantedEvent()
{
    return nlohmann::json::parse(R"({
      "event_id": "0123456789abcdef0123456789abcdef",
      "message": "login failed for ada@example.com from 198.51.100.7",
      "exception": {"values": [{"type": "ValueError", "value": "bad card 4111 1111 1111 1111",
        "stacktrace": {"frames": [{"function": "charge", "vars": {"password": "hunter2", "n": 3,
          "aws": "AKIAIOSFODNN7EXAMPLE", "has_password": false}}]}}]},
      "request": {"url": "https://shop.example/pay?token=abc", "query_string": "token=s3cr3tvalue&page=2",
        "headers": [["Authorization", "Bearer abcdefghijklmnop"], ["User-Agent", "curl/8"]],
        "cookies": {"sessionid": "xyz123"}, "data": {"iban": "DE89370400440532013000", "note": "call me"}},
      "breadcrumbs": {"values": [{"message": "jwt eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.sig_sig_sig",
        "data": {"ip": "2001:db8::1"}}]},
      "extra": {"stripe": "sk_live_4eC39HqLyjWDarjtT1zdp7dc"},
      "contexts": {"app": {"github": "ghp_1234567890abcdefghijABCDEFGHIJ123456"}},
      "user": {"email": "bob@example.org", "ip_address": "203.0.113.50"},
      "tags": [["slack", "xoxb-1234567890-abcdefghij"], ["release", "1.2.3.4.5"]],
      "modules": {"cookie": "0.6.0"}
    })");
}

} // namespace

void TestRedaction::scanFindsEveryPlantedSecret()
{
    const auto findings = scanForSecrets(plantedEvent());
    std::set<std::pair<std::string, std::string>> got;
    for (const auto& f : findings)
        got.emplace(f.path, f.detector);
    const std::set<std::pair<std::string, std::string>> expected {
        {"/message", "email"},
        {"/message", "ipv4"},
        {"/exception/values/0/value", "card"},
        {"/exception/values/0/stacktrace/frames/0/vars/password", "key:password"},
        {"/exception/values/0/stacktrace/frames/0/vars/aws", "aws_access_key"},
        {"/request/url", "key_in_text"},
        {"/request/query_string", "key_in_text"},
        {"/request/headers/0/1", "key:authorization"},
        {"/request/cookies", "key:cookies"},
        {"/request/data/iban", "key:iban"},
        {"/breadcrumbs/values/0/message", "jwt"},
        {"/breadcrumbs/values/0/data/ip", "ipv6"},
        {"/extra/stripe", "stripe_key"},
        {"/contexts/app/github", "github_token"},
        {"/user/email", "email"},
        {"/user/ip_address", "ipv4"},
        {"/tags/0/1", "slack_token"},
    };
    for (const auto& e : expected) {
        if (!got.contains(e))
            qWarning() << "missing" << e.first.c_str() << e.second.c_str();
    }
    for (const auto& g : got) {
        if (!expected.contains(g))
            qWarning() << "unexpected" << g.first.c_str() << g.second.c_str();
    }
    QCOMPARE(got, expected);
}

void TestRedaction::applyFiltersAndLogs()
{
    const nlohmann::json event = plantedEvent();
    const auto findings = scanForSecrets(event);
    const Redacted r = applyRedaction(event, findings);
    QCOMPARE(r.applied, findings.size());
    QCOMPARE(str(r.event["request"]["headers"][0][1]), QString::fromUtf8("[Filtered]"));
    QCOMPARE(str(r.event["request"]["headers"][0][0]), QString::fromUtf8("Authorization"));
    QCOMPARE(str(r.event["request"]["cookies"]), QString::fromUtf8("[Filtered]"));
    QCOMPARE(str(r.event["message"]), QString::fromUtf8("login failed for [Filtered] from [Filtered]"));
    QCOMPARE(str(r.event["request"]["query_string"]), QString::fromUtf8("token=[Filtered]&page=2"));
    QCOMPARE(str(r.event["exception"]["values"][0]["stacktrace"]["frames"][0]["vars"]["n"]), QStringLiteral("3"));
    QCOMPARE(str(r.event["modules"]["cookie"]), QString::fromUtf8("0.6.0"));
    // Nothing found is left in the copy, and the log never repeats a secret.
    QVERIFY(scanForSecrets(r.event).empty());
    const std::string log = r.log.dump();
    for (const auto& f : findings)
        QVERIFY2(log.find(f.match) == std::string::npos, f.match.c_str());
}

void TestRedaction::disabledPathIsKept()
{
    const nlohmann::json event = plantedEvent();
    RedactionOptions options;
    options.disabledPaths.insert("/user/email");
    const Redacted r = applyRedaction(event, scanForSecrets(event), options);
    QCOMPARE(str(r.event["user"]["email"]), QString::fromUtf8("bob@example.org"));
    QCOMPARE(str(r.event["user"]["ip_address"]), QString::fromUtf8("[Filtered]"));
    bool logged = false;
    for (const auto& e : r.log)
        logged = logged || (e["path"] == "/user/email" && e["applied"] == false);
    QVERIFY(logged);
}

void TestRedaction::maskKeepsShape()
{
    const nlohmann::json event = nlohmann::json::parse(R"({"message": "ip 203.0.113.9 here"})");
    RedactionOptions options;
    options.style = RedactionStyle::Mask;
    const Redacted r = applyRedaction(event, scanForSecrets(event), options);
    QCOMPARE(str(r.event["message"]), QString::fromUtf8("ip *********** here"));
}

void TestRedaction::customRules()
{
    std::vector<store::RedactionRule> stored {
        {store::RedactionRule::Kind::Regex, "order", "ORD-[0-9]{6}"},
        {store::RedactionRule::Kind::Key, "tenant", "tenant"},
    };
    auto rules = CustomRules::compile(stored);
    QVERIFY(rules.ok());
    const nlohmann::json event = nlohmann::json::parse(
        R"({"message": "order ORD-123456 by \u00e9mile ORD-654321", "extra": {"TenantName": "acme"}})");
    const auto findings = scanForSecrets(event, *rules);
    QCOMPARE(findings.size(), std::size_t(3));
    const Redacted r = applyRedaction(event, findings);
    QCOMPARE(str(r.event["message"]), QString::fromUtf8("order [Filtered] by \u00e9mile [Filtered]"));
    QCOMPARE(str(r.event["extra"]["TenantName"]), QString::fromUtf8("[Filtered]"));

    auto bad = CustomRules::compile({{store::RedactionRule::Kind::Regex, "broken", "(unclosed"}});
    QVERIFY(!bad.ok());
    QVERIFY(bad.error().message.find("broken") != std::string::npos);
}

void TestRedaction::customRulesStored()
{
    QTemporaryDir dir;
    auto ws = store::Workspace::open(dir.filePath(QStringLiteral("w.stackdeck")).toStdString());
    QVERIFY(ws.ok());
    auto empty = store::loadRedactionRules((*ws)->db());
    QVERIFY(empty.ok() && empty->empty());
    const std::vector<store::RedactionRule> rules {
        {store::RedactionRule::Kind::Regex, "order", "ORD-[0-9]+"}, {store::RedactionRule::Kind::Key, "k", "tenant"}};
    QVERIFY(store::saveRedactionRules((*ws)->db(), rules).ok());
    auto loaded = store::loadRedactionRules((*ws)->db());
    QVERIFY(loaded.ok());
    QCOMPARE(*loaded, rules);
    (*ws)->db().exec("UPDATE meta SET value = '{\"not\": \"a list\"}' WHERE key = 'redaction_rules'");
    QVERIFY(!store::loadRedactionRules((*ws)->db()).ok());
}

QTEST_GUILESS_MAIN(TestRedaction)
#include "tst_redaction.moc"
