#include "findbar.h"

#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QShortcut>
#include <QTextCursor>
#include <QToolButton>

namespace stackdeck::ui {

FindBar::FindBar(QPlainTextEdit* target, QWidget* parent)
    : QWidget(parent)
    , m_target(target)
    , m_field(new QLineEdit(this))
    , m_status(new QLabel(this))
{
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 2, 0, 2);
    m_field->setPlaceholderText(tr("Find"));
    m_field->setClearButtonEnabled(true);
    auto* prev = new QToolButton(this);
    prev->setText(tr("Previous"));
    auto* next = new QToolButton(this);
    next->setText(tr("Next"));
    auto* close = new QToolButton(this);
    close->setText(tr("Close"));
    m_status->setTextFormat(Qt::PlainText);
    layout->addWidget(m_field, 1);
    layout->addWidget(prev);
    layout->addWidget(next);
    layout->addWidget(m_status);
    layout->addWidget(close);
    connect(m_field, &QLineEdit::returnPressed, this, [this] { findNext(false); });
    connect(m_field, &QLineEdit::textEdited, this, [this] {
        QTextCursor c = m_target->textCursor();
        c.setPosition(c.selectionStart());
        m_target->setTextCursor(c);
        findNext(false);
    });
    connect(next, &QToolButton::clicked, this, [this] { findNext(false); });
    connect(prev, &QToolButton::clicked, this, [this] { findNext(true); });
    connect(close, &QToolButton::clicked, this, &QWidget::hide);
    auto* esc = new QShortcut(QKeySequence(Qt::Key_Escape), this, this, &QWidget::hide, Qt::WidgetWithChildrenShortcut);
    (void)esc;
    hide();
}

void FindBar::activate()
{
    show();
    m_field->setFocus(Qt::ShortcutFocusReason);
    m_field->selectAll();
}

bool FindBar::findNext(bool backward)
{
    const QString needle = m_field->text();
    if (needle.isEmpty()) {
        m_status->clear();
        return false;
    }
    const QTextDocument::FindFlags flags = backward ? QTextDocument::FindBackward : QTextDocument::FindFlags();
    bool found = m_target->find(needle, flags);
    if (!found) {
        QTextCursor c = m_target->textCursor();
        c.movePosition(backward ? QTextCursor::End : QTextCursor::Start);
        m_target->setTextCursor(c);
        found = m_target->find(needle, flags);
    }
    m_status->setText(found ? QString() : tr("Not found"));
    return found;
}

} // namespace stackdeck::ui
