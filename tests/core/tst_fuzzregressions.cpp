// Replays every reproducer the fuzzers found (tests/fuzz/regressions/<harness>/<name>)
// through the same entry points as the libFuzzer harnesses (tests/fuzz/fuzztargets.h),
// so each finding stays fixed. Inputs listed in tests/fuzz/regressions/open.txt
// still crash or hang the current code: they get no row (a crash would take the
// whole suite down) but a warning naming them, until the fix lands and the
// line is removed.

#include "../fuzz/fuzztargets.h"
#include "testsupport.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QMap>
#include <QTest>

using namespace stackdeck;

namespace {

using Target = fuzz::Problem (*)(const std::uint8_t*, std::size_t);

const QMap<QString, Target>& targets()
{
    static const QMap<QString, Target> map {
        {QStringLiteral("fuzz_records"), &fuzz::runRecords},
        {QStringLiteral("fuzz_decoder"), &fuzz::runDecoder},
        {QStringLiteral("fuzz_query"), &fuzz::runQuery},
        {QStringLiteral("fuzz_grouping"), &fuzz::runGrouping},
    };
    return map;
}

QString regressionsDir()
{
    return QStringLiteral(STACKDECK_SOURCE_DIR "/tests/fuzz/regressions");
}

// "<harness>/<name>" -> why it is still open.
QMap<QString, QString> openFindings()
{
    QMap<QString, QString> open;
    QFile file(regressionsDir() + QStringLiteral("/open.txt"));
    if (!file.open(QIODevice::ReadOnly))
        return open;
    while (!file.atEnd()) {
        const QString line = QString::fromUtf8(file.readLine()).trimmed();
        if (line.isEmpty() || line.startsWith(QLatin1Char('#')))
            continue;
        const qsizetype space = line.indexOf(QLatin1Char(' '));
        open.insert(line.left(space), space < 0 ? QString() : line.mid(space + 1).trimmed());
    }
    return open;
}

} // namespace

class TestFuzzRegressions : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void replay_data();
    void replay();
    void everyHarnessHasADirectory();
};

void TestFuzzRegressions::replay_data()
{
    QTest::addColumn<QString>("harness");
    QTest::addColumn<QByteArray>("input");

    // The empty input for every target, so the rows never run out.
    for (const QString& harness : targets().keys())
        QTest::newRow(qPrintable(harness + QStringLiteral("/<empty>"))) << harness << QByteArray();

    const QMap<QString, QString> open = openFindings();
    for (const QString& harness : targets().keys()) {
        const QDir dir(regressionsDir() + QLatin1Char('/') + harness);
        const QStringList names = dir.entryList(QDir::Files, QDir::Name);
        for (const QString& name : names) {
            const QString row = harness + QLatin1Char('/') + name;
            if (open.contains(row)) {
                qWarning("not replayed, open finding: %s: %s", qPrintable(row), qPrintable(open.value(row)));
                continue;
            }
            QTest::newRow(qPrintable(row)) << harness << test::readFile(dir.filePath(name));
        }
    }
}

void TestFuzzRegressions::replay()
{
    QFETCH(QString, harness);
    QFETCH(QByteArray, input);

    QElapsedTimer timer;
    timer.start();
    const fuzz::Problem problem = targets().value(harness)(
        reinterpret_cast<const std::uint8_t*>(input.constData()), static_cast<std::size_t>(input.size()));
    QVERIFY2(problem.empty(), problem.c_str());
    // The harnesses run with -timeout=10; the sanitizer builds are slower, so allow some slack.
    QVERIFY2(timer.elapsed() < 30'000, qPrintable(QStringLiteral("took %1 ms").arg(timer.elapsed())));
}

void TestFuzzRegressions::everyHarnessHasADirectory()
{
    // A reproducer saved under a misspelt harness name would never be replayed.
    const QDir dir(regressionsDir());
    for (const QString& sub : dir.entryList(QDir::Dirs | QDir::NoDotAndDotDot))
        QVERIFY2(targets().contains(sub), qPrintable(QStringLiteral("no fuzz target named ") + sub));
    const QMap<QString, QString> open = openFindings();
    for (auto it = open.cbegin(); it != open.cend(); ++it)
        QVERIFY2(QFile::exists(regressionsDir() + QLatin1Char('/') + it.key()),
            qPrintable(QStringLiteral("open.txt names a missing file: ") + it.key()));
}

QTEST_GUILESS_MAIN(TestFuzzRegressions)
#include "tst_fuzzregressions.moc"
