#include "clicommon.h"
#include "regroup/regroupplan.h"
#include "rulefiles.h"

namespace stackdeck::cli {

int runRules(const Context& ctx)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Show or set a project's grouping rules (stored in the workspace; "
                                                    "`regroup` applies them to stored events)."));
    addCommonOptions(parser);
    const QString rulesOption = QStringLiteral("set-rules");
    const QString fingerprintOption = QStringLiteral("set-fingerprint-rules");
    addRuleFileOptions(parser, rulesOption, fingerprintOption);
    parser.addOption({QStringLiteral("project"), QStringLiteral("The project."), QStringLiteral("NAME")});
    if (!parseOrFail(parser, ctx))
        return UsageError;
    const std::string project = parser.value(QStringLiteral("project")).toStdString();
    if (project.empty()) {
        printError(QStringLiteral("rules needs --project NAME"));
        return UsageError;
    }
    auto ws = openWorkspace(parser, false);
    if (!ws)
        return UsageError;
    auto stored = regroup::loadProjectRules(ws->db(), project);
    if (!stored) {
        printError(QString::fromStdString(stored.error().message));
        return UsageError;
    }
    regroup::ProjectRules rules = stored.value();
    if (hasRuleFiles(parser, rulesOption, fingerprintOption)) {
        auto updated = readRuleFiles(parser, rulesOption, fingerprintOption, rules);
        if (!updated)
            return UsageError;
        const Status saved = regroup::saveProjectRules(ws->db(), *updated);
        if (!saved.ok()) {
            printError(QString::fromStdString(saved.error().message));
            return UsageError;
        }
        rules = *updated;
    }
    if (parser.isSet(QStringLiteral("json"))) {
        printJson({{"project", rules.project}, {"enhancements", rules.enhancements},
            {"fingerprint_rules", rules.fingerprintRules}});
        return Success;
    }
    printLine(QStringLiteral("# stack trace rules of %1").arg(QString::fromStdString(project)));
    printText(QString::fromStdString(rules.enhancements));
    printLine(QStringLiteral("# fingerprint rules of %1").arg(QString::fromStdString(project)));
    printText(QString::fromStdString(rules.fingerprintRules));
    return Success;
}

} // namespace stackdeck::cli
