#pragma once

#include <QTextBrowser>
#include <QTextDocument>
#include <QUrl>

#include <functional>

namespace stackdeck::ui {

// A document that never loads a resource: no image, no style sheet, no file,
// whatever a note's Markdown names (notes arrive from others: case files,
// server comments).
class SafeNoteDocument : public QTextDocument {
    Q_OBJECT
public:
    using QTextDocument::QTextDocument;
    // Loads that were refused (for tests).
    int refusedLoads() const { return m_refused; }

protected:
    QVariant loadResource(int type, const QUrl& name) override;

private:
    int m_refused = 0;
};

// Renders `markdown` into `doc` as GitHub-flavoured Markdown without raw
// HTML: tags in a note show as the text they are.
void setNoteMarkdown(QTextDocument* doc, const QString& markdown);

// Shows one note's Markdown, read-only. Links open only on a click, and only
// http, https and mailto ones, through the link handler (the desktop's
// browser by default); nothing is fetched to show the note.
class NoteView : public QTextBrowser {
    Q_OBJECT
public:
    explicit NoteView(QWidget* parent = nullptr);
    void setNote(const QString& markdown);
    SafeNoteDocument* noteDocument() const { return m_doc; }
    // Replaces QDesktopServices::openUrl (tests, or a confirmation first).
    void setLinkHandler(std::function<void(const QUrl&)> handler) { m_open = std::move(handler); }
    static bool isOpenable(const QUrl& url);

Q_SIGNALS:
    void linkOpened(const QUrl& url);
    void linkRefused(const QUrl& url);

protected:
    QVariant loadResource(int type, const QUrl& name) override;

private:
    SafeNoteDocument* m_doc;
    std::function<void(const QUrl&)> m_open;
};

} // namespace stackdeck::ui
