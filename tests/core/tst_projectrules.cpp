// Per-project grouping rules: validation reports field, line and column;
// saving refuses broken rules; and the rules change the hash.

#include "formats/recorddecoder.h"
#include "grouping/grouping.h"
#include "regroup/regroupplan.h"
#include "store/workspace.h"

#include <QTemporaryDir>
#include <QTest>

using namespace stackdeck;

class TestProjectRules : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void validate_data();
    void validate();
    void saveAndLoad();
    void saveRefusesBrokenRules();
    void rulesChangeTheHash();
};

void TestProjectRules::validate_data()
{
    QTest::addColumn<QString>("enhancements");
    QTest::addColumn<QString>("fingerprints");
    QTest::addColumn<int>("errors");
    QTest::addColumn<int>("field"); // of the first error
    QTest::addColumn<int>("line");

    QTest::newRow("empty") << QString() << QString() << 0 << 0 << 0;
    QTest::newRow("valid-both") << QStringLiteral("stack.function:foo -group\n")
                                << QStringLiteral("error.type:ZeroDivisionError -> zero\n") << 0 << 0 << 0;
    QTest::newRow("unknown-matcher-line-3")
        << QStringLiteral("# comment\nstack.function:foo -group\nfoo:bar -app\n") << QString() << 1 << 0 << 3;
    QTest::newRow("fingerprint-missing-arrow") << QString() << QStringLiteral("\nerror.type:X zero\n") << 1 << 1 << 2;
    QTest::newRow("both-broken") << QStringLiteral("nonsense\n") << QStringLiteral("type:X ->\n") << 2 << 0 << 1;
}

void TestProjectRules::validate()
{
    QFETCH(QString, enhancements);
    QFETCH(QString, fingerprints);
    QFETCH(int, errors);
    QFETCH(int, field);
    QFETCH(int, line);
    const auto found = regroup::validateRules({"p", enhancements.toStdString(), fingerprints.toStdString()});
    QCOMPARE(static_cast<int>(found.size()), errors);
    if (errors > 0) {
        QCOMPARE(static_cast<int>(found.front().field), field);
        QCOMPARE(found.front().line, line);
        QVERIFY(found.front().column >= 1);
        QVERIFY(!found.front().message.empty());
    }
}

void TestProjectRules::saveAndLoad()
{
    QTemporaryDir dir;
    auto ws = store::Workspace::open(dir.filePath(QStringLiteral("w.db")).toStdString());
    QVERIFY(ws.ok());
    sql::Database& db = (*ws)->db();
    db.exec("INSERT INTO projects(name, created_at) VALUES('web', 0)");
    const regroup::ProjectRules rules {"web", "stack.module:vendor.* -app\n", "message:\"*timeout*\" -> timeout\n"};
    QVERIFY(regroup::saveProjectRules(db, rules).ok());
    auto loaded = regroup::loadProjectRules(db, "web");
    QVERIFY(loaded.ok());
    QCOMPARE(loaded->enhancements, rules.enhancements);
    QCOMPARE(loaded->fingerprintRules, rules.fingerprintRules);
    QVERIFY(!regroup::loadProjectRules(db, "nope").ok());
    QVERIFY(!regroup::saveProjectRules(db, {"nope", "", ""}).ok());
}

void TestProjectRules::saveRefusesBrokenRules()
{
    QTemporaryDir dir;
    auto ws = store::Workspace::open(dir.filePath(QStringLiteral("w.db")).toStdString());
    sql::Database& db = (*ws)->db();
    db.exec("INSERT INTO projects(name, created_at) VALUES('web', 0)");
    const Status s = regroup::saveProjectRules(db, {"web", "stack.function:ok -group\nbroken\n", ""});
    QVERIFY(!s.ok());
    QVERIFY2(s.error().message.find("stack trace rules:2:") == 0, s.error().message.c_str());
    QVERIFY(regroup::loadProjectRules(db, "web")->enhancements.empty());
}

void TestProjectRules::rulesChangeTheHash()
{
    auto decoded = decodeJson(R"({"platform":"python","exception":{"values":[{"type":"ZeroDivisionError",)"
                              R"("value":"division by zero"}]}})");
    QVERIFY(decoded.ok());
    const Event& e = decoded->events.front().event;
    const auto plain = grouping::computeGrouping(e, regroup::groupingConfigFor({"p", "", ""}, false));
    const auto ruled = grouping::computeGrouping(
        e, regroup::groupingConfigFor({"p", "", "error.type:ZeroDivisionError -> zero\n"}, false));
    QVERIFY(plain.primaryHash() != ruled.primaryHash());
    QVERIFY(ruled.variants.front().hashInput.empty()); // withDetails = false
}

QTEST_GUILESS_MAIN(TestProjectRules)
#include "tst_projectrules.moc"
