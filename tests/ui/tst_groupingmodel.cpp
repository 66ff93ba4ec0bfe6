// The grouping tree: variants on top, component trees below, built lazily;
// non-contributing rows dimmed with their hint; the contributing filter; the
// before/after highlighting; event text shown literally.

#include "groupingfixture.h"
#include "itemmodels/contributingfilter.h"
#include "itemmodels/groupingtreemodel.h"

#include <QAbstractItemModelTester>
#include <QGuiApplication>
#include <QPalette>
#include <QTest>

using namespace stackdeck;
using namespace stackdeck::ui;

namespace {
using ResultPtr = std::shared_ptr<const grouping::GroupingResult>;

ResultPtr groupingOf(const nlohmann::ordered_json& json, const std::string& fingerprintRules = {})
{
    grouping::GroupingConfig config;
    config.fingerprintRules = fingerprintRules;
    return std::make_shared<const grouping::GroupingResult>(
        grouping::computeGrouping(test::decodedEvent(json), config));
}

// Every row, depth first: (display texts of the row, index of column 0).
void walk(
    const QAbstractItemModel* model, const QModelIndex& parent, const std::function<void(const QModelIndex&)>& visit)
{
    for (int r = 0; r < model->rowCount(parent); ++r) {
        const QModelIndex idx = model->index(r, 0, parent);
        visit(idx);
        walk(model, idx, visit);
    }
}

QStringList allText(const QAbstractItemModel* model)
{
    QStringList out;
    walk(model, {}, [&](const QModelIndex& idx) {
        for (int c = 0; c < model->columnCount(idx.parent()); ++c)
            out << idx.siblingAtColumn(c).data().toString();
    });
    return out;
}
} // namespace

class TestGroupingModel : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void variantsOnTopWithHashes()
    {
        const auto result = groupingOf(test::groupingEvent("a1", "ValueError", "bad"));
        GroupingTreeModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setResult(result);
        QCOMPARE(model.rowCount(), static_cast<int>(result->variants.size()));
        for (const auto& v : result->variants) {
            const QModelIndex idx = model.variantIndex(QString::fromStdString(v.name));
            QVERIFY2(idx.isValid(), v.name.c_str());
            QCOMPARE(idx.data(GroupingTreeModel::KindRole).toInt(), static_cast<int>(GroupingTreeModel::Kind::Variant));
            QCOMPARE(idx.data(GroupingTreeModel::ContributesRole).toBool(), v.contributes);
            if (v.hash)
                QCOMPARE(idx.siblingAtColumn(GroupingTreeModel::ValueColumn).data().toString(),
                    QString::fromStdString(*v.hash));
        }
        QVERIFY(model.variantIndex(QStringLiteral("app")).isValid());
        QVERIFY(model.variantIndex(QStringLiteral("system")).isValid());
        QVERIFY(model.rowCount(model.variantIndex(QStringLiteral("app"))) > 0);
        model.setResult({});
        QCOMPARE(model.rowCount(), 0);
    }

    void nonContributingRowsAreDimmedWithTheirHint()
    {
        const auto result = groupingOf(test::groupingEvent("a2", "ValueError", "bad"));
        GroupingTreeModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setResult(result);
        // In the app variant the library frame does not contribute: "non app frame".
        bool sawLibraryFrame = false;
        walk(&model, model.variantIndex(QStringLiteral("app")), [&](const QModelIndex& idx) {
            if (idx.data().toString() != QLatin1String("frame"))
                return;
            const bool contributes = idx.data(GroupingTreeModel::ContributesRole).toBool();
            if (!contributes) {
                sawLibraryFrame = true;
                QVERIFY(idx.siblingAtColumn(GroupingTreeModel::HintColumn)
                            .data()
                            .toString()
                            .contains(QStringLiteral("non app frame")));
                QCOMPARE(idx.data(Qt::ForegroundRole).value<QColor>(),
                    QGuiApplication::palette().color(QPalette::Disabled, QPalette::Text));
            }
        });
        QVERIFY(sawLibraryFrame);
    }

    void filterHidesNonContributingRows()
    {
        const auto result = groupingOf(test::groupingEvent("a3", "ValueError", "bad"));
        GroupingTreeModel model;
        ContributingFilter filter;
        filter.setSourceModel(&model);
        QAbstractItemModelTester tester(&filter, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setResult(result);
        int all = 0;
        walk(&filter, {}, [&](const QModelIndex&) { ++all; });
        filter.setShowNonContributing(false);
        int contributing = 0;
        walk(&filter, {}, [&](const QModelIndex& idx) {
            ++contributing;
            QVERIFY(idx.data(GroupingTreeModel::ContributesRole).toBool());
        });
        QVERIFY(contributing > 0);
        QVERIFY(contributing < all);
        filter.setShowNonContributing(true);
        int again = 0;
        walk(&filter, {}, [&](const QModelIndex&) { ++again; });
        QCOMPARE(again, all);
    }

    void markupInValuesShowsLiterally()
    {
        const QString markup = QStringLiteral("<b>x</b>");
        const auto result = groupingOf(test::groupingEvent("a4", "ValueError", "bad", markup.toStdString()));
        GroupingTreeModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setResult(result);
        const QStringList texts = allText(&model);
        QVERIFY2(std::any_of(texts.begin(), texts.end(), [&](const QString& t) { return t == markup; }),
            qPrintable(texts.join(QLatin1Char('|'))));
        // Tooltips go through plainToolTip: markup arrives escaped.
        bool escaped = false;
        walk(&model, {}, [&](const QModelIndex& idx) {
            if (idx.siblingAtColumn(GroupingTreeModel::ValueColumn).data().toString() == markup)
                escaped = idx.data(Qt::ToolTipRole).toString().contains(markup.toHtmlEscaped());
        });
        QVERIFY(escaped);
    }

    void comparisonHighlightsWhatChanged()
    {
        const auto json = test::groupingEvent("a5", "ValueError", "bad");
        const auto before = groupingOf(json);
        const auto after = groupingOf(json, "type:ValueError -> everything-valueerror");
        QVERIFY(before->primaryHash() != after->primaryHash());
        GroupingTreeModel beforeModel, afterModel;
        QAbstractItemModelTester t1(&beforeModel, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QAbstractItemModelTester t2(&afterModel, QAbstractItemModelTester::FailureReportingMode::QtTest);
        beforeModel.setResult(before, after);
        afterModel.setResult(after, before);
        // The app variant stops contributing (the fingerprint takes precedence); the custom one is new.
        QVERIFY(beforeModel.variantIndex(QStringLiteral("app")).data(GroupingTreeModel::ChangedRole).toBool());
        const QModelIndex custom = afterModel.variantIndex(QStringLiteral("custom-fingerprint"));
        QVERIFY(custom.isValid());
        QVERIFY(custom.data(GroupingTreeModel::ChangedRole).toBool());
        QVERIFY(custom.data(Qt::BackgroundRole).isValid());
        // Unchanged rows carry no highlight.
        const auto same = groupingOf(json);
        GroupingTreeModel sameModel;
        sameModel.setResult(same, before);
        walk(&sameModel, {}, [&](const QModelIndex& idx) {
            QVERIFY2(!idx.data(GroupingTreeModel::ChangedRole).toBool(), qPrintable(idx.data().toString()));
        });
    }
};

QTEST_MAIN(TestGroupingModel)
#include "tst_groupingmodel.moc"
