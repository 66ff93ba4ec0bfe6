#pragma once

#include <QWidget>

class QLabel;
class QProgressBar;
class QToolButton;

namespace stackdeck::ui {

class TriageRunner;

// A status-bar strip for the triage action in flight: what, how far, cancel.
// Hidden while nothing runs; the outcome stays readable for a few seconds.
class TriageProgress : public QWidget {
    Q_OBJECT
public:
    explicit TriageProgress(TriageRunner* runner, QWidget* parent = nullptr);
    QString text() const;
    int percent() const;

private:
    QLabel* m_label;
    QProgressBar* m_bar;
    QToolButton* m_cancel;
};

} // namespace stackdeck::ui
