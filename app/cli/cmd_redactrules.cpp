#include "report/redactionruleinput.h"
#include "store/redactionrules.h"
#include "triagecommon.h"

namespace stackdeck::cli {

namespace {

nlohmann::json rulesJson(const std::vector<store::RedactionRule>& rules)
{
    nlohmann::json list = nlohmann::json::array();
    for (std::size_t i = 0; i < rules.size(); ++i) {
        list.push_back({{"number", i + 1}, {"kind", report::redactionRuleKindName(rules[i].kind)},
            {"name", rules[i].name}, {"pattern", rules[i].pattern}});
    }
    return list;
}

void printRules(const std::vector<store::RedactionRule>& rules, bool json)
{
    if (json) {
        printJson({{"rules", rulesJson(rules)}});
        return;
    }
    if (rules.empty())
        printLine(QStringLiteral("no custom redaction rules"));
    for (std::size_t i = 0; i < rules.size(); ++i) {
        const auto& r = rules[i];
        QString line = QStringLiteral("%1  %2  %3")
                           .arg(i + 1, 3)
                           .arg(QString::fromStdString(report::redactionRuleKindName(r.kind)), -5)
                           .arg(QString::fromStdString(r.pattern));
        if (r.name != r.pattern)
            line += QStringLiteral("  (%1)").arg(QString::fromStdString(r.name));
        printLine(line);
    }
}

} // namespace

int runRedactRules(const Context& ctx)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("List, add or remove the workspace's own redaction rules (a key name, matched as a "
                       "case-insensitive part of object keys, or a regular expression over values). Exports with "
                       "--redact and redact-scan apply them with the built-in detectors."));
    addCommonOptions(parser);
    addWaitOption(parser);
    parser.addOption({QStringLiteral("key"), QStringLiteral("add: a key name rule."), QStringLiteral("NAME")});
    parser.addOption(
        {QStringLiteral("regex"), QStringLiteral("add: a regular expression rule (PCRE)."), QStringLiteral("RE")});
    parser.addOption({QStringLiteral("name"), QStringLiteral("add: the label findings show (default: the pattern)."),
        QStringLiteral("LABEL")});
    parser.addPositionalArgument(QStringLiteral("action"), QStringLiteral("list (default), add or remove N."),
        QStringLiteral("[list | add | remove N]"));
    if (!parseOrFail(parser, ctx))
        return UsageError;
    const QStringList positional = parser.positionalArguments();
    const QString action = positional.value(0, QStringLiteral("list"));
    const bool json = parser.isSet(QStringLiteral("json"));
    const bool hasKey = parser.isSet(QStringLiteral("key"));
    const bool hasRegex = parser.isSet(QStringLiteral("regex"));
    const bool adding = action == QLatin1String("add");
    const bool removing = action == QLatin1String("remove");
    const bool listing = action == QLatin1String("list");
    if ((!adding && !removing && !listing) || (listing && positional.size() > 1)
        || (adding && (positional.size() != 1 || hasKey == hasRegex))
        || (!adding && (hasKey || hasRegex || parser.isSet(QStringLiteral("name"))))
        || (removing && positional.size() != 2)) {
        printError(
            QStringLiteral("usage: redact-rules [list | add (--key NAME | --regex RE) [--name LABEL] | remove N]"));
        return UsageError;
    }
    auto ws = openWorkspace(parser, false);
    if (!ws)
        return UsageError;
    std::optional<store::WriterLock> lock;
    if (!listing) {
        lock = lockForTriage(parser, "redaction rules");
        if (!lock)
            return UsageError;
    }
    auto stored = store::loadRedactionRules(ws->db());
    if (!stored) {
        printError(QString::fromStdString(stored.error().message));
        return UsageError;
    }
    std::vector<store::RedactionRule> rules = std::move(stored.value());
    if (listing) {
        printRules(rules, json);
        return Success;
    }
    if (adding) {
        store::RedactionRule rule;
        rule.kind = hasKey ? store::RedactionRule::Kind::Key : store::RedactionRule::Kind::Regex;
        rule.pattern = parser.value(hasKey ? QStringLiteral("key") : QStringLiteral("regex")).toStdString();
        rule.name = parser.value(QStringLiteral("name")).toStdString();
        auto checked = report::checkRedactionRule(std::move(rule), rules);
        if (!checked) {
            printError(QString::fromStdString(checked.error().message));
            return UsageError;
        }
        rules.push_back(std::move(checked.value()));
    } else {
        bool ok = false;
        const qlonglong number = positional[1].toLongLong(&ok);
        if (!ok || number < 1 || number > static_cast<qlonglong>(rules.size())) {
            printError(QStringLiteral("'%1' is not a rule number (1 to %2; `redact-rules list` numbers them)")
                           .arg(positional[1])
                           .arg(rules.size()));
            return UsageError;
        }
        rules.erase(rules.begin() + (number - 1));
    }
    const Status saved = store::saveRedactionRules(ws->db(), rules);
    if (!saved.ok()) {
        printError(QString::fromStdString(saved.error().message));
        return UsageError;
    }
    printRules(rules, json);
    return Success;
}

} // namespace stackdeck::cli
