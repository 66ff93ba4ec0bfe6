#include "triagecommon.h"

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
