// A workspace's own redaction rules, as a user edits them: checked before
// they are kept (a regex that does not compile is refused, saying where),
// `stackdeck-cli redact-rules` lists, adds and removes them, and a redacted
// export removes what they find (and keeps it without them).
#include "clirunner.h"
#include "report/redactionruleinput.h"
#include "store/redactionrules.h"
#include "store/workspace.h"
#include "testsupport.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

using namespace stackdeck;
using Kind = store::RedactionRule::Kind;

Q_DECLARE_METATYPE(store::RedactionRule::Kind)

namespace {

// A value no built-in detector finds: only a custom rule removes it.
const QByteArray kOrder = "ORD-4411-ZK";
const QByteArray kHint = "pelican-lagoon";

QByteArray eventJson()
{
    return R"({"event_id":"5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a","timestamp":1764600000,"platform":"python",)"
           R"("level":"error","message":"checkout failed for )"
        + kOrder + R"(","extra":{"order":")" + kOrder + R"(","favourite_hint":")" + kHint + "\"}}\n";
}

QJsonObject jsonOf(const test::CliRun& run)
{
    return QJsonDocument::fromJson(run.out).object();
}

} // namespace

class TestRedactRules : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;
    QString m_db;

    test::CliRun cli(QStringList args)
    {
        args << QStringLiteral("--db") << m_db;
        return test::runCli(args);
    }
    QByteArray exportJson(const QString& name)
    {
        const QString out = m_dir.filePath(name);
        const auto run = cli(
            {QStringLiteral("export"), QStringLiteral("--format"), QStringLiteral("json"), QStringLiteral("--redact"),
                QStringLiteral("--query"), QStringLiteral("checkout"), QStringLiteral("-o"), out});
        if (run.exitCode != 0)
            qWarning("%s", run.err.constData());
        QFile f(out);
        return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_db = m_dir.filePath(QStringLiteral("w.stackdeck"));
        const QString input = m_dir.filePath(QStringLiteral("e.ndjson"));
        QFile f(input);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(eventJson());
        f.close();
        QCOMPARE(cli({QStringLiteral("import"), input}).exitCode, 0);
    }

    void checkRule_data()
    {
        QTest::addColumn<Kind>("kind");
        QTest::addColumn<QString>("pattern");
        QTest::addColumn<QString>("error"); // empty: accepted
        QTest::addRow("key") << Kind::Key << QStringLiteral("favourite_hint") << QString();
        QTest::addRow("regex") << Kind::Regex << QStringLiteral("ORD-\\d{4}-[A-Z]{2}") << QString();
        QTest::addRow("unclosed group") << Kind::Regex << QStringLiteral("ORD-(\\d+") << QStringLiteral("offset");
        QTest::addRow("dangling quantifier") << Kind::Regex << QStringLiteral("*abc") << QStringLiteral("offset");
        QTest::addRow("bad class") << Kind::Regex << QStringLiteral("[z-a]") << QStringLiteral("offset");
        QTest::addRow("empty key") << Kind::Key << QString() << QStringLiteral("needs a pattern");
        QTest::addRow("over-long") << Kind::Regex << QString(5000, QLatin1Char('a')) << QStringLiteral("4096");
        QTest::addRow("same rule twice") << Kind::Key << QStringLiteral("password") << QStringLiteral("already");
    }
    void checkRule()
    {
        QFETCH(Kind, kind);
        QFETCH(QString, pattern);
        QFETCH(QString, error);
        const std::vector<store::RedactionRule> existing = {{Kind::Key, "password", "password"}};
        auto checked = report::checkRedactionRule({kind, "", pattern.toStdString()}, existing);
        QCOMPARE(checked.ok(), error.isEmpty());
        if (checked.ok()) {
            QCOMPARE(checked->name, pattern.toStdString()); // an empty name becomes the pattern
        } else {
            QVERIFY2(QString::fromStdString(checked.error().message).contains(error), checked.error().message.c_str());
        }
    }

    void cliRoundTripAndExport()
    {
        // Without rules the export keeps both values (no built-in detector finds them).
        const QByteArray before = exportJson(QStringLiteral("before.json"));
        QVERIFY(before.contains(kOrder));
        QVERIFY(before.contains(kHint));

        auto run = cli({QStringLiteral("redact-rules"), QStringLiteral("--json")});
        QCOMPARE(run.exitCode, 0);
        QCOMPARE(jsonOf(run)[QStringLiteral("rules")].toArray().size(), 0);
        run = cli({QStringLiteral("redact-rules"), QStringLiteral("add"), QStringLiteral("--regex"),
            QStringLiteral("ORD-\\d{4}-[A-Z]{2}"), QStringLiteral("--name"), QStringLiteral("order"),
            QStringLiteral("--json")});
        QCOMPARE(run.exitCode, 0);
        run = cli({QStringLiteral("redact-rules"), QStringLiteral("add"), QStringLiteral("--key"),
            QStringLiteral("favourite_hint"), QStringLiteral("--json")});
        QCOMPARE(run.exitCode, 0);
        QJsonArray rules = jsonOf(run)[QStringLiteral("rules")].toArray();
        QCOMPARE(rules.size(), 2);
        QCOMPARE(rules[0].toObject()[QStringLiteral("kind")].toString(), QStringLiteral("regex"));
        QCOMPARE(rules[0].toObject()[QStringLiteral("name")].toString(), QStringLiteral("order"));
        QCOMPARE(rules[1].toObject()[QStringLiteral("kind")].toString(), QStringLiteral("key"));
        QCOMPARE(rules[1].toObject()[QStringLiteral("number")].toInt(), 2);

        // Kept in the workspace, as the store reads them.
        {
            auto ws = store::Workspace::open(m_db.toStdString());
            QVERIFY(ws.ok());
            const auto stored = store::loadRedactionRules((*ws)->db());
            QVERIFY(stored.ok());
            QCOMPARE(stored->size(), std::size_t(2));
            QCOMPARE(stored->at(0).pattern, std::string("ORD-\\d{4}-[A-Z]{2}"));
        }

        // Both applied by a redacted export and found by redact-scan under their names.
        const QByteArray after = exportJson(QStringLiteral("after.json"));
        QVERIFY(!after.isEmpty());
        QVERIFY2(!after.contains(kOrder), after.constData());
        QVERIFY2(!after.contains(kHint), after.constData());
        run = cli({QStringLiteral("redact-scan"), QStringLiteral("5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a"),
            QStringLiteral("--json")});
        QCOMPARE(run.exitCode, 0);
        const QJsonObject counts = jsonOf(run)[QStringLiteral("counts")].toObject();
        QVERIFY2(counts.contains(QStringLiteral("custom:order")), run.out.constData());
        QVERIFY2(counts.contains(QStringLiteral("custom:favourite_hint")), run.out.constData());

        // Remove the key rule: the hint is back in the export, the order stays removed.
        run = cli(
            {QStringLiteral("redact-rules"), QStringLiteral("remove"), QStringLiteral("2"), QStringLiteral("--json")});
        QCOMPARE(run.exitCode, 0);
        QCOMPARE(jsonOf(run)[QStringLiteral("rules")].toArray().size(), 1);
        const QByteArray third = exportJson(QStringLiteral("third.json"));
        QVERIFY(third.contains(kHint));
        QVERIFY(!third.contains(kOrder));
    }

    void badInputRefused_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("error");
        QTest::addRow("invalid regex") << QStringList {QStringLiteral("add"), QStringLiteral("--regex"),
            QStringLiteral("ORD-(")} << QStringLiteral("not a valid regular expression");
        QTest::addRow("both kinds") << QStringList {QStringLiteral("add"), QStringLiteral("--regex"),
            QStringLiteral("a"), QStringLiteral("--key"), QStringLiteral("b")}
                                    << QStringLiteral("usage");
        QTest::addRow("no pattern") << QStringList {QStringLiteral("add")} << QStringLiteral("usage");
        QTest::addRow("remove out of range")
            << QStringList {QStringLiteral("remove"), QStringLiteral("9")} << QStringLiteral("not a rule number");
        QTest::addRow("remove not a number")
            << QStringList {QStringLiteral("remove"), QStringLiteral("x")} << QStringLiteral("not a rule number");
        QTest::addRow("unknown action") << QStringList {QStringLiteral("edit")} << QStringLiteral("usage");
    }
    void badInputRefused()
    {
        QFETCH(QStringList, args);
        QFETCH(QString, error);
        const auto before = cli({QStringLiteral("redact-rules"), QStringLiteral("--json")});
        auto run = cli(QStringList {QStringLiteral("redact-rules")} + args);
        QCOMPARE(run.exitCode, 2);
        QVERIFY2(QString::fromUtf8(run.err).contains(error), run.err.constData());
        // Nothing changed.
        QCOMPARE(cli({QStringLiteral("redact-rules"), QStringLiteral("--json")}).out, before.out);
    }
};

QTEST_GUILESS_MAIN(TestRedactRules)
#include "tst_redactrules.moc"
