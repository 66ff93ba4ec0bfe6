// Jaeger's critical path and self times on hand-made trees: sequential and
// overlapping children, zero-length spans, children overflowing their
// parent, nested levels.

#include "testsupport.h"
#include "trace/criticalpath.h"
#include "trace/traceassembler.h"

#include <QTest>

using namespace stackdeck;
using namespace stackdeck::trace;

namespace {

// "id parent start end" per span, one transaction; the first is the root.
Trace treeOf(const QStringList& spans)
{
    EventInput e;
    e.eventId = "e1";
    e.transactionLike = true;
    e.service = "svc";
    for (const QString& line : spans) {
        const QStringList f = line.split(QLatin1Char(' '));
        if (f.size() != 4)
            qFatal("bad span line");
        if (e.spanId.empty()) {
            e.spanId = f[0].toStdString();
            e.start = f[2].toLongLong();
            e.end = f[3].toLongLong();
            continue;
        }
        e.spans.push_back({f[0].toStdString(), f[1].toStdString(), "op", f[0].toStdString(), "ok", f[2].toLongLong(),
            f[3].toLongLong()});
    }
    return assembleTrace({e}, "t");
}

QString criticalIds(const Trace& t)
{
    QStringList out;
    for (const TraceSpan& s : t.spans) {
        if (s.critical)
            out << QString::fromStdString(s.spanId) + QLatin1Char('=') + QString::number(s.criticalTime);
    }
    return out.join(QLatin1Char(' '));
}

QString selfTimes(const Trace& t)
{
    QStringList out;
    for (const TraceSpan& s : t.spans)
        out << QString::fromStdString(s.spanId) + QLatin1Char('=') + QString::number(s.selfTime);
    return out.join(QLatin1Char(' '));
}

} // namespace

class TestTraceCriticalPath : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void criticalPath_data();
    void criticalPath();
    void sectionsCoverTheRoot();
};

void TestTraceCriticalPath::criticalPath_data()
{
    QTest::addColumn<QString>("spans"); // "id parent start end", ';' between spans, the root first
    QTest::addColumn<QString>("critical"); // span=time on the path, in tree order
    QTest::addColumn<QString>("self");
    const char* rows[][4] = {
        {"root alone", "r - 0 100", "r=100", "r=100"},
        {"one child inside", "r - 0 100;a r 10 60", "r=50 a=50", "r=50 a=50"},
        {"sequential children", "r - 0 100;a r 0 40;b r 50 90", "r=20 a=40 b=40", "r=20 a=40 b=40"},
        {"overlapping children: the one ending after the last one starts is skipped", "r - 0 100;a r 10 60;b r 50 90",
            "r=60 b=40", "r=20 a=50 b=40"},
        {"parallel children: the later-ending one", "r - 0 100;a r 10 50;b r 10 80", "r=30 b=70", "r=30 a=40 b=70"},
        {"nested levels", "r - 0 100;a r 10 90;b a 20 40;c a 50 80;d c 55 60", "r=20 a=30 b=20 c=25 d=5",
            "r=20 a=30 b=20 c=25 d=5"},
        {"zero-length child at the end", "r - 0 100;a r 100 100", "r=100", "r=100 a=0"},
        {"zero-length child between two", "r - 0 100;a r 0 40;z r 40 40;b r 60 100", "r=20 a=40 b=40",
            "r=20 a=40 z=0 b=40"},
        {"zero-length root", "r - 50 50;a r 50 50", "", "r=0 a=0"},
        {"child overflowing its parent is clipped", "r - 0 100;a r 80 150", "r=80 a=20", "r=80 a=70"},
        {"child wholly after its parent is dropped", "r - 0 100;a r 120 150", "r=100", "r=100 a=30"},
        {"same end: the first listed wins", "r - 0 100;a r 10 90;b r 30 90", "r=20 a=80", "r=20 a=80 b=60"},
    };
    for (const auto& r : rows)
        QTest::newRow(r[0]) << QString::fromUtf8(r[1]) << QString::fromUtf8(r[2]) << QString::fromUtf8(r[3]);
}

void TestTraceCriticalPath::criticalPath()
{
    QFETCH(QString, spans);
    QFETCH(QString, critical);
    QFETCH(QString, self);
    const Trace t = treeOf(spans.split(QLatin1Char(';')));
    QCOMPARE(criticalIds(t), critical);
    QCOMPARE(selfTimes(t), self);
}

void TestTraceCriticalPath::sectionsCoverTheRoot()
{
    // The sections tile the root's time when children never overlap.
    Trace t
        = treeOf(QStringLiteral("r - 0 1000;a r 0 100;b r 100 300;c b 150 250;d r 400 1000").split(QLatin1Char(';')));
    const auto sections = computeCriticalPath(t);
    Micros covered = 0;
    Micros expectEnd = 1000;
    for (const CriticalSection& s : sections) {
        QCOMPARE(s.end, expectEnd);
        covered += s.end - s.start;
        expectEnd = s.start;
    }
    // a ends at 100 exactly where b starts: Jaeger's strict "finished before" leaves a off the path.
    QCOMPARE(covered, Micros(1000));
}

QTEST_GUILESS_MAIN(TestTraceCriticalPath)
#include "tst_tracecriticalpath.moc"
