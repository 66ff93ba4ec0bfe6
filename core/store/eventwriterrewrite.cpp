// EventWriter's rewrites of stored events: a reindex derives an event's rows
// again, a regroup moves it to another issue (eventwriter.h).

#include "eventwriter.h"

namespace stackdeck::store {

IssueId EventWriter::rederive(EventRowId row, const PreparedEvent& event, BatchCounts& counts)
{
    const ProjectId project = ensureProject(event.project);
    const IssueId issue = event.groupable ? resolveIssue(project, event, counts) : IssueId();
    const std::vector<std::int64_t> tags = tagIds(event.tags);
    updateEventRow(row, issue, event, tags);
    deriveRows(row, issue, event, tags);
    noteRelease(project, event);
    counts.spans += event.spans.count;
    if (event.isTransactionLike())
        ++counts.transactions;
    return issue;
}

IssueId EventWriter::regroup(EventRowId row, const PreparedEvent& event, BatchCounts& counts)
{
    const IssueId issue = event.groupable ? resolveIssue(ensureProject(event.project), event, counts) : IssueId();
    updateGrouping(row, issue, event);
    deriveRows(row, issue, event, tagIds(event.tags));
    return issue;
}

IssueId EventWriter::regroupInto(EventRowId row, const PreparedEvent& event, IssueId issue, BatchCounts& counts)
{
    if (!issue.isValid())
        issue = createIssue(ensureProject(event.project), event, counts);
    updateGrouping(row, issue, event);
    deriveRows(row, issue, event, tagIds(event.tags));
    return issue;
}

void EventWriter::updateGrouping(EventRowId row, IssueId issue, const PreparedEvent& event)
{
    auto& update = m_db.cached(
        "UPDATE events SET issue_id = ?2, title = ?3, culprit = ?4, primary_hash = ?5, hashes = ?6 WHERE id = ?1");
    update.bind(1, row.value);
    if (issue.isValid())
        update.bind(2, issue.value);
    else
        update.bindNull(2);
    update.bindOrNull(3, event.title)
        .bindOrNull(4, event.culprit)
        .bindOrNull(5, event.hashes.empty() ? std::string() : event.hashes.front())
        .bindOrNull(6, event.hashesText())
        .run();
}

} // namespace stackdeck::store
