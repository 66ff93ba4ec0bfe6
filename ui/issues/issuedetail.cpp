#include "issuedetail.h"

#include "event/eventloader.h"
#include "event/eventview.h"
#include "eventnavigator.h"
#include "issueheader.h"
#include "itemmodels/eventlistmodel.h"
#include "store/issuequeries.h"
#include "widgets/emptystate.h"
#include "widgets/histogramwidget.h"
#include "widgets/tagbars.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QStackedWidget>
#include <QTabWidget>
#include <QTableView>
#include <QVBoxLayout>

namespace stackdeck::ui {

IssueDetail::IssueDetail(QWidget* parent)
    : QWidget(parent)
    , m_stack(new QStackedWidget(this))
    , m_empty(new EmptyState(this))
    , m_header(new IssueHeader(this))
    , m_histogram(new HistogramWidget(this))
    , m_tags(new TagBars(this))
    , m_tabs(new QTabWidget(this))
    , m_navigator(new EventNavigator(this))
    , m_eventView(new EventView(this))
    , m_eventsView(new QTableView(this))
    , m_eventsModel(new EventListModel(this))
    , m_loader(new EventLoader(this))
{
    auto* outer = new QVBoxLayout(this);
    outer->setContentsMargins(0, 0, 0, 0);
    outer->addWidget(m_stack);
    m_empty->setMessage(
        QStringLiteral("No issue selected"), QStringLiteral("Pick an issue in the list (j/k to move, Enter to open)."));
    m_stack->addWidget(m_empty);

    auto* page = new QWidget(this);
    auto* layout = new QVBoxLayout(page);
    layout->setContentsMargins(8, 6, 8, 4);
    layout->addWidget(m_header);
    auto* charts = new QHBoxLayout;
    auto* histBox = new QVBoxLayout;
    auto* histLabel = new QLabel(QStringLiteral("Events over time"), page);
    auto* tagBox = new QVBoxLayout;
    auto* tagLabel = new QLabel(QStringLiteral("Top tags (click to search)"), page);
    for (QLabel* l : {histLabel, tagLabel})
        l->setForegroundRole(QPalette::PlaceholderText);
    histBox->addWidget(histLabel);
    histBox->addWidget(m_histogram);
    histBox->addStretch(1);
    tagBox->addWidget(tagLabel);
    tagBox->addWidget(m_tags);
    tagBox->addStretch(1);
    charts->addLayout(histBox, 3);
    charts->addSpacing(8);
    charts->addLayout(tagBox, 2);
    layout->addLayout(charts);

    auto* eventPage = new QWidget(this);
    auto* eventLayout = new QVBoxLayout(eventPage);
    eventLayout->setContentsMargins(0, 4, 0, 0);
    eventLayout->addWidget(m_navigator);
    eventLayout->addWidget(m_eventView, 1);
    m_eventsView->setModel(m_eventsModel);
    m_eventsView->verticalHeader()->hide();
    m_eventsView->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_eventsView->setSelectionMode(QAbstractItemView::SingleSelection);
    m_eventsView->horizontalHeader()->setStretchLastSection(true);
    m_eventsView->setColumnWidth(EventListModel::TimeColumn, 170);
    m_eventsView->setColumnWidth(EventListModel::MessageColumn, 300);
    m_eventsView->setObjectName(QStringLiteral("issueEvents"));
    m_tabs->addTab(eventPage, QStringLiteral("Event"));
    m_tabs->addTab(m_eventsView, QStringLiteral("All events"));
    m_tabs->setObjectName(QStringLiteral("issueTabs"));
    layout->addWidget(m_tabs, 1);
    m_stack->addWidget(page);

    connect(m_navigator, &EventNavigator::stepRequested, this, [this](EventNavigator::Step s) {
        static constexpr EventStep map[] = {EventStep::Oldest, EventStep::Previous, EventStep::Next, EventStep::Latest};
        stepEvent(map[static_cast<int>(s)]);
    });
    connect(m_loader, &EventLoader::loaded, this, &IssueDetail::onLoaded);
    connect(m_tags, &TagBars::tagClicked, this, &IssueDetail::tagClicked);
    connect(m_eventView, &EventView::tagClicked, this, &IssueDetail::tagClicked);
    connect(m_eventsView, &QTableView::activated, this, [this](const QModelIndex& idx) {
        openEvent(EventRowId(idx.siblingAtColumn(0).data(EventListModel::RowIdRole).toLongLong()));
        m_tabs->setCurrentIndex(0);
    });
}

void IssueDetail::setWorkspace(sql::Database* db, const QString& path)
{
    m_db = db;
    m_loader->setWorkspacePath(path);
    m_eventView->setWorkspacePath(path);
    m_eventsModel->setDatabase(db);
    showIssue(IssueId());
}

bool IssueDetail::isLoading() const
{
    return m_loader->busy();
}

void IssueDetail::showIssue(IssueId id)
{
    std::optional<Issue> issue;
    if (m_db && id.isValid()) {
        try {
            issue = store::issueById(*m_db, id);
        } catch (const std::exception& e) {
            qWarning("stackdeck: reading issue %lld failed: %s", static_cast<long long>(id.value), e.what());
        }
    }
    if (!issue) {
        m_issue = Issue {};
        m_stack->setCurrentIndex(0);
        m_eventView->clear();
        m_eventsModel->setIssue(IssueId());
        return;
    }
    const bool same = issue->id == m_issue.id;
    m_issue = *issue;
    m_stack->setCurrentIndex(1);
    loadSummary();
    if (!same) {
        m_eventsModel->setIssue(id);
        m_tabs->setTabText(1, QStringLiteral("All events (%1)").arg(m_issue.eventCount));
        m_loader->request(id, EventRowId(), EventStep::Latest);
    }
}

void IssueDetail::refreshIssue()
{
    if (!m_issue.id.isValid() || !m_db)
        return;
    if (auto issue = store::issueById(*m_db, m_issue.id)) {
        m_issue = *issue;
        loadSummary();
        m_tabs->setTabText(1, QStringLiteral("All events (%1)").arg(m_issue.eventCount));
    }
}

void IssueDetail::loadSummary()
{
    m_header->setIssue(m_issue);
    try {
        m_tags->setTags(store::issueTopTags(*m_db, m_issue.id, 5, 5));
        const Micros bucket = TimeAxis::bucketFor(m_issue.firstSeen, m_issue.lastSeen);
        TimeAxis axis = TimeAxis::covering(m_issue.firstSeen, m_issue.lastSeen, 0, 1);
        // Long-lived issues: the last 180 days are what a histogram can show.
        if (bucket == TimeAxis::kDay && axis.to - axis.from > 180 * TimeAxis::kDay)
            axis.from = axis.to - 180 * TimeAxis::kDay;
        m_histogram->setData(axis, bucket, store::issueHistogram(*m_db, m_issue.id, axis.from, axis.to, bucket));
    } catch (const std::exception& e) {
        qWarning("stackdeck: reading the tags and histogram of issue %lld failed: %s",
            static_cast<long long>(m_issue.id.value), e.what());
        m_tags->setTags({});
        m_histogram->clear();
    }
}

void IssueDetail::stepEvent(EventStep step)
{
    if (!m_issue.id.isValid())
        return;
    const auto& current = m_eventView->event();
    m_loader->request(m_issue.id, current ? current->row.row : EventRowId(), step);
}

void IssueDetail::openEvent(EventRowId row)
{
    if (row.isValid())
        m_loader->request(m_issue.id, row, EventStep::Exact);
}

void IssueDetail::onLoaded(const LoadedEventPtr& event)
{
    if (!event || (event->row.issue.isValid() && event->row.issue != m_issue.id))
        return;
    m_eventView->setEvent(event);
    m_navigator->setPosition(event->position, event->total);
    const int row = m_eventsModel->rowOfEvent(event->row.row);
    if (row >= 0)
        m_eventsView->selectRow(row);
    Q_EMIT eventShown(event);
}

} // namespace stackdeck::ui
