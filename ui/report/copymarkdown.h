#pragma once

#include "model/ids.h"
#include "store/workspacesession.h"

#include <QFuture>
#include <QString>

#include <memory>
#include <string>

namespace stackdeck::ui {

// "Copy as Markdown": the Markdown of one issue (with its latest event) or of
// one event, read and rendered on a worker (core/report's issueMarkdown() and
// eventMarkdown()). The result is the text, or the error prefixed "error: ".
struct MarkdownCopy {
    QString text;
    QString error;
};
QFuture<MarkdownCopy> issueMarkdownAsync(std::shared_ptr<store::WorkspaceSession> session, IssueId issue);
QFuture<MarkdownCopy> eventMarkdownAsync(std::shared_ptr<store::WorkspaceSession> session, std::string eventId);

// Puts the text on the clipboard when the read lands (unless `context` is gone
// by then); `done` gets the error, empty on success.
void copyToClipboardWhenReady(
    QObject* context, QFuture<MarkdownCopy> future, std::function<void(const QString& error)> done);

} // namespace stackdeck::ui
