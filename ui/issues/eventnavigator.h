#pragma once

#include <QWidget>

class QToolButton;
class QLabel;

namespace stackdeck::ui {

// Oldest / previous / next / latest and "N of M".
class EventNavigator : public QWidget {
    Q_OBJECT
public:
    enum class Step { Oldest, Previous, Next, Latest };
    explicit EventNavigator(QWidget* parent = nullptr);
    void setPosition(qint64 position, qint64 total);
    QString positionText() const;
    QToolButton* button(Step step) const;

Q_SIGNALS:
    void stepRequested(stackdeck::ui::EventNavigator::Step step);

private:
    QToolButton* m_buttons[4];
    QLabel* m_position;
};

} // namespace stackdeck::ui
