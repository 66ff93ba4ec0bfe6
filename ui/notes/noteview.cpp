#include "noteview.h"

#include <QDesktopServices>

namespace stackdeck::ui {

QVariant SafeNoteDocument::loadResource(int, const QUrl&)
{
    ++m_refused;
    return {};
}

void setNoteMarkdown(QTextDocument* doc, const QString& markdown)
{
    doc->setMarkdown(markdown,
        QTextDocument::MarkdownFeatures(QTextDocument::MarkdownDialectGitHub | QTextDocument::MarkdownNoHTML));
}

NoteView::NoteView(QWidget* parent)
    : QTextBrowser(parent)
    , m_doc(new SafeNoteDocument(this))
{
    setObjectName(QStringLiteral("noteView"));
    setDocument(m_doc);
    setOpenLinks(false); // a click is reported, never followed inside the view
    setOpenExternalLinks(false);
    setUndoRedoEnabled(false);
    m_open = [](const QUrl& url) { QDesktopServices::openUrl(url); };
    connect(this, &QTextBrowser::anchorClicked, this, [this](const QUrl& url) {
        if (!isOpenable(url)) {
            Q_EMIT linkRefused(url);
            return;
        }
        m_open(url);
        Q_EMIT linkOpened(url);
    });
}

void NoteView::setNote(const QString& markdown)
{
    setNoteMarkdown(m_doc, markdown);
}

bool NoteView::isOpenable(const QUrl& url)
{
    const QString scheme = url.scheme().toLower();
    return url.isValid() && !url.host().isEmpty()
        ? (scheme == QLatin1String("http") || scheme == QLatin1String("https"))
        : scheme == QLatin1String("mailto") && !url.path().isEmpty();
}

QVariant NoteView::loadResource(int, const QUrl&)
{
    return {};
}

} // namespace stackdeck::ui
