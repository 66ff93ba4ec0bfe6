#include "noteeditor.h"

#include "common/plaintext.h"
#include "noteview.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QShortcut>
#include <QStackedWidget>
#include <QVBoxLayout>

namespace stackdeck::ui {

NoteEditor::NoteEditor(QWidget* parent)
    : QWidget(parent)
    , m_what(new QLabel(this))
    , m_edit(new QPlainTextEdit(this))
    , m_preview(new NoteView(this))
    , m_stack(new QStackedWidget(this))
    , m_toggle(new QPushButton(tr("Preview"), this))
    , m_save(new QPushButton(tr("Save note"), this))
{
    setObjectName(QStringLiteral("noteEditor"));
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_what);
    m_edit->setPlaceholderText(tr("Markdown: **bold**, `code`, [link](https://…), lists. HTML shows as text."));
    m_edit->setTabChangesFocus(true);
    m_stack->addWidget(m_edit);
    m_stack->addWidget(m_preview);
    layout->addWidget(m_stack, 1);
    auto* buttons = new QHBoxLayout;
    auto* cancel = new QPushButton(tr("Cancel"), this);
    m_toggle->setCheckable(true);
    m_save->setDefault(true);
    buttons->addWidget(m_toggle);
    buttons->addStretch(1);
    buttons->addWidget(cancel);
    buttons->addWidget(m_save);
    layout->addLayout(buttons);
    connect(m_toggle, &QPushButton::toggled, this, [this](bool on) { showPreview(on); });
    connect(m_edit, &QPlainTextEdit::textChanged, this,
        [this] { m_save->setEnabled(!m_edit->toPlainText().trimmed().isEmpty()); });
    connect(m_save, &QPushButton::clicked, this, [this] { Q_EMIT saved(text()); });
    connect(cancel, &QPushButton::clicked, this, &NoteEditor::cancelled);
    auto* saveKey = new QShortcut(QKeySequence(Qt::CTRL | Qt::Key_Return), this);
    saveKey->setContext(Qt::WidgetWithChildrenShortcut);
    connect(saveKey, &QShortcut::activated, m_save, &QPushButton::click);
    auto* escape = new QShortcut(QKeySequence(Qt::Key_Escape), this);
    escape->setContext(Qt::WidgetWithChildrenShortcut);
    connect(escape, &QShortcut::activated, this, &NoteEditor::cancelled);
    m_save->setEnabled(false);
}

void NoteEditor::start(const QString& what, const QString& markdown)
{
    setPlainText(m_what, what.isEmpty() ? QString() : tr("Note on %1").arg(what));
    setText(markdown);
    showPreview(false);
    m_edit->setFocus(Qt::OtherFocusReason);
}

QString NoteEditor::text() const
{
    return m_edit->toPlainText();
}

void NoteEditor::setText(const QString& markdown)
{
    m_edit->setPlainText(markdown);
}

void NoteEditor::showPreview(bool preview)
{
    if (preview)
        m_preview->setNote(text());
    m_stack->setCurrentWidget(preview ? static_cast<QWidget*>(m_preview) : m_edit);
    const QSignalBlocker block(m_toggle);
    m_toggle->setChecked(preview);
}

bool NoteEditor::isPreviewing() const
{
    return m_stack->currentWidget() == m_preview;
}

} // namespace stackdeck::ui
