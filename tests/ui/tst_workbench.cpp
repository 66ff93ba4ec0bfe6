#include "common/curl.h"
#include "event/breadcrumbspane.h"
#include "event/eventview.h"
#include "event/exceptionpane.h"
#include "event/requestpane.h"
#include "event/stacktraceview.h"
#include "import/importcontroller.h"
#include "import/importreportdialog.h"
#include "issues/eventnavigator.h"
#include "issues/issuedetail.h"
#include "issues/issueheader.h"
#include "issues/issuelistview.h"
#include "itemmodels/breadcrumbmodel.h"
#include "itemmodels/eventlistmodel.h"
#include "itemmodels/framemodel.h"
#include "itemmodels/issuelistmodel.h"
#include "main/mainwindow.h"
#include "main/sidebar.h"
#include "uifixture.h"
#include "widgets/emptystate.h"
#include "widgets/searchfield.h"
#include "widgets/tagbars.h"

#include <QAction>
#include <QClipboard>
#include <QComboBox>
#include <QGuiApplication>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QProcess>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QTest>
#include <QToolButton>
#include <QTreeView>

#include <algorithm>
#include <set>

using namespace stackdeck;
using namespace stackdeck::ui;

class TestWorkbench : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;
    QString m_path;
    std::unique_ptr<MainWindow> m_window;

    IssueDetail* detail() const { return m_window->issueDetail(); }
    IssueListView* list() const { return m_window->issueList(); }

    // Selects issue rows in turn until the loaded event satisfies `pred`.
    bool openIssueWhere(const std::function<bool(const LoadedEvent&)>& pred)
    {
        auto* model = list()->model();
        for (int r = 0; r < model->rowCount(); ++r) {
            list()->selectRow(r);
            const IssueId id = model->issueAt(r);
            if (!QTest::qWaitFor(
                    [&] { return detail()->eventView()->event() && detail()->eventView()->event()->row.issue == id; },
                    5000))
                return false;
            if (pred(*detail()->eventView()->event()))
                return true;
        }
        return false;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QSettings::setDefaultFormat(QSettings::IniFormat);
        QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_dir.filePath(QStringLiteral("settings")));
        QCoreApplication::setOrganizationName(QStringLiteral("StackdeckTest"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_workbench"));
        STACKDECK_REQUIRE_CORPUS();
        m_path = m_dir.filePath(QStringLiteral("corpus.stackdeck"));
        QVERIFY(test::buildCorpusWorkspace(m_path).events > 100);
        m_window = std::make_unique<MainWindow>();
        m_window->setInteractive(false);
        m_window->resize(1280, 800);
        m_window->show();
        QVERIFY(m_window->openWorkspace(m_path));
        m_window->sidebar()->setStatus(Sidebar::kAllStatuses);
    }

    void selectingAnIssueShowsItsLatestEvent()
    {
        list()->selectRow(0);
        const Issue& issue = list()->model()->rowAt(0).issue;
        QTRY_VERIFY(detail()->eventView()->event() && detail()->eventView()->event()->row.issue == issue.id);
        QCOMPARE(detail()->header()->titleText(), QString::fromStdString(issue.title));
        QVERIFY(detail()->header()->factsText().contains(QStringLiteral("%1 event").arg(issue.eventCount)));
        const auto& e = *detail()->eventView()->event();
        QCOMPARE(e.position, e.total);
        QCOMPARE(detail()->navigator()->positionText(), QStringLiteral("%1 of %1").arg(issue.eventCount));
        QVERIFY(m_window->statusText().contains(QStringLiteral("issues")));
    }

    void keyboardMovesThroughIssues()
    {
        list()->selectRow(0);
        m_window->action(QStringLiteral("actionNextIssue"))->trigger();
        QCOMPARE(list()->table()->currentIndex().row(), 1);
        m_window->action(QStringLiteral("actionPreviousIssue"))->trigger();
        QCOMPARE(list()->table()->currentIndex().row(), 0);
        QCOMPARE(m_window->action(QStringLiteral("actionNextIssue"))->shortcut(), QKeySequence(Qt::Key_J));
        QCOMPARE(m_window->action(QStringLiteral("actionOlderEvent"))->shortcut(), QKeySequence(Qt::Key_BracketLeft));
        QCOMPARE(m_window->action(QStringLiteral("actionRefresh"))->shortcut(), QKeySequence(Qt::Key_F5));
        m_window->action(QStringLiteral("actionSearch"))->trigger();
        QTRY_VERIFY(list()->search()->lineEdit()->hasFocus());
    }

    void stepsThroughEvents()
    {
        list()->table()->sortByColumn(IssueListModel::EventsColumn, Qt::DescendingOrder);
        list()->selectRow(0);
        const qint64 total = list()->model()->rowAt(0).issue.eventCount;
        QVERIFY(total >= 3);
        QTRY_COMPARE(detail()->navigator()->positionText(), QStringLiteral("%1 of %1").arg(total));
        m_window->action(QStringLiteral("actionOlderEvent"))->trigger();
        QTRY_COMPARE(detail()->navigator()->positionText(), QStringLiteral("%1 of %2").arg(total - 1).arg(total));
        m_window->action(QStringLiteral("actionOldestEvent"))->trigger();
        QTRY_COMPARE(detail()->navigator()->positionText(), QStringLiteral("1 of %1").arg(total));
        QVERIFY(!detail()->navigator()->button(EventNavigator::Step::Previous)->isEnabled());
        m_window->action(QStringLiteral("actionNewerEvent"))->trigger();
        QTRY_COMPARE(detail()->navigator()->positionText(), QStringLiteral("2 of %1").arg(total));
        detail()->navigator()->button(EventNavigator::Step::Latest)->click();
        QTRY_COMPARE(detail()->navigator()->positionText(), QStringLiteral("%1 of %1").arg(total));
        QCOMPARE(detail()->eventsModel()->rowCount(), static_cast<int>(total));
        list()->table()->sortByColumn(IssueListModel::LastSeenColumn, Qt::DescendingOrder);
    }

    void togglesAppOnlyFrames()
    {
        QVERIFY(openIssueWhere([](const LoadedEvent& e) {
            const auto* ex = e.event.reportedException();
            if (!ex || !ex->stacktrace)
                return false;
            bool app = false, lib = false;
            for (const auto& f : ex->stacktrace->frames)
                (f.inApp.value_or(false) ? app : lib) = true;
            return app && lib;
        }));
        QVERIFY(detail()->eventView()->selectPane(QStringLiteral("exception")));
        auto* stack = detail()->eventView()->pane<ExceptionPane>()->stackView();
        const int total
            = static_cast<int>(detail()->eventView()->event()->event.reportedException()->stacktrace->frames.size());
        QVERIFY(stack->appOnlyButton()->isChecked());
        const int appOnly = stack->model()->shownFrames();
        QVERIFY(appOnly > 0 && appOnly < total);
        QVERIFY(stack->model()->hiddenFrames() == total - appOnly);
        stack->fullButton()->click();
        QCOMPARE(stack->model()->shownFrames(), total);
        const auto& frames = detail()->eventView()->event()->event.reportedException()->stacktrace->frames;
        // Every frame, in the order shown: newest (the crashing one) first, then oldest first.
        auto shownOrder = [&](bool newestFirst) -> QString {
            const FrameModel* model = stack->model();
            if (model->rowCount() != total)
                return QStringLiteral("%1 rows, %2 frames").arg(model->rowCount()).arg(total);
            for (int r = 0; r < total; ++r) {
                const Frame& f = frames[static_cast<std::size_t>(newestFirst ? total - 1 - r : r)];
                const QString function = model->index(r, 0).data().toString();
                const QString location = model->index(r, 1).data().toString();
                if (function != frameFunction(f) || location != frameLocation(f))
                    return QStringLiteral("row %1: %2 %3, expected %4 %5")
                        .arg(r)
                        .arg(function, location, frameFunction(f), frameLocation(f));
            }
            return QString();
        };
        QVERIFY(stack->newestFirst());
        QCOMPARE(shownOrder(true), QString());
        stack->orderBox()->setCurrentIndex(1);
        Q_EMIT stack->orderBox()->activated(1);
        QVERIFY(!stack->newestFirst());
        QCOMPARE(shownOrder(false), QString());
        stack->rawButton()->click();
        QVERIFY(stack->rawView()->toPlainText().contains(QStringLiteral("Traceback"))
            || stack->rawView()->toPlainText().contains(QStringLiteral("    at ")));
        QCOMPARE(stack->rawView()->toPlainText(), stack->stackText());
        stack->appOnlyButton()->click();
        stack->setNewestFirst(true);
        // The crashing in-app frame is open with its context lines.
        QVERIFY(stack->tree()->isExpanded(stack->model()->index(0, 0)));
    }

    void filtersBreadcrumbs()
    {
        QVERIFY(openIssueWhere([](const LoadedEvent& e) {
            std::set<std::string> categories;
            for (const auto& b : e.event.breadcrumbs)
                categories.insert(b.category);
            return e.event.breadcrumbs.size() >= 3 && categories.size() >= 2;
        }));
        QVERIFY(detail()->eventView()->selectPane(QStringLiteral("breadcrumbs")));
        auto* pane = detail()->eventView()->pane<BreadcrumbsPane>();
        const int all = pane->textProxy()->rowCount();
        QCOMPARE(all, static_cast<int>(detail()->eventView()->event()->event.breadcrumbs.size()));
        QVERIFY(pane->categoryBox()->count() >= 3);
        pane->categoryBox()->setCurrentIndex(1);
        const QString category = pane->categoryBox()->currentText();
        const int inCategory = pane->textProxy()->rowCount();
        QVERIFY(inCategory > 0 && inCategory < all);
        for (int r = 0; r < inCategory; ++r)
            QCOMPARE(pane->textProxy()->index(r, BreadcrumbModel::CategoryColumn).data().toString(), category);
        pane->categoryBox()->setCurrentIndex(0);
        QCOMPARE(pane->textProxy()->rowCount(), all);

        // The search keeps exactly the crumbs with the text in some column, case-insensitively.
        const QAbstractItemModel* crumbs = pane->textProxy()->sourceModel();
        QCOMPARE(crumbs->rowCount(), all);
        auto rowText = [](const QAbstractItemModel* model, int r) {
            QString row;
            for (int c = 0; c < BreadcrumbModel::NUM_COLUMNS; ++c)
                row += model->index(r, c).data().toString() + QLatin1Char('\x1f');
            return row;
        };
        auto containing = [&](const QString& needle) {
            QStringList out;
            for (int r = 0; r < all; ++r) {
                const QString row = rowText(crumbs, r);
                if (row.contains(needle, Qt::CaseInsensitive))
                    out << row;
            }
            out.sort();
            return out;
        };
        QString needle;
        for (int r = 0; r < all && needle.isEmpty(); ++r) {
            // A word of some crumb's message that not every crumb has.
            const QString message = crumbs->index(r, BreadcrumbModel::MessageColumn).data().toString();
            for (const QString& word : message.split(QLatin1Char(' '), Qt::SkipEmptyParts)) {
                if (word.size() >= 3 && containing(word).size() < all) {
                    needle = word;
                    break;
                }
            }
        }
        QVERIFY2(!needle.isEmpty(), "no breadcrumb message word narrows the list");
        const QStringList expected = containing(needle);
        pane->searchField()->setText(needle);
        QStringList shown;
        for (int r = 0; r < pane->textProxy()->rowCount(); ++r)
            shown << rowText(pane->textProxy(), r);
        shown.sort();
        QCOMPARE(shown, expected);
        QVERIFY(!expected.isEmpty() && expected.size() < all);
        pane->searchField()->clear();
        QCOMPARE(pane->textProxy()->rowCount(), all);

        // Each "<level> and above" keeps exactly the crumbs at that level or above (no level = info).
        const auto& event = detail()->eventView()->event()->event;
        for (int i = 1; i < pane->levelBox()->count(); ++i) {
            pane->levelBox()->setCurrentIndex(i);
            const int minimum = pane->levelBox()->itemData(i).toInt();
            const auto atLeast = std::count_if(event.breadcrumbs.begin(), event.breadcrumbs.end(),
                [&](const Breadcrumb& b) { return static_cast<int>(b.level.value_or(Level::Info)) >= minimum; });
            QCOMPARE(pane->textProxy()->rowCount(), static_cast<int>(atLeast));
        }
        pane->levelBox()->setCurrentIndex(0);
        QCOMPARE(pane->textProxy()->rowCount(), all);
        m_window->action(QStringLiteral("actionFind"))->trigger();
        QTRY_VERIFY(pane->searchField()->hasFocus());
    }

    void copiesRequestAsCurl()
    {
        QVERIFY(
            openIssueWhere([](const LoadedEvent& e) { return e.event.request && !e.event.request->headers.empty(); }));
        QVERIFY(detail()->eventView()->selectPane(QStringLiteral("request")));
        auto* pane = detail()->eventView()->pane<RequestPane>();
        const Request& r = *detail()->eventView()->event()->event.request;
        const QString curl = pane->curlText();
        QVERIFY(curl.startsWith(QStringLiteral("curl ")));
        QVERIFY(curl.contains(QStringLiteral("'") + QString::fromStdString(r.url)));
        QVERIFY(curl.contains(
            QStringLiteral("-H '") + QString::fromStdString(r.headers.front().first) + QStringLiteral(": ")));
        QVERIFY(pane->urlLine().contains(QString::fromStdString(r.url)));
        QGuiApplication::clipboard()->clear();
        pane->curlButton()->click();
        QCOMPARE(QGuiApplication::clipboard()->text(), curl);

        // What a shell hands to curl: the request's URL as one argument (bare
        // or after --url), and its first header as one -H value. A stand-in
        // `curl` function prints the arguments, one per line.
        QProcess bash;
        bash.start(QStringLiteral("/bin/bash"),
            {QStringLiteral("-c"), QStringLiteral("curl() { printf '%s\\n' \"$@\"; }; ") + curl});
        QVERIFY(bash.waitForFinished(10'000));
        QCOMPARE(bash.exitCode(), 0);
        const QStringList args = QString::fromUtf8(bash.readAllStandardOutput()).split(QLatin1Char('\n'));
        QVERIFY2(args.contains(fullUrl(r)), qPrintable(curl));
        int headersChecked = 0;
        for (const auto& [name, value] : r.headers) {
            const QString header = QString::fromStdString(name + ": " + value);
            const bool plain = std::none_of(header.begin(), header.end(), [](QChar c) { return c.unicode() < 0x20; });
            if (!plain
                || QString::fromStdString(name).compare(QLatin1String("Content-Length"), Qt::CaseInsensitive) == 0)
                continue; // control characters may be escaped; curl computes Content-Length itself
            const qsizetype at = args.indexOf(header);
            QVERIFY2(
                at > 0 && args.at(at - 1) == QLatin1String("-H"), qPrintable(header + QStringLiteral(" in ") + curl));
            ++headersChecked;
        }
        QVERIFY(headersChecked > 0);
    }

    void searchErrorsAreShownNotEmptyLists()
    {
        list()->search()->setText(QStringLiteral("is:unresolved nosuchkey:value"));
        QVERIFY(list()->search()->hasError());
        QVERIFY(list()->search()->errorText().contains(QStringLiteral("nosuchkey")));
        QVERIFY(list()->search()->errorText().contains(QStringLiteral("column 15")));
        QVERIFY(!list()->showsEmptyState());
        QVERIFY(list()->model()->rowCount() > 0);

        list()->search()->setText(QStringLiteral("level:fatal nosuchwordanywhere"));
        QVERIFY(!list()->search()->hasError());
        QTRY_VERIFY(list()->showsEmptyState());
        QCOMPARE(list()->emptyState()->title(), QStringLiteral("No issues match `level:fatal nosuchwordanywhere`"));
        list()->emptyState()->primaryButton()->click();
        QCOMPARE(list()->search()->text(), QString());
        QVERIFY(!list()->showsEmptyState());
    }

    void debouncedTyping()
    {
        QSignalSpy spy(list()->search(), &SearchField::queryChanged);
        QTest::keyClicks(list()->search()->lineEdit(), QStringLiteral("level:error"));
        QCOMPARE(spy.count(), 0); // nothing before the pause
        QTRY_COMPARE(spy.count(), 1);
        QCOMPARE(spy.takeFirst().at(0).toString(), QStringLiteral("level:error"));
        list()->search()->setText(QString());
    }

    void clickingATagSearchesForIt()
    {
        list()->selectRow(0);
        QTRY_VERIFY(!detail()->tagBars()->tags().empty());
        // Copies: the click re-runs the search, which may reload the tag bars.
        const QString key = QString::fromStdString(detail()->tagBars()->tags().front().key);
        const QString value = QString::fromStdString(detail()->tagBars()->tags().front().topValues.front().value);
        Q_EMIT detail()->tagBars()->tagClicked(key, value);
        QCOMPARE(list()->search()->text(), SearchField::termFor(key, value));
        list()->search()->setText(QString());
    }

    void sidebarScopesTheList()
    {
        auto* sidebar = m_window->sidebar();
        sidebar->setStatus(1); // resolved: none in a fresh import
        QTRY_VERIFY(list()->showsEmptyState());
        sidebar->setStatus(0);
        QVERIFY(!list()->showsEmptyState());
        QVERIFY(sidebar->statusLabel(0).startsWith(QStringLiteral("unresolved ")));
        sidebar->setStatus(Sidebar::kAllStatuses);
    }

    void importReportsBadLines()
    {
        const QString file = m_dir.filePath(QStringLiteral("bad.ndjson"));
        QFile f(file);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(
            R"({"event_id":"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa1","timestamp":1764600000,"level":"error","platform":"python","exception":{"values":[{"type":"BadLineTestError","value":"first"}]}})"
            "\n");
        f.write("{this is not json\n");
        f.write(
            R"({"event_id":"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa2","timestamp":1764600001,"level":"error","platform":"python","exception":{"values":[{"type":"BadLineTestError","value":"second"}]}})"
            "\n");
        f.close();
        QSignalSpy done(m_window.get(), &MainWindow::importFinished);
        QTRY_VERIFY(!list()->model()->isCounting()); // counted on a worker
        const qint64 before = list()->model()->totalCount();
        m_window->importFiles({file});
        QTRY_COMPARE_WITH_TIMEOUT(done.count(), 1, 20000);
        const auto outcome = done.takeFirst().at(0).value<ImportOutcome>();
        QCOMPARE(outcome.events, 2);
        QCOMPARE(outcome.rejected.size(), std::size_t(1));
        QCOMPARE(outcome.rejected.front().location, QStringLiteral("bad.ndjson:2"));
        QVERIFY(m_window->lastReport());
        QCOMPARE(m_window->lastReport()->rejectedView()->model()->rowCount(), 1);
        QCOMPARE(m_window->lastReport()->rejectedView()->model()->index(0, 0).data().toString(),
            QStringLiteral("bad.ndjson:2"));
        QVERIFY(ImportReportDialog::summaryText(outcome).contains(QStringLiteral("1 records were rejected")));
        // Without a stack trace Sentry groups by type and value: "first" and "second" are two issues.
        QTRY_COMPARE(list()->model()->totalCount(), before + 2);
        list()->search()->setText(QStringLiteral("BadLineTestError"));
        QTRY_COMPARE(list()->model()->rowCount(), 2);
        list()->search()->setText(QString());
    }

    void emptyWorkspaceOffersImportAndDemo()
    {
        MainWindow fresh;
        fresh.setInteractive(false);
        QVERIFY(fresh.openWorkspace(m_dir.filePath(QStringLiteral("empty.stackdeck"))));
        QVERIFY(fresh.workspaceIsEmpty());
        QVERIFY(fresh.issueList()->showsEmptyState());
        QCOMPARE(fresh.issueList()->emptyState()->title(),
            QStringLiteral("No workspace yet — import files or open the demo"));
        QVERIFY(fresh.issueList()->emptyState()->secondaryButton()->isVisibleTo(&fresh));
        QSignalSpy done(&fresh, &MainWindow::importFinished);
        fresh.importDemo();
        QTRY_COMPARE_WITH_TIMEOUT(done.count(), 1, 60000);
        // The totals after an import are counted on a worker (refreshAll): they land after importFinished.
        QTRY_VERIFY(!fresh.workspaceIsEmpty());
        QTRY_VERIFY(!fresh.issueList()->showsEmptyState());
    }

    void settingsPersist()
    {
        m_window->setDetailBelow(true);
        m_window->saveSettings();
        MainWindow other;
        other.restoreSettings();
        QVERIFY(other.action(QStringLiteral("actionDetailBelow"))->isChecked());
        m_window->setDetailBelow(false);
        m_window->saveSettings();
    }

    void cleanupTestCase() { m_window.reset(); }
};

QTEST_MAIN(TestWorkbench)
#include "tst_workbench.moc"
