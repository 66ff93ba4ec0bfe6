// Message trimming and parameterization (docs/grouping-algorithm.md §9):
// every placeholder kind, the leftmost-first alternation order of Python's
// `re`, Unicode classes, and the two-line trimming.

#include "grouping/parameterization.h"

#include <QTest>

using namespace stackdeck::grouping;

class TestParameterization : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void parameterize_data();
    void parameterize();
    void trimLines_data();
    void trimLines();
    void normalize();
};

void TestParameterization::parameterize_data()
{
    QTest::addColumn<QString>("input");
    QTest::addColumn<QString>("expected");
    auto row = [](const char* name, const char* in, const char* out) {
        QTest::newRow(name) << QString::fromUtf8(in) << QString::fromUtf8(out);
    };
    // one row per kind
    row("email", "mail to foo.bar+baz@example.invalid now", "mail to <email> now");
    row("url", "GET https://example.com/a?b=1 failed", "GET <url> failed");
    row("url-ws", "socket wss://host:443/x closed", "socket <url> closed");
    row("hostname", "cannot resolve api.example.com", "cannot resolve <hostname>");
    row("hostname-upper", "cannot resolve API.EXAMPLE.COM", "cannot resolve <hostname>");
    row("hostname-unknown-tld", "cannot resolve api.example.zzz", "cannot resolve api.example.zzz");
    row("ipv4", "from 127.0.0.1 via proxy", "from <ip> via proxy");
    row("ipv6", "from 2001:0db8:85a3:0000:0000:8a2e:0370:7334 ok", "from <ip> ok");
    row("ipv6-compressed", "bind ::1 failed", "bind <ip> failed");
    row("uuid", "id 88ee7c66-29a9-4a4a-bc26-c72d76c5de14 gone", "id <uuid> gone");
    row("sha1", "checksum da39a3ee5e6b4b0d3255bfef95601890afd80709", "checksum <sha1>");
    row("md5", "md5 d41d8cd98f00b204e9800998ecf8427e", "md5 <md5>");
    row("md5-letters-only", "key abcdefabcdefabcdefabcdefabcdefab", "key <md5>");
    row("date-rfc3339", "at 2019-04-17T20:29:05Z done", "at <date> done");
    row("date-rfc1123", "at Mon, 2 Jan 2006 15:04:05 GMT done", "at <date> done");
    row("date-ctime", "Wed Apr 17 22:31:45 2019: start", "<date>: start");
    row("date-plain", "on 2023-05-02 again", "on <date> again");
    row("date-kitchen", "at 3:04PM sharp", "at <date> sharp");
    row("date-datetime-repr", "ts=datetime.datetime(2023, 5, 2, 23, 46) end", "ts=<date> end");
    row("duration-ms", "took 350ms", "took <duration>");
    row("duration-s", "took 1.5s", "took <duration>");
    row("hex", "Fatal Error: 0x40000015 / 0x00000001", "Fatal Error: <hex> / <hex>");
    row("float", "time spent 1234.33 total", "time spent <float> total");
    row("float-negative", "delta -3.5 units", "delta <float> units");
    row("int", "testing testing 1, 2, 3", "testing testing <int>, <int>, <int>");
    row("int-negative", "offset -42", "offset <int>");
    row("quoted-str", "Error key1='Some_str123' key5=\"double-quoted\"", "Error key1=<quoted_str> key5=<quoted_str>");
    row("quoted-needs-equals", "name 'alice' missing", "name 'alice' missing");
    row("bool", "flag=True other=false", "flag=<bool> other=<bool>");
    row("bool-needs-equals", "is True", "is True");
    // the order of the alternation decides
    row("version", "version 1.2.3", "version <float>.<int>");
    row("hex-before-int", "0x1f", "<hex>");
    row("url-wins-at-its-start", "ftp://user@example.com", "<url>");
    row("email-before-hostname", "contact admin@example.com", "contact <email>");
    row("status-code", "status: 500 Internal Server Error", "status: <int> Internal Server Error");
    row("word-boundary", "abc123 and 123abc", "abc123 and 123abc");
    row("chunk-url", "Loading chunk 123 failed. (timeout: http://example.com/chunk.js)",
        "Loading chunk <int> failed. (timeout: <url>");
    row("nothing", "could not convert string to float: 'n/a'", "could not convert string to float: 'n/a'");
    // Unicode \d and \b
    row("arabic-indic-digits", "count \xd9\xa3\xd9\xa4 items", "count <int> items");
    row("unicode-word-boundary",
        "\xc3\xa9t\xc3\xa9"
        "42",
        "\xc3\xa9t\xc3\xa9"
        "42");
    row("empty", "", "");
}

void TestParameterization::parameterize()
{
    QFETCH(QString, input);
    QFETCH(QString, expected);
    QCOMPARE(QString::fromStdString(stackdeck::grouping::parameterize(input.toStdString())), expected);
}

void TestParameterization::trimLines_data()
{
    QTest::addColumn<QString>("input");
    QTest::addColumn<QString>("expected");
    QTest::newRow("single") << QStringLiteral("one line") << QStringLiteral("one line");
    QTest::newRow("two") << QStringLiteral("a\nb") << QStringLiteral("a\nb");
    QTest::newRow("three") << QStringLiteral("a\nb\nc") << QStringLiteral("a\nb...");
    QTest::newRow("blank-lines-skipped") << QStringLiteral("a\n\n  \nb") << QStringLiteral("a\nb...");
    QTest::newRow("crlf") << QStringLiteral("a\r\nb") << QStringLiteral("a\nb...");
    QTest::newRow("trailing-newline") << QStringLiteral("a\n") << QStringLiteral("a...");
    QTest::newRow("line-separator") << QString::fromUtf8("a\xe2\x80\xa8"
                                                         "b")
                                    << QStringLiteral("a\nb...");
    QTest::newRow("form-feed") << QStringLiteral("a\fb") << QStringLiteral("a\nb...");
    QTest::newRow("no-strip-inside") << QStringLiteral("  a  ") << QStringLiteral("  a  ");
    QTest::newRow("only-blank") << QStringLiteral("   ") << QStringLiteral("...");
}

void TestParameterization::trimLines()
{
    QFETCH(QString, input);
    QFETCH(QString, expected);
    QCOMPARE(QString::fromStdString(trimMessageLines(input.toStdString())), expected);
}

void TestParameterization::normalize()
{
    QCOMPARE(
        QString::fromStdString(normalizeMessageForGrouping("Loading chunk 123 failed.\n(timeout: http://x.io/a.js)")),
        QStringLiteral("Loading chunk <int> failed.\n(timeout: <url>"));
    QCOMPARE(QString::fromStdString(normalizeMessageForGrouping("line 1\nline 2\nline 3")),
        QStringLiteral("line <int>\nline <int>..."));
}

QTEST_GUILESS_MAIN(TestParameterization)
#include "tst_parameterization.moc"
