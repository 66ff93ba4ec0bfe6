#include "query/issuequery.h"
#include "store/localuser.h"
#include "store/triageactions.h"
#include "triagecommon.h"

#include <QDateTime>

namespace stackdeck::cli {

namespace {

// 30m, 2h, 7d, 1w (or plain seconds) -> microseconds; 0 when invalid.
std::int64_t parseDuration(const QString& text)
{
    if (text.isEmpty())
        return 0;
    const QChar unit = text.back();
    std::int64_t scale = 1;
    QString number = text;
    if (!unit.isDigit()) {
        number.chop(1);
        switch (unit.toLower().toLatin1()) {
        case 's':
            scale = 1;
            break;
        case 'm':
            scale = 60;
            break;
        case 'h':
            scale = 3600;
            break;
        case 'd':
            scale = 86400;
            break;
        case 'w':
            scale = 7 * 86400;
            break;
        default:
            return 0;
        }
    }
    bool ok = false;
    const qlonglong n = number.toLongLong(&ok);
    return ok && n > 0 ? n * scale * 1'000'000 : 0;
}

std::int64_t positive(const QCommandLineParser& p, const QString& name, bool& ok)
{
    if (!p.isSet(name))
        return 0;
    const qlonglong n = p.value(name).toLongLong(&ok);
    ok = ok && n > 0;
    if (!ok)
        printError(QStringLiteral("--%1 takes a positive number").arg(name));
    return n;
}

// The change the options ask for, or an error message.
std::variant<store::TriageChange, QString> changeFrom(const QCommandLineParser& p, std::int64_t now)
{
    store::TriageChange c;
    const bool inRelease = p.isSet(QStringLiteral("in-release"));
    const bool inNext = p.isSet(QStringLiteral("in-next-release"));
    const bool ignoreAny = p.isSet(QStringLiteral("ignore-for")) || p.isSet(QStringLiteral("ignore-until-events"))
        || p.isSet(QStringLiteral("ignore-until-users"));
    if (inRelease && inNext)
        return QStringLiteral("--in-release and --in-next-release exclude each other");
    if (p.isSet(QStringLiteral("status"))) {
        const QString s = p.value(QStringLiteral("status"));
        if (s == QLatin1String("resolved"))
            c.status = inRelease ? triage::Status::ResolvedInRelease
                : inNext         ? triage::Status::ResolvedInNextRelease
                                 : triage::Status::Resolved;
        else if (s == QLatin1String("unresolved"))
            c.status = triage::Status::Unresolved;
        else if (s == QLatin1String("ignored"))
            c.status = triage::Status::Ignored;
        else
            return QStringLiteral("unknown status '%1' (resolved, unresolved, ignored)").arg(s);
    } else if (inRelease || inNext) {
        c.status = inRelease ? triage::Status::ResolvedInRelease : triage::Status::ResolvedInNextRelease;
    } else if (ignoreAny) {
        c.status = triage::Status::Ignored;
    }
    if ((inRelease || inNext) && c.status != triage::Status::ResolvedInRelease
        && c.status != triage::Status::ResolvedInNextRelease)
        return QStringLiteral("--in-release and --in-next-release go with --status resolved");
    if (ignoreAny && c.status != triage::Status::Ignored)
        return QStringLiteral("the --ignore-* options go with --status ignored");
    c.release = p.value(QStringLiteral("in-release")).toStdString();
    if (p.isSet(QStringLiteral("ignore-for"))) {
        const std::int64_t d = parseDuration(p.value(QStringLiteral("ignore-for")));
        if (d == 0)
            return QStringLiteral("--ignore-for takes a duration like 30m, 2h, 7d or 1w");
        c.ignore.untilMicros = now + d;
    }
    bool ok = true;
    c.ignore.moreEvents = positive(p, QStringLiteral("ignore-until-events"), ok);
    c.ignore.moreUsers = ok ? positive(p, QStringLiteral("ignore-until-users"), ok) : 0;
    if (!ok)
        return QString();
    if (p.isSet(QStringLiteral("assign")))
        c.assignee = p.value(QStringLiteral("assign")).toStdString();
    if (p.isSet(QStringLiteral("bookmark")) || p.isSet(QStringLiteral("no-bookmark")))
        c.bookmarked = p.isSet(QStringLiteral("bookmark"));
    if (p.isSet(QStringLiteral("seen")) || p.isSet(QStringLiteral("unseen")))
        c.seen = p.isSet(QStringLiteral("seen"));
    if (p.isSet(QStringLiteral("priority"))) {
        const auto pr = triage::parsePriority(p.value(QStringLiteral("priority")).toStdString());
        if (!pr || *pr == triage::Priority::None)
            return QStringLiteral("unknown priority '%1' (high, medium, low)").arg(p.value(QStringLiteral("priority")));
        c.priority = *pr;
    }
    for (const QString& l : p.values(QStringLiteral("label")))
        c.addLabels.push_back(l.toStdString());
    for (const QString& l : p.values(QStringLiteral("remove-label")))
        c.removeLabels.push_back(l.toStdString());
    return c;
}

void addTriageOptions(QCommandLineParser& parser)
{
    const auto opt = [&](const char* name, const char* help, const char* value = nullptr) {
        if (value)
            parser.addOption({QString::fromLatin1(name), QString::fromLatin1(help), QString::fromLatin1(value)});
        else
            parser.addOption({QString::fromLatin1(name), QString::fromLatin1(help)});
    };
    opt("query", "Every issue the search selects (no cap) instead of ids.", "Q");
    opt("status", "resolved, unresolved or ignored.", "STATUS");
    opt("in-release", "Resolved in release R: later releases' events regress it.", "R");
    opt("in-next-release", "Resolved in the release after the current one.");
    opt("ignore-for", "Ignored for a while: 30m, 2h, 7d, 1w.", "DURATION");
    opt("ignore-until-events", "Ignored until N more events.", "N");
    opt("ignore-until-users", "Ignored until N more users.", "N");
    opt("assign", "Assign to NAME (\"\" unassigns).", "NAME");
    opt("bookmark", "Bookmark.");
    opt("no-bookmark", "Remove the bookmark.");
    opt("seen", "Mark seen.");
    opt("unseen", "Mark unseen.");
    opt("priority", "high, medium or low.", "P");
    opt("label", "Add a label (repeatable).", "L");
    opt("remove-label", "Remove a label (repeatable).", "L");
    opt("undo", "Undo the last triage action, however many issues it touched.");
}

std::optional<std::vector<IssueId>> selectIssues(
    const QCommandLineParser& parser, store::Workspace& ws, std::int64_t now)
{
    if (!parser.isSet(QStringLiteral("query")))
        return parseIssueIds(parser.positionalArguments());
    auto context = query::loadQueryContext(ws.db(), now);
    if (!context) {
        printError(QString::fromStdString(context.error().message));
        return std::nullopt;
    }
    auto compiled = query::compileIssueQuery(parser.value(QStringLiteral("query")).toStdString(), *context);
    if (compiled.error) {
        printError(QStringLiteral("query: %1 (at column %2)")
                       .arg(QString::fromStdString(compiled.error->message))
                       .arg(compiled.error->position + 1));
        return std::nullopt;
    }
    auto ids = store::issueIdsMatching(ws.db(), compiled.countFilter);
    if (!ids) {
        printError(QString::fromStdString(ids.error().message));
        return std::nullopt;
    }
    return std::move(ids.value());
}

int report(const QCommandLineParser& parser, const store::TriageOutcome& out, const std::string& action)
{
    if (parser.isSet(QStringLiteral("json")))
        printJson({{"issues", out.issues}, {"undo_id", out.undoId}, {"action", action}});
    else if (out.undoId == 0)
        printLine(QStringLiteral("nothing to undo"));
    else
        printLine(QStringLiteral("%1: %2 issues").arg(QString::fromStdString(action)).arg(out.issues));
    return Success;
}

} // namespace

int runTriage(const Context& ctx)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Decide about issues: status, ignore conditions, assignee, "
                                                    "bookmark, priority, labels; --undo takes the last action back."));
    addCommonOptions(parser);
    addWaitOption(parser);
    addTriageOptions(parser);
    parser.addPositionalArgument(
        QStringLiteral("ISSUE_ID"), QStringLiteral("Issues to change."), QStringLiteral("[ISSUE_ID...]"));
    if (!parseOrFail(parser, ctx))
        return UsageError;
    const std::int64_t now = store::nowMicros();
    const bool undo = parser.isSet(QStringLiteral("undo"));
    store::TriageChange change;
    if (!undo) {
        auto parsed = changeFrom(parser, now);
        if (const QString* error = std::get_if<QString>(&parsed)) {
            if (!error->isEmpty())
                printError(*error);
            return UsageError;
        }
        change = std::get<store::TriageChange>(parsed);
        if (change.isEmpty()) {
            printError(
                QStringLiteral("nothing to change: give --status, --assign, --bookmark, --priority, --label ..."));
            return UsageError;
        }
        if (parser.isSet(QStringLiteral("query")) == !parser.positionalArguments().isEmpty()) {
            printError(QStringLiteral("give issue ids or --query, not both or neither"));
            return UsageError;
        }
    }
    auto ws = openWorkspace(parser, false);
    if (!ws)
        return UsageError;
    countDeferredTags(parser, *ws); // a --query may select by tag
    const auto lock = lockForTriage(parser, "triage");
    if (!lock)
        return UsageError;
    if (undo) {
        const auto last = store::lastUndoable(ws->db());
        auto out = store::undoLast(ws->db());
        if (!out) {
            printError(QString::fromStdString(out.error().message));
            return UsageError;
        }
        return report(parser, *out, last ? "undid " + last->action : std::string("undo"));
    }
    const auto ids = selectIssues(parser, *ws, now);
    if (!ids)
        return UsageError;
    store::TriageOptions options;
    options.now = now;
    auto out = store::applyTriage(ws->db(), *ids, change, options);
    if (!out) {
        printError(QString::fromStdString(out.error().message));
        return UsageError;
    }
    return report(parser, *out, change.describe());
}

} // namespace stackdeck::cli
