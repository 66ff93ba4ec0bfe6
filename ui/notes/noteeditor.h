#pragma once

#include <QWidget>

class QPlainTextEdit;
class QPushButton;
class QStackedWidget;
class QLabel;

namespace stackdeck::ui {

class NoteView;

// Edits a note's Markdown in place, with a preview rendered as the note will
// show (no raw HTML, no resources). Save hands the text out; the caller writes it.
class NoteEditor : public QWidget {
    Q_OBJECT
public:
    explicit NoteEditor(QWidget* parent = nullptr);
    // `what` says where the note goes ("frame 3 of event 5f1c1c0a").
    void start(const QString& what, const QString& markdown = {});
    QString text() const;
    void setText(const QString& markdown);
    void showPreview(bool preview);
    bool isPreviewing() const;
    NoteView* preview() const { return m_preview; }
    QPlainTextEdit* edit() const { return m_edit; }

Q_SIGNALS:
    void saved(const QString& markdown);
    void cancelled();

private:
    QLabel* m_what;
    QPlainTextEdit* m_edit;
    NoteView* m_preview;
    QStackedWidget* m_stack;
    QPushButton* m_toggle;
    QPushButton* m_save;
};

} // namespace stackdeck::ui
