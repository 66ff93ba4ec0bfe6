// The what-if dialog: a rule that merges two issues reports them merged, lists
// both with the one group they would form, compares an event before and
// after, and Apply regroups for real (the main window refreshes).

#include "groupingfixture.h"
#include "import/importreportdialog.h"
#include "issues/issuelistview.h"
#include "itemmodels/groupingtreemodel.h"
#include "itemmodels/issuelistmodel.h"
#include "itemmodels/nodetreemodel.h"
#include "main/mainwindow.h"
#include "main/sidebar.h"
#include "query/facets.h"
#include "rules/affectedissuemodel.h"
#include "rules/groupingcompareview.h"
#include "rules/rulesdialog.h"
#include "rules/whatifdialog.h"
#include "store/issuequeries.h"
#include "store/workspace.h"
#include "store/workspacesession.h"
#include "store/writerlock.h"
#include "uifixture.h"

#include <QAbstractItemModelTester>
#include <QComboBox>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace stackdeck;
using namespace stackdeck::ui;

namespace {
const QString kMergeRules = QStringLiteral("type:ValueError -> same-bug\ntype:KeyError -> same-bug");
}

class TestGroupingWhatIf : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;
    int m_workspaces = 0;

    // Two issues (ValueError x2, KeyError x1) and an unrelated one (TypeError).
    static std::shared_ptr<store::WorkspaceSession> openSession(const QString& path)
    {
        auto session = store::WorkspaceSession::open(path.toStdString(), store::WorkspaceSession::Mode::ReadOnly);
        return session ? std::move(session).value() : nullptr;
    }

    QString makeWorkspace(std::string* project)
    {
        const QString path = m_dir.filePath(QStringLiteral("w%1.stackdeck").arg(++m_workspaces));
        const auto n = test::importEvents(path, m_dir.filePath(QStringLiteral("e%1.json").arg(m_workspaces)),
            {test::groupingEvent("0b000000000000000000000000000001", "ValueError", "bad", "handle_request", 1764600000),
                test::groupingEvent(
                    "0b000000000000000000000000000002", "ValueError", "worse", "handle_request", 1764600100),
                test::groupingEvent("0b000000000000000000000000000003", "KeyError", "missing", "lookup", 1764600200),
                test::groupingEvent("0b000000000000000000000000000004", "TypeError", "nope", "convert", 1764600300)});
        if (n != 4)
            return {};
        auto ws = store::Workspace::open(path.toStdString());
        if (!ws)
            return {};
        const auto projects = query::projectFacet(ws.value()->db());
        if (!projects.ok() || projects->empty())
            return {};
        *project = projects->front().name;
        return path;
    }

    static regroup::RegroupOptions mergeOptions(const std::string& project)
    {
        regroup::RegroupOptions options;
        options.project = project;
        regroup::ProjectRules rules;
        rules.project = project;
        rules.fingerprintRules = kMergeRules.toStdString();
        options.rules = {rules};
        return options;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QSettings::setDefaultFormat(QSettings::IniFormat);
        QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_dir.filePath(QStringLiteral("settings")));
    }

    void aMergingRuleReportsTwoMergedIssues()
    {
        std::string project;
        const QString path = makeWorkspace(&project);
        QVERIFY(!path.isEmpty());
        WhatIfDialog dialog(openSession(path), mergeOptions(project));
        dialog.setInteractive(false);
        QAbstractItemModelTester t1(dialog.issueModel(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        QAbstractItemModelTester t2(dialog.groupsModel(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        dialog.show();
        QSignalSpy planned(&dialog, &WhatIfDialog::planned);
        dialog.start();
        QVERIFY(dialog.isRunning());
        QVERIFY(dialog.cancelButton()->isVisible());
        QTRY_COMPARE_WITH_TIMEOUT(planned.count(), 1, 30000);
        const auto& plan = *dialog.plan();
        QVERIFY2(plan.fatalError.empty(), plan.fatalError.c_str());
        QCOMPARE(plan.events, 4);
        QCOMPARE(plan.issuesBefore, 3);
        QCOMPARE(plan.merged, 2);
        QCOMPARE(plan.split, 0);
        QCOMPARE(plan.unchanged, 1);
        QCOMPARE(dialog.countsText(), QStringLiteral("unchanged 1 · split 0 · merged 2"));
        QVERIFY(!dialog.cancelButton()->isVisible());
        QVERIFY(dialog.applyButton()->isEnabled());

        // Both issues listed, most events first; the first is selected with its group.
        QCOMPARE(dialog.issueModel()->rowCount(), 2);
        QCOMPARE(dialog.issueModel()->rowAt(0).events, 2);
        QCOMPARE(dialog.issueModel()->index(0, AffectedIssueModel::ChangeColumn).data().toString(),
            QStringLiteral("merged"));
        QCOMPARE(dialog.groupsModel()->rowCount(), 1);
        const QModelIndex group = dialog.groupsModel()->index(0, 0);
        QCOMPARE(dialog.groupsModel()->rowCount(group), 2); // its events come from both issues
        QCOMPARE(dialog.groupsModel()->index(0, 1).data().toString(), QStringLiteral("3"));

        // Its latest event, before and after side by side, with the differences marked.
        QVERIFY(dialog.eventBox()->count() == 2);
        QTRY_VERIFY(!dialog.isComparing());
        QVERIFY(dialog.compareView()->beforeModel()->rowCount() > 0);
        QVERIFY(dialog.compareView()->afterText().contains(QStringLiteral("changed")));
        QVERIFY(dialog.compareView()->changedRows() > 0);

        dialog.selectIssue(1);
        QCOMPARE(dialog.issueModel()->rowAt(1).events, 1);
        QCOMPARE(dialog.eventBox()->count(), 1);
        QTRY_VERIFY(!dialog.isComparing());
    }

    void cancelStopsThePlan()
    {
        std::string project;
        const QString path = makeWorkspace(&project);
        WhatIfDialog dialog(openSession(path), mergeOptions(project));
        dialog.setInteractive(false);
        QSignalSpy planned(&dialog, &WhatIfDialog::planned);
        dialog.start();
        dialog.cancel();
        QTRY_COMPARE_WITH_TIMEOUT(planned.count(), 1, 30000);
        // Tiny workspaces may finish before the flag is seen; either way the dialog is idle again.
        QVERIFY(!dialog.isRunning());
        if (dialog.plan()->cancelled) {
            QVERIFY(!dialog.applyButton()->isEnabled());
            QVERIFY(dialog.statusText().contains(QStringLiteral("Cancelled")));
        }
    }

    void applyRegroupsAndTheWindowRefreshes()
    {
        std::string project;
        const QString path = makeWorkspace(&project);
        MainWindow window;
        window.setInteractive(false);
        window.resize(1280, 800);
        window.show();
        QVERIFY(window.openWorkspace(path));
        window.sidebar()->setStatus(Sidebar::kAllStatuses);
        QTRY_COMPARE(window.issueList()->model()->rowCount(), 3);
        RulesDialog* rules = window.openGroupingRules(QString::fromStdString(project));
        QVERIFY(rules);
        rules->setTexts({}, kMergeRules);
        WhatIfDialog* whatIf = rules->preview();
        QVERIFY(whatIf);
        QTRY_VERIFY_WITH_TIMEOUT(whatIf->plan() && !whatIf->isRunning(), 30000);
        QSignalSpy applied(whatIf, &WhatIfDialog::applied);
        QSignalSpy regrouped(rules, &RulesDialog::regrouped);
        whatIf->apply();
        QTRY_COMPARE_WITH_TIMEOUT(applied.count(), 1, 30000);
        QCOMPARE(regrouped.count(), 1);
        QVERIFY(whatIf->summary());
        QCOMPARE(whatIf->summary()->issuesAfter, 2);
        QTRY_COMPARE(window.issueList()->model()->rowCount(), 2);
        // Applying saved the candidate rules.
        auto ws = store::Workspace::open(path.toStdString(), store::Workspace::Mode::ReadOnly);
        QVERIFY(ws.ok());
        const auto stored = regroup::loadProjectRules(ws.value()->db(), project);
        QVERIFY(stored.ok());
        QCOMPARE(QString::fromStdString(stored->fingerprintRules), kMergeRules);
    }

    void rulesDialogOutlivesTheWindowsWorkspace()
    {
        std::string project;
        const QString path = makeWorkspace(&project);
        QTemporaryDir other;
        MainWindow window;
        window.setInteractive(false);
        QVERIFY(window.openWorkspace(path));
        RulesDialog* rules = window.openGroupingRules(QString::fromStdString(project));
        QVERIFY(rules);
        // The window switches workspaces (its connection to `path` closes) while the dialog is open.
        QVERIFY(window.openWorkspace(other.filePath(QStringLiteral("other.stackdeck"))));
        rules->setTexts({}, kMergeRules);
        QVERIFY(rules->save());
        auto ws = store::Workspace::open(path.toStdString(), store::Workspace::Mode::ReadOnly);
        QVERIFY(ws.ok());
        const auto stored = regroup::loadProjectRules(ws.value()->db(), project);
        QVERIFY(stored.ok());
        QCOMPARE(QString::fromStdString(stored->fingerprintRules), kMergeRules);
    }

    void savingRulesWaitsForNoRebuild()
    {
        std::string project;
        const QString path = makeWorkspace(&project);
        RulesDialog rules(test::openSession(path));
        rules.setInteractive(false);
        rules.setProject(QString::fromStdString(project));
        rules.setTexts({}, kMergeRules);
        {
            auto regroup
                = store::WriterLock::acquire(path.toStdString(), store::WriterLock::Kind::Exclusive, "regroup");
            QVERIFY(regroup.ok());
            QVERIFY(!rules.save()); // refused, not waited for: the GUI thread never blocks on it
        }
        QVERIFY(rules.save());
    }
};

QTEST_MAIN(TestGroupingWhatIf)
#include "tst_groupingwhatif.moc"
