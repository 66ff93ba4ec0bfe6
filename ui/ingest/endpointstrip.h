#pragma once

#include "endpointcontroller.h"

#include <QWidget>

class QLabel;
class QToolButton;

namespace stackdeck::ui {

// The sidebar's "Local endpoint" section: whether it runs, where, what it
// stored; Start / Stop and a way to its panel.
class EndpointStrip : public QWidget {
    Q_OBJECT
public:
    explicit EndpointStrip(EndpointController* controller, QWidget* parent = nullptr);
    QToolButton* startButton() const { return m_startStop; }
    QString stateText() const;

Q_SIGNALS:
    void toggleRequested();
    void panelRequested();

private:
    void update();
    EndpointController* m_controller;
    QLabel* m_state;
    QToolButton* m_startStop;
};

} // namespace stackdeck::ui
