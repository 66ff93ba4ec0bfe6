// stackdeck-cli: everything the core can do, without a window.

#include "clicommon.h"
#include "report/pdf/pdfreport.h"
#include "triagecommon.h"

#include <QCoreApplication>

#include <cstdio>
#include <memory>

namespace {

constexpr const char* kUsage = R"(usage: stackdeck-cli COMMAND [options]

commands:
  import [--project NAME] PATH...   import event files (- = stdin)
  issues [--query TEXT] [--sort last_seen|first_seen|events|users] [--limit N]
  events [--issue ID] [--limit N]
  show EVENT_ID [--raw]             the normalised event, or the stored original
  export --format md|html|pdf|csv|json [--query Q | ISSUE_ID...] [--redact] -o OUT
                                    a report on issues (json: [--normalized]; --event ID for one event)
  redact-scan (EVENT_ID | --all)    the secrets and personal data redaction would remove
  redact-rules [list | add (--key NAME | --regex RE) [--name LABEL] | remove N]
                                    the workspace's own redaction rules
  hash PATH... [--rules FILE] [--fingerprint-rules FILE]
                                    grouping variants and hashes, nothing stored
  reindex                           rebuild derived tables and groups from the originals
  regroup [--project NAME] [--rules FILE] [--fingerprint-rules FILE] [--dry-run]
                                    how the stored events group with other rules; applies unless --dry-run
  rules --project NAME [--set-rules FILE] [--set-fingerprint-rules FILE]
                                    show or set a project's grouping rules
  triage (ISSUE_ID... | --query Q) [--status resolved|unresolved|ignored]
         [--in-release R | --in-next-release] [--ignore-for DURATION | --ignore-until-events N |
         --ignore-until-users N] [--assign NAME] [--bookmark|--no-bookmark] [--priority high|medium|low]
         [--label L] [--undo]           decide about issues; --undo takes the last action back
  note (--issue ID | --event ID [--frame N [--exception K | --thread K] | --breadcrumb N]) --text TEXT
                                    a Markdown note on an issue, an event, a frame or a breadcrumb
  activity ISSUE_ID                 what happened to an issue, and its notes
  merge ISSUE_ID...                 merge issues into the first
  unmerge ISSUE_ID                  split a merged issue by hash again
  searches [list | add --name NAME --query Q [--notify] | remove NAME]
                                    saved searches (the window's sidebar)
  config user-name [NAME | --unset] the author of triage and notes written here (default: the OS user)
  account add --name N --url URL --org ORG [--token-stdin] | account list | account remove NAME
                                    server accounts (token: SENTRY_AUTH_TOKEN or stdin, kept in the keychain)
  sync (--account N | --url URL --org ORG) [--project SLUG...] [--query Q] [--events-per-issue N]
                                    pull a server's issues and events
  outbox [--all] [--drop ID]        triage waiting for the servers, as a diff (issue, field, before -> after)
  push [--account N] [--dry-run] [--resolve ID --keep-mine|--take-server]
                                    push the outbox; conflicts are kept for you to resolve
  traces [--query Q] [--sort start|duration] [--limit N]
                                    one row per trace (query: trace:ID op: service: has:error duration:>500ms)
  trace TRACE_ID [--compare TRACE_ID]
                                    the assembled trace: spans, self times, critical path (*), errors
  serve [--port N] [--bind ADDR] [--project NAME] [--max-body BYTES] [--rate N] [--allow-origin O]
        [--forward [PROJECT=]DSN [--save-forward]]
                                    a local DSN for Sentry SDKs: prints the DSN, stores what arrives until Ctrl+C
  kept [--rejected] [--limit N] | kept ID [-o FILE]
                                    items the local endpoint kept as received (not interpreted, or refused)
  bench import [--events N | --file PATH]
  bench regroup [--events N]

every command takes --db FILE (default: the GUI's workspace) and --json.
exit status: 0 success, 1 some records were rejected, 2 usage or I/O error.
)";

} // namespace

int main(int argc, char** argv)
{
    // A PDF export renders with QtGui: only then a (offscreen) QGuiApplication.
    const auto app = stackdeck::cli::exportNeedsGui(argc, argv)
        ? stackdeck::report::makeOffscreenGuiApplication(argc, argv)
        : std::make_unique<QCoreApplication>(argc, argv);
    QCoreApplication::setOrganizationName(QStringLiteral("Stackdeck"));
    QCoreApplication::setApplicationName(QStringLiteral("Stackdeck"));
    QCoreApplication::setApplicationVersion(QStringLiteral(STACKDECK_VERSION));

    QStringList args = QCoreApplication::arguments();
    if (args.size() < 2 || args[1] == QLatin1String("--help") || args[1] == QLatin1String("-h")) {
        std::fputs(kUsage, args.size() < 2 ? stderr : stdout);
        return args.size() < 2 ? stackdeck::cli::UsageError : stackdeck::cli::Success;
    }
    if (args[1] == QLatin1String("--version")) {
        std::printf("stackdeck-cli %s\n", STACKDECK_VERSION);
        return 0;
    }
    stackdeck::cli::Context ctx;
    ctx.commandName = args[1];
    ctx.args = args;
    ctx.args.removeAt(1);

    using namespace stackdeck::cli;
    const QString& c = ctx.commandName;
    if (c == QLatin1String("import"))
        return runImport(ctx);
    if (c == QLatin1String("issues"))
        return runIssues(ctx);
    if (c == QLatin1String("events"))
        return runEvents(ctx);
    if (c == QLatin1String("show"))
        return runShow(ctx);
    if (c == QLatin1String("export"))
        return runExport(ctx);
    if (c == QLatin1String("redact-scan"))
        return runRedactScan(ctx);
    if (c == QLatin1String("redact-rules"))
        return runRedactRules(ctx);
    if (c == QLatin1String("searches"))
        return runSearches(ctx);
    if (c == QLatin1String("config"))
        return runConfig(ctx);
    if (c == QLatin1String("hash"))
        return runHash(ctx);
    if (c == QLatin1String("reindex"))
        return runReindex(ctx);
    if (c == QLatin1String("regroup"))
        return runRegroup(ctx);
    if (c == QLatin1String("rules"))
        return runRules(ctx);
    if (c == QLatin1String("bench"))
        return runBench(ctx);
    if (c == QLatin1String("triage"))
        return runTriage(ctx);
    if (c == QLatin1String("note"))
        return runNote(ctx);
    if (c == QLatin1String("activity"))
        return runActivity(ctx);
    if (c == QLatin1String("merge"))
        return runMerge(ctx);
    if (c == QLatin1String("unmerge"))
        return runUnmerge(ctx);
    if (c == QLatin1String("account"))
        return runAccount(ctx);
    if (c == QLatin1String("sync"))
        return runSync(ctx);
    if (c == QLatin1String("serve"))
        return runServe(ctx);
    if (c == QLatin1String("kept"))
        return runKept(ctx);
    if (c == QLatin1String("outbox"))
        return runOutbox(ctx);
    if (c == QLatin1String("push"))
        return runPush(ctx);
    if (c == QLatin1String("traces"))
        return runTraces(ctx);
    if (c == QLatin1String("trace"))
        return runTrace(ctx);
    printError(QStringLiteral("unknown command '%1'").arg(c));
    std::fputs(kUsage, stderr);
    return UsageError;
}
