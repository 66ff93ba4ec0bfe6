// "Copy as Markdown" (#16 item 7) from the window: the current issue (list
// context menu and issue header share the triage menu) and the event shown,
// rendered by core/report on a worker and put on the clipboard.

#include "event/eventview.h"
#include "import/importreportdialog.h"
#include "issues/issuedetail.h"
#include "issues/issuelistview.h"
#include "itemmodels/issuelistmodel.h"
#include "main/mainwindow.h"
#include "main/sidebar.h"
#include "uifixture.h"

#include <QAction>
#include <QClipboard>
#include <QGuiApplication>
#include <QSettings>
#include <QSignalSpy>
#include <QTest>

using namespace stackdeck;
using namespace stackdeck::ui;

class TestCopyMarkdown : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;
    QString m_path;
    std::unique_ptr<MainWindow> m_window;

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QSettings::setDefaultFormat(QSettings::IniFormat);
        QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_dir.filePath(QStringLiteral("settings")));
        QCoreApplication::setOrganizationName(QStringLiteral("StackdeckTest"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_copymarkdown"));
        STACKDECK_REQUIRE_CORPUS();
        m_path = m_dir.filePath(QStringLiteral("corpus.stackdeck"));
        QVERIFY(test::buildCorpusWorkspace(m_path).events > 100);
        m_window = std::make_unique<MainWindow>();
        m_window->setInteractive(false);
        m_window->resize(1280, 800);
        m_window->show();
        QVERIFY(m_window->openWorkspace(m_path));
        m_window->sidebar()->setStatus(Sidebar::kAllStatuses);
        QTRY_VERIFY(m_window->issueList()->model()->rowCount() > 2);
    }

    void copiesTheIssueOrTheEvent_data()
    {
        QTest::addColumn<int>("row");
        QTest::addColumn<QString>("action");
        QTest::newRow("first issue") << 0 << QStringLiteral("actionCopyIssueMarkdown");
        QTest::newRow("third issue") << 2 << QStringLiteral("actionCopyIssueMarkdown");
        QTest::newRow("first issue's event") << 0 << QStringLiteral("actionCopyEventMarkdown");
        QTest::newRow("third issue's event") << 2 << QStringLiteral("actionCopyEventMarkdown");
    }
    void copiesTheIssueOrTheEvent()
    {
        QFETCH(int, row);
        QFETCH(QString, action);
        IssueListView* list = m_window->issueList();
        list->selectRow(row);
        const Issue issue = list->model()->rowAt(row).issue;
        IssueDetail* detail = m_window->issueDetail();
        QTRY_VERIFY(detail->eventView()->event() && detail->eventView()->event()->row.issue == issue.id);
        const QString eventId = QString::fromStdString(detail->eventView()->event()->row.eventId);
        QGuiApplication::clipboard()->setText(QStringLiteral("before"));
        auto* copy = m_window->findChild<QAction*>(action);
        QVERIFY(copy);
        QSignalSpy copied(m_window.get(), &MainWindow::markdownCopied);
        copy->trigger();
        QTRY_COMPARE(copied.count(), 1);
        QCOMPARE(copied.at(0).at(0).toString(), QString());
        const QString text = QGuiApplication::clipboard()->text();
        QVERIFY(text != QStringLiteral("before"));
        // The event's id appears in both; the issue's Markdown carries its id too.
        QVERIFY2(text.contains(eventId.left(8)), qPrintable(text.left(400)));
        if (action == QStringLiteral("actionCopyIssueMarkdown"))
            QVERIFY2(text.contains(QString::number(issue.id.value)), qPrintable(text.left(400)));
    }
};

QTEST_MAIN(TestCopyMarkdown)
#include "tst_copymarkdown.moc"
