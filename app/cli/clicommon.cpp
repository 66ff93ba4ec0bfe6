#include "clicommon.h"

#include "importer/reindexjob.h"
#include "model/timestamp.h"
#include "store/defaultworkspace.h"
#include "util/terminaltext.h"

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

void addWaitOption(QCommandLineParser& parser)
{
    parser.addOption({QStringLiteral("no-wait"),
        QStringLiteral("Fail at once when another program holds the workspace, instead of waiting for it.")});
}

std::function<bool(const std::string& holders)> waitForWriters(const QCommandLineParser& parser)
{
    if (parser.isSet(QStringLiteral("no-wait")))
        return [](const std::string&) { return false; };
    auto said = std::make_shared<std::string>();
    return [said](const std::string& holders) {
        if (*said != holders) {
            *said = holders;
            printError(QStringLiteral("waiting for %1 to finish (--no-wait fails instead)...")
                           .arg(QString::fromStdString(holders)));
        }
        return true;
    };
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

std::unique_ptr<store::Workspace> openWorkspace(const QCommandLineParser& parser, bool create, bool warnInterrupted)
{
    const std::string path = workspacePath(parser);
    if (!create && !QFileInfo::exists(QString::fromStdString(path))) {
        printError(QStringLiteral("no workspace at %1 (import something first, or pass --db FILE)")
                       .arg(QString::fromStdString(path)));
        return nullptr;
    }
    if (create)
        store::makePrivateFolder(QFileInfo(QString::fromStdString(path)).absolutePath());
    auto ws = store::Workspace::open(path);
    if (!ws) {
        printError(QString::fromStdString(ws.error().message));
        return nullptr;
    }
    // A reindex that was killed leaves a partial issue list; say so wherever it is read.
    if (warnInterrupted && ReindexJob::isInterrupted(path))
        printError(QStringLiteral("warning: a reindex of %1 did not finish, so its issue list is incomplete; run "
                                  "`stackdeck-cli reindex` to complete it")
                       .arg(QString::fromStdString(path)));
    return std::move(ws).value();
}

void writeJson(std::string_view json, std::FILE* to)
{
    const std::string safe = escapeJsonForTerminal(json);
    std::fwrite(safe.data(), 1, safe.size(), to);
    std::fputc('\n', to);
}

void printJson(const nlohmann::json& value)
{
    writeJson(value.dump(2, ' ', false, nlohmann::json::error_handler_t::replace));
}

namespace {
void writeText(const QString& text, std::FILE* to)
{
    const QByteArray bytes = text.toUtf8();
    std::fwrite(bytes.constData(), 1, static_cast<std::size_t>(bytes.size()), to);
    std::fputc('\n', to);
}
} // namespace

void printError(const QString& message)
{
    writeText(QStringLiteral("stackdeck-cli: ") + escapeControlCharacters(message), stderr);
}

void printLine(const QString& line)
{
    writeText(escapeControlCharacters(line), stdout);
}

void printText(const QString& text)
{
    writeText(escapeControlCharacters(text, KeepLineBreaks::Yes), stdout);
}

std::string isoTime(std::int64_t micros)
{
    return formatIsoTimestamp(micros);
}

} // namespace stackdeck::cli
