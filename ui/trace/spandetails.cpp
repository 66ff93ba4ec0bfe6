#include "spandetails.h"

#include "common/plaintext.h"
#include "timemapping.h"

#include <QHeaderView>
#include <QLabel>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace stackdeck::ui {

SpanDetails::SpanDetails(QWidget* parent)
    : QWidget(parent)
    , m_title(new QLabel(this))
    , m_tree(new QTreeWidget(this))
{
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    m_title->setWordWrap(true);
    QFont bold = m_title->font();
    bold.setBold(true);
    m_title->setFont(bold);
    m_title->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(m_title);
    m_tree->setColumnCount(2);
    m_tree->setHeaderLabels({tr("Field"), tr("Value")});
    m_tree->setRootIsDecorated(true);
    m_tree->setUniformRowHeights(true);
    m_tree->header()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    layout->addWidget(m_tree, 1);
    showSpan(nullptr, -1);
}

void SpanDetails::showSpan(const trace::Trace* trace, int span)
{
    m_tree->clear();
    m_span = trace && span >= 0 && span < static_cast<int>(trace->spans.size()) ? span : -1;
    if (m_span < 0) {
        setPlainText(m_title, tr("Select a span to see its details."));
        return;
    }
    const auto& s = trace->spans[static_cast<std::size_t>(span)];
    setPlainText(m_title, firstLine(qs(s.description.empty() ? s.op : s.description), 500));
    auto* general = new QTreeWidgetItem(m_tree, {tr("Span")});
    auto add = [](QTreeWidgetItem* parent, const QString& key, const QString& value) {
        auto* item = new QTreeWidgetItem(parent, {key, value});
        item->setToolTip(1, plainToolTip(value.left(2000)));
    };
    const Micros traceStart = trace->spans.front().start;
    add(general, tr("Operation"), qs(s.op));
    add(general, tr("Description"), qs(s.description));
    add(general, tr("Status"), qs(s.status));
    add(general, tr("Service"), qs(s.service));
    add(general, tr("Project"), qs(s.project));
    add(general, tr("Span ID"), qs(s.spanId));
    add(general, tr("Parent span ID"), qs(s.parentSpanId));
    add(general, tr("Start"), QStringLiteral("+") + durationText(s.start - traceStart));
    add(general, tr("Duration"), durationText(s.duration()));
    add(general, tr("Self time"), durationText(s.selfTime));
    add(general, tr("Critical path"), s.critical ? durationText(s.criticalTime) : tr("no"));
    if (s.has(trace::Skewed))
        add(general, tr("Clock skew"),
            tr("adjusted by %1 (duration %2)")
                .arg(durationText(s.adjustedStart - s.start), durationText(s.adjustedDuration())));
    if (s.has(trace::Orphan))
        add(general, tr("Orphan"), tr("its parent span is not in the trace"));
    if (s.has(trace::NoTimes))
        add(general, tr("Times"), tr("not recorded: placed at its parent's start"));
    add(general, tr("Event"), qs(s.eventId));
    for (const auto& e : trace->errors) {
        if (e.span == span)
            add(general, tr("Error"), qs(e.eventId) + QStringLiteral("  ") + firstLine(qs(e.title)));
    }
    general->setExpanded(true);
    QTreeWidgetItem* notes = nullptr;
    for (const store::SpanNote& n : m_notes) {
        if (n.spanId != s.spanId)
            continue;
        if (!notes)
            notes = new QTreeWidgetItem(m_tree, {tr("Notes")});
        const QString text = qs(n.text);
        auto* item = new QTreeWidgetItem(notes, {qs(n.author), firstLine(text, 500)});
        item->setToolTip(1, plainToolTip(text.left(2000)));
    }
    if (notes)
        notes->setExpanded(true);
    new QTreeWidgetItem(m_tree, {tr("Loading data and tags…")});
}

void SpanDetails::setSpanNotes(const trace::Trace*, const std::vector<store::SpanNote>& notes)
{
    m_notes = notes;
}

void SpanDetails::setAttributes(int span, const std::vector<trace::SpanAttribute>& attributes, const QString& error)
{
    if (span != m_span || m_span < 0)
        return;
    delete m_tree->topLevelItem(m_tree->topLevelItemCount() - 1); // the "loading" line
    if (!error.isEmpty()) {
        new QTreeWidgetItem(m_tree, {tr("Stored original"), error});
        return;
    }
    if (attributes.empty()) {
        new QTreeWidgetItem(m_tree, {tr("No data or tags stored for this span")});
        return;
    }
    QTreeWidgetItem* section = nullptr;
    for (const auto& a : attributes) {
        if (!section || section->text(0) != qs(a.section)) {
            section = new QTreeWidgetItem(m_tree, {qs(a.section)});
            section->setExpanded(true);
        }
        const QString value = qs(a.value);
        auto* item = new QTreeWidgetItem(section, {qs(a.key), firstLine(value, 500)});
        item->setToolTip(1, plainToolTip(value.left(2000)));
    }
}

} // namespace stackdeck::ui
