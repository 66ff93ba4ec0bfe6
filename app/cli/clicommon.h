#pragma once

#include "store/workspace.h"

#include <QCommandLineParser>
#include <QString>
#include <QStringList>

#include <cstdio>
#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

namespace stackdeck::cli {

// Exit codes of every subcommand.
enum ExitCode : int { Success = 0, PartialFailure = 1, UsageError = 2 };

// What every subcommand gets: its own arguments and the common options.
struct Context {
    QStringList args; // the subcommand's arguments, program name first
    QString commandName;
};

// Adds --db and --json; returns false (after printing the error) when parsing failed.
void addCommonOptions(QCommandLineParser& parser);
bool parseOrFail(QCommandLineParser& parser, const Context& ctx);

// --no-wait, for the commands that write: a reindex or regroup (or, for those,
// any writer) holding the workspace makes them fail at once, naming the
// holder, instead of waiting for it with a note on stderr.
void addWaitOption(QCommandLineParser& parser);
std::function<bool(const std::string& holders)> waitForWriters(const QCommandLineParser& parser);

// --db FILE, else the workspace the GUI uses.
std::string workspacePath(const QCommandLineParser& parser);
// Opens the workspace, printing the error when it cannot be opened, and a
// warning when a reindex of it was interrupted (its issue list is partial).
std::unique_ptr<store::Workspace> openWorkspace(
    const QCommandLineParser& parser, bool create, bool warnInterrupted = true);

// Everything written goes through escapeControlCharacters() (JSON through
// escapeJsonForTerminal()): event text (titles, messages, file names, error
// messages quoting a record) must not reach a terminal raw, where `\x1b[2J`
// would clear the screen or worse.
void printJson(const nlohmann::json& value);
void printError(const QString& message);
void printLine(const QString& line);
// Multi-line text the user wrote (rules): keeps line breaks and tabs.
void printText(const QString& text);
// JSON text already encoded: made terminal-safe, still the same JSON.
void writeJson(std::string_view json, std::FILE* to = stdout);
std::string isoTime(std::int64_t micros);

int runImport(const Context& ctx);
int runIssues(const Context& ctx);
int runEvents(const Context& ctx);
int runShow(const Context& ctx);
int runExport(const Context& ctx);
int runRedactScan(const Context& ctx);
// True for `export --format pdf`, which needs a QGuiApplication instead of a QCoreApplication.
bool exportNeedsGui(int argc, char** argv);
int runHash(const Context& ctx);
int runReindex(const Context& ctx);
int runRegroup(const Context& ctx);
int runRules(const Context& ctx);
int runBench(const Context& ctx);
int runTriage(const Context& ctx);
int runNote(const Context& ctx);
int runActivity(const Context& ctx);
int runMerge(const Context& ctx);
int runUnmerge(const Context& ctx);
int runAccount(const Context& ctx);
int runSync(const Context& ctx);
int runServe(const Context& ctx);
int runKept(const Context& ctx); // what the local endpoint kept as received
int runOutbox(const Context& ctx);
int runPush(const Context& ctx);
int runTraces(const Context& ctx);
int runTrace(const Context& ctx);

} // namespace stackdeck::cli
