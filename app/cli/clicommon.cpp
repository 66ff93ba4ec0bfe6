#include "clicommon.h"

#include "model/timestamp.h"
#include "store/defaultworkspace.h"

#include <QDir>
#include <QFileInfo>

#include <cstdio>

namespace stackdeck::cli {

void addCommonOptions(QCommandLineParser& parser)
{
    parser.addOption({QStringLiteral("db"), QStringLiteral("Workspace database file."), QStringLiteral("FILE")});
    parser.addOption({QStringLiteral("json"), QStringLiteral("Machine-readable JSON output.")});
    parser.addHelpOption();
}

bool parseOrFail(QCommandLineParser& parser, const Context& ctx)
{
    if (!parser.parse(ctx.args)) {
        printError(parser.errorText());
        return false;
    }
    if (parser.isSet(QStringLiteral("help"))) {
        std::fputs(parser.helpText().toUtf8().constData(), stdout);
        std::exit(Success);
    }
    return true;
}

std::string workspacePath(const QCommandLineParser& parser)
{
    if (parser.isSet(QStringLiteral("db")))
        return parser.value(QStringLiteral("db")).toStdString();
    return store::defaultWorkspacePath().toStdString();
}

std::unique_ptr<store::Workspace> openWorkspace(const QCommandLineParser& parser, bool create)
{
    const std::string path = workspacePath(parser);
    if (!create && !QFileInfo::exists(QString::fromStdString(path))) {
        printError(QStringLiteral("no workspace at %1 (import something first, or pass --db FILE)")
                       .arg(QString::fromStdString(path)));
        return nullptr;
    }
    if (create)
        QDir().mkpath(QFileInfo(QString::fromStdString(path)).absolutePath());
    auto ws = store::Workspace::open(path);
    if (!ws) {
        printError(QString::fromStdString(ws.error().message));
        return nullptr;
    }
    return std::move(ws).value();
}

void printJson(const nlohmann::json& value)
{
    const std::string text = value.dump(2, ' ', false, nlohmann::json::error_handler_t::replace);
    std::fwrite(text.data(), 1, text.size(), stdout);
    std::fputc('\n', stdout);
}

void printError(const QString& message)
{
    const QByteArray bytes = QStringLiteral("stackdeck-cli: %1\n").arg(message).toUtf8();
    std::fwrite(bytes.constData(), 1, static_cast<std::size_t>(bytes.size()), stderr);
}

void printLine(const QString& line)
{
    const QByteArray bytes = line.toUtf8();
    std::fwrite(bytes.constData(), 1, static_cast<std::size_t>(bytes.size()), stdout);
    std::fputc('\n', stdout);
}

std::string isoTime(std::int64_t micros)
{
    return formatIsoTimestamp(micros);
}

} // namespace stackdeck::cli
