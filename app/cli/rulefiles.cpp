#include "rulefiles.h"

#include "clicommon.h"

#include <QFile>

namespace stackdeck::cli {

void addRuleFileOptions(QCommandLineParser& parser, const QString& rulesOption, const QString& fingerprintOption)
{
    parser.addOption({rulesOption, QStringLiteral("Custom stack trace rules, applied after the built-in ones."),
        QStringLiteral("FILE")});
    parser.addOption(
        {fingerprintOption, QStringLiteral("Custom server-side fingerprint rules."), QStringLiteral("FILE")});
}

bool hasRuleFiles(const QCommandLineParser& parser, const QString& rulesOption, const QString& fingerprintOption)
{
    return parser.isSet(rulesOption) || parser.isSet(fingerprintOption);
}

std::optional<regroup::ProjectRules> readRuleFiles(const QCommandLineParser& parser, const QString& rulesOption,
    const QString& fingerprintOption, regroup::ProjectRules base)
{
    auto read = [](const QString& path) -> std::optional<std::string> {
        QFile f(path);
        if (!f.open(QIODevice::ReadOnly)) {
            printError(QStringLiteral("%1: %2").arg(path, f.errorString()));
            return std::nullopt;
        }
        return f.readAll().toStdString();
    };
    if (parser.isSet(rulesOption)) {
        auto text = read(parser.value(rulesOption));
        if (!text)
            return std::nullopt;
        base.enhancements = std::move(*text);
    }
    if (parser.isSet(fingerprintOption)) {
        auto text = read(parser.value(fingerprintOption));
        if (!text)
            return std::nullopt;
        base.fingerprintRules = std::move(*text);
    }
    const auto errors = regroup::validateRules(base);
    for (const regroup::RuleError& e : errors) {
        const QString file = e.field == regroup::RuleError::Field::Enhancements ? parser.value(rulesOption)
                                                                                 : parser.value(fingerprintOption);
        printError(QStringLiteral("%1:%2:%3: %4")
                       .arg(file.isEmpty() ? QStringLiteral("<stored rules>") : file)
                       .arg(e.line)
                       .arg(e.column)
                       .arg(QString::fromStdString(e.message)));
    }
    if (!errors.empty())
        return std::nullopt;
    return base;
}

} // namespace stackdeck::cli
