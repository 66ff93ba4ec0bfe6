// The local DSN endpoint end to end on 127.0.0.1 (core/ingest): every request
// the real SDKs sent (shared/corpus/sdk/received) replayed and compared with
// a file import of the same payloads; wrong keys and hosts, hostile bodies, a
// slow client, 50 concurrent clients, and a stop while requests are in flight.
// Clients are plain blocking sockets on their own threads; the test thread
// runs the endpoint's event loop and waits with QTRY_*.

#include "eventenvelope.h"
#include "fakeupstream.h"
#include "importer/importjob.h"
#include "ingest/ingestendpoint.h"
#include "ingest/sentryauth.h"
#include "store/eventqueries.h"
#include "store/ingestkeys.h"
#include "store/issuequeries.h"
#include "store/sessionaccess.h"
#include "store/workspacesession.h"
#include "testsupport.h"

#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QUrl>

#include <arpa/inet.h>
#include <future>
#include <netinet/in.h>
#include <nlohmann/json.hpp>
#include <set>
#include <sys/socket.h>
#include <unistd.h>
#include <zlib.h>

using namespace stackdeck;
using namespace stackdeck::ingest;

namespace {

struct Reply {
    int status = 0; // 0: no answer (connection closed or failed)
    std::vector<std::pair<std::string, std::string>> headers; // names lowercased
    std::string body;

    std::string header(const std::string& name) const
    {
        for (const auto& [k, v] : headers) {
            if (k == name)
                return v;
        }
        return {};
    }
};

// One blocking client connection to 127.0.0.1:port.
class Client {
public:
    explicit Client(quint16 port)
    {
        m_fd = ::socket(AF_INET, SOCK_STREAM, 0);
        timeval tv {20, 0};
        ::setsockopt(m_fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
        sockaddr_in addr {};
        addr.sin_family = AF_INET;
        addr.sin_port = htons(port);
        addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        m_connected = ::connect(m_fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
    }
    ~Client() { ::close(m_fd); }
    Client(const Client&) = delete;
    Client& operator=(const Client&) = delete;

    bool send(std::string_view bytes)
    {
        while (!bytes.empty()) {
            const ssize_t n = ::send(m_fd, bytes.data(), bytes.size(), MSG_NOSIGNAL);
            if (n <= 0)
                return false;
            bytes.remove_prefix(static_cast<std::size_t>(n));
        }
        return true;
    }

    // Reads one response; status 0 when the connection ended first.
    Reply read()
    {
        Reply r;
        std::size_t headEnd;
        while ((headEnd = m_buffer.find("\r\n\r\n")) == std::string::npos) {
            if (!fill())
                return r;
        }
        const std::string head = m_buffer.substr(0, headEnd);
        m_buffer.erase(0, headEnd + 4);
        std::size_t lineEnd = head.find("\r\n");
        const std::string statusLine = head.substr(0, lineEnd);
        r.status = std::atoi(statusLine.substr(9, 3).c_str());
        std::size_t length = 0;
        while (lineEnd != std::string::npos) {
            const std::size_t next = head.find("\r\n", lineEnd + 2);
            const std::string line
                = head.substr(lineEnd + 2, next == std::string::npos ? std::string::npos : next - lineEnd - 2);
            lineEnd = next;
            const std::size_t colon = line.find(':');
            if (colon == std::string::npos)
                continue;
            std::string name = line.substr(0, colon);
            for (char& c : name)
                c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
            std::string value = line.substr(colon + 1);
            while (!value.empty() && value.front() == ' ')
                value.erase(0, 1);
            if (name == "content-length")
                length = static_cast<std::size_t>(std::stoull(value));
            r.headers.emplace_back(name, value);
        }
        while (m_buffer.size() < length) {
            if (!fill())
                break;
        }
        r.body = m_buffer.substr(0, length);
        m_buffer.erase(0, std::min(length, m_buffer.size()));
        return r;
    }

    // True when the server closed the connection (reads EOF).
    bool closedByServer()
    {
        char c;
        return ::recv(m_fd, &c, 1, 0) == 0;
    }

    bool connected() const { return m_connected; }

private:
    bool fill()
    {
        char chunk[65536];
        const ssize_t n = ::recv(m_fd, chunk, sizeof chunk, 0);
        if (n <= 0)
            return false;
        m_buffer.append(chunk, static_cast<std::size_t>(n));
        return true;
    }

    int m_fd = -1;
    bool m_connected = false;
    std::string m_buffer;
};

Reply exchange(quint16 port, const std::string& request)
{
    Client c(port);
    if (!c.send(request))
        return {};
    return c.read();
}

std::string chunked(const std::string& body, std::size_t piece)
{
    std::string out;
    for (std::size_t i = 0; i < body.size(); i += piece) {
        const std::string part = body.substr(i, piece);
        char size[32];
        std::snprintf(size, sizeof size, "%zx\r\n", part.size());
        out += size + part + "\r\n";
    }
    return out + "0\r\n\r\n";
}

std::string gzipOf(const std::string& data)
{
    z_stream z {};
    deflateInit2(&z, Z_BEST_COMPRESSION, Z_DEFLATED, 15 + 16, 9, Z_DEFAULT_STRATEGY);
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

std::string hex32(std::uint64_t a, std::uint64_t b)
{
    char buf[33];
    std::snprintf(
        buf, sizeof buf, "%016llx%016llx", static_cast<unsigned long long>(a), static_cast<unsigned long long>(b));
    return buf;
}

using test::envelopeWithEvent;

template <typename T> bool ready(const std::future<T>& f)
{
    return f.wait_for(std::chrono::seconds(0)) == std::future_status::ready;
}

// (event id, type, title, primary hash, issue title) of every stored event, sorted.
std::vector<std::string> storedEvents(sql::Database& db)
{
    store::EventListRequest request;
    request.limit = 100000;
    std::vector<std::string> out;
    for (const store::EventRow& e : store::listEvents(db, request)) {
        std::string issueTitle;
        if (e.issue.isValid()) {
            if (auto issue = store::issueById(db, e.issue))
                issueTitle = issue->title;
        }
        out.push_back(e.eventId + " | " + std::to_string(static_cast<int>(e.type)) + " | " + e.title + " | "
            + e.primaryHash + " | " + issueTitle + " | " + e.project);
    }
    std::sort(out.begin(), out.end());
    return out;
}

} // namespace

class TestIngestEndpoint : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    int m_counter = 0;

    std::shared_ptr<store::WorkspaceSession> openSession(const QString& name)
    {
        auto s = store::WorkspaceSession::open(m_dir.filePath(name).toStdString());
        if (!s)
            qFatal("%s", s.error().message.c_str());
        return *s;
    }

    std::unique_ptr<IngestEndpoint> startEndpoint(
        const std::shared_ptr<store::WorkspaceSession>& session, EndpointOptions options = {})
    {
        auto endpoint = std::make_unique<IngestEndpoint>(session, options);
        if (!endpoint->start())
            qFatal("%s", qPrintable(endpoint->errorString()));
        return endpoint;
    }

    static std::string post(const IngestEndpoint& e, const std::string& body, const std::string& extraHeaders = {},
        const std::string& route = "envelope")
    {
        const store::IngestKey& key = e.keys().front();
        return "POST /api/" + std::to_string(key.projectId) + "/" + route + "/ HTTP/1.1\r\nHost: 127.0.0.1:"
            + std::to_string(e.port()) + "\r\nX-Sentry-Auth: Sentry sentry_key=" + key.publicKey
            + ", sentry_version=7\r\nContent-Length: " + std::to_string(body.size()) + "\r\n" + extraHeaders + "\r\n"
            + body;
    }

    template <typename T> static T await(std::future<T>& f)
    {
        [&] { QTRY_VERIFY_WITH_TIMEOUT(ready(f), 30000); }();
        return f.get();
    }

private Q_SLOTS:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    void dsnAndKeysPersist()
    {
        auto session = openSession(QStringLiteral("keys.stackdeck"));
        QString first;
        {
            auto e = startEndpoint(session);
            first = e->dsn("default");
            QVERIFY(first.startsWith(QStringLiteral("http://")));
            QVERIFY(first.contains(QStringLiteral("@127.0.0.1:%1/").arg(e->port())));
            QCOMPARE(e->keys().front().publicKey.size(), std::size_t {32});
            QVERIFY(e->isLoopback());
        }
        auto e = startEndpoint(session);
        const QString again = e->dsn("default");
        // Same key and project after a restart (the port is new).
        QCOMPARE(again.section(QLatin1Char('@'), 0, 0), first.section(QLatin1Char('@'), 0, 0));
        QCOMPARE(again.section(QLatin1Char('/'), -1), first.section(QLatin1Char('/'), -1));
    }

    void replayCorpusMatchesFileImport()
    {
        STACKDECK_REQUIRE_CORPUS();
        const QString folder = test::corpusPath(QStringLiteral("sdk/received"));
        QFile log(folder + QStringLiteral("/requests.jsonl"));
        QVERIFY(log.open(QIODevice::ReadOnly));
        auto session = openSession(QStringLiteral("replay.stackdeck"));
        EndpointOptions options;
        options.projects = {"sdk"};
        auto endpoint = startEndpoint(session, options);
        const store::IngestKey key = endpoint->keys().front();
        const std::string host = "127.0.0.1:" + std::to_string(endpoint->port());

        std::vector<std::string> requests;
        std::vector<std::string> payloads;
        while (!log.atEnd()) {
            const QByteArray line = log.readLine().trimmed();
            if (line.isEmpty())
                continue;
            const auto r = nlohmann::json::parse(line.toStdString());
            const bool hasWire = r.contains("wire_file");
            const std::string bodyFile = hasWire ? r["wire_file"].get<std::string>() : r["file"].get<std::string>();
            const QByteArray raw = test::readFile(folder + QLatin1Char('/') + QString::fromStdString(bodyFile));
            std::string body = raw.toStdString();
            payloads.push_back(QString(folder + QLatin1Char('/') + QString::fromStdString(r["file"].get<std::string>()))
                                   .toStdString());
            std::string path = r["path"].get<std::string>();
            path.replace(path.find("/api/1/"), 7, "/api/" + std::to_string(key.projectId) + "/");
            std::string query;
            for (const auto& [k, v] : r["query"].items()) {
                query += (query.empty() ? "?" : "&") + k + "="
                    + (k == "sentry_key"
                            ? key.publicKey
                            : QUrl::toPercentEncoding(QString::fromStdString(v.get<std::string>())).toStdString());
            }
            std::string request
                = r["method"].get<std::string>() + " " + path + query + " HTTP/1.1\r\nHost: " + host + "\r\n";
            bool isChunked = false;
            for (const auto& [name, value] : r["headers"].items()) {
                std::string lower = name;
                for (char& c : lower)
                    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
                std::string v = value.get<std::string>();
                if (lower == "host" || lower == "content-length")
                    continue;
                if (lower == "transfer-encoding")
                    isChunked = true;
                if (lower == "x-sentry-auth") {
                    const std::size_t at = v.find("sentry_key=publickey");
                    QVERIFY(at != std::string::npos);
                    v.replace(at + 11, 9, key.publicKey);
                }
                request += name + ": " + v + "\r\n";
            }
            if (isChunked)
                request += "\r\n" + chunked(body, 1000);
            else
                request += "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
            requests.push_back(std::move(request));
        }
        QCOMPARE(requests.size(), std::size_t {280});

        // Over one keep-alive connection, as the SDKs send.
        const quint16 port = endpoint->port();
        auto statuses = std::async(std::launch::async, [&requests, port] {
            std::vector<int> out;
            Client c(port);
            for (const std::string& request : requests) {
                c.send(request);
                out.push_back(c.read().status);
            }
            return out;
        });
        const std::vector<int> got = await(statuses);
        QCOMPARE(got.size(), requests.size());
        for (std::size_t i = 0; i < got.size(); ++i)
            QVERIFY2(got[i] == 200, qPrintable(QStringLiteral("request %1 answered %2").arg(i + 1).arg(got[i])));
        QCOMPARE(endpoint->counters().accepted, qint64 {280});

        // The same payloads imported as files into another workspace.
        const std::string importedPath = m_dir.filePath(QStringLiteral("imported.stackdeck")).toStdString();
        ImportOptions importOptions;
        importOptions.project = "sdk";
        const ImportSummary summary = ImportJob(importedPath, importOptions).run(payloads);
        QVERIFY2(summary.fatalError.empty(), summary.fatalError.c_str());

        auto imported = store::WorkspaceSession::open(importedPath);
        QVERIFY(imported.ok());
        const auto fromFiles = store::readWithSession(
            *imported, [](sql::Database& db) -> Result<std::vector<std::string>> { return storedEvents(db); });
        const auto fromEndpoint = store::readWithSession(
            session, [](sql::Database& db) -> Result<std::vector<std::string>> { return storedEvents(db); });
        QVERIFY(fromFiles.ok() && fromEndpoint.ok());
        QVERIFY(fromFiles->size() > 100);
        QCOMPARE(*fromEndpoint, *fromFiles);
        QCOMPARE(endpoint->counters().events, summary.events + summary.transactions + summary.duplicates);
        QVERIFY(endpoint->counters().skippedItems > 0); // sessions and client reports are counted
    }

    void refusals_data()
    {
        QTest::addColumn<QString>("kind");
        QTest::addColumn<int>("status");
        QTest::newRow("wrong key") << QStringLiteral("wrong key") << 403;
        QTest::newRow("no key") << QStringLiteral("no key") << 403;
        QTest::newRow("unknown project") << QStringLiteral("unknown project") << 403;
        QTest::newRow("Host is a name (DNS rebinding)") << QStringLiteral("evil host") << 403;
        QTest::newRow("Host on another port") << QStringLiteral("other port") << 403;
        QTest::newRow("Origin not allowed") << QStringLiteral("origin") << 403;
        QTest::newRow("preflight with CORS off") << QStringLiteral("preflight") << 403;
        QTest::newRow("GET") << QStringLiteral("get") << 405;
        QTest::newRow("other path") << QStringLiteral("path") << 404;
        QTest::newRow("header not JSON") << QStringLiteral("bad header") << 400;
        QTest::newRow("not an envelope") << QStringLiteral("not envelope") << 400;
        QTest::newRow("store body not JSON") << QStringLiteral("store garbage") << 400;
        QTest::newRow("truncated gzip") << QStringLiteral("truncated gzip") << 400;
        QTest::newRow("gzip bomb") << QStringLiteral("bomb") << 413;
        QTest::newRow("2 GB Content-Length, short body") << QStringLiteral("2gb") << 413;
        QTest::newRow("header flood") << QStringLiteral("flood") << 431;
        QTest::newRow("invalid chunk size") << QStringLiteral("chunk") << 400;
        QTest::newRow("bad item inside a good envelope") << QStringLiteral("bad item") << 200;
    }

    void refusals()
    {
        QFETCH(QString, kind);
        QFETCH(int, status);
        auto session = openSession(QStringLiteral("refusals.stackdeck"));
        EndpointOptions options;
        options.maxDecodedBytes = 1 << 20;
        auto e = startEndpoint(session, options);
        const store::IngestKey& key = e->keys().front();
        const std::string host = "127.0.0.1:" + std::to_string(e->port());
        const std::string id = hex32(0xabc, static_cast<std::uint64_t>(++m_counter));
        const std::string envelope = envelopeWithEvent(id, "refusal " + kind.toStdString());
        std::string request;
        const std::string k = kind.toStdString();
        auto replaced = [](std::string s, const std::string& from, const std::string& to) {
            const std::size_t at = s.find(from);
            return at == std::string::npos ? s : s.replace(at, from.size(), to);
        };
        if (k == "wrong key")
            request = replaced(post(*e, envelope), key.publicKey, std::string(32, '0'));
        else if (k == "no key")
            request = replaced(post(*e, envelope), "X-Sentry-Auth", "X-Other");
        else if (k == "unknown project")
            request = replaced(post(*e, envelope), "/api/" + std::to_string(key.projectId) + "/", "/api/999/");
        else if (k == "evil host")
            request = replaced(post(*e, envelope), "Host: 127.0.0.1", "Host: rebind.example.com");
        else if (k == "other port")
            request = replaced(post(*e, envelope), "Host: " + host, "Host: 127.0.0.1:1");
        else if (k == "origin")
            request = post(*e, envelope, "Origin: https://evil.example\r\n");
        else if (k == "preflight")
            request = "OPTIONS /api/" + std::to_string(key.projectId) + "/envelope/ HTTP/1.1\r\nHost: " + host
                + "\r\nOrigin: https://app.example\r\nAccess-Control-Request-Method: POST\r\n\r\n";
        else if (k == "get")
            request = "GET /api/" + std::to_string(key.projectId) + "/envelope/ HTTP/1.1\r\nHost: " + host + "\r\n\r\n";
        else if (k == "path")
            request = "POST /api/1/minidump/ HTTP/1.1\r\nHost: " + host + "\r\nContent-Length: 0\r\n\r\n";
        else if (k == "bad header")
            request = post(*e, "{not json\n{\"type\":\"event\"}\n{}\n");
        else if (k == "not envelope")
            request = post(*e, "{\"a\":1}\nthis is not an item header\n");
        else if (k == "store garbage")
            request = post(*e, "garbage", {}, "store");
        else if (k == "truncated gzip") {
            const std::string gz = gzipOf(envelope);
            request = post(*e, gz.substr(0, gz.size() / 2), "Content-Encoding: gzip\r\n");
        } else if (k == "bomb")
            request = post(*e, gzipOf(std::string(std::size_t {16} << 20, ' ')), "Content-Encoding: gzip\r\n");
        else if (k == "2gb")
            request = replaced(post(*e, "short"), "Content-Length: 5", "Content-Length: 2147483648");
        else if (k == "flood") {
            std::string flood;
            for (int i = 0; i < 500; ++i)
                flood += "X-Flood-" + std::to_string(i) + ": " + std::string(100, 'x') + "\r\n";
            request = post(*e, envelope, flood);
        } else if (k == "chunk")
            request
                = replaced(post(*e, ""), "Content-Length: 0", "Transfer-Encoding: chunked") + "1g\r\nx\r\n0\r\n\r\n";
        else if (k == "bad item") {
            // A good event item, then an event item whose JSON is broken: the envelope is well framed.
            const std::string second = hex32(0xdef, static_cast<std::uint64_t>(m_counter));
            request = post(*e, envelopeWithEvent(id, "kept") + "{\"type\":\"event\",\"length\":5}\n{brok\n");
        }
        const quint16 port = e->port();
        auto reply = std::async(std::launch::async, [request, port] { return exchange(port, request); });
        const Reply r = await(reply);
        QCOMPARE(r.status, status);
        if (status != 200) {
            QVERIFY2(r.body.find("\"detail\"") != std::string::npos, r.body.c_str());
        } else {
            QCOMPARE(r.body, "{\"id\":\"" + id + "\"}");
            QCOMPARE(e->counters().rejectedItems, qint64 {1});
            QCOMPARE(e->lastEnvelope().rejections.size(), std::size_t {1});
            QCOMPARE(e->lastEnvelope().items.size(), std::size_t {2});
        }
        // Nothing refused is stored; the 200 stored its good event.
        const auto found = store::readWithSession(
            session, [&](sql::Database& db) -> Result<bool> { return store::eventByEventId(db, id).has_value(); });
        QVERIFY(found.ok());
        QCOMPARE(*found, status == 200);
    }

    void corsAllowedOrigin()
    {
        auto session = openSession(QStringLiteral("cors.stackdeck"));
        EndpointOptions options;
        options.allowedOrigins = {QStringLiteral("https://app.example")};
        auto e = startEndpoint(session, options);
        const std::string host = "127.0.0.1:" + std::to_string(e->port());
        const std::string preflight = "OPTIONS /api/" + std::to_string(e->keys().front().projectId)
            + "/envelope/ HTTP/1.1\r\nHost: " + host + "\r\nOrigin: https://app.example\r\n\r\n";
        const std::string id = hex32(0xc0, 1);
        const std::string postRequest
            = post(*e, envelopeWithEvent(id, "from a browser"), "Origin: https://app.example\r\n");
        const quint16 port = e->port();
        auto replies = std::async(std::launch::async, [=] {
            Reply r1 = exchange(port, preflight); // in this order: a call's arguments have none
            Reply r2 = exchange(port, postRequest);
            return std::make_pair(r1, r2);
        });
        const auto [pre, sent] = await(replies);
        QCOMPARE(pre.status, 204);
        QCOMPARE(pre.header("access-control-allow-origin"), std::string("https://app.example"));
        QVERIFY(pre.header("access-control-allow-headers").find("x-sentry-auth") != std::string::npos);
        QCOMPARE(sent.status, 200);
        QCOMPARE(sent.header("access-control-allow-origin"), std::string("https://app.example"));
    }

    void rateLimitAnswers429()
    {
        auto session = openSession(QStringLiteral("rate.stackdeck"));
        EndpointOptions options;
        options.rateLimit = 0.5;
        options.rateBurst = 1;
        auto e = startEndpoint(session, options);
        const std::string a = post(*e, envelopeWithEvent(hex32(0x7a, 1), "first"));
        const std::string b = post(*e, envelopeWithEvent(hex32(0x7a, 2), "second"));
        const quint16 port = e->port();
        auto replies = std::async(std::launch::async, [=] {
            Reply r1 = exchange(port, a); // in this order: a call's arguments have none
            Reply r2 = exchange(port, b);
            return std::make_pair(r1, r2);
        });
        const auto [first, second] = await(replies);
        QCOMPARE(first.status, 200);
        QCOMPARE(second.status, 429);
        QVERIFY(std::stoi(second.header("retry-after")) >= 1);
        QCOMPARE(e->counters().rateLimited, qint64 {1});
    }

    void slowClientIsCutOff_data()
    {
        QTest::addColumn<bool>("inBody");
        QTest::newRow("slow head") << false;
        QTest::newRow("slow body") << true;
    }

    void slowClientIsCutOff()
    {
        QFETCH(bool, inBody);
        auto session = openSession(QStringLiteral("slow.stackdeck"));
        EndpointOptions options;
        options.timeouts.head = std::chrono::milliseconds(300);
        options.timeouts.body = std::chrono::milliseconds(300);
        auto e = startEndpoint(session, options);
        const std::string full = post(*e, envelopeWithEvent(hex32(0x51, 1), "slow"));
        const std::string part = inBody ? full.substr(0, full.size() - 10) : full.substr(0, 20);
        const quint16 port = e->port();
        // The client sends a part and then nothing: the server must answer 408 and close.
        auto reply = std::async(std::launch::async, [=] {
            Client c(port);
            c.send(part);
            Reply r = c.read();
            return std::make_pair(r, c.closedByServer());
        });
        const auto [r, closed] = await(reply);
        QCOMPARE(r.status, 408);
        QVERIFY(closed);
    }

    void connectionLimit()
    {
        auto session = openSession(QStringLiteral("limit.stackdeck"));
        EndpointOptions options;
        options.maxConnections = 2;
        auto e = startEndpoint(session, options);
        const quint16 port = e->port();
        auto a = std::make_unique<Client>(port);
        auto b = std::make_unique<Client>(port);
        QTRY_COMPARE(e->findChildren<IngestConnection*>().size(), qsizetype {2});
        auto third = std::async(std::launch::async, [port] {
            Client c(port);
            return c.read().status;
        });
        QCOMPARE(await(third), 503);
    }

    // envelopeReceived() is throttled; takeReceived() still hands over every envelope, in order.
    void inspectorMissesNoEnvelope()
    {
        auto session = openSession(QStringLiteral("inspector.stackdeck"));
        auto e = startEndpoint(session);
        QSignalSpy received(e.get(), &IngestEndpoint::envelopeReceived);
        constexpr int kEnvelopes = 7;
        std::vector<std::string> ids;
        std::vector<std::string> requests;
        for (int i = 0; i < kEnvelopes; ++i) {
            ids.push_back(hex32(0x1a5, static_cast<std::uint64_t>(i) + 1));
            requests.push_back(post(*e, envelopeWithEvent(ids.back(), "inspected " + std::to_string(i))));
        }
        const quint16 port = e->port();
        auto sent = std::async(std::launch::async, [&requests, port] {
            Client client(port);
            int ok = 0;
            for (const std::string& request : requests) {
                client.send(request);
                ok += client.read().status == 200 ? 1 : 0;
            }
            return ok;
        });
        QCOMPARE(await(sent), kEnvelopes);
        std::vector<ReceivedEnvelope> taken;
        QTRY_VERIFY_WITH_TIMEOUT(([&] {
            for (auto& r : e->takeReceived())
                taken.push_back(std::move(r));
            return taken.size() >= std::size_t {kEnvelopes};
        }()),
            10000);
        QTRY_VERIFY(received.count() >= 1); // throttled: it may come after the envelopes were taken
        QCOMPARE(taken.size(), std::size_t {kEnvelopes});
        for (int i = 0; i < kEnvelopes; ++i) {
            QCOMPARE(taken[static_cast<std::size_t>(i)].eventId.toStdString(), ids[static_cast<std::size_t>(i)]);
            QCOMPARE(taken[static_cast<std::size_t>(i)].status, 200);
            QVERIFY(taken[static_cast<std::size_t>(i)].receivedAtMs > 0);
        }
        QVERIFY(e->takeReceived().empty());
    }

    void fiftyConcurrentClients()
    {
        auto session = openSession(QStringLiteral("concurrent.stackdeck"));
        auto e = startEndpoint(session);
        constexpr int kClients = 50;
        constexpr int kPerClient = 20;
        std::vector<std::vector<std::string>> work(kClients);
        for (int c = 0; c < kClients; ++c) {
            for (int i = 0; i < kPerClient; ++i) {
                const std::string body
                    = envelopeWithEvent(hex32(static_cast<std::uint64_t>(c) + 1, static_cast<std::uint64_t>(i) + 1),
                        "client " + std::to_string(c) + " message " + std::to_string(i % 3));
                work[static_cast<std::size_t>(c)].push_back(
                    post(*e, i % 2 ? gzipOf(body) : body, i % 2 ? "Content-Encoding: gzip\r\n" : ""));
            }
        }
        const quint16 port = e->port();
        std::vector<std::future<int>> clients;
        for (int c = 0; c < kClients; ++c) {
            clients.push_back(std::async(std::launch::async, [&work, c, port] {
                Client client(port);
                int ok = 0;
                for (const std::string& request : work[static_cast<std::size_t>(c)]) {
                    client.send(request);
                    ok += client.read().status == 200 ? 1 : 0;
                }
                return ok;
            }));
        }
        int accepted = 0;
        for (auto& f : clients)
            accepted += await(f);
        QCOMPARE(accepted, kClients * kPerClient);
        const auto count = store::readWithSession(
            session, [](sql::Database& db) -> Result<std::int64_t> { return store::countEvents(db); });
        QCOMPARE(*count, std::int64_t {kClients * kPerClient});
    }

    void forwardsToUpstreamWhenItComesUp()
    {
        // The upstream's port, free for now: the first attempts find nobody there.
        test::FakeUpstream upstream(test::FakeUpstream::Start::Down);
        const quint16 upstreamPort = upstream.port();

        auto session = openSession(QStringLiteral("forward.stackdeck"));
        EndpointOptions options;
        options.forwardDsn = QStringLiteral("http://upstreamkey@127.0.0.1:%1/42").arg(upstreamPort);
        options.forwardQueueDir = m_dir.filePath(QStringLiteral("forward-queue"));
        auto e = startEndpoint(session, options);
        QVERIFY(e->forwarder());
        std::vector<std::string> bodies;
        std::vector<std::string> requests;
        for (int i = 0; i < 3; ++i) {
            bodies.push_back(gzipOf(envelopeWithEvent(hex32(0xf0, static_cast<std::uint64_t>(i) + 1), "forwarded")));
            requests.push_back(post(*e, bodies.back(), "Content-Encoding: gzip\r\n"));
        }
        const quint16 port = e->port();
        auto sent = std::async(std::launch::async, [=] {
            int ok = 0;
            for (const std::string& r : requests)
                ok += exchange(port, r).status == 200 ? 1 : 0;
            return ok;
        });
        QCOMPARE(await(sent), 3);
        QTRY_COMPARE(e->forwarder()->queued(), qint64 {3}); // kept on disk while the upstream is down

        QVERIFY(upstream.comeUp());
        const std::vector<HttpRequest>& received = upstream.received;
        QTRY_COMPARE_WITH_TIMEOUT(received.size(), std::size_t {3}, 20000);
        QTRY_COMPARE(e->forwarder()->queued(), qint64 {0});
        QCOMPARE(e->forwarder()->forwarded(), qint64 {3});
        for (std::size_t i = 0; i < received.size(); ++i) {
            const HttpRequest& r = received[i];
            QCOMPARE(r.path, std::string("/api/42/envelope/"));
            QCOMPARE(sentryKeyOf(r).value_or(""), std::string("upstreamkey"));
            QCOMPARE(*r.header("content-encoding"), std::string("gzip"));
            QCOMPARE(r.body, bodies[i]); // unchanged, in order
        }
    }

    void stopWithRequestsInFlightLosesNothingAccepted()
    {
        auto session = openSession(QStringLiteral("shutdown.stackdeck"));
        auto e = startEndpoint(session);
        QSignalSpy stopped(e.get(), &IngestEndpoint::stopped);
        constexpr int kClients = 20;
        constexpr int kPerClient = 50;
        std::vector<std::vector<std::pair<std::string, std::string>>> work(kClients);
        for (int c = 0; c < kClients; ++c) {
            for (int i = 0; i < kPerClient; ++i) {
                const std::string id = hex32(0x5000 + static_cast<std::uint64_t>(c), static_cast<std::uint64_t>(i) + 1);
                work[static_cast<std::size_t>(c)].emplace_back(id, post(*e, envelopeWithEvent(id, "shutdown")));
            }
        }
        const quint16 port = e->port();
        std::vector<std::future<std::vector<std::string>>> clients;
        for (int c = 0; c < kClients; ++c) {
            clients.push_back(std::async(std::launch::async, [&work, c, port] {
                std::vector<std::string> acceptedIds;
                Client client(port);
                for (const auto& [id, request] : work[static_cast<std::size_t>(c)]) {
                    if (!client.send(request))
                        break;
                    const Reply r = client.read();
                    if (r.status == 200)
                        acceptedIds.push_back(id);
                    if (r.status != 200)
                        break; // closed or refused: the client would retry later
                }
                return acceptedIds;
            }));
        }
        // Stop while the clients are busy sending.
        QTRY_VERIFY(e->counters().accepted >= 100);
        e->stop();
        QTRY_COMPARE_WITH_TIMEOUT(stopped.size(), 1, 30000);
        std::set<std::string> accepted;
        for (auto& f : clients) {
            for (const std::string& id : await(f))
                accepted.insert(id);
        }
        QVERIFY(accepted.size() >= 100);
        QVERIFY(accepted.size() < std::size_t {kClients * kPerClient});
        QCOMPARE(static_cast<qint64>(accepted.size()), e->counters().accepted);
        const auto missing = store::readWithSession(session, [&](sql::Database& db) -> Result<std::size_t> {
            std::size_t n = 0;
            for (const std::string& id : accepted)
                n += store::eventByEventId(db, id) ? 0 : 1;
            return n;
        });
        QVERIFY(missing.ok());
        QCOMPARE(*missing, std::size_t {0});
    }
};

QTEST_GUILESS_MAIN(TestIngestEndpoint)
#include "tst_ingestendpoint.moc"
