// The triage a reindex keeps between its transactions: written as text,
// read back field for field, whatever the text in it; the older form still reads.

#include "store/issuetriage.h"

#include <QTest>

using namespace stackdeck;
using store::IssueTriage;

Q_DECLARE_METATYPE(IssueTriage)

class TestIssueTriage : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void roundTrip_data();
    void roundTrip();
    void decode_data();
    void decode();
};

void TestIssueTriage::roundTrip_data()
{
    QTest::addColumn<IssueTriage>("triage");
    QTest::newRow("untouched") << IssueTriage {};
    QTest::newRow("resolved, assigned, bookmarked") << IssueTriage {1, "", "alice@example.com", 1, "4242", "WEB-1A"};
    QTest::newRow("ignored until") << IssueTriage {2, "archived_until_escalating", "", 0, "", ""};
    QTest::newRow("separator and quotes in text") << IssueTriage {1, "", "team \x1f\"ops\"\\[]", 0, "", "X\x1fY"};
    QTest::newRow("non-ASCII") << IssueTriage {0, "", "Zo\xC3\xAB \xE6\x9D\x8E", 1, "", ""};
}

void TestIssueTriage::roundTrip()
{
    QFETCH(IssueTriage, triage);
    const auto back = store::decodeIssueTriage(store::encodeIssueTriage(triage));
    QVERIFY(back);
    QCOMPARE(back->status, triage.status);
    QCOMPARE(back->substatus, triage.substatus);
    QCOMPARE(back->assignee, triage.assignee);
    QCOMPARE(back->bookmarked, triage.bookmarked);
    QCOMPARE(back->serverId, triage.serverId);
    QCOMPARE(back->shortId, triage.shortId);
}

void TestIssueTriage::decode_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<bool>("valid");
    QTest::addColumn<QByteArray>("assignee");
    QTest::newRow("separated fields (older builds)") << QByteArray("1\x1f\x1f"
                                                                   "bob\x1f"
                                                                   "1\x1f"
                                                                   "77\x1fWEB-2")
                                                     << true << QByteArray("bob");
    QTest::newRow("too few separated fields") << QByteArray("1\x1f\x1f"
                                                            "bob")
                                              << false << QByteArray();
    QTest::newRow("status not a number") << QByteArray("x\x1f\x1f\x1f"
                                                       "0\x1f\x1f")
                                         << false << QByteArray();
    QTest::newRow("truncated JSON") << QByteArray("[1,\"\",\"bob\"") << false << QByteArray();
    QTest::newRow("JSON of the wrong shape") << QByteArray("[1,2,3,4,5,6]") << false << QByteArray();
    QTest::newRow("empty") << QByteArray() << false << QByteArray();
}

void TestIssueTriage::decode()
{
    QFETCH(QByteArray, text);
    QFETCH(bool, valid);
    QFETCH(QByteArray, assignee);
    const auto triage = store::decodeIssueTriage(std::string_view(text.constData(), std::size_t(text.size())));
    QCOMPARE(triage.has_value(), valid);
    if (triage)
        QCOMPARE(QByteArray::fromStdString(triage->assignee), assignee);
}

QTEST_GUILESS_MAIN(TestIssueTriage)
#include "tst_issuetriage.moc"
