#include "tracepathpane.h"

#include "common/futurewatch.h"
#include "common/plaintext.h"
#include "store/sessionaccess.h"
#include "store/tracerows.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QStyle>
#include <QTreeWidget>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

namespace stackdeck::ui {

struct TracePathPane::Read {
    QString error; // the trace could not be read
    bool found = false; // a stored event carries the trace id
    trace::ErrorPath path;
    std::size_t spans = 0;
    std::size_t services = 0;
};

namespace {

enum Column { ServiceColumn, OpColumn, DescriptionColumn };
constexpr int kStepRole = Qt::UserRole + 1; // index into the path

} // namespace

TracePathPane::TracePathPane(QWidget* parent)
    : EventPane(parent)
    , m_summary(new QLabel(this))
    , m_steps(new QTreeWidget(this))
    , m_note(new QLabel(this))
    , m_open(new QPushButton(tr("Open trace"), this))
{
    m_summary->setTextFormat(Qt::PlainText);
    m_summary->setWordWrap(true);
    m_summary->setObjectName(QStringLiteral("tracePathSummary"));
    m_note->setTextFormat(Qt::PlainText);
    m_note->setWordWrap(true);
    m_note->setForegroundRole(QPalette::PlaceholderText);
    m_note->setObjectName(QStringLiteral("tracePathNote"));
    m_steps->setObjectName(QStringLiteral("tracePathSteps"));
    m_steps->setColumnCount(3);
    m_steps->setHeaderLabels({tr("Service"), tr("Op"), tr("Description")});
    m_steps->setRootIsDecorated(false);
    m_steps->setItemsExpandable(false);
    m_steps->setUniformRowHeights(true);
    m_steps->header()->setStretchLastSection(true);
    m_steps->setToolTip(tr("Double-click a step to open the trace with that span selected"));
    m_open->setObjectName(QStringLiteral("tracePathOpen"));
    m_open->setToolTip(tr("Show the trace's timeline with this event's span selected"));

    auto* top = new QHBoxLayout;
    top->addWidget(m_summary, 1);
    top->addWidget(m_open);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(m_steps, 1);
    layout->addWidget(m_note);

    connect(m_open, &QPushButton::clicked, this, [this] {
        if (!m_path.empty())
            openStep(m_steps->topLevelItem(static_cast<int>(m_path.size()) - 1));
        else if (!m_traceId.isEmpty())
            Q_EMIT openTraceRequested(m_traceId, {});
    });
    connect(m_steps, &QTreeWidget::itemActivated, this, [this](QTreeWidgetItem* item) { openStep(item); });
}

void TracePathPane::openStep(const QTreeWidgetItem* item)
{
    if (!item)
        return;
    const int i = item->data(0, kStepRole).toInt();
    if (i < 0 || i >= static_cast<int>(m_path.size()))
        return;
    const trace::PathStep& step = m_path[static_cast<std::size_t>(i)];
    Q_EMIT openTraceRequested(m_traceId, step.synthetic ? QString() : qs(step.spanId));
}

void TracePathPane::populate(const LoadedEvent& event)
{
    ++m_generation;
    m_traceId = qs(event.row.traceId);
    m_path.clear();
    m_steps->clear();
    m_note->clear();
    m_open->setEnabled(true);
    setPlainText(m_summary, tr("Trace %1 — reading…").arg(m_traceId.left(12)));
    if (!m_session) {
        show(Read {tr("no workspace is open"), false, {}, 0, 0});
        return;
    }
    m_loading = true;
    const quint64 generation = m_generation;
    auto future = QtConcurrent::run([session = m_session, traceId = event.row.traceId, eventId = event.row.eventId,
                                        spanId = event.event.trace.spanId]() -> Read {
        const auto read = store::readWithSession(session, [&](sql::Database& db) -> Result<Read> {
            Read out;
            const auto t = store::loadTrace(db, traceId);
            if (!t)
                return out;
            out.found = true;
            out.spans = t->spans.size();
            out.services = t->summary().services.size();
            out.path = trace::errorPath(*t, eventId);
            if (out.path.steps.empty()) // not an error of the trace: a transaction, at its own span
                out.path.steps = trace::pathTo(*t, t->indexOf(spanId));
            return out;
        });
        if (!read)
            return Read {QString::fromStdString(read.error().message), false, {}, 0, 0};
        return *read;
    });
    whenFinished(this, future, [this, generation](const Read& read) {
        if (generation != m_generation)
            return;
        show(read);
    });
}

void TracePathPane::show(const Read& read)
{
    m_loading = false;
    m_steps->clear();
    m_path = read.path.steps;
    if (!read.error.isEmpty()) {
        setPlainText(m_summary, tr("Trace %1").arg(m_traceId.left(12)));
        setPlainText(m_note, tr("The trace could not be read: %1").arg(read.error));
        m_open->setEnabled(false);
    } else if (!read.found) {
        setPlainText(m_summary, tr("Trace %1").arg(m_traceId.left(12)));
        setPlainText(m_note, tr("No stored event of this trace has spans."));
    } else {
        setPlainText(m_summary,
            tr("Trace %1 · %n span(s)", nullptr, static_cast<int>(read.spans)).arg(m_traceId.left(12))
                + tr(" · %n service(s)", nullptr, static_cast<int>(read.services)));
        QFont bold = m_steps->font();
        bold.setBold(true);
        for (std::size_t i = 0; i < m_path.size(); ++i) {
            const trace::PathStep& s = m_path[i];
            auto* item = new QTreeWidgetItem(m_steps);
            const QString indent(static_cast<int>(i) * 2, QLatin1Char(' '));
            item->setText(ServiceColumn, indent + (s.synthetic ? tr("(several roots)") : qs(s.service)));
            item->setText(OpColumn, qs(s.op));
            item->setText(DescriptionColumn, firstLine(qs(s.description)));
            item->setToolTip(DescriptionColumn, qs(s.description));
            item->setData(0, kStepRole, static_cast<int>(i));
            if (i + 1 == m_path.size()) {
                for (int c = 0; c < 3; ++c)
                    item->setFont(c, bold);
                item->setIcon(ServiceColumn, style()->standardIcon(QStyle::SP_MessageBoxWarning));
            }
        }
        for (int c = 0; c < 2; ++c)
            m_steps->resizeColumnToContents(c);
        if (read.path.onRoot && !read.path.reportedSpanId.empty()) {
            setPlainText(m_note,
                tr("The event names span %1, which no stored event of the trace recorded: it is "
                   "shown on the trace's root.")
                    .arg(qs(read.path.reportedSpanId)));
        } else if (read.path.onRoot) {
            setPlainText(m_note, tr("The event names no span: it is shown on the trace's root."));
        } else if (m_path.empty()) {
            setPlainText(m_note, tr("The event's span is not in the trace."));
        }
    }
    m_note->setVisible(!m_note->text().isEmpty());
    Q_EMIT pathShown();
}

} // namespace stackdeck::ui
