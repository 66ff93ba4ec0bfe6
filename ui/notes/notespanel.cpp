#include "notespanel.h"

#include "common/futurewatch.h"
#include "common/plaintext.h"
#include "noteeditor.h"
#include "notejobs.h"
#include "notelistmodel.h"
#include "noteview.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QPushButton>
#include <QSplitter>
#include <QStackedWidget>
#include <QTableView>
#include <QVBoxLayout>

#include <utility>

namespace stackdeck::ui {

NotesPanel::NotesPanel(QWidget* parent)
    : QWidget(parent)
    , m_model(new NoteListModel(this))
    , m_list(new QTableView(this))
    , m_view(new NoteView(this))
    , m_editor(new NoteEditor(this))
    , m_stack(new QStackedWidget(this))
    , m_add(new QPushButton(tr("Add note"), this))
    , m_edit(new QPushButton(tr("Edit"), this))
    , m_delete(new QPushButton(tr("Delete"), this))
{
    setObjectName(QStringLiteral("notesPanel"));
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(m_add);
    buttons->addWidget(m_edit);
    buttons->addWidget(m_delete);
    buttons->addStretch(1);
    layout->addLayout(buttons);
    m_list->setModel(m_model);
    m_list->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_list->setSelectionMode(QAbstractItemView::SingleSelection);
    m_list->verticalHeader()->hide();
    m_list->setShowGrid(false);
    m_list->setWordWrap(false);
    m_list->horizontalHeader()->setStretchLastSection(true);
    auto* split = new QSplitter(Qt::Vertical, this);
    split->addWidget(m_list);
    m_stack->addWidget(m_view);
    m_stack->addWidget(m_editor);
    split->addWidget(m_stack);
    split->setStretchFactor(1, 2);
    layout->addWidget(split, 1);

    connect(m_add, &QPushButton::clicked, this, [this] { startIssueNote(); });
    connect(m_edit, &QPushButton::clicked, this, [this] { editSelected(); });
    connect(m_delete, &QPushButton::clicked, this, [this] { deleteSelected(); });
    connect(m_list->selectionModel(), &QItemSelectionModel::currentRowChanged, this, [this] { showSelected(); });
    connect(m_editor, &NoteEditor::saved, this, [this](const QString& text) {
        store::Note note = m_draft;
        note.text = text.toStdString();
        writeNote(note);
        m_stack->setCurrentWidget(m_view);
    });
    connect(m_editor, &NoteEditor::cancelled, this, [this] { m_stack->setCurrentWidget(m_view); });
    showSelected();
}

void NotesPanel::setSession(std::shared_ptr<store::WorkspaceSession> session)
{
    m_session = std::move(session);
    m_issue = {};
    reload();
}

void NotesPanel::setIssue(IssueId issue)
{
    if (issue == m_issue)
        return;
    m_issue = issue;
    m_stack->setCurrentWidget(m_view);
    reload();
}

void NotesPanel::reload()
{
    const quint64 job = ++m_job;
    m_add->setEnabled(m_session && m_issue.isValid());
    if (!m_session || !m_issue.isValid()) {
        m_model->setRows({});
        showSelected();
        Q_EMIT loaded();
        return;
    }
    ++m_loading;
    whenFinished(this, loadIssueNotes(m_session, m_issue), [this, job](const NoteList& notes) {
        --m_loading;
        if (job != m_job)
            return;
        if (!notes) {
            Q_EMIT failed(qs(notes.error().message));
            return;
        }
        const std::int64_t keep = m_selectAfterLoad ? std::exchange(m_selectAfterLoad, 0)
            : m_list->currentIndex().isValid() ? m_list->currentIndex().data(NoteListModel::NoteIdRole).toLongLong()
                                               : 0;
        m_model->setRows(*notes);
        const int row = keep ? m_model->rowOfNote(keep) : m_model->rowCount() - 1;
        if (row >= 0)
            m_list->setCurrentIndex(m_model->index(row, 0));
        showSelected();
        Q_EMIT loaded();
    });
}

void NotesPanel::showSelected()
{
    const QModelIndex current = m_list->currentIndex();
    m_edit->setEnabled(current.isValid());
    m_delete->setEnabled(current.isValid());
    if (!current.isValid()) {
        m_view->setNote(m_model->rowCount() == 0 ? tr("*No notes yet.*") : QString());
        return;
    }
    const store::Note& note = m_model->rowAt(current.row());
    // The header line is ours (plain words), the body the author's Markdown, rendered without HTML.
    m_view->setNote(qs(note.text));
}

void NotesPanel::startNote(const store::NoteTarget& target, const QString& what)
{
    m_draft = {};
    m_draft.target = target;
    m_editor->start(what);
    m_stack->setCurrentWidget(m_editor);
}

void NotesPanel::startIssueNote()
{
    if (!m_issue.isValid())
        return;
    store::NoteTarget target;
    target.kind = store::NoteTarget::Kind::Issue;
    target.issue = m_issue;
    startNote(target, noteTargetText(target));
}

void NotesPanel::editSelected()
{
    const QModelIndex current = m_list->currentIndex();
    if (!current.isValid())
        return;
    m_draft = m_model->rowAt(current.row());
    m_editor->start(noteTargetText(m_draft.target), qs(m_draft.text));
    m_stack->setCurrentWidget(m_editor);
}

void NotesPanel::deleteSelected()
{
    const QModelIndex current = m_list->currentIndex();
    if (!current.isValid() || !m_session)
        return;
    whenFinished(
        this, deleteNote(m_session, m_model->rowAt(current.row()).id), [this](const Result<std::int64_t>& done) {
            if (!done) {
                Q_EMIT failed(qs(done.error().message));
                return;
            }
            Q_EMIT notesChanged();
            reload();
        });
}

void NotesPanel::writeNote(const store::Note& note)
{
    if (!m_session)
        return;
    whenFinished(this, saveNote(m_session, note), [this](const Result<std::int64_t>& id) {
        if (!id) {
            Q_EMIT failed(qs(id.error().message));
            return;
        }
        m_selectAfterLoad = *id;
        Q_EMIT notesChanged();
        reload();
    });
}

bool NotesPanel::isEditing() const
{
    return m_stack->currentWidget() == m_editor;
}

} // namespace stackdeck::ui
