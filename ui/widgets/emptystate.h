#pragma once

#include <QWidget>

class QLabel;
class QPushButton;

namespace stackdeck::ui {

// A message with up to two ways out, shown in place of an empty view.
class EmptyState : public QWidget {
    Q_OBJECT
public:
    explicit EmptyState(QWidget* parent = nullptr);
    void setMessage(const QString& title, const QString& detail = {});
    // Empty text hides the button.
    void setActions(const QString& primary, const QString& secondary = {});
    QString title() const;
    QPushButton* primaryButton() const { return m_primary; }
    QPushButton* secondaryButton() const { return m_secondary; }

Q_SIGNALS:
    void primaryClicked();
    void secondaryClicked();

private:
    QLabel* m_title;
    QLabel* m_detail;
    QPushButton* m_primary;
    QPushButton* m_secondary;
};

} // namespace stackdeck::ui
