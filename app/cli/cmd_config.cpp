#include "store/localuser.h"
#include "triagecommon.h"

namespace stackdeck::cli {

int runConfig(const Context& ctx)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Show or set a workspace setting. user-name: the author of triage, notes and activity written here "
        "(default: the OS user); --unset goes back to the default."));
    addCommonOptions(parser);
    addWaitOption(parser);
    parser.addOption({QStringLiteral("unset"), QStringLiteral("Remove the setting (back to its default).")});
    parser.addPositionalArgument(QStringLiteral("setting"), QStringLiteral("user-name"), QStringLiteral("SETTING"));
    parser.addPositionalArgument(QStringLiteral("value"), QStringLiteral("The new value."), QStringLiteral("[VALUE]"));
    if (!parseOrFail(parser, ctx))
        return UsageError;
    const QStringList positional = parser.positionalArguments();
    const bool unset = parser.isSet(QStringLiteral("unset"));
    if (positional.isEmpty() || positional.size() > 2 || positional[0] != QLatin1String("user-name")
        || (unset && positional.size() == 2)) {
        printError(QStringLiteral("usage: config user-name [NAME | --unset]"));
        return UsageError;
    }
    const QString value = positional.value(1).trimmed();
    if (positional.size() == 2 && value.isEmpty()) {
        printError(QStringLiteral("the user name cannot be empty (--unset goes back to the OS user)"));
        return UsageError;
    }
    auto ws = openWorkspace(parser, false);
    if (!ws)
        return UsageError;
    if (positional.size() == 2 || unset) {
        const auto lock = lockForTriage(parser, "settings");
        if (!lock)
            return UsageError;
        try {
            store::setLocalUserName(ws->db(), unset ? std::string() : value.toStdString());
        } catch (const std::exception& e) {
            printError(QStringLiteral("saving the user name failed: %1").arg(QString::fromUtf8(e.what())));
            return UsageError;
        }
    }
    const std::string name = store::localUserName(ws->db());
    if (parser.isSet(QStringLiteral("json")))
        printJson({{"user_name", name}});
    else
        printLine(QString::fromStdString(name));
    return Success;
}

} // namespace stackdeck::cli
