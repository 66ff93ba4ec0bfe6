#pragma once

#include "eventpane.h"
#include "itemmodels/nodetreemodel.h"

class QTreeView;
class QLabel;

namespace stackdeck::ui {

class StackTraceView;

// The exception chain in natural order (cause first, the reported exception
// last), exception groups as a tree by mechanism exception_id/parent_id, and
// the stack trace of the selected exception below.
class ExceptionPane : public EventPane {
    Q_OBJECT
public:
    explicit ExceptionPane(QWidget* parent = nullptr);
    QString paneName() const override { return QStringLiteral("exception"); }
    QString title() const override { return QStringLiteral("Exception"); }
    bool hasContent(const LoadedEvent& event) const override;
    void populate(const LoadedEvent& event) override;
    void activateFind() override;

    QTreeView* chainView() const { return m_chain; }
    NodeTreeModel* chainModel() const { return m_model; }
    StackTraceView* stackView() const { return m_stack; }
    void selectException(int index); // index into event.exceptions; -1 = top-level stack trace

private:
    void showStackOf(int exceptionIndex);
    LoadedEventPtr m_event;
    const LoadedEvent* m_current = nullptr;
    NodeTreeModel* m_model;
    QTreeView* m_chain;
    QLabel* m_headline;
    StackTraceView* m_stack;
};

QString mechanismText(const Mechanism& m);
QString exceptionHeadline(const ExceptionValue& ex);

} // namespace stackdeck::ui
