// stackdeck-cli serve: the local DSN endpoint (core/ingest) until SIGINT or SIGTERM.

#include "clicommon.h"
#include "ingest/forwardsettings.h"
#include "ingest/ingestendpoint.h"
#include "store/workspacesession.h"

#include <QCoreApplication>
#include <QSocketNotifier>

#include <algorithm>
#include <csignal>
#include <cstdio>
#include <fcntl.h>
#include <map>
#include <unistd.h>

namespace stackdeck::cli {

namespace {

int g_signalPipe[2] = {-1, -1};

void onSignal(int)
{
    const char byte = 1;
    // Async-signal-safe: the event loop reads the pipe and stops the endpoint.
    [[maybe_unused]] const auto n = ::write(g_signalPipe[1], &byte, 1);
}

bool installSignalHandlers()
{
    if (::pipe(g_signalPipe) != 0)
        return false;
    for (int fd : g_signalPipe)
        ::fcntl(fd, F_SETFD, FD_CLOEXEC);
    ::fcntl(g_signalPipe[1], F_SETFL, O_NONBLOCK);
    struct sigaction action { };
    action.sa_handler = onSignal;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_RESTART;
    return ::sigaction(SIGINT, &action, nullptr) == 0 && ::sigaction(SIGTERM, &action, nullptr) == 0;
}

std::optional<std::int64_t> byteCount(const QString& text)
{
    bool ok = false;
    const qlonglong n = text.toLongLong(&ok);
    if (!ok || n <= 0)
        return std::nullopt;
    return static_cast<std::int64_t>(n);
}

QString tr(const char* text)
{
    return QCoreApplication::translate("serve", text);
}

} // namespace

int runServe(const Context& ctx)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(tr("Receive what Sentry SDKs send, into the workspace: prints the DSN on its "
                                        "first line, runs until SIGINT or SIGTERM."));
    addCommonOptions(parser);
    parser.addOption({QStringLiteral("port"), tr("Port to listen on (default: a free one)."), QStringLiteral("N")});
    parser.addOption({QStringLiteral("bind"), tr("Address to listen on (default 127.0.0.1)."), QStringLiteral("ADDR")});
    parser.addOption({QStringLiteral("project"),
        tr("Workspace project a DSN stores into (default: default); repeatable, one DSN per project, one a line."),
        QStringLiteral("NAME")});
    parser.addOption(
        {QStringLiteral("max-body"), tr("Largest body as sent, in bytes (default 20 MiB)."), QStringLiteral("BYTES")});
    parser.addOption({QStringLiteral("max-decompressed"), tr("Largest body once decompressed (default 100 MiB)."),
        QStringLiteral("BYTES")});
    parser.addOption(
        {QStringLiteral("rate"), tr("Requests per second before 429 (default: no limit)."), QStringLiteral("N")});
    parser.addOption({QStringLiteral("keep-items"),
        tr("Items kept as received (sessions, client reports, profiles, refused items): at most N in the workspace, "
           "the oldest going first (default 100000; 0 keeps none)."),
        QStringLiteral("N")});
    parser.addOption({QStringLiteral("keep-bytes"),
        tr("Those items' stored bytes at most, the oldest going first (default 256 MiB)."), QStringLiteral("BYTES")});
    parser.addOption({QStringLiteral("allow-origin"), tr("Browser origin allowed to send (CORS); repeatable."),
        QStringLiteral("ORIGIN")});
    parser.addOption({QStringLiteral("forward"),
        tr("Also relay what is accepted to an upstream Sentry, unchanged but for its key, queued on disk (per project, "
           "256 MiB at most) while it is unreachable. DSN: every served project to it; PROJECT=DSN: that project "
           "(repeatable; PROJECT= forwards it nowhere). Without it, each project uses the upstream saved in the "
           "workspace (the window's Endpoint tab, or --save-forward), its key read from the OS keychain."),
        QStringLiteral("[PROJECT=]DSN")});
    parser.addOption({QStringLiteral("save-forward"),
        tr("Keep the --forward choices in the workspace for the next runs and the window (the DSN without its key; "
           "the key goes to the OS keychain, never to a file; PROJECT= removes the project's)."),
        QString()});
    if (!parseOrFail(parser, ctx))
        return UsageError;
    ingest::EndpointOptions options;
    if (parser.isSet(QStringLiteral("bind"))) {
        options.bindAddress = QHostAddress(parser.value(QStringLiteral("bind")));
        if (options.bindAddress.isNull()) {
            printError(tr("--bind needs an IP address, not %1").arg(parser.value(QStringLiteral("bind"))));
            return UsageError;
        }
    }
    if (parser.isSet(QStringLiteral("port"))) {
        bool ok = false;
        const uint port = parser.value(QStringLiteral("port")).toUInt(&ok);
        if (!ok || port > 65535) {
            printError(tr("--port needs a number from 0 to 65535"));
            return UsageError;
        }
        options.port = static_cast<quint16>(port);
    }
    if (parser.isSet(QStringLiteral("project"))) {
        options.projects.clear();
        for (const QString& name : parser.values(QStringLiteral("project"))) {
            if (std::find(options.projects.begin(), options.projects.end(), name.toStdString())
                == options.projects.end())
                options.projects.push_back(name.toStdString());
        }
    }
    if (parser.isSet(QStringLiteral("max-body"))) {
        const auto n = byteCount(parser.value(QStringLiteral("max-body")));
        if (!n) {
            printError(tr("--max-body needs a positive number of bytes"));
            return UsageError;
        }
        options.http.maxBodyBytes = *n;
        options.maxDecodedBytes = std::max(options.maxDecodedBytes, *n);
    }
    if (parser.isSet(QStringLiteral("max-decompressed"))) {
        const auto n = byteCount(parser.value(QStringLiteral("max-decompressed")));
        if (!n) {
            printError(tr("--max-decompressed needs a positive number of bytes"));
            return UsageError;
        }
        options.maxDecodedBytes = *n;
    }
    if (parser.isSet(QStringLiteral("rate"))) {
        bool ok = false;
        options.rateLimit = parser.value(QStringLiteral("rate")).toDouble(&ok);
        if (!ok || options.rateLimit < 0) {
            printError(tr("--rate needs a number of requests per second"));
            return UsageError;
        }
    }
    if (parser.isSet(QStringLiteral("keep-items"))) {
        bool ok = false;
        const qlonglong n = parser.value(QStringLiteral("keep-items")).toLongLong(&ok);
        if (!ok || n < 0) {
            printError(tr("--keep-items needs a number of items (0 keeps none)"));
            return UsageError;
        }
        options.pipeline.keepItems = n > 0; // 0: none kept from now on; those kept before stay
        if (n > 0)
            options.pipeline.keptRetention.maxRows = n;
    }
    if (parser.isSet(QStringLiteral("keep-bytes"))) {
        const auto n = byteCount(parser.value(QStringLiteral("keep-bytes")));
        if (!n) {
            printError(tr("--keep-bytes needs a positive number of bytes"));
            return UsageError;
        }
        options.pipeline.keptRetention.maxBytes = *n;
    }
    options.allowedOrigins = parser.values(QStringLiteral("allow-origin"));
    // --forward: a DSN for every served project, or PROJECT=DSN for one.
    std::map<std::string, QString> forwards;
    for (const QString& value : parser.values(QStringLiteral("forward"))) {
        const bool plain = value.startsWith(QLatin1String("http://"), Qt::CaseInsensitive)
            || value.startsWith(QLatin1String("https://"), Qt::CaseInsensitive);
        const qsizetype eq = value.indexOf(QLatin1Char('='));
        if (!plain && eq <= 0) {
            printError(tr("--forward needs a DSN or PROJECT=DSN"));
            return UsageError;
        }
        const QString dsn = plain ? value : value.mid(eq + 1);
        QString why;
        if (!dsn.isEmpty() && !ingest::UpstreamDsn::parse(dsn, &why)) {
            printError(tr("--forward: not a DSN: %1").arg(why));
            return UsageError;
        }
        if (plain) {
            for (const std::string& project : options.projects)
                forwards[project] = dsn;
            continue;
        }
        const std::string project = value.left(eq).toStdString();
        if (std::find(options.projects.begin(), options.projects.end(), project) == options.projects.end()) {
            printError(tr("--forward %1=…: that project is not served (add --project %1)").arg(value.left(eq)));
            return UsageError;
        }
        forwards[project] = dsn;
    }

    auto session = store::WorkspaceSession::open(workspacePath(parser), store::WorkspaceSession::Mode::ReadWrite);
    if (!session) {
        printError(QString::fromStdString(session.error().message));
        return UsageError;
    }
    if (parser.isSet(QStringLiteral("save-forward"))) {
        if (forwards.empty()) {
            printError(tr("--save-forward needs --forward"));
            return UsageError;
        }
        for (const auto& [project, dsn] : forwards) {
            const auto saved = ingest::saveForward(*session, QString::fromStdString(project), dsn);
            printError(saved.message);
            if (!saved.saved)
                return UsageError;
        }
    }
    // The projects not named by --forward use their saved upstream, when its key can be read.
    const bool anyUnnamed = std::any_of(
        options.projects.begin(), options.projects.end(), [&](const std::string& p) { return !forwards.count(p); });
    if (anyUnnamed) {
        QString error;
        for (const ingest::SavedForward& saved : ingest::loadSavedForwards(*session, true, &error)) {
            const std::string name = saved.project.toStdString();
            if (forwards.count(name)
                || std::find(options.projects.begin(), options.projects.end(), name) == options.projects.end())
                continue;
            if (saved.dsn.isEmpty()) {
                printError(tr("warning: project %1 is not forwarded to %2 in this run: %3; its queue waits on disk "
                              "(--forward %1=DSN gives the key for this run)")
                               .arg(saved.project, saved.upstream, saved.problem));
                continue;
            }
            forwards[name] = saved.dsn;
        }
        if (!error.isEmpty())
            printError(tr("warning: could not read the saved forwarding upstreams: %1").arg(error));
    }
    for (auto& [project, dsn] : forwards) {
        if (!dsn.isEmpty())
            options.forwardDsns[project] = dsn;
    }

    if (!installSignalHandlers()) {
        printError(tr("could not install the SIGINT/SIGTERM handlers"));
        return UsageError;
    }

    ingest::IngestEndpoint endpoint(*session, options);
    if (!endpoint.start()) {
        printError(endpoint.errorString());
        return UsageError;
    }
    QStringList served;
    for (const std::string& project : options.projects) {
        std::printf("%s\n", endpoint.dsn(project).toUtf8().constData());
        served << QString::fromStdString(project);
    }
    std::fflush(stdout);
    if (!endpoint.isLoopback()) {
        printError(tr("warning: listening on %1, reachable from other machines: anyone who has the DSN can write "
                      "into this workspace")
                       .arg(endpoint.address().toString()));
    }
    std::fprintf(stderr, "%s\n",
        tr("storing into project %1 of %2; Ctrl+C stops")
            .arg(served.join(QStringLiteral(", ")), QString::fromStdString((*session)->path()))
            .toUtf8()
            .constData());

    QObject::connect(&endpoint, &ingest::IngestEndpoint::rejectionsAdded, &endpoint, [](const QStringList& lines) {
        for (const QString& line : lines)
            printError(tr("rejected: %1").arg(line));
    });
    QSocketNotifier notifier(g_signalPipe[0], QSocketNotifier::Read);
    QObject::connect(&notifier, &QSocketNotifier::activated, &endpoint, [&] {
        char byte = 0;
        [[maybe_unused]] const auto n = ::read(g_signalPipe[0], &byte, 1);
        notifier.setEnabled(false);
        endpoint.stop();
    });
    QObject::connect(
        &endpoint, &ingest::IngestEndpoint::stopped, QCoreApplication::instance(), [] { QCoreApplication::exit(0); });
    const int rc = QCoreApplication::exec();
    const ingest::EndpointCounters c = endpoint.counters();
    for (const ingest::ForwardStatus& f : endpoint.forwardStatus()) {
        std::fprintf(stderr, "%s\n",
            tr("project %1 -> %2: forwarded %3, dropped %4, %5 waiting on disk for the upstream%6")
                .arg(f.project, f.upstream)
                .arg(f.forwarded)
                .arg(f.dropped)
                .arg(f.queued)
                .arg(f.failing ? tr(" (last error: %1)").arg(f.lastError) : QString())
                .toUtf8()
                .constData());
    }
    if (parser.isSet(QStringLiteral("json"))) {
        printJson({{"requests", c.requests}, {"accepted", c.accepted}, {"refused", c.refused}, {"events", c.events},
            {"rejected_items", c.rejectedItems}, {"skipped_items", c.skippedItems}});
    } else {
        std::fprintf(stderr, "%s\n",
            tr("stopped: %1 requests, %2 accepted, %3 refused; %4 events received, %5 items rejected, %6 items "
               "not interpreted (sessions, client reports); both kinds are kept as received: stackdeck-cli kept")
                .arg(c.requests)
                .arg(c.accepted)
                .arg(c.refused)
                .arg(c.events)
                .arg(c.rejectedItems)
                .arg(c.skippedItems)
                .toUtf8()
                .constData());
    }
    return rc == 0 ? Success : UsageError;
}

} // namespace stackdeck::cli
