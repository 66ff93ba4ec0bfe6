#include "eventview.h"

#include "breadcrumbspane.h"
#include "common/plaintext.h"
#include "common/timeformat.h"
#include "exceptionpane.h"
#include "groupingpane.h"
#include "keyvaluepane.h"
#include "notes/eventnotes.h"
#include "rawjsonpane.h"
#include "requestpane.h"
#include "stacktraceview.h"
#include "threadspane.h"
#include "tracepathpane.h"

#include <QLabel>
#include <QLocale>
#include <QTabBar>
#include <QTabWidget>
#include <QVBoxLayout>

namespace stackdeck::ui {

namespace {

// "Shortened to stay fast: exception.values.0.stacktrace.frames kept 250 of 20,000,000; ..."
QString trimsText(const std::vector<Trim>& trims)
{
    if (trims.empty())
        return {};
    const QLocale locale;
    QStringList parts;
    for (const Trim& t : trims) {
        parts << EventView::tr("%1 kept %2 of %3")
                     .arg(qs(t.field), locale.toString(static_cast<qulonglong>(t.kept)),
                         locale.toString(static_cast<qulonglong>(t.originalLength)));
    }
    return EventView::tr("Shortened to keep it fast (the JSON tab shows the stored original, complete): %1")
        .arg(parts.join(QStringLiteral("; ")));
}

} // namespace

EventView::EventView(QWidget* parent)
    : QWidget(parent)
    , m_info(new QLabel(this))
    , m_message(new QLabel(this))
    , m_trims(new QLabel(this))
    , m_tabs(new QTabWidget(this))
    , m_notes(new EventNotes(this))
{
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    m_info->setTextFormat(Qt::PlainText);
    m_info->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_info->setForegroundRole(QPalette::PlaceholderText);
    m_info->setObjectName(QStringLiteral("eventInfo"));
    m_info->setWordWrap(true);
    m_message->setTextFormat(Qt::PlainText);
    m_message->setWordWrap(true);
    m_message->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_message->setObjectName(QStringLiteral("eventMessage"));
    m_trims->setTextFormat(Qt::PlainText);
    m_trims->setWordWrap(true);
    m_trims->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_trims->setObjectName(QStringLiteral("eventTrims"));
    m_trims->setForegroundRole(QPalette::PlaceholderText);
    m_tabs->setDocumentMode(true);
    m_tabs->setUsesScrollButtons(true);
    m_tabs->setObjectName(QStringLiteral("eventTabs"));
    layout->addWidget(m_info);
    layout->addWidget(m_message);
    layout->addWidget(m_trims);
    layout->addWidget(m_tabs, 1);

    m_panes = {new ExceptionPane(this), new ThreadsPane(this), new BreadcrumbsPane(this), new TracePathPane(this),
        new RequestPane(this), makeTagsPane(this), makeContextPane(this), makeExtraPane(this), makeModulesPane(this),
        new GroupingPane(this), new RawJsonPane(this)};
    m_filled.assign(m_panes.size(), false);
    for (EventPane* p : m_panes) {
        m_tabs->addTab(p, p->title());
        connect(p, &EventPane::tagClicked, this, &EventView::tagClicked);
    }
    // Every stack trace (exception and threads panes) and the breadcrumbs mark the rows with notes.
    for (auto* stack : findChildren<StackTraceView*>())
        stack->setNotes(m_notes);
    if (auto* crumbs = pane<BreadcrumbsPane>())
        crumbs->setNotes(m_notes);
    connect(m_notes, &EventNotes::written, this, &EventView::noteWritten);
    connect(pane<TracePathPane>(), &TracePathPane::openTraceRequested, this, &EventView::openTraceRequested);
    connect(m_tabs, &QTabWidget::currentChanged, this, [this] { populateCurrent(); });
    connect(m_tabs->tabBar(), &QTabBar::tabBarClicked, this, [this](int index) {
        if (index >= 0)
            m_preferred = m_panes[static_cast<std::size_t>(index)]->paneName();
    });
    clear();
}

void EventView::clear()
{
    m_event.reset();
    m_notes->clear();
    m_info->clear();
    m_message->hide();
    m_trims->hide();
    for (std::size_t i = 0; i < m_panes.size(); ++i)
        m_tabs->setTabVisible(static_cast<int>(i), false);
}

void EventView::setEvent(LoadedEventPtr event)
{
    m_event = std::move(event);
    if (!m_event) {
        clear();
        return;
    }
    const LoadedEvent& e = *m_event;
    if (e.error.isEmpty())
        m_notes->setEvent(e.row.eventId);
    else
        m_notes->clear();
    QStringList info;
    if (!e.error.isEmpty()) {
        setPlainText(m_info, e.error);
    } else {
        info << tr("Event ") + qs(e.row.eventId).left(12);
        info << absoluteTime(e.row.timestamp);
        if (!e.event.release.empty())
            info << QStringLiteral("release ") + qs(e.event.release);
        if (!e.event.environment.empty())
            info << qs(e.event.environment);
        if (!e.event.platform.empty())
            info << qs(e.event.platform);
        if (e.event.sdk)
            info << qs(e.event.sdk->name) + QLatin1Char(' ') + qs(e.event.sdk->version);
        setPlainText(m_info, info.join(QStringLiteral("  ·  ")));
    }
    QString message;
    if (e.event.logentry && !e.event.logentry->displayText().empty())
        message = firstLine(qs(e.event.logentry->displayText()), 600);
    setPlainText(m_message, message);
    m_message->setVisible(!message.isEmpty());
    setPlainText(m_trims, trimsText(e.event.trims));
    m_trims->setVisible(!e.event.trims.empty());

    const QString keep = m_preferred.isEmpty() ? QStringLiteral("exception") : m_preferred;
    const QSignalBlocker block(m_tabs);
    int first = -1;
    for (std::size_t i = 0; i < m_panes.size(); ++i) {
        const bool has
            = e.error.isEmpty() || m_panes[i]->paneName() == QLatin1String("json") ? m_panes[i]->hasContent(e) : false;
        m_tabs->setTabVisible(static_cast<int>(i), has);
        m_filled[i] = false;
        if (has && first < 0)
            first = static_cast<int>(i);
    }
    int target = -1;
    for (std::size_t i = 0; i < m_panes.size(); ++i) {
        if (m_panes[i]->paneName() == keep && m_tabs->isTabVisible(static_cast<int>(i)))
            target = static_cast<int>(i);
    }
    if (target < 0)
        target = first;
    if (target >= 0)
        m_tabs->setCurrentIndex(target);
    populateCurrent();
}

void EventView::populateCurrent()
{
    const int i = m_tabs->currentIndex();
    if (!m_event || i < 0 || !m_tabs->isTabVisible(i) || m_filled[static_cast<std::size_t>(i)])
        return;
    m_filled[static_cast<std::size_t>(i)] = true;
    m_panes[static_cast<std::size_t>(i)]->populate(*m_event);
}

void EventView::setSession(std::shared_ptr<store::WorkspaceSession> session)
{
    m_notes->setSession(session);
    pane<TracePathPane>()->setSession(session);
    if (auto* grouping = pane<GroupingPane>())
        grouping->setSession(std::move(session));
}

EventPane* EventView::pane(const QString& name) const
{
    for (EventPane* p : m_panes) {
        if (p->paneName() == name)
            return p;
    }
    return nullptr;
}

bool EventView::isPaneVisible(const QString& name) const
{
    for (std::size_t i = 0; i < m_panes.size(); ++i) {
        if (m_panes[i]->paneName() == name)
            return m_tabs->isTabVisible(static_cast<int>(i));
    }
    return false;
}

bool EventView::selectPane(const QString& name)
{
    for (std::size_t i = 0; i < m_panes.size(); ++i) {
        if (m_panes[i]->paneName() == name && m_tabs->isTabVisible(static_cast<int>(i))) {
            m_preferred = name;
            m_tabs->setCurrentIndex(static_cast<int>(i));
            populateCurrent();
            return true;
        }
    }
    return false;
}

QString EventView::currentPaneName() const
{
    const int i = m_tabs->currentIndex();
    return i >= 0 ? m_panes[static_cast<std::size_t>(i)]->paneName() : QString();
}

QStringList EventView::paneNames() const
{
    QStringList out;
    for (EventPane* p : m_panes)
        out << p->paneName();
    return out;
}

void EventView::activateFind()
{
    const int i = m_tabs->currentIndex();
    if (i >= 0)
        m_panes[static_cast<std::size_t>(i)]->activateFind();
}

} // namespace stackdeck::ui
