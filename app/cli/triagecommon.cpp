#include "triagecommon.h"

#include "store/tagcounts.h"
#include "store/triageevaluation.h"

namespace stackdeck::cli {

std::optional<store::WriterLock> lockForTriage(const QCommandLineParser& parser, const std::string& purpose)
{
    auto lock = store::WriterLock::acquire(
        workspacePath(parser), store::WriterLock::Kind::Shared, purpose, waitForWriters(parser));
    if (!lock) {
        printError(QString::fromStdString(lock.error().message));
        return std::nullopt;
    }
    return std::move(lock.value());
}

namespace {
// Tag counts an import left deferred (it was killed), counted from the events
// before anything reads them (store/tagcounts.h). Under the writer lock.
void countTagsLeftDeferred(store::Workspace& ws)
{
    try {
        store::catchUpTagCounts(ws.db());
    } catch (const std::exception& e) {
        printError(QStringLiteral("note: the tags of the newest events are not counted yet: %1")
                       .arg(QString::fromUtf8(e.what())));
    }
}

std::optional<store::WriterLock> sharedLock(const QCommandLineParser& parser, const char* job, const char* skipped)
{
    auto lock = store::WriterLock::acquire(
        workspacePath(parser), store::WriterLock::Kind::Shared, job, [](const std::string&) { return false; });
    if (!lock) {
        printError(QStringLiteral("note: %1: %2")
                       .arg(QString::fromUtf8(skipped), QString::fromStdString(lock.error().message)));
        return std::nullopt;
    }
    return std::move(lock.value());
}
} // namespace

void countDeferredTags(const QCommandLineParser& parser, store::Workspace& ws)
{
    if (!store::tagCountsBehind(ws.db()))
        return; // nothing to count: no lock, no note
    if (const auto lock = sharedLock(parser, "counting tags", "the tags of the newest events are not counted yet"))
        countTagsLeftDeferred(ws);
}

void reevaluateOnOpen(const QCommandLineParser& parser, store::Workspace& ws)
{
    const auto lock = sharedLock(parser, "triage re-evaluation", "ignore conditions not re-evaluated");
    if (!lock)
        return;
    countTagsLeftDeferred(ws);
    const auto reopened = store::reevaluateTriage(ws.db(), 0, "noticed when the workspace was opened");
    if (!reopened)
        printError(QString::fromStdString(reopened.error().message));
}

std::optional<std::vector<IssueId>> parseIssueIds(const QStringList& args)
{
    std::vector<IssueId> out;
    for (const QString& a : args) {
        bool ok = false;
        const qlonglong id = a.toLongLong(&ok);
        if (!ok || id <= 0) {
            printError(QStringLiteral("'%1' is not an issue id").arg(a));
            return std::nullopt;
        }
        out.emplace_back(id);
    }
    return out;
}

} // namespace stackdeck::cli
