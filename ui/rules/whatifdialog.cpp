#include "whatifdialog.h"

#include "affectedissuemodel.h"
#include "common/futurewatch.h"
#include "common/messagebox.h"
#include "common/plaintext.h"
#include "common/timeformat.h"
#include "groupingcompareview.h"
#include "itemmodels/nodetreemodel.h"
#include "regrouprunner.h"
#include "store/issuequeries.h"
#include "store/workspace.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QMessageBox>
#include <QProgressBar>
#include <QPushButton>
#include <QSplitter>
#include <QStackedWidget>
#include <QTableView>
#include <QTreeView>
#include <QVBoxLayout>
#include <QtConcurrent>

namespace stackdeck::ui {

namespace {
QString number(std::int64_t n)
{
    return QLocale().toString(static_cast<qlonglong>(n));
}

// A big number over its caption.
QLabel* addStat(QHBoxLayout* row, const QString& caption, QWidget* parent)
{
    auto* box = new QWidget(parent);
    auto* v = new QVBoxLayout(box);
    v->setContentsMargins(0, 0, 18, 0);
    v->setSpacing(0);
    auto* value = new QLabel(QStringLiteral("–"), box);
    value->setTextFormat(Qt::PlainText);
    QFont f = value->font();
    f.setPointSizeF(f.pointSizeF() * 1.7);
    f.setBold(true);
    value->setFont(f);
    auto* label = new QLabel(caption, box);
    label->setTextFormat(Qt::PlainText);
    label->setForegroundRole(QPalette::PlaceholderText);
    v->addWidget(value);
    v->addWidget(label);
    row->addWidget(box);
    return value;
}

using Comparison = Result<regroup::EventGroupingComparison>;
} // namespace

WhatIfDialog::WhatIfDialog(QString workspacePath, regroup::RegroupOptions options, QWidget* parent)
    : QDialog(parent)
    , m_path(std::move(workspacePath))
    , m_options(std::move(options))
    , m_runner(new RegroupRunner(this))
    , m_status(new QLabel(this))
    , m_progress(new QProgressBar(this))
    , m_cancel(new QPushButton(QStringLiteral("Cancel"), this))
    , m_issueStack(new QStackedWidget(this))
    , m_noChanges(new QLabel(this))
    , m_issues(new AffectedIssueModel(this))
    , m_issueView(new QTableView(this))
    , m_groups(new NodeTreeModel({QStringLiteral("Group → from issue"), QStringLiteral("Events")}, this))
    , m_groupView(new QTreeView(this))
    , m_events(new QComboBox(this))
    , m_compare(new GroupingCompareView(this))
    , m_apply(new QPushButton(QStringLiteral("Apply…"), this))
    , m_close(new QPushButton(QStringLiteral("Close"), this))
{
    setObjectName(QStringLiteral("whatIfDialog"));
    setWindowTitle(m_options.project.empty() ? QStringLiteral("Regroup preview")
                                             : QStringLiteral("Regroup preview — ") + qs(m_options.project));
    resize(1180, 740);
    if (auto ws = store::Workspace::open(m_path.toStdString(), store::Workspace::Mode::ReadOnly); ws)
        m_ws = std::move(ws).value();

    auto* layout = new QVBoxLayout(this);
    auto* top = new QHBoxLayout;
    m_status->setTextFormat(Qt::PlainText);
    m_status->setWordWrap(true);
    m_status->setObjectName(QStringLiteral("whatIfStatus"));
    m_progress->setMaximumWidth(260);
    m_progress->setTextVisible(true);
    top->addWidget(m_status, 1);
    top->addWidget(m_progress);
    top->addWidget(m_cancel);
    layout->addLayout(top);

    auto* stats = new QHBoxLayout;
    m_unchanged = addStat(stats, QStringLiteral("issues unchanged"), this);
    m_split = addStat(stats, QStringLiteral("would split"), this);
    m_merged = addStat(stats, QStringLiteral("would merge"), this);
    m_totals = new QLabel(this);
    m_totals->setTextFormat(Qt::PlainText);
    m_totals->setWordWrap(true);
    m_totals->setForegroundRole(QPalette::PlaceholderText);
    stats->addWidget(m_totals, 1, Qt::AlignBottom);
    layout->addLayout(stats);

    m_issueView->setModel(m_issues);
    m_issueView->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_issueView->setSelectionMode(QAbstractItemView::SingleSelection);
    m_issueView->verticalHeader()->hide();
    m_issueView->verticalHeader()->setDefaultSectionSize(m_issueView->fontMetrics().height() + 8);
    m_issueView->setWordWrap(false);
    m_issueView->setShowGrid(false);
    m_issueView->horizontalHeader()->setSectionResizeMode(AffectedIssueModel::TitleColumn, QHeaderView::Stretch);
    m_issueView->setColumnWidth(AffectedIssueModel::ChangeColumn, 110);
    m_issueView->setColumnWidth(AffectedIssueModel::EventsColumn, 70);
    m_issueView->setColumnWidth(AffectedIssueModel::GroupsColumn, 80);
    m_issueView->setObjectName(QStringLiteral("affectedIssues"));
    m_noChanges->setTextFormat(Qt::PlainText);
    m_noChanges->setAlignment(Qt::AlignCenter);
    m_noChanges->setWordWrap(true);
    m_noChanges->setForegroundRole(QPalette::PlaceholderText);
    m_issueStack->addWidget(m_noChanges);
    m_issueStack->addWidget(m_issueView);

    m_groupView->setModel(m_groups);
    m_groupView->setUniformRowHeights(true);
    m_groupView->header()->setStretchLastSection(false);
    m_groupView->header()->setSectionResizeMode(0, QHeaderView::Stretch);
    m_groupView->setColumnWidth(1, 70);
    m_groupView->setObjectName(QStringLiteral("plannedGroups"));

    auto* lists = new QSplitter(Qt::Horizontal, this);
    lists->addWidget(m_issueStack);
    lists->addWidget(m_groupView);
    lists->setStretchFactor(0, 3);
    lists->setStretchFactor(1, 2);
    lists->setSizes({680, 460});

    auto* lower = new QWidget(this);
    auto* lowerLayout = new QVBoxLayout(lower);
    lowerLayout->setContentsMargins(0, 4, 0, 0);
    auto* pick = new QHBoxLayout;
    auto* eventLabel = new QLabel(QStringLiteral("Compare the grouping of event:"), lower);
    m_events->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_events->setMinimumContentsLength(40);
    m_events->setObjectName(QStringLiteral("whatIfEvent"));
    pick->addWidget(eventLabel);
    pick->addWidget(m_events, 1);
    lowerLayout->addLayout(pick);
    lowerLayout->addWidget(m_compare, 1);

    auto* split = new QSplitter(Qt::Vertical, this);
    split->addWidget(lists);
    split->addWidget(lower);
    split->setStretchFactor(0, 2);
    split->setStretchFactor(1, 3);
    split->setSizes({240, 380});
    layout->addWidget(split, 1);

    auto* buttons = new QDialogButtonBox(this);
    m_apply->setToolTip(QStringLiteral("Save the rules and move the events to their new issues"));
    buttons->addButton(m_apply, QDialogButtonBox::AcceptRole);
    buttons->addButton(m_close, QDialogButtonBox::RejectRole);
    layout->addWidget(buttons);

    connect(m_runner, &RegroupRunner::progress, this, &WhatIfDialog::onProgress);
    connect(m_runner, &RegroupRunner::planned, this, &WhatIfDialog::onPlanned);
    connect(m_runner, &RegroupRunner::waiting, this, [this](const QString& holders) {
        m_progress->setRange(0, 0);
        setPlainText(m_status, tr("Waiting for %1 to finish…").arg(holders));
    });
    connect(m_runner, &RegroupRunner::applied, this, &WhatIfDialog::onApplied);
    connect(m_cancel, &QPushButton::clicked, this, &WhatIfDialog::cancel);
    connect(m_apply, &QPushButton::clicked, this, &WhatIfDialog::apply);
    connect(m_close, &QPushButton::clicked, this, &WhatIfDialog::reject);
    connect(
        m_issueView->selectionModel(), &QItemSelectionModel::currentRowChanged, this, [this](const QModelIndex& idx) {
            if (idx.isValid())
                selectIssue(idx.row());
        });
    connect(m_events, &QComboBox::currentIndexChanged, this, [this](int i) {
        if (i >= 0)
            compareEvent(EventRowId(m_events->itemData(i).toLongLong()));
    });
    m_noChanges->setText(QStringLiteral("Nothing computed yet."));
    showIdle();
}

WhatIfDialog::~WhatIfDialog() = default;

bool WhatIfDialog::isRunning() const
{
    return m_runner->isRunning();
}

void WhatIfDialog::showRunning(const QString& text)
{
    setPlainText(m_status, text);
    m_progress->setRange(0, 0);
    m_progress->show();
    m_cancel->show();
    m_apply->setEnabled(false);
    m_close->setEnabled(!m_applying);
}

void WhatIfDialog::showIdle()
{
    m_progress->hide();
    m_cancel->hide();
    m_close->setEnabled(true);
    m_apply->setEnabled(m_plan && !m_plan->cancelled && m_plan->fatalError.empty() && !m_summary);
}

void WhatIfDialog::start()
{
    m_plan.reset();
    m_summary.reset();
    m_issues->setPlan({});
    m_groups->setRoot({});
    m_events->clear();
    m_compare->clear();
    m_issueStack->setCurrentWidget(m_noChanges);
    setPlainText(m_noChanges, QStringLiteral("Grouping every stored event again…"));
    if (m_runner->plan(m_path, m_options))
        showRunning(QStringLiteral("Grouping every stored event again with these rules…"));
}

void WhatIfDialog::cancel()
{
    m_runner->cancel();
    setPlainText(m_status, QStringLiteral("Cancelling…"));
}

void WhatIfDialog::onProgress(qint64 done, qint64 total)
{
    if (total <= 0)
        return;
    m_progress->setRange(0, 1000);
    m_progress->setValue(static_cast<int>(1000 * done / total));
    m_progress->setFormat(QStringLiteral("%1 of %2 events").arg(number(done), number(total)));
}

void WhatIfDialog::onPlanned(std::shared_ptr<const regroup::RegroupPlan> plan)
{
    m_plan = std::move(plan);
    const regroup::RegroupPlan& p = *m_plan;
    if (p.cancelled) {
        setPlainText(m_status, QStringLiteral("Cancelled: nothing was computed. Preview again to see the effect."));
        setPlainText(m_noChanges, QStringLiteral("Cancelled."));
    } else if (!p.fatalError.empty()) {
        setPlainText(m_status, QStringLiteral("The preview failed: ") + qs(p.fatalError));
        setPlainText(m_noChanges, QStringLiteral("No preview."));
    } else {
        setPlainText(m_status,
            QStringLiteral("%1 events grouped again in %2 s%3.")
                .arg(number(p.events))
                .arg(p.seconds, 0, 'f', 1)
                .arg(p.failed ? QStringLiteral(" (%1 stored payloads no longer decode; they stay)").arg(p.failed)
                              : QString()));
        m_unchanged->setText(number(p.unchanged));
        m_split->setText(number(p.split));
        m_merged->setText(number(p.merged));
        setPlainText(m_totals,
            QStringLiteral("%1 issues today → %2 groups after regrouping")
                .arg(number(p.issuesBefore), number(p.groupsAfter)));
        m_issues->setPlan(m_plan);
        if (p.affected.empty()) {
            setPlainText(
                m_noChanges, QStringLiteral("No issue changes under these rules: every issue keeps its events."));
            m_compare->setMessage(QStringLiteral("Nothing to compare."));
        } else {
            m_issueStack->setCurrentWidget(m_issueView);
            m_issueView->selectRow(0);
        }
    }
    showIdle();
    Q_EMIT planned();
}

void WhatIfDialog::selectIssue(int row)
{
    if (!m_plan || row < 0 || row >= m_issues->rowCount())
        return;
    const regroup::AffectedIssue& issue = m_issues->rowAt(row);
    if (m_issueView->currentIndex().row() != row)
        m_issueView->selectRow(row);
    fillGroups(issue);
    fillEvents(issue.id);
}

QString WhatIfDialog::issueTitle(IssueId id) const
{
    for (const auto& a : m_plan->affected) {
        if (a.id == id)
            return qs(a.title);
    }
    if (m_ws) {
        if (auto issue = store::issueById(m_ws->db(), id))
            return qs(issue->title);
    }
    return {};
}

void WhatIfDialog::fillGroups(const regroup::AffectedIssue& issue)
{
    auto root = std::make_unique<TreeNode>();
    int n = 0;
    for (std::size_t g : issue.groups) {
        if (g >= m_plan->groups.size())
            continue;
        const regroup::PlannedGroup& group = m_plan->groups[g];
        TreeNode* node = root->add(
            QStringLiteral("Group %1 · %2").arg(++n).arg(qs(group.primaryHash).left(12)), number(group.events));
        node->flags = TreeNode::Strong;
        node->tooltip = QStringLiteral("Primary hash ") + qs(group.primaryHash);
        for (const auto& [from, events] : group.from) {
            TreeNode* child
                = node->add(QStringLiteral("#%1 ").arg(from.value) + firstLine(issueTitle(from), 200), number(events));
            if (from == issue.id)
                child->tooltip = QStringLiteral("This issue");
            else
                child->flags = TreeNode::Muted;
            child->number = from.value;
        }
    }
    m_groups->setRoot(std::move(root));
    m_groupView->expandAll();
}

void WhatIfDialog::fillEvents(IssueId issue)
{
    const QSignalBlocker block(m_events);
    m_events->clear();
    if (m_ws) {
        store::EventListRequest request;
        request.issue = issue;
        request.limit = 25;
        const auto rows = store::listEvents(m_ws->db(), request);
        for (std::size_t i = 0; i < rows.size(); ++i) {
            const auto& e = rows[i];
            m_events->addItem((i == 0 ? QStringLiteral("latest · ") : QString()) + absoluteTime(e.timestamp)
                    + QStringLiteral(" · ") + qs(e.eventId).left(12)
                    + (e.title.empty() ? QString() : QStringLiteral(" · ") + firstLine(qs(e.title), 80)),
                QVariant::fromValue(static_cast<qlonglong>(e.row.value)));
        }
    }
    if (m_events->count() > 0) {
        m_events->setCurrentIndex(0);
        compareEvent(EventRowId(m_events->itemData(0).toLongLong()));
    } else {
        m_compare->setMessage(QStringLiteral("The issue has no stored events to compare."));
    }
}

regroup::ProjectRules WhatIfDialog::candidateFor(const std::string& project) const
{
    for (const auto& r : m_options.rules) {
        if (r.project == project)
            return r;
    }
    if (m_ws) {
        if (auto stored = regroup::loadProjectRules(m_ws->db(), project); stored)
            return stored.value();
    }
    regroup::ProjectRules none;
    none.project = project;
    return none;
}

void WhatIfDialog::compareEvent(EventRowId row)
{
    if (!m_ws)
        return;
    const auto event = store::eventByRow(m_ws->db(), row);
    if (!event)
        return;
    const quint64 job = ++m_compareJob;
    m_comparing = true;
    m_compare->setMessage(QStringLiteral("Grouping the event with both rule sets…"));
    auto future = QtConcurrent::run(
        [path = m_path.toStdString(), row, candidate = candidateFor(event->project)]() -> Comparison {
            auto ws = store::Workspace::open(path, store::Workspace::Mode::ReadOnly);
            if (!ws)
                return ws.error();
            return regroup::compareEventGrouping(ws.value()->db(), row, candidate);
        });
    whenFinished(this, std::move(future), [this, job](Comparison result) {
        if (job != m_compareJob)
            return;
        m_comparing = false;
        if (result)
            m_compare->setComparison(result.value());
        else
            m_compare->setMessage(QStringLiteral("Cannot compare this event: ") + qs(result.error().message));
        Q_EMIT comparisonShown();
    });
}

void WhatIfDialog::apply()
{
    if (!m_plan || m_runner->isRunning())
        return;
    if (m_interactive) {
        const auto answer = askPlain(this, tr("Regroup the events?"),
            tr("Save these rules and move %1 events to their new issues?\n\n%2 issues would split and %3 "
               "would merge. Status, assignee and bookmarks go with the events; a split issue's activity "
               "is copied to each part.")
                .arg(number(m_plan->events), number(m_plan->split), number(m_plan->merged)));
        if (answer != QMessageBox::Yes)
            return;
    }
    m_applying = true;
    if (m_runner->apply(m_path, m_options))
        showRunning(QStringLiteral("Regrouping the stored events…"));
}

void WhatIfDialog::onApplied(std::shared_ptr<const regroup::RegroupSummary> summary)
{
    m_applying = false;
    if (summary->cancelled) {
        setPlainText(m_status, QStringLiteral("Cancelled: nothing changed."));
    } else if (!summary->fatalError.empty()) {
        setPlainText(m_status, QStringLiteral("Regrouping failed, nothing changed: ") + qs(summary->fatalError));
    } else {
        m_summary = std::move(summary);
        setPlainText(m_status,
            QStringLiteral("Regrouped %1 events in %2 s: %3 issues before, %4 after.")
                .arg(number(m_summary->plan.events))
                .arg(m_summary->seconds, 0, 'f', 1)
                .arg(number(m_summary->plan.issuesBefore), number(m_summary->issuesAfter)));
        Q_EMIT applied();
    }
    showIdle();
}

void WhatIfDialog::reject()
{
    if (m_applying)
        return; // all or nothing: let the regroup finish or cancel it first
    m_runner->cancel();
    QDialog::reject();
}

QString WhatIfDialog::statusText() const
{
    return m_status->text();
}

QString WhatIfDialog::countsText() const
{
    return QStringLiteral("unchanged %1 · split %2 · merged %3")
        .arg(m_unchanged->text(), m_split->text(), m_merged->text());
}

} // namespace stackdeck::ui
