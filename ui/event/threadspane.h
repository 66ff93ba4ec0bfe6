#pragma once

#include "eventpane.h"

class QComboBox;

namespace stackdeck::ui {

class StackTraceView;

// The event's threads, the crashed one first, with a picker and the selected
// thread's stack trace.
class ThreadsPane : public EventPane {
    Q_OBJECT
public:
    explicit ThreadsPane(QWidget* parent = nullptr);
    QString paneName() const override { return QStringLiteral("threads"); }
    QString title() const override { return QStringLiteral("Threads"); }
    bool hasContent(const LoadedEvent& event) const override;
    void populate(const LoadedEvent& event) override;
    void activateFind() override;
    QComboBox* picker() const { return m_picker; }
    StackTraceView* stackView() const { return m_stack; }

    // Thread indexes in display order: crashed first, then current, then the rest as sent.
    static std::vector<int> displayOrder(const std::vector<Thread>& threads);

private:
    void showThread(int threadIndex);
    const LoadedEvent* m_current = nullptr;
    QComboBox* m_picker;
    StackTraceView* m_stack;
};

} // namespace stackdeck::ui
