#include "traceview.h"

#include "common/futurewatch.h"
#include "common/plaintext.h"
#include "spandetails.h"
#include "spantreemodel.h"
#include "timelinewidget.h"

#include <QAction>
#include <QCheckBox>
#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QShortcut>
#include <QSplitter>
#include <QTabWidget>
#include <QToolButton>
#include <QTreeView>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace stackdeck::ui {

TraceView::TraceView(QWidget* parent)
    : QWidget(parent)
    , m_timeline(new TimelineWidget(this))
    , m_spanModel(new SpanTreeModel(this))
    , m_spanTree(new QTreeView(this))
    , m_tabs(new QTabWidget(this))
    , m_details(new SpanDetails(this))
    , m_find(new QLineEdit(this))
    , m_findStatus(new QLabel(this))
    , m_colorBy(new QComboBox(this))
    , m_breadcrumbs(new QCheckBox(tr("Breadcrumbs"), this))
    , m_status(new QLabel(this))
{
    auto* bar = new QHBoxLayout;
    m_status->setTextFormat(Qt::PlainText);
    bar->addWidget(m_status, 1);
    m_find->setPlaceholderText(tr("Find spans (Ctrl+F)"));
    m_find->setClearButtonEnabled(true);
    m_find->setMaximumWidth(260);
    bar->addWidget(m_find);
    auto* previous = new QToolButton(this);
    previous->setText(tr("Previous"));
    auto* next = new QToolButton(this);
    next->setText(tr("Next"));
    bar->addWidget(previous);
    bar->addWidget(next);
    m_findStatus->setTextFormat(Qt::PlainText);
    bar->addWidget(m_findStatus);
    m_colorBy->addItems({tr("Color by service"), tr("Color by operation")});
    bar->addWidget(m_colorBy);
    m_breadcrumbs->setChecked(true);
    m_breadcrumbs->setToolTip(tr("Show the breadcrumbs of the trace's errors as ticks on the time axis"));
    bar->addWidget(m_breadcrumbs);
    auto* reset = new QToolButton(this);
    reset->setText(tr("Whole trace"));
    reset->setToolTip(tr("Zoom out to the whole trace (0)"));
    bar->addWidget(reset);

    m_spanTree->setModel(m_spanModel);
    m_spanTree->setUniformRowHeights(true);
    m_spanTree->header()->setSectionResizeMode(SpanTreeModel::SpanColumn, QHeaderView::Stretch);
    m_spanTree->header()->setStretchLastSection(false);
    m_tabs->addTab(m_timeline, tr("Waterfall"));
    m_tabs->addTab(m_spanTree, tr("Spans"));
    m_tabs->setDocumentMode(true);

    auto* split = new QSplitter(Qt::Vertical, this);
    split->addWidget(m_tabs);
    split->addWidget(m_details);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 1);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(bar);
    layout->addWidget(split, 1);

    connect(m_find, &QLineEdit::textChanged, m_timeline, &TimelineWidget::setFindText);
    connect(m_find, &QLineEdit::returnPressed, m_timeline, &TimelineWidget::findNext);
    connect(next, &QToolButton::clicked, m_timeline, &TimelineWidget::findNext);
    connect(previous, &QToolButton::clicked, m_timeline, &TimelineWidget::findPrevious);
    connect(reset, &QToolButton::clicked, m_timeline, &TimelineWidget::resetZoom);
    auto* findShortcut = new QShortcut(QKeySequence::Find, this);
    connect(findShortcut, &QShortcut::activated, this, [this] {
        m_find->setFocus();
        m_find->selectAll();
    });
    auto* nextShortcut = new QShortcut(QKeySequence::FindNext, this);
    connect(nextShortcut, &QShortcut::activated, m_timeline, &TimelineWidget::findNext);
    auto* previousShortcut = new QShortcut(QKeySequence::FindPrevious, this);
    connect(previousShortcut, &QShortcut::activated, m_timeline, &TimelineWidget::findPrevious);
    connect(m_timeline, &TimelineWidget::findChanged, this, [this](int current, int total) {
        m_findStatus->setText(m_find->text().trimmed().isEmpty() ? QString()
                : total == 0                                     ? tr("no match")
                : current < 0                                    ? tr("%n match(es)", nullptr, total)
                                                                 : tr("%1 of %2").arg(current + 1).arg(total));
    });
    connect(m_breadcrumbs, &QCheckBox::toggled, m_timeline, &TimelineWidget::setBreadcrumbsShown);
    connect(m_colorBy, &QComboBox::currentIndexChanged, this, [this](int i) {
        m_timeline->setColorBy(i == 1 ? TimelineWidget::ColorBy::Op : TimelineWidget::ColorBy::Service);
    });
    connect(m_timeline, &TimelineWidget::selectedSpanChanged, this, [this](int span) {
        showDetails(span);
        syncTreeSelection(span);
    });
    connect(m_timeline, &TimelineWidget::spanActivated, this, [this](int) { m_details->tree()->setFocus(); });
    connect(m_timeline, &TimelineWidget::errorActivated, this, &TraceView::openEventRequested);
    connect(m_spanTree, &QTreeView::clicked, this,
        [this](const QModelIndex& index) { m_timeline->setSelectedSpan(m_spanModel->spanOf(index)); });
    connect(m_spanTree, &QTreeView::activated, this,
        [this](const QModelIndex& index) { m_timeline->setSelectedSpan(m_spanModel->spanOf(index)); });
}

void TraceView::setSession(std::shared_ptr<store::WorkspaceSession> session)
{
    m_session = std::move(session);
    setTrace(nullptr);
}

void TraceView::openTrace(const QString& traceId, const QString& selectSpanId)
{
    const quint64 generation = ++m_generation;
    m_traceId = traceId;
    m_status->setText(tr("Loading trace %1…").arg(traceId));
    whenFinished(this, loadTraceJob(m_session, traceId.toStdString()),
        [this, generation, selectSpanId](Result<TracePtr> result) {
            if (generation != m_generation)
                return;
            if (!result) {
                m_status->setText(qs(result.error().message));
                Q_EMIT loadFailed(qs(result.error().message));
                return;
            }
            setTrace(std::move(result).value(), selectSpanId);
        });
}

void TraceView::setTrace(TracePtr t, const QString& selectSpanId)
{
    m_trace = std::move(t);
    m_traceId = m_trace ? qs(m_trace->traceId) : QString();
    m_spanModel->setTrace(m_trace);
    m_timeline->setTrace(m_trace);
    m_find->clear();
    if (!m_trace) {
        m_status->clear();
        m_details->showSpan(nullptr, -1);
        return;
    }
    m_spanTree->expandToDepth(2);
    QString flags;
    if (m_trace->flags & trace::HasSkew)
        flags += tr(" · clock skew adjusted");
    if (m_trace->flags & trace::HasOrphans)
        flags += tr(" · orphan spans");
    m_status->setText(tr("Trace %1 · %2 events%3").arg(m_traceId).arg(m_trace->events).arg(flags));
    m_details->setSpanNotes(m_trace.get(), {});
    const int span = selectSpanId.isEmpty() ? -1 : m_trace->indexOf(selectSpanId.toStdString());
    if (span >= 0)
        m_timeline->setSelectedSpan(span);
    Q_EMIT traceLoaded(m_traceId);
    loadExtras();
}

void TraceView::loadExtras()
{
    if (!m_session || !m_trace)
        return;
    whenFinished(this, loadTraceExtrasJob(m_session, m_trace), [this, t = m_trace](Result<TraceExtras> result) {
        if (t != m_trace)
            return; // another trace is shown now
        if (!result) {
            qWarning("trace view: %s", result.error().message.c_str());
            return;
        }
        m_timeline->setBreadcrumbs(std::move(result->breadcrumbs));
        m_timeline->setSpanNotes(result->notes);
        m_details->setSpanNotes(m_trace.get(), result->notes);
        if (!result->notes.empty())
            showDetails(m_timeline->selectedSpan());
        Q_EMIT extrasLoaded();
    });
}

void TraceView::showDetails(int span)
{
    m_details->showSpan(m_trace.get(), span);
    if (!m_trace || span < 0)
        return;
    const auto& s = m_trace->spans[static_cast<std::size_t>(span)];
    if (s.eventId.empty() || !m_session) {
        m_details->setAttributes(span, {});
        return;
    }
    whenFinished(this, loadSpanAttributesJob(m_session, s.eventId, s.spanId),
        [this, span, t = m_trace](Result<std::vector<trace::SpanAttribute>> result) {
            if (t != m_trace)
                return;
            if (result)
                m_details->setAttributes(span, result.value());
            else
                m_details->setAttributes(span, {}, qs(result.error().message));
        });
}

void TraceView::syncTreeSelection(int span)
{
    const QModelIndex index = m_spanModel->indexOfSpan(span);
    if (index.isValid() && m_spanTree->currentIndex() != index)
        m_spanTree->setCurrentIndex(index);
}

} // namespace stackdeck::ui
