// Help > About: the project's version, the open workspace with its schema
// version, and a licence line for every component linked or compiled in.
#include "main/aboutdialog.h"
#include "store/schema.h"
#include "store/workspacesession.h"

#include <QLabel>
#include <QPlainTextEdit>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace stackdeck;
using namespace stackdeck::ui;

class TestAboutDialog : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void showsVersionAndSchemaOfTheWorkspace()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString path = dir.filePath(QStringLiteral("a.stackdeck"));
        auto opened = store::WorkspaceSession::open(path.toStdString());
        QVERIFY(opened);
        std::shared_ptr<store::WorkspaceSession> session = std::move(opened).value();
        QCOMPARE(AboutDialog::schemaVersionOf(session), store::latestSchemaVersion());

        AboutDialog about(path, session);
        const auto* version = about.findChild<QLabel*>(QStringLiteral("aboutVersion"));
        QVERIFY(version);
        QCOMPARE(version->text(), QStringLiteral("Stackdeck " STACKDECK_VERSION));
        const auto* workspace = about.findChild<QLabel*>(QStringLiteral("aboutWorkspace"));
        QVERIFY(workspace);
        QCOMPARE(workspace->textFormat(), Qt::PlainText); // the path is the user's text
        QVERIFY2(workspace->text().contains(path), qPrintable(workspace->text()));
        QVERIFY2(workspace->text().contains(QStringLiteral("Schema version %1").arg(store::latestSchemaVersion())),
            qPrintable(workspace->text()));
    }

    void withoutWorkspace()
    {
        QCOMPARE(AboutDialog::schemaVersionOf(nullptr), 0);
        AboutDialog about(QString(), nullptr);
        const auto* workspace = about.findChild<QLabel*>(QStringLiteral("aboutWorkspace"));
        QVERIFY(workspace);
        QCOMPARE(workspace->text(), QStringLiteral("No workspace is open."));
    }

    void namesEveryComponentWithItsLicence_data()
    {
        QTest::addColumn<QString>("line");
        QTest::newRow("own") << QStringLiteral("MIT licence");
        QTest::newRow("qt") << QStringLiteral("Qt 6 (Core, Gui, Widgets, Network, Concurrent, DBus)");
        QTest::newRow("qt licence") << QStringLiteral("LGPL-3.0-only or GPL-2.0-only or GPL-3.0-only");
        QTest::newRow("qtkeychain") << QStringLiteral("QtKeychain: BSD-2-Clause");
        QTest::newRow("sqlite") << QStringLiteral("SQLite: public domain");
        QTest::newRow("simdjson") << QStringLiteral("simdjson: Apache-2.0");
        QTest::newRow("zstd") << QStringLiteral("Zstandard (zstd): BSD-3-Clause or GPL-2.0-only");
        QTest::newRow("lz4") << QStringLiteral("LZ4: BSD-2-Clause");
        QTest::newRow("zlib") << QStringLiteral("zlib: Zlib");
        QTest::newRow("gperftools") << QStringLiteral("gperftools (tcmalloc): BSD-3-Clause");
        QTest::newRow("nlohmann") << QStringLiteral("nlohmann/json): MIT");
        QTest::newRow("sentry rules") << QStringLiteral("(FSL-1.1-Apache-2.0)");
    }

    void namesEveryComponentWithItsLicence()
    {
        QFETCH(QString, line);
        AboutDialog about(QString(), nullptr);
        const auto* licences = about.findChild<QPlainTextEdit*>(QStringLiteral("aboutLicences"));
        QVERIFY(licences);
        QVERIFY2(licences->toPlainText().contains(line), qPrintable(line));
        // No GPL-3-only module (Qt HttpServer is linked into tests only).
        QVERIFY(!licences->toPlainText().contains(QStringLiteral("HttpServer")));
    }
};

QTEST_MAIN(TestAboutDialog)
#include "tst_aboutdialog.moc"
