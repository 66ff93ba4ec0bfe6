// Instants from files are checked before any arithmetic: years 1970 to 9999,
// and no float or integer, however large, is converted to microseconds
// outside int64's range (undefined behaviour).

#include "formats/eventdecoder.h"
#include "model/timestamp.h"

#include <QTest>

#include <cmath>
#include <limits>

using namespace stackdeck;

class TestTimestamp : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void seconds_data()
    {
        QTest::addColumn<double>("seconds");
        QTest::addColumn<bool>("ok");
        QTest::addColumn<qint64>("micros");
        QTest::newRow("epoch") << 0.0 << true << qint64(0);
        QTest::newRow("fractional") << 1714564800.123456 << true << qint64(1714564800123456);
        // 253402300799.999999 is not a double: it rounds to 253402300800, the first second of 10000.
        QTest::newRow("last half second of 9999") << 253402300799.5 << true << qint64(253402300799500000);
        QTest::newRow("year 10000") << 253402300800.5 << false << qint64(0);
        QTest::newRow("before 1970") << -1.0 << false << qint64(0);
        QTest::newRow("1e300") << 1e300 << false << qint64(0);
        QTest::newRow("-1e300") << -1e300 << false << qint64(0);
        QTest::newRow("2^63") << 9223372036854775808.0 << false << qint64(0);
        QTest::newRow("-2^63") << -9223372036854775808.0 << false << qint64(0);
        QTest::newRow("milliseconds read as seconds (year 56000)") << 1714564800123.0 << false << qint64(0);
        QTest::newRow("max double") << std::numeric_limits<double>::max() << false << qint64(0);
        QTest::newRow("lowest double") << std::numeric_limits<double>::lowest() << false << qint64(0);
        QTest::newRow("infinity") << std::numeric_limits<double>::infinity() << false << qint64(0);
        QTest::newRow("NaN") << std::numeric_limits<double>::quiet_NaN() << false << qint64(0);
    }
    void seconds()
    {
        QFETCH(double, seconds);
        QFETCH(bool, ok);
        QFETCH(qint64, micros);
        const auto t = timestampFromSeconds(seconds);
        QCOMPARE(t.has_value(), ok);
        if (ok)
            QCOMPARE(*t, micros);
    }

    void iso_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<bool>("ok");
        QTest::newRow("ordinary") << "2024-05-01T12:00:00.123456Z" << true;
        QTest::newRow("epoch") << "1970-01-01T00:00:00Z" << true;
        QTest::newRow("last second of 9999") << "9999-12-31T23:59:59.999999Z" << true;
        QTest::newRow("9999 pushed into 10000 by an offset") << "9999-12-31T23:59:59-01:00" << false;
        QTest::newRow("1970 pushed into 1969 by an offset") << "1970-01-01T00:30:00+01:00" << false;
        QTest::newRow("year 1969") << "1969-12-31T23:59:59Z" << false;
        QTest::newRow("year 0000") << "0000-01-01T00:00:00Z" << false;
        QTest::newRow("year 0001") << "0001-01-01" << false;
    }
    void iso()
    {
        QFETCH(QString, text);
        QFETCH(bool, ok);
        const auto t = parseIsoTimestamp(text.toStdString());
        QCOMPARE(t.has_value(), ok);
        if (ok)
            QVERIFY(isSaneTimestamp(*t));
    }

    // What an event file can hold: the decoder's single timestamp parse keeps none of these.
    void eventTimestampsStayInRange_data()
    {
        QTest::addColumn<QString>("timestamp");
        QTest::newRow("1e300") << "1e300";
        QTest::newRow("-1e300") << "-1e300";
        QTest::newRow("2^63") << "9223372036854775808";
        QTest::newRow("2^64") << "18446744073709551616";
        QTest::newRow("-2^63") << "-9223372036854775808";
        QTest::newRow("negative") << "-86400";
        QTest::newRow("string 1e300") << "\"1e300\"";
        QTest::newRow("string year 0000") << "\"0000-01-01T00:00:00Z\"";
        QTest::newRow("string year 1900") << "\"1900-01-01T00:00:00Z\"";
    }
    void eventTimestampsStayInRange()
    {
        QFETCH(QString, timestamp);
        const std::string json = R"({"event_id":"0123456789abcdef0123456789abcdef","message":"m","timestamp":)"
            + timestamp.toStdString() + R"(,"start_timestamp":)" + timestamp.toStdString() + "}";
        const auto event = decodeEventJson(json);
        if (!event)
            return; // rejected outright: fine
        if (event->timestamp)
            QVERIFY2(isSaneTimestamp(*event->timestamp), std::to_string(*event->timestamp).c_str());
        if (event->received)
            QVERIFY(isSaneTimestamp(*event->received));
    }
};

QTEST_MAIN(TestTimestamp)
#include "tst_timestamp.moc"
