#include "copymarkdown.h"

#include "common/futurewatch.h"
#include "report/issuereport.h"
#include "report/renderers.h"

#include <QClipboard>
#include <QGuiApplication>
#include <QtConcurrent/QtConcurrentRun>

namespace stackdeck::ui {

namespace {
template <typename Load, typename Render>
MarkdownCopy readMarkdown(store::WorkspaceSession& session, const Load& load, const Render& render)
{
    MarkdownCopy out;
    auto reader = session.reader();
    if (!reader) {
        out.error = QString::fromStdString(reader.error().message);
        return out;
    }
    try {
        auto report = load(reader->db());
        if (!report) {
            out.error = QString::fromStdString(report.error().message);
            return out;
        }
        out.text = QString::fromStdString(render(report.value()));
    } catch (const std::exception& e) {
        out.error = QString::fromUtf8(e.what());
    }
    return out;
}
} // namespace

QFuture<MarkdownCopy> issueMarkdownAsync(std::shared_ptr<store::WorkspaceSession> session, IssueId issue)
{
    return QtConcurrent::run([session = std::move(session), issue] {
        return readMarkdown(
            *session, [issue](sql::Database& db) { return report::loadIssueReport(db, issue); },
            [](const report::IssueReport& r) { return report::issueMarkdown(r); });
    });
}

QFuture<MarkdownCopy> eventMarkdownAsync(std::shared_ptr<store::WorkspaceSession> session, std::string eventId)
{
    return QtConcurrent::run([session = std::move(session), eventId = std::move(eventId)] {
        return readMarkdown(
            *session, [&eventId](sql::Database& db) { return report::loadEventReport(db, eventId); },
            [](const report::IssueReport& r) { return report::eventMarkdown(r); });
    });
}

void copyToClipboardWhenReady(
    QObject* context, QFuture<MarkdownCopy> future, std::function<void(const QString& error)> done)
{
    whenFinished(context, std::move(future), [done = std::move(done)](const MarkdownCopy& copy) {
        if (copy.error.isEmpty())
            QGuiApplication::clipboard()->setText(copy.text);
        if (done)
            done(copy.error);
    });
}

} // namespace stackdeck::ui
