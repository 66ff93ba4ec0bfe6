#include "issuedetail.h"

#include "common/futurewatch.h"
#include "event/eventloader.h"
#include "event/eventview.h"
#include "eventnavigator.h"
#include "issueheader.h"
#include "itemmodels/eventlistmodel.h"
#include "store/issuequeries.h"
#include "store/tagcounts.h"
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
#include <QtConcurrent>

#include <algorithm>
#include <limits>

namespace stackdeck::ui {

IssueDetail::IssueDetail(QWidget* parent)
    : QWidget(parent)
    , m_stack(new QStackedWidget(this))
    , m_empty(new EmptyState(this))
    , m_header(new IssueHeader(this))
    , m_histogram(new HistogramWidget(this))
    , m_tags(new TagBars(this))
    , m_tagNote(new QLabel(this))
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
    m_empty->setMessage(tr("No issue selected"), tr("Pick an issue in the list (j/k to move, Enter to open)."));
    m_stack->addWidget(m_empty);

    auto* page = new QWidget(this);
    auto* layout = new QVBoxLayout(page);
    layout->setContentsMargins(8, 6, 8, 4);
    layout->addWidget(m_header);
    auto* charts = new QHBoxLayout;
    auto* histBox = new QVBoxLayout;
    auto* histLabel = new QLabel(tr("Events over time"), page);
    auto* tagBox = new QVBoxLayout;
    auto* tagLabel = new QLabel(tr("Top tags (click to search)"), page);
    for (QLabel* l : {histLabel, tagLabel})
        l->setForegroundRole(QPalette::PlaceholderText);
    histBox->addWidget(histLabel);
    histBox->addWidget(m_histogram);
    histBox->addStretch(1);
    m_tagNote->setWordWrap(true);
    m_tagNote->setTextFormat(Qt::PlainText);
    m_tagNote->setForegroundRole(QPalette::PlaceholderText);
    m_tagNote->hide();
    tagBox->addWidget(tagLabel);
    tagBox->addWidget(m_tagNote);
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
    m_tabs->addTab(eventPage, tr("Event"));
    m_tabs->addTab(m_eventsView, tr("All events"));
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

void IssueDetail::setSession(std::shared_ptr<store::WorkspaceSession> session)
{
    m_session = std::move(session);
    m_loader->setSession(m_session);
    m_eventView->setSession(m_session);
    m_eventsModel->setSession(m_session);
    showIssue(IssueId());
}

bool IssueDetail::isLoading() const
{
    return m_loader->busy() || m_summaryPending > 0;
}

// What the header, tags and histogram show, read on a worker.
struct IssueDetail::Summary {
    IssueId id;
    std::optional<Issue> issue;
    std::vector<store::TagSummary> tags;
    std::int64_t tagsBehind = 0; // events an import has yet to count in the tags
    TimeAxis axis;
    Micros bucket = 0;
    std::vector<std::int64_t> histogram;
    std::string error;
};

void IssueDetail::showIssue(IssueId id)
{
    m_wanted = id;
    if (!m_session || !id.isValid()) {
        ++m_summaryJob; // a summary in flight is stale now
        showNoIssue();
        return;
    }
    requestSummary(id);
}

void IssueDetail::refreshIssue()
{
    if (m_wanted.isValid() && m_session)
        requestSummary(m_wanted);
}

void IssueDetail::requestSummary(IssueId id)
{
    const quint64 job = ++m_summaryJob;
    ++m_summaryPending;
    whenFinished(this, QtConcurrent::run([session = m_session, id] { return readSummary(*session, id); }),
        [this, job](const Summary& summary) {
            --m_summaryPending;
            if (job == m_summaryJob)
                showSummary(summary);
        });
}

void IssueDetail::showNoIssue()
{
    m_issue = Issue {};
    m_empty->setMessage(tr("No issue selected"), tr("Pick an issue in the list (j/k to move, Enter to open)."));
    m_stack->setCurrentIndex(0);
    m_eventView->clear();
    m_eventsModel->setIssue(IssueId());
}

void IssueDetail::showSummary(const Summary& summary)
{
    if (!summary.issue) {
        showNoIssue();
        if (!summary.error.empty()) {
            qWarning("stackdeck: reading issue %lld failed: %s", static_cast<long long>(summary.id.value),
                summary.error.c_str());
            m_empty->setMessage(tr("The issue could not be read"), QString::fromStdString(summary.error));
        }
        return;
    }
    const bool same = summary.issue->id == m_issue.id;
    m_issue = *summary.issue;
    m_stack->setCurrentIndex(1);
    m_header->setIssue(m_issue);
    if (summary.error.empty()) {
        m_tags->setTags(summary.tags);
        // An import counts tags in memory and writes them in bulk (store/tagcounts.h):
        // until then these counts are not final, and the pane says so.
        m_tagNote->setText(tr("Not final yet: the import is still counting the tags of %n event(s).", nullptr,
            static_cast<int>(std::min<std::int64_t>(summary.tagsBehind, std::numeric_limits<int>::max()))));
        m_tagNote->setVisible(summary.tagsBehind > 0);
        m_histogram->setData(summary.axis, summary.bucket, summary.histogram);
    } else {
        qWarning("stackdeck: reading the tags and histogram of issue %lld failed: %s",
            static_cast<long long>(m_issue.id.value), summary.error.c_str());
        m_tags->setTags({});
        m_tagNote->hide();
        m_histogram->clear();
    }
    m_tabs->setTabText(1, tr("All events (%1)").arg(m_issue.eventCount));
    if (!same) {
        m_eventsModel->setIssue(m_issue.id);
        m_loader->request(m_issue.id, EventRowId(), EventStep::Latest);
    }
}

IssueDetail::Summary IssueDetail::readSummary(store::WorkspaceSession& session, IssueId id)
{
    IssueDetail::Summary out;
    out.id = id;
    auto reader = session.reader();
    if (!reader) {
        out.error = reader.error().message;
        return out;
    }
    try {
        out.issue = store::issueById(reader->db(), id);
        if (!out.issue)
            return out; // gone (a regroup merged it): the empty state
        const Issue& issue = *out.issue;
        out.tags = store::issueTopTags(reader->db(), id, 5, 5);
        out.tagsBehind = store::eventsNotInTagCounts(reader->db());
        // Zoomed to the events when they fall within 14 days; long-lived issues show their last 180 days.
        const auto range = issueHistogramRange(issue.firstSeen, issue.lastSeen);
        out.bucket = range.bucket;
        out.axis = range.axis;
        out.histogram = store::issueHistogram(reader->db(), id, out.axis.from, out.axis.to, out.bucket);
    } catch (const std::exception& e) {
        out.error = e.what();
    }
    return out;
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
