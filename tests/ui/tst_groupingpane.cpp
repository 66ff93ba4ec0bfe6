// The grouping pane: every event of the SDK corpus can show it; it lists the
// variants the core computes, compares stored and computed hashes, hides
// non-contributing rows on request and shows event text literally.

#include "event/eventview.h"
#include "event/groupingpane.h"
#include "groupingfixture.h"
#include "import/importreportdialog.h"
#include "issues/issuedetail.h"
#include "issues/issuelistview.h"
#include "itemmodels/contributingfilter.h"
#include "itemmodels/groupingtreemodel.h"
#include "itemmodels/issuelistmodel.h"
#include "main/mainwindow.h"
#include "main/sidebar.h"
#include "uifixture.h"

#include <QCheckBox>
#include <QLabel>
#include <QSettings>
#include <QSignalSpy>
#include <QTest>
#include <QTreeView>

using namespace stackdeck;
using namespace stackdeck::ui;

class TestGroupingPane : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;
    std::unique_ptr<MainWindow> m_window;

    EventView* eventView() const { return m_window->issueDetail()->eventView(); }
    GroupingPane* pane() const { return eventView()->pane<GroupingPane>(); }

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QSettings::setDefaultFormat(QSettings::IniFormat);
        QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_dir.filePath(QStringLiteral("settings")));
        STACKDECK_REQUIRE_CORPUS();
        const QString path = m_dir.filePath(QStringLiteral("corpus.stackdeck"));
        QVERIFY(test::buildCorpusWorkspace(path).events > 100);
        m_window = std::make_unique<MainWindow>();
        m_window->setInteractive(false);
        m_window->resize(1280, 800);
        m_window->show();
        QVERIFY(m_window->openWorkspace(path));
        m_window->sidebar()->setStatus(Sidebar::kAllStatuses);
    }

    void showsTheVariantsOfCorpusEvents()
    {
        auto* model = m_window->issueList()->model();
        QVERIFY(model->rowCount() >= 3);
        for (int r = 0; r < 3; ++r) {
            m_window->issueList()->selectRow(r);
            const IssueId id = model->issueAt(r);
            QTRY_VERIFY(eventView()->event() && eventView()->event()->row.issue == id);
            QVERIFY(eventView()->isPaneVisible(QStringLiteral("grouping")));
            QVERIFY(eventView()->selectPane(QStringLiteral("grouping")));
            QTRY_VERIFY(!pane()->isComputing());
            const auto& loaded = *eventView()->event();
            const auto expected = grouping::computeGrouping(loaded.event);
            const auto& shown = *pane()->grouping().result;
            QCOMPARE(pane()->model()->rowCount(), static_cast<int>(shown.variants.size()));
            QCOMPARE(shown.variants.size(), expected.variants.size()); // no project rules: the built-in ones
            for (const auto& v : shown.variants)
                QVERIFY(pane()->model()->variantIndex(QString::fromStdString(v.name)).isValid());
            QVERIFY(pane()->summaryText().contains(QStringLiteral("variant")));
            QVERIFY(pane()->summaryText().contains(QStringLiteral("built-in rules only")));
            QVERIFY2(pane()->hashesText().contains(QString::fromStdString(loaded.row.primaryHash)),
                qPrintable(pane()->hashesText()));
        }
    }

    void toggleHidesNonContributingRows()
    {
        QVERIFY(eventView()->selectPane(QStringLiteral("grouping")));
        QTRY_VERIFY(!pane()->isComputing());
        pane()->showNonContributing()->setChecked(true);
        const int all = pane()->filter()->rowCount();
        const QAbstractItemModel* source = pane()->filter()->sourceModel();
        QCOMPARE(source->rowCount(), all);
        int contributing = 0;
        for (int r = 0; r < all; ++r)
            contributing += source->index(r, 0).data(GroupingTreeModel::ContributesRole).toBool() ? 1 : 0;
        pane()->showNonContributing()->setChecked(false);
        for (int r = 0; r < pane()->filter()->rowCount(); ++r)
            QVERIFY(pane()->filter()->index(r, 0).data(GroupingTreeModel::ContributesRole).toBool());
        QCOMPARE(pane()->filter()->rowCount(), contributing); // exactly the contributing rows, none lost
        pane()->showNonContributing()->setChecked(true);
        QCOMPARE(pane()->filter()->rowCount(), all);
    }

    void differingServerHashesAreNoted()
    {
        store::EventRow row;
        row.primaryHash = "0123456789abcdef0123456789abcdef";
        const auto computed = grouping::computeGrouping(test::decodedEvent(test::groupingEvent("b1", "E", "v")));
        bool differs = false;
        const QString text = hashComparison(row, {row.primaryHash}, computed, &differs);
        QVERIFY(differs);
        QVERIFY(text.contains(QStringLiteral("server hashes that differ")));
        QVERIFY(text.contains(QString::fromStdString(computed.primaryHash())));
        hashComparison(row, computed.hashes, computed, &differs);
        QVERIFY(!differs);
    }

    void markupInAFrameShowsLiterally()
    {
        const QString markup = QStringLiteral("<b>x</b>");
        GroupingPane standalone;
        standalone.resize(900, 600);
        standalone.show();
        LoadedEvent loaded;
        loaded.event
            = test::decodedEvent(test::groupingEvent("c1", "ValueError", markup.toStdString(), markup.toStdString()));
        QVERIFY(standalone.hasContent(loaded));
        QSignalSpy computed(&standalone, &GroupingPane::computed);
        standalone.populate(loaded);
        QTRY_COMPARE(computed.count(), 1);
        bool found = false;
        std::function<void(const QModelIndex&)> walk = [&](const QModelIndex& parent) {
            auto* m = standalone.model();
            for (int r = 0; r < m->rowCount(parent); ++r) {
                const QModelIndex idx = m->index(r, GroupingTreeModel::ValueColumn, parent);
                found = found || idx.data().toString() == markup;
                walk(m->index(r, 0, parent));
            }
        };
        walk({});
        QVERIFY(found);
        for (auto* label : standalone.findChildren<QLabel*>())
            QCOMPARE(label->textFormat(), Qt::PlainText);
    }

    void cleanupTestCase() { m_window.reset(); }
};

QTEST_MAIN(TestGroupingPane)
#include "tst_groupingpane.moc"
