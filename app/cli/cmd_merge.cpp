#include "regroup/issuemerge.h"
#include "triagecommon.h"

namespace stackdeck::cli {

namespace {

int runMergeOrUnmerge(const Context& ctx, bool merge)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(merge ? QStringLiteral("Merge issues into the first one.")
                                           : QStringLiteral("Split a merged issue by hash again."));
    addCommonOptions(parser);
    addWaitOption(parser);
    parser.addPositionalArgument(QStringLiteral("ISSUE_ID"),
        merge ? QStringLiteral("Issues, the target first.") : QStringLiteral("The issue to split."),
        merge ? QStringLiteral("ISSUE_ID...") : QStringLiteral("ISSUE_ID"));
    if (!parseOrFail(parser, ctx))
        return UsageError;
    const auto ids = parseIssueIds(parser.positionalArguments());
    if (!ids)
        return UsageError;
    if (merge ? ids->size() < 2 : ids->size() != 1) {
        printError(
            merge ? QStringLiteral("usage: merge ISSUE_ID ISSUE_ID...") : QStringLiteral("usage: unmerge ISSUE_ID"));
        return UsageError;
    }
    auto ws = openWorkspace(parser, false);
    if (!ws)
        return UsageError;
    const auto lock = lockForTriage(parser, merge ? "merge" : "unmerge");
    if (!lock)
        return UsageError;
    auto out = merge ? regroup::mergeIssues(ws->path(), ws->db(), *ids)
                     : regroup::unmergeIssue(ws->path(), ws->db(), ids->front());
    if (!out) {
        printError(QString::fromStdString(out.error().message));
        return UsageError;
    }
    nlohmann::json issues = nlohmann::json::array();
    QStringList list;
    for (const IssueId i : out->issues) {
        issues.push_back(i.value);
        list << QStringLiteral("#%1").arg(i.value);
    }
    if (parser.isSet(QStringLiteral("json")))
        printJson({{"issue", out->target.value}, {merge ? "merged" : "split_off", issues}, {"events", out->events}});
    else if (merge)
        printLine(QStringLiteral("merged %1 into #%2 (%3 events)")
                      .arg(list.join(QStringLiteral(", ")))
                      .arg(out->target.value)
                      .arg(out->events));
    else
        printLine(QStringLiteral("split #%1 into #%1, %2").arg(out->target.value).arg(list.join(QStringLiteral(", "))));
    return Success;
}

} // namespace

int runMerge(const Context& ctx)
{
    return runMergeOrUnmerge(ctx, true);
}

int runUnmerge(const Context& ctx)
{
    return runMergeOrUnmerge(ctx, false);
}

} // namespace stackdeck::cli
