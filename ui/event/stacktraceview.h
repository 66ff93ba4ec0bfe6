#pragma once

#include "itemmodels/framemodel.h"

#include <QWidget>

#include <string>

class QTreeView;
class QPlainTextEdit;
class QStackedWidget;
class QToolButton;
class QComboBox;
class QLabel;
class QHBoxLayout;
class QMenu;

namespace stackdeck::ui {

class FindBar;
class EventNotes;
class NoteMarkerDelegate;

// Frames of one stack trace: app-only / full / raw text, newest- or
// oldest-first, expandable frames with context lines and variables.
class StackTraceView : public QWidget {
    Q_OBJECT
public:
    enum class Mode { AppOnly, Full, Raw };
    explicit StackTraceView(QWidget* parent = nullptr);

    // `header` is the exception line ("ValueError: bad") for the raw text.
    void setStacktrace(
        const Stacktrace* stack, const nlohmann::ordered_json* meta, const QString& header, const QString& platform);
    void setMode(Mode mode);
    Mode mode() const { return m_mode; }
    void setNewestFirst(bool newestFirst);
    bool newestFirst() const { return m_newestFirst; }
    QString stackText() const; // what "Copy stack trace" copies, in the display order
    void activateFind();

    FrameModel* model() const { return m_model; }
    QTreeView* tree() const { return m_tree; }
    QPlainTextEdit* rawView() const { return m_raw; }
    QToolButton* appOnlyButton() const { return m_appOnly; }
    QToolButton* fullButton() const { return m_full; }
    QToolButton* rawButton() const { return m_rawButton; }
    QComboBox* orderBox() const { return m_order; }
    // Above the frames: the picker of a threads pane goes here.
    void addHeaderWidget(QWidget* widget);
    // The event's notes: a marker on each frame row with a note, "Add note…" on a frame's menu.
    void setNotes(EventNotes* notes);
    // Which of the event's stack traces this shows (store::NoteTarget::stack:
    // exception:K, thread:K, event): a frame note belongs to one of them.
    void setNoteStack(const std::string& stack);
    NoteMarkerDelegate* noteMarkers() const { return m_markers; }
    // The context menu of a row (null when the row is not a frame's); the caller owns it.
    QMenu* contextMenuFor(const QModelIndex& index);

Q_SIGNALS:
    void displayChanged();

private:
    void rebuild();
    void updateNoteMarkers();
    const Stacktrace* m_stack = nullptr;
    const nlohmann::ordered_json* m_meta = nullptr;
    QString m_header;
    QString m_platform;
    Mode m_mode = Mode::AppOnly;
    bool m_newestFirst = true;
    FrameModel* m_model;
    QTreeView* m_tree;
    QPlainTextEdit* m_raw;
    FindBar* m_find;
    QStackedWidget* m_stackWidget;
    QToolButton* m_appOnly;
    QToolButton* m_full;
    QToolButton* m_rawButton;
    QComboBox* m_order;
    QLabel* m_summary;
    QHBoxLayout* m_bar;
    EventNotes* m_notes = nullptr;
    std::string m_noteStack;
    NoteMarkerDelegate* m_markers;
};

// The text of a stack trace the way its platform prints it (Python traceback
// order for Python, "at function (file:line:col)" otherwise).
QString formatStackText(const Stacktrace& stack, const QString& header, const QString& platform, bool newestFirst);

} // namespace stackdeck::ui
