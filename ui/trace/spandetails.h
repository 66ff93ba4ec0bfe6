#pragma once

#include "store/tracequeries.h"
#include "trace/spanattributes.h"
#include "trace/tracemodel.h"

#include <QWidget>

class QLabel;
class QTreeWidget;

namespace stackdeck::ui {

// The selected span: op, description, status, service, start, duration, self
// time, critical-path share, markers, attached errors, and the data, tags,
// attributes and measurements of its stored original (set once they are read),
// and the notes written on it.
// Everything is plain text.
class SpanDetails : public QWidget {
    Q_OBJECT
public:
    explicit SpanDetails(QWidget* parent = nullptr);

    void showSpan(const trace::Trace* trace, int span); // span -1 clears
    void setAttributes(int span, const std::vector<trace::SpanAttribute>& attributes, const QString& error = {});
    // Notes written on the trace's spans (the selected span's show as a section).
    void setSpanNotes(const trace::Trace* trace, const std::vector<store::SpanNote>& notes);
    int span() const { return m_span; }
    QTreeWidget* tree() const { return m_tree; }

private:
    QLabel* m_title;
    QTreeWidget* m_tree;
    int m_span = -1;
    std::vector<store::SpanNote> m_notes;
};

} // namespace stackdeck::ui
