#include "issue.h"

namespace stackdeck {

std::string_view issueStatusName(IssueStatus status)
{
    switch (status) {
    case IssueStatus::Unresolved:
        return "unresolved";
    case IssueStatus::Resolved:
        return "resolved";
    case IssueStatus::Ignored:
        return "ignored";
    }
    return "unresolved";
}

std::optional<IssueStatus> parseIssueStatus(std::string_view name)
{
    if (name == "unresolved")
        return IssueStatus::Unresolved;
    if (name == "resolved")
        return IssueStatus::Resolved;
    if (name == "ignored" || name == "muted")
        return IssueStatus::Ignored;
    return std::nullopt;
}

} // namespace stackdeck
