// The sidebar's saved searches: saved, renamed and removed through the store,
// each counted on a worker, and the counts following new issues without a
// model reset.
#include "searches/savedsearchespanel.h"
#include "store/workspacesession.h"
#include "testsupport.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeView>

using namespace stackdeck;
using namespace stackdeck::ui;

namespace {

std::shared_ptr<store::WorkspaceSession> syntheticWorkspace(const QString& path, int issues)
{
    auto ws = store::WorkspaceSession::open(path.toStdString());
    if (!ws)
        return nullptr;
    auto writer = (*ws)->writer();
    writer->db().exec("INSERT INTO projects(name, created_at) VALUES('p', 0)");
    sql::Statement st(writer->db(),
        "WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n WHERE x < ?) "
        "INSERT INTO issues(project_id, primary_hash, title, first_seen, last_seen, "
        "event_count, level) SELECT 1, 'h' || x, 'issue ' || x, x * 1000000, x * 1000000, "
        "x, x % 5 FROM n");
    st.bind(1, static_cast<std::int64_t>(issues));
    st.step();
    return std::move(ws).value();
}

} // namespace

class TestSavedSearches : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;
    int m_n = 0;

private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void countsEachSearch_data()
    {
        QTest::addColumn<QString>("query");
        QTest::addColumn<qlonglong>("count"); // -1: the query does not compile
        QTest::addRow("level") << QStringLiteral("level:fatal") << qlonglong(20);
        QTest::addRow("level list") << QStringLiteral("level:[fatal,error]") << qlonglong(40);
        QTest::addRow("status") << QStringLiteral("is:unresolved") << qlonglong(100);
        QTest::addRow("events") << QStringLiteral("times_seen:>90") << qlonglong(10);
        QTest::addRow("everything") << QString() << qlonglong(100);
        QTest::addRow("broken query shows no count") << QStringLiteral("level:loud") << qlonglong(-1);
    }
    void countsEachSearch()
    {
        QFETCH(QString, query);
        QFETCH(qlonglong, count);
        auto session = syntheticWorkspace(m_dir.filePath(QStringLiteral("s%1.stackdeck").arg(++m_n)), 100);
        QVERIFY(session);
        SavedSearchesPanel panel;
        QAbstractItemModelTester tester(panel.model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        QStringList failures;
        connect(&panel, &SavedSearchesPanel::failed, this, [&](const QString& m) { failures << m; });
        panel.setSession(session);
        QTRY_VERIFY(!panel.isBusy());
        QCOMPARE(panel.model()->rowCount(), 0);
        panel.saveSearch(QStringLiteral("mine"), query);
        QTRY_VERIFY(!panel.isBusy());
        QVERIFY2(failures.isEmpty(), qPrintable(failures.join(u'\n')));
        QCOMPARE(panel.model()->rowCount(), 1);
        const QModelIndex countCell = panel.model()->index(0, SavedSearchModel::CountColumn);
        if (count < 0)
            QVERIFY(!countCell.data(SavedSearchModel::CountRole).isValid());
        else
            QCOMPARE(countCell.data(SavedSearchModel::CountRole).toLongLong(), count);
        QSignalSpy chosen(&panel, &SavedSearchesPanel::searchChosen);
        Q_EMIT panel.view()->clicked(panel.model()->index(0, 0));
        QCOMPARE(chosen.size(), 1);
        QCOMPARE(chosen.front().front().toString(), query);
    }

    // Saves made one after another land in that order, whatever the workers' timing.
    void quickSavesKeepTheirOrder()
    {
        auto session = syntheticWorkspace(m_dir.filePath(QStringLiteral("order.stackdeck")), 20);
        QVERIFY(session);
        SavedSearchesPanel panel;
        QAbstractItemModelTester tester(panel.model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        panel.setSession(session);
        QStringList names;
        for (int i = 1; i <= 8; ++i) {
            names << QStringLiteral("search %1").arg(i);
            panel.saveSearch(names.back(), QStringLiteral("level:error"));
        }
        QTRY_VERIFY(!panel.isBusy());
        QTRY_COMPARE(panel.model()->rowCount(), 8);
        QStringList shown;
        for (int row = 0; row < 8; ++row)
            shown << panel.model()->index(row, 0).data().toString();
        QCOMPARE(shown, names);
    }

    void countsAreLiveAndTheListEditable()
    {
        auto session = syntheticWorkspace(m_dir.filePath(QStringLiteral("live.stackdeck")), 100);
        QVERIFY(session);
        SavedSearchesPanel panel;
        QAbstractItemModelTester tester(panel.model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        panel.setSession(session);
        panel.saveSearch(QStringLiteral("fatal"), QStringLiteral("level:fatal"));
        panel.saveSearch(QStringLiteral("busy"), QStringLiteral("times_seen:>50"));
        QTRY_VERIFY(!panel.isBusy());
        QTRY_COMPARE(panel.model()->rowCount(), 2);
        QSignalSpy reset(panel.model(), &QAbstractItemModel::modelReset);
        QSignalSpy changed(panel.model(), &QAbstractItemModel::dataChanged);
        // An import lands: 5 more fatal issues.
        session->writer()->db().exec(
            "INSERT INTO issues(project_id, primary_hash, title, first_seen, last_seen, event_count, level) "
            "SELECT 1, 'n' || x, 'new', 1, 1, 1, 4 FROM (SELECT 1 AS x UNION SELECT 2 UNION SELECT 3 UNION "
            "SELECT 4 UNION SELECT 5)");
        panel.refresh();
        QTRY_VERIFY(!panel.isBusy());
        QCOMPARE(reset.size(), 0); // counts change in place: the view keeps its selection
        QVERIFY(!changed.isEmpty());
        QCOMPARE(panel.model()->index(0, SavedSearchModel::CountColumn).data(SavedSearchModel::CountRole).toLongLong(),
            qlonglong(25));

        const qint64 id = panel.model()->index(0, 0).data(SavedSearchModel::IdRole).toLongLong();
        panel.renameSearch(id, QStringLiteral("fatal ones"));
        QTRY_COMPARE(panel.model()->index(0, 0).data().toString(), QStringLiteral("fatal ones"));
        panel.removeSearch(id);
        QTRY_COMPARE(panel.model()->rowCount(), 1);
        QCOMPARE(panel.model()->index(0, 0).data().toString(), QStringLiteral("busy"));
    }
};

QTEST_MAIN(TestSavedSearches)
#include "tst_savedsearches.moc"
