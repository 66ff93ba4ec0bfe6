// FlatU64Set: the writer's "seen before" cache. Every value inserted is found
// until the set passes its limit and starts over; zero is a value like any other.

#include "util/flatu64set.h"

#include <QTest>

#include <random>
#include <unordered_set>

using namespace stackdeck;

class TestFlatU64Set : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void insertAndFind_data();
    void insertAndFind();
    void startsOverAtTheLimit();
};

void TestFlatU64Set::insertAndFind_data()
{
    QTest::addColumn<int>("count");
    QTest::addColumn<bool>("sequential"); // clustered values probe differently than random ones
    QTest::newRow("empty") << 0 << false;
    QTest::newRow("one") << 1 << false;
    QTest::newRow("random-100k") << 100'000 << false;
    QTest::newRow("sequential-100k") << 100'000 << true;
}

void TestFlatU64Set::insertAndFind()
{
    QFETCH(int, count);
    QFETCH(bool, sequential);
    FlatU64Set set;
    std::unordered_set<std::uint64_t> reference;
    std::mt19937_64 rng(42);
    for (int i = 0; i < count; ++i) {
        const std::uint64_t v = sequential ? static_cast<std::uint64_t>(i + 1) << 12 : rng() | 1;
        QCOMPARE(set.insert(v), reference.insert(v).second);
    }
    QCOMPARE(set.size(), reference.size());
    for (const std::uint64_t v : reference) {
        QVERIFY(set.contains(v));
        QVERIFY(!set.insert(v)); // a second insert says "seen"
    }
    std::mt19937_64 other(7);
    for (int i = 0; i < 1000; ++i) {
        const std::uint64_t v = other();
        QCOMPARE(set.contains(v), reference.count(v) > 0);
    }
    QVERIFY(!set.contains(0));
    QVERIFY(set.insert(0));
    QVERIFY(set.contains(0));
    QVERIFY(!set.insert(0));
}

void TestFlatU64Set::startsOverAtTheLimit()
{
    FlatU64Set set(1000);
    for (std::uint64_t v = 1; v <= 1000; ++v)
        QVERIFY(set.insert(v));
    QVERIFY(set.size() <= 1000);
    QVERIFY(set.contains(1000));
    for (std::uint64_t v = 1001; v <= 3000; ++v)
        set.insert(v);
    QVERIFY(set.size() <= 1000); // forgot older values instead of growing
    QVERIFY(set.contains(3000)); // the newest insert is always kept
}

QTEST_GUILESS_MAIN(TestFlatU64Set)
#include "tst_flatu64set.moc"
