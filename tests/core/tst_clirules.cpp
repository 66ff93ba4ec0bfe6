// stackdeck-cli with grouping rules: `hash --rules/--fingerprint-rules`
// changes the hash and locates a broken rule, `regroup --dry-run --json`
// has the shape the issue specifies and changes nothing, `regroup` applies
// and `rules` shows what it saved.

#include "clirunner.h"
#include "store/consistency.h"
#include "store/workspace.h"
#include "testsupport.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

using namespace stackdeck;

namespace {

using Run = test::CliRun;
using test::keysOf;

Run cli(const QStringList& args)
{
    return test::runCli(args);
}

} // namespace

class TestCliRules : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void hashRulesChangeTheHash();
    void regroupDryRunJson();
    void regroupApplyAndRules();

private:
    QTemporaryDir m_dir;
};

namespace {
void writeText(const QString& path, const QByteArray& text)
{
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(text);
}

QByteArray zeroEvents()
{
    QByteArray out;
    const char* functions[] = {"compute", "compute", "average"};
    for (int i = 0; i < 3; ++i) {
        out += QByteArrayLiteral(R"({"event_id":"cccccccccccccccccccccccccccccc0)") + QByteArray::number(i)
            + QByteArrayLiteral(R"(","timestamp":1764600000,"platform":"python","exception":{"values":[{"type":)")
            + QByteArrayLiteral(R"("ZeroDivisionError","value":"x","stacktrace":{"frames":[{"function":")")
            + functions[i] + QByteArrayLiteral(R"(","module":"app","in_app":true}]}}]}})") + '\n';
    }
    return out;
}
} // namespace

void TestCliRules::hashRulesChangeTheHash()
{
    const QString events = m_dir.filePath(QStringLiteral("hash-rules.ndjson"));
    writeText(events, zeroEvents());
    const QString rules = m_dir.filePath(QStringLiteral("zero.fp"));
    writeText(rules, "error.type:ZeroDivisionError -> zero\n");
    const QString broken = m_dir.filePath(QStringLiteral("broken.rules"));
    writeText(broken, "stack.function:a -group\nwhat:ever +app\n");
    const Run plain = cli({QStringLiteral("hash"), QStringLiteral("--json"), events});
    const Run ruled
        = cli({QStringLiteral("hash"), QStringLiteral("--json"), QStringLiteral("--fingerprint-rules"), rules, events});
    QCOMPARE(plain.exitCode, 0);
    QCOMPARE(ruled.exitCode, 0);
    const QJsonObject a = QJsonDocument::fromJson(plain.out.split('\n').first()).object();
    const QJsonObject b = QJsonDocument::fromJson(ruled.out.split('\n').first()).object();
    QVERIFY(a.value(QStringLiteral("primary_hash")) != b.value(QStringLiteral("primary_hash")));
    // `values` are the hash input: plain strings.
    int contributing = 0;
    for (const auto& v : a.value(QStringLiteral("variants")).toObject()) {
        const QJsonObject variant = v.toObject();
        if (!variant.value(QStringLiteral("contributes")).toBool())
            continue;
        ++contributing;
        QCOMPARE(
            variant.value(QStringLiteral("values")).toArray(), variant.value(QStringLiteral("hash_input")).toArray());
        QVERIFY(variant.value(QStringLiteral("values")).toArray().first().isString());
    }
    QCOMPARE(contributing, 1);
    const Run bad = cli({QStringLiteral("hash"), QStringLiteral("--rules"), broken, events});
    QCOMPARE(bad.exitCode, 2);
    QVERIFY2(bad.err.contains(QByteArray(broken.toUtf8() + ":2:1:")), bad.err.constData());
}

void TestCliRules::regroupDryRunJson()
{
    const QString db = m_dir.filePath(QStringLiteral("regroup.stackdeck"));
    const QString events = m_dir.filePath(QStringLiteral("regroup.ndjson"));
    writeText(events, zeroEvents());
    QCOMPARE(cli({QStringLiteral("import"), QStringLiteral("--db"), db, QStringLiteral("--project"),
                     QStringLiteral("web"), events})
                 .exitCode,
        0);
    const QString rules = m_dir.filePath(QStringLiteral("regroup.fp"));
    writeText(rules, "error.type:ZeroDivisionError -> zero\n");
    const Run r = cli(
        {QStringLiteral("regroup"), QStringLiteral("--db"), db, QStringLiteral("--project"), QStringLiteral("web"),
            QStringLiteral("--fingerprint-rules"), rules, QStringLiteral("--dry-run"), QStringLiteral("--json")});
    QCOMPARE(r.exitCode, 0);
    const QJsonObject o = QJsonDocument::fromJson(r.out).object();
    QCOMPARE(o.value(QStringLiteral("events")).toInt(), 3);
    QCOMPARE(o.value(QStringLiteral("issues_before")).toInt(), 2);
    QCOMPARE(o.value(QStringLiteral("groups_after")).toInt(), 1);
    QCOMPARE(o.value(QStringLiteral("unchanged")).toInt(), 0);
    QCOMPARE(o.value(QStringLiteral("split")).toInt(), 0);
    QCOMPARE(o.value(QStringLiteral("merged")).toInt(), 2);
    const QJsonArray affected = o.value(QStringLiteral("affected")).toArray();
    QCOMPARE(affected.size(), 2);
    const QJsonObject first = affected.first().toObject();
    QCOMPARE(keysOf(first),
        QStringList({QStringLiteral("change"), QStringLiteral("events"), QStringLiteral("groups"), QStringLiteral("id"),
            QStringLiteral("title")}));
    QCOMPARE(first.value(QStringLiteral("change")).toString(), QStringLiteral("merged"));
    QCOMPARE(first.value(QStringLiteral("events")).toInt(), 2);
    const QJsonObject group = first.value(QStringLiteral("groups")).toArray().first().toObject();
    QCOMPARE(
        keysOf(group), QStringList({QStringLiteral("events"), QStringLiteral("from"), QStringLiteral("primary_hash")}));
    QCOMPARE(group.value(QStringLiteral("events")).toInt(), 3);
    QCOMPARE(group.value(QStringLiteral("from")).toArray().size(), 2);
    // A dry run changes nothing.
    const Run issues = cli({QStringLiteral("issues"), QStringLiteral("--db"), db, QStringLiteral("--json")});
    QCOMPARE(QJsonDocument::fromJson(issues.out).array().size(), 2);
    const QString broken = m_dir.filePath(QStringLiteral("regroup-broken.fp"));
    writeText(broken, "error.type:X\n");
    const Run bad = cli({QStringLiteral("regroup"), QStringLiteral("--db"), db, QStringLiteral("--project"),
        QStringLiteral("web"), QStringLiteral("--fingerprint-rules"), broken, QStringLiteral("--dry-run")});
    QCOMPARE(bad.exitCode, 2);
    QVERIFY2(bad.err.contains(QByteArray(broken.toUtf8() + ":1:")), bad.err.constData());
}

void TestCliRules::regroupApplyAndRules()
{
    const QString db = m_dir.filePath(QStringLiteral("regroup.stackdeck")); // from regroupDryRunJson
    const QString rules = m_dir.filePath(QStringLiteral("regroup.fp"));
    const Run r = cli({QStringLiteral("regroup"), QStringLiteral("--db"), db, QStringLiteral("--project"),
        QStringLiteral("web"), QStringLiteral("--fingerprint-rules"), rules, QStringLiteral("--json")});
    QCOMPARE(r.exitCode, 0);
    QVERIFY(r.err.contains("regrouping"));
    const QJsonObject o = QJsonDocument::fromJson(r.out).object();
    QCOMPARE(o.value(QStringLiteral("issues_after")).toInt(), 1);
    const Run issues = cli({QStringLiteral("issues"), QStringLiteral("--db"), db, QStringLiteral("--json")});
    QCOMPARE(QJsonDocument::fromJson(issues.out).array().size(), 1);
    const Run shown = cli({QStringLiteral("rules"), QStringLiteral("--db"), db, QStringLiteral("--project"),
        QStringLiteral("web"), QStringLiteral("--json")});
    QCOMPARE(shown.exitCode, 0);
    QCOMPARE(QJsonDocument::fromJson(shown.out).object().value(QStringLiteral("fingerprint_rules")).toString(),
        QStringLiteral("error.type:ZeroDivisionError -> zero\n"));
    auto ws = store::Workspace::open(db.toStdString());
    QVERIFY(ws.ok());
    QCOMPARE(store::checkConsistency((*ws)->db()), std::vector<std::string>());
}

QTEST_GUILESS_MAIN(TestCliRules)
#include "tst_clirules.moc"
