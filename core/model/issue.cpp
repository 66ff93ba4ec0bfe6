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

bool titleIsStandIn(const Issue& issue)
{
    const bool uninformative = issue.title.empty() || issue.title == "?" || issue.title == "<unknown>";
    return uninformative && !issue.message.empty();
}

std::string displayTitle(const Issue& issue)
{
    if (!titleIsStandIn(issue))
        return issue.title;
    const auto end = issue.message.find('\n');
    return end == std::string::npos ? issue.message : issue.message.substr(0, end);
}

} // namespace stackdeck
