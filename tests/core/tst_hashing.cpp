// The stable hashes values are stored under: the same bytes give the same
// value in every run and build, and nearby inputs do not collide.

#include "util/hashing.h"

#include <QTest>

#include <set>

using namespace stackdeck;

class TestHashing : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void storedValuesStay_data();
    void storedValuesStay();
    void everyByteAndLengthCounts();
};

// Workspaces hold these values: a change here orphans their rows. (Worked
// out apart from this code, in Python, from the definitions in hashing.h/.cpp.)
void TestHashing::storedValuesStay_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<quint64>("seed");
    QTest::addColumn<quint64>("fnv");
    QTest::addColumn<quint64>("words");
    QTest::newRow("empty") << QByteArray() << quint64(1) << quint64(0x1ULL) << quint64(0x3bc9291d7024a9caULL);
    QTest::newRow("tail only") << QByteArray("orders") << quint64(7) << quint64(0xa781ea95022acedeULL)
                               << quint64(0x9ab1797941facc8cULL);
    QTest::newRow("words and tail") << QByteArray("acme.orders.service.load_order") << quint64(0)
                                    << quint64(0x1103d62414ae4de5ULL) << quint64(0x8a3b0fc8f80301acULL);
}

void TestHashing::storedValuesStay()
{
    QFETCH(QByteArray, text);
    QFETCH(quint64, seed);
    QFETCH(quint64, fnv);
    QFETCH(quint64, words);
    const std::string_view view(text.constData(), static_cast<std::size_t>(text.size()));
    QCOMPARE(quint64(fnv1a64(view, seed)), fnv);
    QCOMPARE(quint64(hashBytes64(view, seed)), words);
}

void TestHashing::everyByteAndLengthCounts()
{
    // Each single-bit change of a 19-byte text (two words and a tail), each
    // length of a run of zero bytes, and each split of one text into two
    // chained parts gives a value of its own.
    std::set<std::uint64_t> seen;
    std::string text = "acme.orders.service";
    seen.insert(hashBytes64(text, 0));
    for (std::size_t i = 0; i < text.size(); ++i) {
        for (int bit = 0; bit < 8; ++bit) {
            std::string flipped = text;
            flipped[i] = static_cast<char>(flipped[i] ^ (1 << bit));
            QVERIFY(seen.insert(hashBytes64(flipped, 0)).second);
        }
    }
    for (std::size_t n = 0; n <= 40; ++n)
        QVERIFY(seen.insert(hashBytes64(std::string(n, '\0'), 0)).second);
    for (std::size_t cut = 0; cut <= text.size(); ++cut) {
        const std::string_view all(text);
        QVERIFY(seen.insert(hashBytes64(all.substr(cut), hashBytes64(all.substr(0, cut), 0))).second);
    }
    QVERIFY(hashBytes64(text, 1) != hashBytes64(text, 2));
}

QTEST_GUILESS_MAIN(TestHashing)
#include "tst_hashing.moc"
