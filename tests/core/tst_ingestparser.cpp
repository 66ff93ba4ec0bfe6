// The local endpoint's HTTP request parser and body decoder (core/ingest), as
// values: no sockets. Hostile framing from the list is pinned here.

#include "ingest/bodydecoder.h"
#include "ingest/httprequestparser.h"
#include "ingest/ratelimiter.h"
#include "ingest/sentryauth.h"
#include "testsupport.h"

#include <QTest>

#include <string>
#include <zlib.h>
#include <zstd.h>

using namespace stackdeck::ingest;

namespace {

std::string gzipOf(const std::string& data, int windowBits = 15 + 16)
{
    z_stream z {};
    deflateInit2(&z, Z_BEST_COMPRESSION, Z_DEFLATED, windowBits, 9, Z_DEFAULT_STRATEGY);
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

std::string zstdOf(const std::string& data)
{
    std::string out(ZSTD_compressBound(data.size()), '\0');
    out.resize(ZSTD_compress(out.data(), out.size(), data.data(), data.size(), 3));
    return out;
}

struct Fed {
    HttpRequestParser::State state;
    HttpRequest request;
    int status = 0;
    std::size_t used = 0;
};

// Feeds `wire` in pieces of `step` bytes (0: at once), as a socket would deliver it.
Fed feedAll(const std::string& wire, std::size_t step, HttpLimits limits = {})
{
    HttpRequestParser parser(limits);
    Fed out;
    std::size_t pos = 0;
    while (pos < wire.size()) {
        const std::size_t n = step == 0 ? wire.size() - pos : std::min(step, wire.size() - pos);
        const std::size_t used = parser.feed(std::string_view(wire).substr(pos, n));
        pos += used;
        out.used = pos;
        if (parser.state() == HttpRequestParser::State::Complete || parser.state() == HttpRequestParser::State::Failed)
            break;
        if (used < n)
            break;
    }
    out.state = parser.state();
    out.status = parser.errorStatus();
    if (out.state == HttpRequestParser::State::Complete)
        out.request = parser.takeRequest();
    return out;
}

} // namespace

class TestIngestParser : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void frames_data()
    {
        QTest::addColumn<QByteArray>("wire");
        QTest::addColumn<int>("status"); // 0: complete
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<bool>("keepAlive");

        const QByteArray head = "POST /api/1/envelope/ HTTP/1.1\r\nHost: 127.0.0.1:9\r\n";
        QTest::newRow("content-length") << head + "Content-Length: 5\r\n\r\nhello" << 0 << QByteArray("hello") << true;
        QTest::newRow("no body") << QByteArray("GET / HTTP/1.1\r\nHost: x\r\n\r\n") << 0 << QByteArray() << true;
        QTest::newRow("connection close")
            << head + "Connection: close\r\nContent-Length: 1\r\n\r\nx" << 0 << QByteArray("x") << false;
        QTest::newRow("http/1.0 closes by default")
            << QByteArray("POST / HTTP/1.0\r\nContent-Length: 1\r\n\r\nx") << 0 << QByteArray("x") << false;
        QTest::newRow("http/1.0 keep-alive")
            << QByteArray("POST / HTTP/1.0\r\nConnection: Keep-Alive\r\nContent-Length: 1\r\n\r\nx") << 0
            << QByteArray("x") << true;
        QTest::newRow("chunked") << head
                + "Transfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n6;ext=1\r\n world\r\n0\r\n\r\n"
                                 << 0 << QByteArray("hello world") << true;
        QTest::newRow("chunked uppercase hex, trailer")
            << head + "Transfer-Encoding: chunked\r\n\r\nA\r\n0123456789\r\n0\r\nX-T: 1\r\n\r\n"
            << 0 << QByteArray("0123456789") << true;
        QTest::newRow("leading empty lines ignored")
            << "\r\n" + head + "Content-Length: 2\r\n\r\nok" << 0 << QByteArray("ok") << true;

        QTest::newRow("chunk size not hex") << head + "Transfer-Encoding: chunked\r\n\r\nzz\r\nhello\r\n0\r\n\r\n"
                                            << 400 << QByteArray() << true;
        QTest::newRow("chunk size negative") << head + "Transfer-Encoding: chunked\r\n\r\n-5\r\nhello\r\n0\r\n\r\n"
                                             << 400 << QByteArray() << true;
        QTest::newRow("chunk size 0x prefix") << head + "Transfer-Encoding: chunked\r\n\r\n0x5\r\nhello\r\n0\r\n\r\n"
                                              << 400 << QByteArray() << true;
        QTest::newRow("chunk size empty") << head + "Transfer-Encoding: chunked\r\n\r\n\r\nhello\r\n0\r\n\r\n"
                                          << 400 << QByteArray() << true;
        QTest::newRow("chunk size leading space") << head + "Transfer-Encoding: chunked\r\n\r\n 5\r\nhello\r\n0\r\n\r\n"
                                                  << 400 << QByteArray() << true;
        QTest::newRow("chunk size overflow")
            << head + "Transfer-Encoding: chunked\r\n\r\nffffffffffffffffffff\r\nhello\r\n0\r\n\r\n"
            << 413 << QByteArray() << true;
        QTest::newRow("chunk longer than its size")
            << head + "Transfer-Encoding: chunked\r\n\r\n3\r\nhello\r\n0\r\n\r\n"
            << 400 << QByteArray() << true;
        QTest::newRow("chunk line without CR") << head + "Transfer-Encoding: chunked\r\n\r\n5\nhello\r\n0\r\n\r\n"
                                               << 400 << QByteArray() << true;
        QTest::newRow("chunk size line flood")
            << head + "Transfer-Encoding: chunked\r\n\r\n5;" + QByteArray(4096, 'a') + "\r\nhello\r\n0\r\n\r\n"
            << 400 << QByteArray() << true;
        QTest::newRow("length and chunked (smuggling)")
            << head + "Content-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n"
            << 400 << QByteArray() << true;
        QTest::newRow("differing lengths")
            << head + "Content-Length: 5\r\nContent-Length: 6\r\n\r\nhello!" << 400 << QByteArray() << true;
        QTest::newRow("length not a number") << head + "Content-Length: 5x\r\n\r\nhello" << 400 << QByteArray() << true;
        QTest::newRow("length negative") << head + "Content-Length: -1\r\n\r\n" << 400 << QByteArray() << true;
        QTest::newRow("2 GB length, short body")
            << head + "Content-Length: 2147483648\r\n\r\nshort" << 413 << QByteArray() << true;
        QTest::newRow("length with 30 digits") << head + "Content-Length: 123456789012345678901234567890\r\n\r\n"
                                               << 413 << QByteArray() << true;
        QTest::newRow("gzip transfer coding") << head + "Transfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n"
                                              << 501 << QByteArray() << true;
        QByteArray flood = head;
        for (int i = 0; i < 150; ++i)
            flood += "X-H" + QByteArray::number(i) + ": v\r\n";
        QTest::newRow("header flood (count)") << flood + "\r\n" << 431 << QByteArray() << true;
        QTest::newRow("header flood (size)") << head + "X-Big: " + QByteArray(40000, 'a') + "\r\n\r\n"
                                             << 431 << QByteArray() << true;
        QTest::newRow("head never ends") << head + QByteArray(40000, 'a') << 431 << QByteArray() << true;
        QTest::newRow("folded header") << head + "X-A: 1\r\n  continued\r\n\r\n" << 400 << QByteArray() << true;
        QTest::newRow("header without colon") << head + "NoColon\r\n\r\n" << 400 << QByteArray() << true;
        QTest::newRow("bare LF in head") << QByteArray("POST / HTTP/1.1\nHost: x\r\n\r\n") << 400 << QByteArray()
                                         << true;
        QTest::newRow("absolute target") << QByteArray("POST http://x/ HTTP/1.1\r\n\r\n") << 400 << QByteArray()
                                         << true;
        QTest::newRow("HTTP/2.0") << QByteArray("POST / HTTP/2.0\r\n\r\n") << 505 << QByteArray() << true;
        QTest::newRow("request line with extra space")
            << QByteArray("POST  / HTTP/1.1\r\n\r\n") << 400 << QByteArray() << true;
    }

    void frames()
    {
        QFETCH(QByteArray, wire);
        QFETCH(int, status);
        QFETCH(QByteArray, body);
        QFETCH(bool, keepAlive);
        HttpLimits limits;
        limits.maxHeaders = 100;
        limits.maxHeaderBytes = 32 * 1024;
        limits.maxBodyBytes = 1 << 20;
        // At once, byte by byte, and in 7-byte pieces: framing must not depend on how the bytes arrive.
        for (const std::size_t step : {std::size_t {0}, std::size_t {1}, std::size_t {7}}) {
            const Fed fed = feedAll(wire.toStdString(), step, limits);
            if (status == 0) {
                QCOMPARE(fed.state, HttpRequestParser::State::Complete);
                QCOMPARE(QByteArray::fromStdString(fed.request.body), body);
                QCOMPARE(fed.request.keepAlive, keepAlive);
            } else {
                QCOMPARE(fed.state, HttpRequestParser::State::Failed);
                QCOMPARE(fed.status, status);
            }
        }
    }

    void pipelinedRequestsStopAtTheBoundary()
    {
        const std::string first = "POST /a HTTP/1.1\r\nContent-Length: 3\r\n\r\nabc";
        const std::string second = "POST /b?x=1&sentry_key=k%2B1 HTTP/1.1\r\nContent-Length: 2\r\n\r\nde";
        const std::string wire = first + second;
        HttpRequestParser parser;
        const std::size_t used = parser.feed(wire);
        QCOMPARE(used, first.size());
        HttpRequest a = parser.takeRequest();
        QCOMPARE(a.path, std::string("/a"));
        QCOMPARE(parser.feed(std::string_view(wire).substr(used)), second.size());
        HttpRequest b = parser.takeRequest();
        QCOMPARE(b.path, std::string("/b"));
        QCOMPARE(b.body, std::string("de"));
        QCOMPARE(b.queryValue("sentry_key").value_or(""), std::string("k+1"));
    }

    void bodyLimitOnChunkedTotal()
    {
        HttpLimits limits;
        limits.maxBodyBytes = 10;
        const Fed fed = feedAll(
            "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n6\r\n123456\r\n6\r\n123456\r\n0\r\n\r\n", 0, limits);
        QCOMPARE(fed.state, HttpRequestParser::State::Failed);
        QCOMPARE(fed.status, 413);
    }

    void bodies_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QString>("encoding");
        QTest::addColumn<int>("status");
        QTest::addColumn<QByteArray>("decoded");

        const std::string envelope = "{\"event_id\":\"9ec79c33ec9942ab8353589fcb2e04dc\"}\n{\"type\":\"event\"}\n{}\n";
        const QByteArray plain = QByteArray::fromStdString(envelope);
        const QByteArray gz = QByteArray::fromStdString(gzipOf(envelope));
        QTest::newRow("identity") << plain << QString() << 0 << plain;
        QTest::newRow("gzip") << gz << QStringLiteral("gzip") << 0 << plain;
        QTest::newRow("deflate (zlib)") << QByteArray::fromStdString(gzipOf(envelope, 15)) << QStringLiteral("deflate")
                                        << 0 << plain;
        QTest::newRow("zstd") << QByteArray::fromStdString(zstdOf(envelope)) << QStringLiteral("zstd") << 0 << plain;
        QTest::newRow("truncated gzip") << gz.left(gz.size() / 2) << QStringLiteral("gzip") << 400 << QByteArray();
        QTest::newRow("gzip header, plain body") << plain << QStringLiteral("gzip") << 400 << QByteArray();
        QTest::newRow("zstd header, gzip body") << gz << QStringLiteral("zstd") << 400 << QByteArray();
        QTest::newRow("br") << plain << QStringLiteral("br") << 415 << QByteArray();
        // 64 MiB of zeros: about 64 KiB compressed, over the 1 MiB decompressed cap below.
        const QByteArray bomb = QByteArray::fromStdString(gzipOf(std::string(std::size_t {64} << 20, '\0')));
        QTest::newRow("gzip bomb") << bomb << QStringLiteral("gzip") << 413 << QByteArray();
        QTest::newRow("plain over the cap") << QByteArray((1 << 20) + 1, 'a') << QString() << 413 << QByteArray();
    }

    void bodies()
    {
        QFETCH(QByteArray, body);
        QFETCH(QString, encoding);
        QFETCH(int, status);
        QFETCH(QByteArray, decoded);
        const DecodedBody out = decodeBody(body.toStdString(), encoding.toStdString(), std::int64_t {1} << 20);
        QCOMPARE(out.status, status);
        if (status == 0)
            QCOMPARE(QByteArray::fromStdString(out.bytes), decoded);
        else
            QVERIFY(!out.error.empty());
    }

    void sentryKeys_data()
    {
        QTest::addColumn<QByteArray>("wire");
        QTest::addColumn<QString>("key");
        QTest::newRow("X-Sentry-Auth") << QByteArray(
            "POST / HTTP/1.1\r\nX-Sentry-Auth: Sentry sentry_key=abc, sentry_version=7, sentry_client=x/1\r\n\r\n")
                                       << QStringLiteral("abc");
        QTest::newRow("key not first") << QByteArray(
            "POST / HTTP/1.1\r\nx-sentry-auth: Sentry sentry_version=7,sentry_key=def\r\n\r\n")
                                       << QStringLiteral("def");
        QTest::newRow("query (node SDK)")
            << QByteArray("POST /api/1/envelope/?sentry_version=7&sentry_key=q1&sentry_client=n HTTP/1.1\r\n\r\n")
            << QStringLiteral("q1");
        QTest::newRow("none") << QByteArray("POST / HTTP/1.1\r\nX-Sentry-Auth: Bearer abc\r\n\r\n") << QString();
    }

    void sentryKeys()
    {
        QFETCH(QByteArray, wire);
        QFETCH(QString, key);
        const Fed fed = feedAll(wire.toStdString(), 0);
        QCOMPARE(fed.state, HttpRequestParser::State::Complete);
        QCOMPARE(QString::fromStdString(sentryKeyOf(fed.request).value_or("")), key);
    }

    void apiPaths_data()
    {
        QTest::addColumn<QString>("path");
        QTest::addColumn<qlonglong>("project");
        QTest::addColumn<bool>("envelope");
        QTest::newRow("envelope") << QStringLiteral("/api/12/envelope/") << 12LL << true;
        QTest::newRow("store without slash") << QStringLiteral("/api/3/store") << 3LL << false;
        QTest::newRow("other route") << QStringLiteral("/api/3/minidump/") << 0LL << false;
        QTest::newRow("no id") << QStringLiteral("/api//envelope/") << 0LL << false;
        QTest::newRow("not api") << QStringLiteral("/envelope/") << 0LL << false;
    }

    void apiPaths()
    {
        QFETCH(QString, path);
        QFETCH(qlonglong, project);
        QFETCH(bool, envelope);
        const auto api = parseApiPath(path.toStdString());
        QCOMPARE(api.has_value(), project != 0);
        if (api) {
            QCOMPARE(api->projectId, project);
            QCOMPARE(api->envelope, envelope);
        }
    }

    void rateLimiter()
    {
        RateLimiter limiter(2, 2);
        const auto t0 = RateLimiter::Clock::now();
        QVERIFY(limiter.take(t0));
        QVERIFY(limiter.take(t0));
        QVERIFY(!limiter.take(t0));
        QCOMPARE(limiter.retryAfterSeconds(t0), 1);
        QVERIFY(limiter.take(t0 + std::chrono::milliseconds(600)));
        QVERIFY(RateLimiter().take(t0)); // no rate: no limit
    }
};

QTEST_GUILESS_MAIN(TestIngestParser)
#include "tst_ingestparser.moc"
