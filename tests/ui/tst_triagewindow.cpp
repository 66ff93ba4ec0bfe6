// Triage in the window: merging two issues through the list's Merge action
// (the one on its context menu) joins their events and counts and leaves one
// row; Unmerge on the merged issue splits it again. Opening a workspace
// brings back an issue whose ignore time passed while it was closed, with an
// activity row saying why.
#include "import/importreportdialog.h"
#include "issues/issuelistview.h"
#include "itemmodels/issuelistmodel.h"
#include "main/mainwindow.h"
#include "main/sidebar.h"
#include "report/exportdialog.h"
#include "rules/rulesdialog.h"
#include "store/issueactivity.h"
#include "store/localuser.h"
#include "store/triageactions.h"
#include "triage/triagecontroller.h"
#include "uifixture.h"
#include "widgets/searchfield.h"

#include <QAbstractItemModelTester>
#include <QAction>
#include <QFile>
#include <QItemSelectionModel>
#include <QMenu>
#include <QSignalSpy>
#include <QTableView>
#include <QTest>

#include <nlohmann/json.hpp>

using namespace stackdeck;
using namespace stackdeck::ui;

namespace {

// Three issues: "alpha" with 2 events, "beta" with 3, "gamma" with 1.
QByteArray events()
{
    QByteArray out;
    int n = 0;
    for (const auto& [message, count] :
        {std::pair {"alpha broke", 2}, std::pair {"beta broke", 3}, std::pair {"gamma broke", 1}}) {
        for (int i = 0; i < count; ++i, ++n) {
            const nlohmann::json j
                = {{"event_id", QStringLiteral("%1").arg(n + 1, 32, 10, QLatin1Char('0')).toStdString()},
                    {"timestamp", 1764600000 + n}, {"platform", "python"}, {"level", "error"}, {"message", message},
                    {"user", {{"id", "u" + std::to_string(n % 2)}}}};
            out += QByteArray::fromStdString(j.dump()) + '\n';
        }
    }
    return out;
}

qint64 scalar(store::WorkspaceSession& session, const std::string& sql)
{
    auto reader = session.reader();
    sql::Statement st(reader->db(), sql);
    return st.step() ? st.int64(0) : -1;
}

} // namespace

class TestTriageWindow : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;

    QString buildWorkspace(const QString& name)
    {
        const QString input = m_dir.filePath(name + QStringLiteral(".ndjson"));
        QFile f(input);
        if (!f.open(QIODevice::WriteOnly))
            return {};
        f.write(events());
        f.close();
        const QString path = m_dir.filePath(name + QStringLiteral(".stackdeck"));
        if (ui::importFiles(path, {input}, QString(), nullptr, {}, {}).events != 6)
            return {};
        return path;
    }
    static int rowOf(IssueListModel* model, qint64 issue)
    {
        for (int r = 0; r < model->rowCount(); ++r) {
            if (model->issueAt(r).value == issue)
                return r;
        }
        return -1;
    }
    static qint64 eventsShown(IssueListModel* model, int row)
    {
        return model->index(row, IssueListModel::EventsColumn).data(IssueListModel::SortRole).toLongLong();
    }

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QVERIFY(m_dir.isValid());
    }

    void mergeAndUnmergeThroughTheWindow()
    {
        const QString path = buildWorkspace(QStringLiteral("merge"));
        QVERIFY(!path.isEmpty());
        MainWindow window;
        window.setInteractive(false);
        window.resize(1280, 800);
        window.show();
        QVERIFY(window.openWorkspace(path));
        window.sidebar()->setStatus(Sidebar::kAllStatuses);
        IssueListModel* model = window.issueList()->model();
        QAbstractItemModelTester tester(model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QTRY_COMPARE(model->rowCount(), 3);
        QTRY_COMPARE(model->totalCount(), 3);
        auto session = window.session();
        const qint64 alpha = scalar(*session, "SELECT issue_id FROM events WHERE message = 'alpha broke' LIMIT 1");
        const qint64 beta = scalar(*session, "SELECT issue_id FROM events WHERE message = 'beta broke' LIMIT 1");
        QVERIFY(alpha > 0 && beta > 0 && alpha != beta);

        TriageController* triage = window.triage();
        QAction* merge = triage->action(TriageController::Merge);
        QAction* unmerge = triage->action(TriageController::Unmerge);
        // Both are on the triage menu, which is the list's context menu and the issue header's.
        QVERIFY(triage->menu()->actions().contains(merge));
        QVERIFY(triage->menu()->actions().contains(unmerge));
        QCOMPARE(window.issueList()->table()->contextMenuPolicy(), Qt::CustomContextMenu);

        // Pick alpha and beta: Merge is enabled for two, Unmerge is not.
        QTableView* table = window.issueList()->table();
        table->clearSelection();
        for (qint64 id : {alpha, beta}) {
            const int row = rowOf(model, id);
            QVERIFY(row >= 0);
            table->selectionModel()->select(
                model->index(row, 0), QItemSelectionModel::Select | QItemSelectionModel::Rows);
        }
        QTRY_COMPARE(triage->selectedIssues().size(), std::size_t(2));
        QVERIFY(merge->isEnabled());
        QVERIFY(!unmerge->isEnabled());
        QSignalSpy finished(triage, &TriageController::actionFinished);
        merge->trigger();
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 20000);

        // One row fewer; the merged issue (the first picked, in row order) holds all five events.
        QTRY_COMPARE(model->rowCount(), 2);
        QTRY_COMPARE(model->totalCount(), 2);
        const qint64 target = rowOf(model, alpha) >= 0 ? alpha : beta;
        const qint64 gone = target == alpha ? beta : alpha;
        QCOMPARE(rowOf(model, gone), -1);
        QVERIFY(finished.first().first().toString().contains(QString::number(target)));
        QTRY_COMPARE(eventsShown(model, rowOf(model, target)), 5);
        QCOMPARE(scalar(*session, "SELECT event_count FROM issues WHERE id = " + std::to_string(target)), 5);
        QCOMPARE(scalar(*session, "SELECT user_count FROM issues WHERE id = " + std::to_string(target)), 2);
        QCOMPARE(scalar(*session, "SELECT count(*) FROM issues"), 2);

        // Unmerge the merged issue: three rows again, the split one with a new id and its three or two events.
        table->clearSelection();
        table->selectionModel()->select(
            model->index(rowOf(model, target), 0), QItemSelectionModel::Select | QItemSelectionModel::Rows);
        QTRY_COMPARE(triage->selectedIssues().size(), std::size_t(1));
        QVERIFY(unmerge->isEnabled());
        QVERIFY(!merge->isEnabled());
        unmerge->trigger();
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 2, 20000);
        QTRY_COMPARE(model->rowCount(), 3);
        QTRY_COMPARE(model->totalCount(), 3);
        const qint64 split = scalar(*session, "SELECT max(id) FROM issues");
        QVERIFY(split > std::max(alpha, beta)); // never a reused id
        const qint64 targetEvents = target == alpha ? 2 : 3;
        QTRY_COMPARE(eventsShown(model, rowOf(model, target)), targetEvents);
        QCOMPARE(eventsShown(model, rowOf(model, split)), 5 - targetEvents);
        QCOMPARE(scalar(*session, "SELECT sum(event_count) FROM issues"), 6);
    }

    void ignoreTimePassedComesBackOnOpen()
    {
        const QString path = buildWorkspace(QStringLiteral("reopen"));
        QVERIFY(!path.isEmpty());
        qint64 gamma = 0;
        {
            // Ignored for an hour, an hour and a half ago: the time passed while the workspace was closed.
            auto session = test::openSession(path);
            QVERIFY(session);
            gamma = scalar(*session, "SELECT issue_id FROM events WHERE message = 'gamma broke' LIMIT 1");
            auto writer = session->writer();
            QVERIFY(writer.ok());
            store::TriageChange change;
            change.status = triage::Status::Ignored;
            change.ignore.untilMicros = store::nowMicros() - 1'800'000'000LL;
            QVERIFY(store::applyTriage(writer->db(), {IssueId(gamma)}, change).ok());
            QCOMPARE(scalar(*session, "SELECT status FROM issues WHERE id = " + std::to_string(gamma)), 2);
        }
        MainWindow window;
        window.setInteractive(false);
        window.resize(1280, 800);
        window.show();
        QSignalSpy reevaluated(window.triage()->runner(), &TriageRunner::reevaluated);
        QVERIFY(window.openWorkspace(path));
        QTRY_COMPARE_WITH_TIMEOUT(reevaluated.count(), 1, 20000);
        QCOMPARE(reevaluated.first().first().toLongLong(), 1);
        auto session = window.session();
        QCOMPARE(scalar(*session, "SELECT status FROM issues WHERE id = " + std::to_string(gamma)), 0);
        QCOMPARE(scalar(*session,
                     "SELECT count(*) FROM issue_activity WHERE issue_id = " + std::to_string(gamma)
                         + " AND author = 'Stackdeck' AND text LIKE '%time it was ignored for has passed%opened%'"),
            1);
        // The list (unresolved issues) shows it again.
        window.issueList()->search()->setText(QStringLiteral("is:unresolved"));
        QTRY_VERIFY(rowOf(window.issueList()->model(), gamma) >= 0);
        // Opening again changes nothing more.
        QVERIFY(window.openWorkspace(path));
        QTRY_COMPARE_WITH_TIMEOUT(reevaluated.count(), 2, 20000);
        QCOMPARE(reevaluated.last().first().toLongLong(), 0);
    }
};

QTEST_MAIN(TestTriageWindow)
#include "tst_triagewindow.moc"
