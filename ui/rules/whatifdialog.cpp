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

WhatIfDialog::WhatIfDialog(
    std::shared_ptr<store::WorkspaceSession> session, regroup::RegroupOptions options, QWidget* parent)
    : QDialog(parent)
    , m_path(session ? QString::fromStdString(session->path()) : QString())
    , m_session(std::move(session))
    , m_options(std::move(options))
    , m_runner(new RegroupRunner(this))
    , m_status(new QLabel(this))
    , m_progress(new QProgressBar(this))
    , m_cancel(new QPushButton(tr("Cancel"), this))
    , m_issueStack(new QStackedWidget(this))
    , m_noChanges(new QLabel(this))
    , m_issues(new AffectedIssueModel(this))
    , m_issueView(new QTableView(this))
    , m_groups(new NodeTreeModel({tr("Group → from issue"), tr("Events")}, this))
    , m_groupView(new QTreeView(this))
    , m_events(new QComboBox(this))
    , m_compare(new GroupingCompareView(this))
    , m_apply(new QPushButton(tr("Apply…"), this))
    , m_close(new QPushButton(tr("Close"), this))
{
    setObjectName(QStringLiteral("whatIfDialog"));
    setWindowTitle(
        m_options.project.empty() ? tr("Regroup preview") : tr("Regroup preview — ") + qs(m_options.project));
    resize(1180, 740);

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
    m_unchanged = addStat(stats, tr("issues unchanged"), this);
    m_split = addStat(stats, tr("would split"), this);
    m_merged = addStat(stats, tr("would merge"), this);
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
    auto* eventLabel = new QLabel(tr("Compare the grouping of event:"), lower);
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
    m_apply->setToolTip(tr("Save the rules and move the events to their new issues"));
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
    m_noChanges->setText(tr("Nothing computed yet."));
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
    setPlainText(m_noChanges, tr("Grouping every stored event again…"));
    if (m_runner->plan(m_path, m_options))
        showRunning(tr("Grouping every stored event again with these rules…"));
}

void WhatIfDialog::cancel()
{
    m_runner->cancel();
    setPlainText(m_status, tr("Cancelling…"));
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
        setPlainText(m_status, tr("Cancelled: nothing was computed. Preview again to see the effect."));
        setPlainText(m_noChanges, tr("Cancelled."));
    } else if (!p.fatalError.empty()) {
        setPlainText(m_status, tr("The preview failed: ") + qs(p.fatalError));
        setPlainText(m_noChanges, tr("No preview."));
    } else {
        setPlainText(m_status,
            tr("%1 events grouped again in %2 s%3.")
                .arg(number(p.events))
                .arg(p.seconds, 0, 'f', 1)
                .arg(p.failed ? tr(" (%1 stored payloads no longer decode; they stay)").arg(p.failed) : QString()));
        m_unchanged->setText(number(p.unchanged));
        m_split->setText(number(p.split));
        m_merged->setText(number(p.merged));
        setPlainText(m_totals,
            tr("%1 issues today → %2 groups after regrouping").arg(number(p.issuesBefore), number(p.groupsAfter)));
        m_issues->setPlan(m_plan);
        if (p.affected.empty()) {
            setPlainText(m_noChanges, tr("No issue changes under these rules: every issue keeps its events."));
            m_compare->setMessage(tr("Nothing to compare."));
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
    if (!m_session)
        return {};
    try {
        if (auto reader = m_session->reader(); !reader)
            qWarning("stackdeck: the title of issue %lld: %s", static_cast<long long>(id.value),
                reader.error().message.c_str());
        else if (auto issue = store::issueById(reader->db(), id))
            return qs(issue->title);
    } catch (const std::exception& e) {
        qWarning("stackdeck: reading the title of issue %lld failed: %s", static_cast<long long>(id.value), e.what());
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
        TreeNode* node
            = root->add(tr("Group %1 · %2").arg(++n).arg(qs(group.primaryHash).left(12)), number(group.events));
        node->flags = TreeNode::Strong;
        node->tooltip = tr("Primary hash ") + qs(group.primaryHash);
        for (const auto& [from, events] : group.from) {
            TreeNode* child
                = node->add(QStringLiteral("#%1 ").arg(from.value) + firstLine(issueTitle(from), 200), number(events));
            if (from == issue.id)
                child->tooltip = tr("This issue");
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
    std::vector<store::EventRow> rows;
    QString failure;
    if (m_session) {
        store::EventListRequest request;
        request.issue = issue;
        request.limit = 25;
        try {
            if (auto reader = m_session->reader(); reader)
                rows = store::listEvents(reader->db(), request);
            else
                failure = qs(reader.error().message);
        } catch (const std::exception& e) {
            failure = QString::fromUtf8(e.what());
        }

        for (std::size_t i = 0; i < rows.size(); ++i) {
            const auto& e = rows[i];
            m_events->addItem((i == 0 ? tr("latest · ") : QString()) + absoluteTime(e.timestamp) + QStringLiteral(" · ")
                    + qs(e.eventId).left(12)
                    + (e.title.empty() ? QString() : QStringLiteral(" · ") + firstLine(qs(e.title), 80)),
                QVariant::fromValue(static_cast<qlonglong>(e.row.value)));
        }
    }
    if (m_events->count() > 0) {
        m_events->setCurrentIndex(0);
        compareEvent(EventRowId(m_events->itemData(0).toLongLong()));
    } else if (!failure.isEmpty()) {
        m_compare->setMessage(tr("The issue's events could not be read: %1").arg(failure));
    } else {
        m_compare->setMessage(tr("The issue has no stored events to compare."));
    }
}

regroup::ProjectRules WhatIfDialog::candidateFor(const std::string& project) const
{
    for (const auto& r : m_options.rules) {
        if (r.project == project)
            return r;
    }
    if (m_session) {
        if (auto reader = m_session->reader(); !reader)
            qWarning("stackdeck: the stored rules of %s: %s", project.c_str(), reader.error().message.c_str());
        else if (auto stored = regroup::loadProjectRules(reader->db(), project); stored)
            return stored.value();
        else
            qWarning("stackdeck: the stored rules of %s: %s", project.c_str(), stored.error().message.c_str());
    }
    regroup::ProjectRules none;
    none.project = project;
    return none;
}

void WhatIfDialog::compareEvent(EventRowId row)
{
    if (!m_session)
        return;
    std::optional<store::EventRow> event;
    try {
        if (auto reader = m_session->reader(); reader)
            event = store::eventByRow(reader->db(), row);
        else
            m_compare->setMessage(tr("Cannot compare this event: %1").arg(qs(reader.error().message)));
    } catch (const std::exception& e) {
        m_compare->setMessage(tr("Cannot compare this event: %1").arg(QString::fromUtf8(e.what())));
    }
    if (!event)
        return;
    const quint64 job = ++m_compareJob;
    m_comparing = true;
    m_compare->setMessage(tr("Grouping the event with both rule sets…"));
    auto future
        = QtConcurrent::run([session = m_session, row, candidate = candidateFor(event->project)]() -> Comparison {
              auto reader = session->reader();
              if (!reader)
                  return reader.error();
              return regroup::compareEventGrouping(reader->db(), row, candidate);
          });
    whenFinished(this, std::move(future), [this, job](Comparison result) {
        if (job != m_compareJob)
            return;
        m_comparing = false;
        if (result)
            m_compare->setComparison(result.value());
        else
            m_compare->setMessage(tr("Cannot compare this event: %1").arg(qs(result.error().message)));
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
        showRunning(tr("Regrouping the stored events…"));
}

void WhatIfDialog::onApplied(std::shared_ptr<const regroup::RegroupSummary> summary)
{
    m_applying = false;
    if (summary->cancelled) {
        setPlainText(m_status, tr("Cancelled: nothing changed."));
    } else if (!summary->fatalError.empty()) {
        setPlainText(m_status, tr("Regrouping failed, nothing changed: ") + qs(summary->fatalError));
    } else {
        m_summary = std::move(summary);
        setPlainText(m_status,
            tr("Regrouped %1 events in %2 s: %3 issues before, %4 after.")
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
    return tr("unchanged %1 · split %2 · merged %3").arg(m_unchanged->text(), m_split->text(), m_merged->text());
}

} // namespace stackdeck::ui
