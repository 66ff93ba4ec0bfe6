// The issue list's text and icons for an issue's title, level and status
// (declared in issuelistmodel.h; used by the list, the header and the detail).
#include "common/plaintext.h"
#include "issuelistmodel.h"

#include <QCoreApplication>

namespace stackdeck::ui {

QString titleText(const Issue& issue)
{
    // Painted for every visible row: no copy of the title on the way.
    const std::string& title = titleIsStandIn(issue) ? issue.message : issue.title;
    return title.empty() ? QCoreApplication::translate("IssueListModel", "<untitled>") : firstLine(qs(title));
}

QString levelText(Level level)
{
    return qs(std::string(levelName(level)));
}

QString statusText(IssueStatus status)
{
    return qs(std::string(issueStatusName(status)));
}

QIcon levelIcon(Level level)
{
    return QIcon(QStringLiteral(":/icons/level-") + levelText(level) + QStringLiteral(".svg"));
}

QIcon statusIcon(IssueStatus status)
{
    return QIcon(QStringLiteral(":/icons/status-") + statusText(status) + QStringLiteral(".svg"));
}

} // namespace stackdeck::ui
