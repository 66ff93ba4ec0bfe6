// One way to load a stored event: the window's loaded event and
// `stackdeck-cli show` decode the stored original the same way and give it
// the same identity, also when only the envelope header named the event.

#include "event/loadedevent.h"
#include "formats/eventencoder.h"
#include "store/eventqueries.h"
#include "store/workspacesession.h"
#include "uifixture.h"

#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <nlohmann/json.hpp>

using namespace stackdeck;

class TestStoredEvent : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void windowAndShowAgree_data();
    void windowAndShowAgree();
};

void TestStoredEvent::windowAndShowAgree_data()
{
    QTest::addColumn<QByteArray>("file");
    QTest::addColumn<QString>("eventId");
    const QByteArray payload
        = R"({"timestamp":1764600000,"level":"error","platform":"python","exception":{"values":[{"type":"HeaderIdError","value":"only the envelope names me"}]}})";
    QTest::newRow("envelope header id, payload without event_id")
        << (QByteArray(R"({"event_id":"0123456789abcdef0123456789abcdef"})") + '\n' + R"({"type":"event"})" + '\n'
               + payload + '\n')
        << QStringLiteral("0123456789abcdef0123456789abcdef");
    QTest::newRow("bare event with its own event_id") << QByteArray(
        R"({"event_id":"fedcba9876543210fedcba9876543210","timestamp":1764600000,"level":"error","message":"plain"})"
        "\n") << QStringLiteral("fedcba9876543210fedcba9876543210");
}

void TestStoredEvent::windowAndShowAgree()
{
    QFETCH(QByteArray, file);
    QFETCH(QString, eventId);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString input = dir.filePath(QStringLiteral("in.envelope"));
    QFile f(input);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(file);
    f.close();
    const QString path = dir.filePath(QStringLiteral("w.stackdeck"));
    QCOMPARE(ui::importFiles(path, {input}, QString(), nullptr, {}, {}).events, 1);

    auto session = store::WorkspaceSession::open(path.toStdString(), store::WorkspaceSession::Mode::ReadOnly);
    QVERIFY(session.ok());
    const auto row = store::eventByEventId((*session)->reader()->db(), eventId.toStdString());
    QVERIFY(row.has_value());
    const ui::LoadedEventPtr loaded = ui::loadEvent(**session, row->issue, row->row, ui::EventStep::Exact);
    QVERIFY2(loaded->error.isEmpty(), qPrintable(loaded->error));
    QCOMPARE(QString::fromStdString(loaded->event.eventId), eventId);

    QProcess show;
    show.start(test::cliPath(), {QStringLiteral("show"), QStringLiteral("--db"), path, eventId});
    QVERIFY(show.waitForFinished(30000));
    QCOMPARE(show.exitCode(), 0);
    const auto shown = nlohmann::json::parse(show.readAllStandardOutput().toStdString());
    const auto window = nlohmann::json::parse(encodeEventJson(loaded->event, true));
    QCOMPARE(QString::fromStdString(window.value("event_id", std::string())), eventId);
    QCOMPARE(QString::fromStdString(window.dump()), QString::fromStdString(shown.dump()));
}

QTEST_MAIN(TestStoredEvent)
#include "tst_storedevent.moc"
