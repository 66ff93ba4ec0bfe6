// stackdeck-cli serve: the local DSN endpoint (core/ingest) until SIGINT or SIGTERM.

#include "clicommon.h"
#include "ingest/ingestendpoint.h"
#include "store/workspacesession.h"

#include <QCoreApplication>
#include <QSocketNotifier>

#include <csignal>
#include <cstdio>
#include <fcntl.h>
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
    parser.addOption({QStringLiteral("project"), tr("Workspace project the DSN stores into (default: default)."),
        QStringLiteral("NAME")});
    parser.addOption(
        {QStringLiteral("max-body"), tr("Largest body as sent, in bytes (default 20 MiB)."), QStringLiteral("BYTES")});
    parser.addOption({QStringLiteral("max-decompressed"), tr("Largest body once decompressed (default 100 MiB)."),
        QStringLiteral("BYTES")});
    parser.addOption(
        {QStringLiteral("rate"), tr("Requests per second before 429 (default: no limit)."), QStringLiteral("N")});
    parser.addOption({QStringLiteral("allow-origin"), tr("Browser origin allowed to send (CORS); repeatable."),
        QStringLiteral("ORIGIN")});
    parser.addOption({QStringLiteral("forward"),
        tr("Also relay what is accepted to this upstream DSN (queued on disk while it is unreachable)."),
        QStringLiteral("DSN")});
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
    if (parser.isSet(QStringLiteral("project")))
        options.projects = {parser.value(QStringLiteral("project")).toStdString()};
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
    options.allowedOrigins = parser.values(QStringLiteral("allow-origin"));
    options.forwardDsn = parser.value(QStringLiteral("forward"));

    auto session = store::WorkspaceSession::open(workspacePath(parser), store::WorkspaceSession::Mode::ReadWrite);
    if (!session) {
        printError(QString::fromStdString(session.error().message));
        return UsageError;
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
    const std::string project = options.projects.front();
    std::printf("%s\n", endpoint.dsn(project).toUtf8().constData());
    std::fflush(stdout);
    if (!endpoint.isLoopback()) {
        printError(tr("warning: listening on %1, reachable from other machines: anyone who has the DSN can write "
                      "into this workspace")
                       .arg(endpoint.address().toString()));
    }
    std::fprintf(stderr, "%s\n",
        tr("storing into project %1 of %2; Ctrl+C stops")
            .arg(QString::fromStdString(project), QString::fromStdString((*session)->path()))
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
    if (const ingest::Forwarder* f = endpoint.forwarder()) {
        std::fprintf(stderr, "%s\n",
            tr("forwarded %1, dropped %2, %3 waiting on disk for the upstream")
                .arg(f->forwarded())
                .arg(f->dropped())
                .arg(f->queued())
                .toUtf8()
                .constData());
    }
    if (parser.isSet(QStringLiteral("json"))) {
        printJson({{"requests", c.requests}, {"accepted", c.accepted}, {"refused", c.refused}, {"events", c.events},
            {"rejected_items", c.rejectedItems}, {"skipped_items", c.skippedItems}});
    } else {
        std::fprintf(stderr, "%s\n",
            tr("stopped: %1 requests, %2 accepted, %3 refused; %4 events received, %5 items rejected, %6 items "
               "counted (sessions, client reports)")
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
