#include "clicommon.h"
#include "regroup/planbuilder.h"
#include "regroup/regroupplan.h"
#include "rulefiles.h"

#include <chrono>
#include <cstdio>

namespace stackdeck::cli {

namespace {

nlohmann::json planToJson(const regroup::RegroupPlan& plan)
{
    nlohmann::json affected = nlohmann::json::array();
    for (const regroup::AffectedIssue& a : plan.affected) {
        nlohmann::json groups = nlohmann::json::array();
        for (std::size_t index : a.groups) {
            const regroup::PlannedGroup& g = plan.groups[index];
            nlohmann::json from = nlohmann::json::array();
            for (const auto& [issue, n] : g.from)
                from.push_back({{"issue", issue.value}, {"events", n}});
            groups.push_back({{"primary_hash", g.primaryHash}, {"events", g.events}, {"from", from}});
        }
        affected.push_back({{"id", a.id.value}, {"change", regroup::changeName(a.change)}, {"events", a.events},
            {"title", a.title}, {"groups", groups}});
    }
    return {{"events", plan.events}, {"issues_before", plan.issuesBefore}, {"groups_after", plan.groupsAfter},
        {"unchanged", plan.unchanged}, {"split", plan.split}, {"merged", plan.merged}, {"failed", plan.failed},
        {"affected", affected}, {"seconds", plan.seconds}};
}

void printPlan(const regroup::RegroupPlan& plan)
{
    printLine(QStringLiteral("%1 events, %2 issues -> %3 groups: %4 unchanged, %5 split, %6 merged%7")
                  .arg(plan.events)
                  .arg(plan.issuesBefore)
                  .arg(plan.groupsAfter)
                  .arg(plan.unchanged)
                  .arg(plan.split)
                  .arg(plan.merged)
                  .arg(plan.failed > 0 ? QStringLiteral(" (%1 events no longer decode)").arg(plan.failed) : QString()));
    for (const regroup::AffectedIssue& a : plan.affected) {
        QStringList groups;
        for (std::size_t index : a.groups) {
            const regroup::PlannedGroup& g = plan.groups[index];
            QStringList from;
            for (const auto& [issue, n] : g.from)
                from << QStringLiteral("#%1:%2").arg(issue.value).arg(n);
            groups << QStringLiteral("%1 (%2 events from %3)")
                          .arg(QString::fromStdString(g.primaryHash.substr(0, 12)))
                          .arg(g.events)
                          .arg(from.join(QStringLiteral(", ")));
        }
        printLine(QStringLiteral("#%1  %2  %3 events  %4  -> %5")
                      .arg(a.id.value)
                      .arg(QString::fromLatin1(regroup::changeName(a.change)), -12)
                      .arg(a.events)
                      .arg(QString::fromStdString(a.title))
                      .arg(groups.join(QStringLiteral("; "))));
    }
}

} // namespace

int runRegroup(const Context& ctx)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("What-if grouping: how the stored events would group with other rules; applies it unless "
                       "--dry-run."));
    addCommonOptions(parser);
    const QString rulesOption = QStringLiteral("rules");
    const QString fingerprintOption = QStringLiteral("fingerprint-rules");
    addRuleFileOptions(parser, rulesOption, fingerprintOption);
    parser.addOption({QStringLiteral("project"), QStringLiteral("Only this project (needed with rule files)."),
        QStringLiteral("NAME")});
    parser.addOption({QStringLiteral("dry-run"), QStringLiteral("Print the plan, change nothing.")});
    addWaitOption(parser);
    parser.addOption(
        {QStringLiteral("workers"), QStringLiteral("Decode threads (default: one per core)."), QStringLiteral("N")});
    parser.addOption({QStringLiteral("rebuild"),
        QStringLiteral("How apply gets there: 'changed' rewrites only the issues that change, 'all' every issue; "
                       "'auto' (default) takes 'all' when most events change. The result is the same."),
        QStringLiteral("auto|changed|all"), QStringLiteral("auto")});
    if (!parseOrFail(parser, ctx))
        return UsageError;
    const QString rebuild = parser.value(QStringLiteral("rebuild"));
    if (rebuild != QLatin1String("auto") && rebuild != QLatin1String("changed") && rebuild != QLatin1String("all")) {
        printError(QStringLiteral("--rebuild takes auto, changed or all, not '%1'").arg(rebuild));
        return UsageError;
    }
    if (!parser.positionalArguments().isEmpty()) {
        printError(QStringLiteral("regroup takes no positional arguments"));
        return UsageError;
    }
    const std::string project = parser.value(QStringLiteral("project")).toStdString();
    if (hasRuleFiles(parser, rulesOption, fingerprintOption) && project.empty()) {
        printError(QStringLiteral("rule files are a project's rules: pass --project NAME"));
        return UsageError;
    }
    auto ws = openWorkspace(parser, false);
    if (!ws)
        return UsageError;
    regroup::RegroupOptions options;
    options.project = project;
    options.workers = parser.value(QStringLiteral("workers")).toInt();
    options.waitForWriters = waitForWriters(parser);
    options.mode = rebuild == QLatin1String("changed") ? regroup::RegroupOptions::Mode::Affected
        : rebuild == QLatin1String("all")              ? regroup::RegroupOptions::Mode::Everything
                                                       : regroup::RegroupOptions::Mode::Auto;
    if (!project.empty()) {
        auto stored = regroup::loadProjectRules(ws->db(), project);
        if (!stored) {
            printError(QString::fromStdString(stored.error().message));
            return UsageError;
        }
        auto candidate = readRuleFiles(parser, rulesOption, fingerprintOption, stored.value());
        if (!candidate)
            return UsageError;
        options.rules.push_back(*candidate);
    }
    const std::string path = ws->path();
    ws.reset();

    const bool asJson = parser.isSet(QStringLiteral("json"));
    if (parser.isSet(QStringLiteral("dry-run"))) {
        const regroup::RegroupPlan plan = regroup::planRegroup(path, options);
        if (!plan.fatalError.empty()) {
            printError(QString::fromStdString(plan.fatalError));
            return UsageError;
        }
        if (asJson)
            printJson(planToJson(plan));
        else
            printPlan(plan);
        return plan.failed > 0 ? PartialFailure : Success;
    }

    auto lastPrint = std::chrono::steady_clock::now() - std::chrono::seconds(1);
    const regroup::RegroupSummary s
        = regroup::applyRegroup(path, options, nullptr, [&](std::int64_t done, std::int64_t total) {
              const auto now = std::chrono::steady_clock::now();
              if (now - lastPrint < std::chrono::milliseconds(200) && done < total)
                  return;
              lastPrint = now;
              std::fprintf(stderr, "\rregrouping: %lld / %lld events", static_cast<long long>(done),
                  static_cast<long long>(total));
          });
    std::fputc('\n', stderr);
    if (!s.fatalError.empty()) {
        printError(QString::fromStdString(s.fatalError));
        return UsageError;
    }
    if (asJson) {
        nlohmann::json out = planToJson(s.plan);
        out["applied"] = true;
        out["issues_after"] = s.issuesAfter;
        out["issues_rebuilt"] = s.issuesRebuilt;
        out["events_rewritten"] = s.eventsRewritten;
        out["rebuilt_everything"] = s.rebuiltEverything;
        out["seconds"] = s.seconds;
        printJson(out);
    } else {
        printPlan(s.plan);
        printLine(QStringLiteral("applied: %1 issues now; %2 issues and %3 events written again%4 (%5 s)")
                      .arg(s.issuesAfter)
                      .arg(s.issuesRebuilt)
                      .arg(s.eventsRewritten)
                      .arg(s.rebuiltEverything ? QStringLiteral(", everything rebuilt") : QString())
                      .arg(s.seconds, 0, 'f', 2));
    }
    return s.plan.failed > 0 ? PartialFailure : Success;
}

} // namespace stackdeck::cli
