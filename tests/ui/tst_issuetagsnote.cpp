// The issue pane's top tags while an import still counts them in memory
// (store/tagcounts.h): the pane says they are not final, and stops saying so
// once the import has written them.

#include "issues/issuedetail.h"
#include "store/eventwriter.h"
#include "store/workspace.h"
#include "storefixtures.h"
#include "uifixture.h"
#include "widgets/tagbars.h"

#include <QLabel>
#include <QTemporaryDir>
#include <QTest>

using namespace stackdeck;
using namespace stackdeck::ui;

namespace {
constexpr Micros kBase = 1'700'000'000'000'000LL;
}

class TestIssueTagsNote : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void saysTheCountsAreNotFinalUntilWritten();
};

void TestIssueTagsNote::saysTheCountsAreNotFinalUntilWritten()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("ws.stackdeck"));
    auto ws = store::Workspace::open(path.toStdString());
    QVERIFY(ws.ok());
    store::EventWriter writer((*ws)->db());
    const auto write = [&writer](int from, int to) {
        PreparedBatch batch;
        for (int i = from; i < to; ++i)
            batch.events.push_back(test::makePreparedEvent(test::hexId(i), "one-issue", kBase + i));
        writer.writeBatch(batch);
    };
    write(1, 4); // counted as they are written
    writer.deferTagCounts();
    write(4, 11); // seven more, counted in memory

    IssueDetail detail;
    detail.resize(900, 600);
    detail.show();
    detail.setSession(test::openSession(path));
    detail.showIssue(IssueId(1));
    QTRY_VERIFY(!detail.isLoading() && detail.issue() == IssueId(1));
    QTRY_VERIFY(detail.tagCountsNote()->isVisible());
    QVERIFY2(detail.tagCountsNote()->text().contains(QLatin1String(" 7 ")), qPrintable(detail.tagCountsNote()->text()));

    writer.flushDeferredTagCounts();
    detail.refreshIssue();
    QTRY_VERIFY(!detail.isLoading() && !detail.tagCountsNote()->isVisible());
}

QTEST_MAIN(TestIssueTagsNote)
#include "tst_issuetagsnote.moc"
