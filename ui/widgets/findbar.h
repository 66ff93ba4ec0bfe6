#pragma once

#include <QWidget>

class QLineEdit;
class QLabel;
class QPlainTextEdit;

namespace stackdeck::ui {

// Ctrl+F bar for a read-only text view: next/previous, wraps, counts nothing
// it does not have to (large raw JSON stays responsive).
class FindBar : public QWidget {
    Q_OBJECT
public:
    explicit FindBar(QPlainTextEdit* target, QWidget* parent = nullptr);
    void activate(); // show, focus, select the text
    bool findNext(bool backward = false);
    QLineEdit* field() const { return m_field; }

private:
    QPlainTextEdit* m_target;
    QLineEdit* m_field;
    QLabel* m_status;
};

} // namespace stackdeck::ui
