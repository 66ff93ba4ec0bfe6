// Throughput and latency of the local DSN endpoint (core/ingest) on loopback,
// the client included: N typical envelopes (the Python and Node SDKs' own,
// from shared/corpus/sdk/received, each with a fresh event id, gzip'd as the
// Python SDK sends them) from C keep-alive client connections. An envelope
// counts once its 200 arrived, which the endpoint sends after the commit.
//
//   ingestbench [--events N] [--concurrency C] [--db PATH | --dsn DSN] [--sessions 0|1] [--keep 0|1]
//
// --sessions 1 adds a session item to every envelope (as an SDK with release
// health sends them), which the endpoint keeps in kept_items; --keep 0 turns
// that keeping off (PipelineOptions::keepItems), to measure what it costs.
//
// Prints accepted envelopes/s, p50/p99/max latency and checks that the
// workspace holds N more events afterwards. --db reuses a workspace (to
// measure on a big one). --dsn http://KEY@127.0.0.1:PORT/ID sends the same
// load to a server already running on loopback (`stackdeck-cli serve`,
// Spotlight's sidecar) instead of an endpoint of its own; the stored count is
// then the caller's to check. Exit status 1 when a count is wrong.

#include "formats/recordsource.h"
#include "ingest/ingestendpoint.h"
#include "sdkenvelopes.h"
#include "store/eventqueries.h"
#include "store/sessionaccess.h"
#include "store/workspacesession.h"
#include "testsupport.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QTemporaryDir>
#include <QTimer>
#include <QUrl>

#include <algorithm>
#include <arpa/inet.h>
#include <atomic>
#include <cctype>
#include <chrono>
#include <cstdio>
#include <memory>
#include <netinet/in.h>
#include <sys/socket.h>
#include <thread>
#include <unistd.h>
#include <zlib.h>

using namespace stackdeck;

namespace {

std::string gzipOf(const std::string& data)
{
    z_stream z {};
    deflateInit2(&z, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY);
    std::string out(deflateBound(&z, static_cast<uLong>(data.size())) + 64, '\0');
    z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
    z.avail_in = static_cast<uInt>(data.size());
    z.next_out = reinterpret_cast<Bytef*>(out.data());
    z.avail_out = static_cast<uInt>(out.size());
    deflate(&z, Z_FINISH);
    out.resize(z.total_out);
    deflateEnd(&z);
    return out;
}

// The corpus envelopes holding exactly one event or transaction (each request then stores one row).
std::vector<std::string> typicalEnvelopes()
{
    std::vector<std::string> out;
    for (std::string& body : test::sdkEnvelopeBodies()) {
        auto source = RecordSource::fromBuffer(body, "bench");
        RawRecord raw;
        int events = 0;
        while (source->next(raw)) {
            events += raw.itemType == "event" || raw.itemType == "transaction" ? 1 : 0;
            raw = RawRecord {};
        }
        if (events == 1 && source->rejectionCount() == 0)
            out.push_back(std::move(body));
    }
    return out;
}

// The values of every "event_id" key (envelope header and payloads), as written by the SDKs.
std::vector<std::string> eventIdsIn(const std::string& body)
{
    std::vector<std::string> out;
    const std::string key = "\"event_id\"";
    for (std::size_t at = body.find(key); at != std::string::npos; at = body.find(key, at + key.size())) {
        std::size_t open = body.find('"', at + key.size());
        if (open == std::string::npos)
            break;
        const std::size_t close = body.find('"', open + 1);
        if (close == std::string::npos)
            break;
        const std::string value = body.substr(open + 1, close - open - 1);
        if (value.size() == 32 || value.size() == 36)
            out.push_back(value);
    }
    return out;
}

int connectTo(quint16 port)
{
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr {};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port);
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
        ::close(fd);
        return -1;
    }
    return fd;
}

// The length of the complete response at the start of buffer (head and body, Content-Length or
// chunked: Spotlight's sidecar answers chunked), 0 while it is incomplete.
std::size_t responseLength(const std::string& buffer)
{
    const std::size_t headEnd = buffer.find("\r\n\r\n");
    if (headEnd == std::string::npos)
        return 0;
    std::string head = buffer.substr(0, headEnd + 2);
    std::transform(head.begin(), head.end(), head.begin(), [](unsigned char c) { return std::tolower(c); });
    std::size_t at = headEnd + 4;
    if (head.find("\r\ntransfer-encoding: chunked\r\n") != std::string::npos) {
        for (;;) {
            const std::size_t lineEnd = buffer.find("\r\n", at);
            if (lineEnd == std::string::npos)
                return 0;
            const std::size_t size = std::strtoul(buffer.c_str() + at, nullptr, 16);
            at = lineEnd + 2 + size + 2; // the last chunk (size 0) ends with an empty line: no trailers
            if (at > buffer.size())
                return 0;
            if (size == 0)
                return at;
        }
    }
    const std::size_t cl = head.find("\r\ncontent-length:");
    const std::size_t length = cl == std::string::npos ? 0 : std::stoul(head.substr(cl + 17));
    return buffer.size() >= at + length ? at + length : 0;
}

// Sends one request and reads its answer's status (0 on a broken connection).
int roundTrip(int fd, const std::string& request, std::string& buffer)
{
    std::string_view rest(request);
    while (!rest.empty()) {
        const ssize_t n = ::send(fd, rest.data(), rest.size(), MSG_NOSIGNAL);
        if (n <= 0)
            return 0;
        rest.remove_prefix(static_cast<std::size_t>(n));
    }
    char chunk[16384];
    for (;;) {
        if (const std::size_t length = responseLength(buffer); length > 0) {
            const int status = std::atoi(buffer.substr(9, 3).c_str());
            buffer.erase(0, length);
            return status;
        }
        const ssize_t n = ::recv(fd, chunk, sizeof chunk, 0);
        if (n <= 0)
            return 0;
        buffer.append(chunk, static_cast<std::size_t>(n));
    }
}

} // namespace

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    int events = 20000;
    int concurrency = 8;
    QString dbPath;
    QString dsn;
    bool sessions = false;
    bool keep = true;
    const QStringList args = app.arguments();
    for (int i = 1; i + 1 < args.size(); i += 2) {
        if (args[i] == QLatin1String("--events"))
            events = args[i + 1].toInt();
        else if (args[i] == QLatin1String("--concurrency"))
            concurrency = args[i + 1].toInt();
        else if (args[i] == QLatin1String("--db"))
            dbPath = args[i + 1];
        else if (args[i] == QLatin1String("--dsn"))
            dsn = args[i + 1];
        else if (args[i] == QLatin1String("--sessions"))
            sessions = args[i + 1] == QLatin1String("1");
        else if (args[i] == QLatin1String("--keep"))
            keep = args[i + 1] != QLatin1String("0");
    }
    // An external server: http://KEY@127.0.0.1:PORT/PROJECT_ID, loopback only.
    const QUrl target(dsn);
    const bool external = !dsn.isEmpty();
    if (events <= 0 || concurrency <= 0 || args.size() % 2 == 0
        || (external
            && (target.scheme() != QLatin1String("http") || target.host() != QLatin1String("127.0.0.1")
                || target.port() <= 0 || target.userName().isEmpty() || target.path().size() < 2
                || !dbPath.isEmpty()))) {
        std::fprintf(stderr,
            "usage: ingestbench [--events N] [--concurrency C] [--db PATH | --dsn "
            "http://KEY@127.0.0.1:PORT/PROJECT_ID] [--sessions 0|1] [--keep 0|1]\n");
        return 2;
    }
    const std::vector<std::string> templates = typicalEnvelopes();
    if (templates.empty()) {
        std::fprintf(stderr, "ingestbench: no corpus envelopes (shared/corpus/sdk/received)\n");
        return 1;
    }
    QTemporaryDir dir;
    if (dbPath.isEmpty())
        dbPath = dir.filePath(QStringLiteral("bench.stackdeck"));
    std::shared_ptr<store::WorkspaceSession> session;
    std::unique_ptr<ingest::IngestEndpoint> endpoint;
    std::int64_t before = 0;
    auto countAll = [&] {
        return *store::readWithSession(
            session, [](sql::Database& db) -> Result<std::int64_t> { return store::countEvents(db); });
    };
    std::string publicKey;
    std::string projectId;
    quint16 port = 0;
    if (external) {
        publicKey = target.userName().toStdString();
        projectId = target.path().mid(1).toStdString();
        port = static_cast<quint16>(target.port());
    } else {
        auto opened = store::WorkspaceSession::open(dbPath.toStdString());
        if (!opened) {
            std::fprintf(stderr, "ingestbench: %s\n", opened.error().message.c_str());
            return 1;
        }
        session = *opened;
        before = countAll();
        ingest::EndpointOptions options;
        options.projects = {"bench"};
        options.pipeline.keepItems = keep;
        endpoint = std::make_unique<ingest::IngestEndpoint>(session, options);
        if (!endpoint->start()) {
            std::fprintf(stderr, "ingestbench: %s\n", qPrintable(endpoint->errorString()));
            return 1;
        }
        const store::IngestKey key = endpoint->keys().front();
        publicKey = key.publicKey;
        projectId = std::to_string(key.projectId);
        port = endpoint->port();
    }

    // Every request built before the clock starts: the client's share is sending and reading.
    std::vector<std::string> requests;
    requests.reserve(static_cast<std::size_t>(events));
    const auto run = static_cast<std::uint64_t>(std::chrono::steady_clock::now().time_since_epoch().count());
    std::size_t bodyBytes = 0;
    for (int i = 0; i < events; ++i) {
        std::string body = templates[static_cast<std::size_t>(i) % templates.size()];
        char fresh[33];
        std::snprintf(fresh, sizeof fresh, "%016llx%016llx", static_cast<unsigned long long>(run),
            static_cast<unsigned long long>(i));
        for (const std::string& old : eventIdsIn(body)) {
            for (std::size_t at = body.find(old); at != std::string::npos; at = body.find(old, at))
                body.replace(at, old.size(), fresh);
        }
        if (sessions) {
            const std::string sessionItem = std::string(R"({"sid":")") + fresh
                + R"(","did":"bench-user","init":true,"started":"2026-12-07T07:00:00.000000Z","status":"ok",)"
                  R"("errors":1,"duration":0.5,"attrs":{"release":"bench@1.0.0","environment":"production"}})";
            if (!body.empty() && body.back() != '\n')
                body += '\n';
            body += R"({"type":"session","length":)" + std::to_string(sessionItem.size()) + "}\n" + sessionItem + "\n";
        }
        const std::string gz = gzipOf(body);
        bodyBytes += gz.size();
        requests.push_back("POST /api/" + projectId + "/envelope/ HTTP/1.1\r\nHost: 127.0.0.1:" + std::to_string(port)
            + "\r\nX-Sentry-Auth: Sentry sentry_key=" + publicKey
            + ", sentry_version=7, sentry_client=ingestbench/1\r\nContent-Type: application/x-sentry-envelope\r\n"
              "Content-Encoding: gzip\r\nContent-Length: "
            + std::to_string(gz.size()) + "\r\n\r\n" + gz);
    }

    std::vector<std::vector<double>> latencies(static_cast<std::size_t>(concurrency));
    std::atomic<int> next {0};
    std::atomic<int> accepted {0};
    std::atomic<int> failed {0};
    std::atomic<int> running {concurrency};
    QElapsedTimer wall;
    wall.start();
    std::vector<std::thread> clients;
    for (int c = 0; c < concurrency; ++c) {
        clients.emplace_back([&, c] {
            int fd = connectTo(port);
            std::string buffer;
            for (int i = next++; i < events; i = next++) {
                const auto t0 = std::chrono::steady_clock::now();
                const int status = fd < 0 ? 0 : roundTrip(fd, requests[static_cast<std::size_t>(i)], buffer);
                const auto t1 = std::chrono::steady_clock::now();
                latencies[static_cast<std::size_t>(c)].push_back(
                    std::chrono::duration<double, std::milli>(t1 - t0).count());
                if (status == 200) {
                    ++accepted;
                } else {
                    ++failed;
                    ::close(fd);
                    fd = connectTo(port);
                    buffer.clear();
                }
            }
            if (fd >= 0)
                ::close(fd);
            if (--running == 0)
                QMetaObject::invokeMethod(
                    &app, [] { QCoreApplication::quit(); }, Qt::QueuedConnection);
        });
    }
    QCoreApplication::exec();
    const double seconds = static_cast<double>(wall.nsecsElapsed()) / 1e9;
    for (auto& t : clients)
        t.join();

    std::vector<double> all;
    for (const auto& l : latencies)
        all.insert(all.end(), l.begin(), l.end());
    std::sort(all.begin(), all.end());
    auto pct = [&](double p) {
        return all.empty()
            ? 0.0
            : all[std::min(all.size() - 1, static_cast<std::size_t>(p * static_cast<double>(all.size())))];
    };
    std::printf("ingestbench: %d envelopes (%zu corpus templates, %.0f bytes gzip'd on average), concurrency %d%s\n",
        events, templates.size(), static_cast<double>(bodyBytes) / events, concurrency,
        external ? qPrintable(QStringLiteral(", to 127.0.0.1:%1").arg(port)) : "");
    std::printf("accepted:  %d (%d failed) in %.2f s = %.0f envelopes/s\n", accepted.load(), failed.load(), seconds,
        accepted.load() / seconds);
    std::printf(
        "latency:   p50 %.2f ms, p99 %.2f ms, max %.2f ms\n", pct(0.50), pct(0.99), all.empty() ? 0.0 : all.back());
    if (external)
        return failed.load() == 0 ? 0 : 1;
    const std::int64_t stored = countAll() - before;
    std::printf("stored:    %lld new events (%s)\n", static_cast<long long>(stored),
        stored == accepted.load() ? "matches the accepted count" : "MISMATCH");
    return stored == accepted.load() && failed.load() == 0 ? 0 : 1;
}
