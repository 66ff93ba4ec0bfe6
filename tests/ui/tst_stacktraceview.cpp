// The stack trace view: context lines span the row (number and code at the
// pane's full width), so code is readable in a narrow event pane.
#include "event/codelinedelegate.h"
#include "event/stacktraceview.h"
#include "itemmodels/framemodel.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QTest>
#include <QTreeView>

using namespace stackdeck;
using namespace stackdeck::ui;

class TestStackTraceView : public QObject {
    Q_OBJECT

    static Stacktrace stackWithContext(std::int64_t line)
    {
        Frame f;
        f.function = "validate_quantity";
        f.filename = "cart.py";
        f.lineno = line;
        f.inApp = true;
        f.preContext = {"def validate_quantity(qty):", "    if qty <= 0:"};
        f.contextLine = "        raise ValueError(f'quantity must be positive, got {qty}')";
        f.postContext = {"    return qty"};
        Stacktrace s;
        s.frames.push_back(f);
        return s;
    }

private Q_SLOTS:
    void contextLinesSpanTheRow_data()
    {
        QTest::addColumn<qint64>("line");
        QTest::addColumn<QString>("errorLine");
        QTest::newRow("short numbers") << qint64(9) << QStringLiteral(" 9  ");
        QTest::newRow("numbers change width") << qint64(100) << QStringLiteral("100  ");
        QTest::newRow("wide numbers") << qint64(12345) << QStringLiteral("12345  ");
    }

    void contextLinesSpanTheRow()
    {
        QFETCH(qint64, line);
        QFETCH(QString, errorLine);
        const Stacktrace stack = stackWithContext(line);
        StackTraceView view;
        view.resize(420, 300);
        view.setStacktrace(&stack, nullptr, QStringLiteral("ValueError"), QStringLiteral("python"));
        auto* tree = view.findChild<QTreeView*>(QStringLiteral("frames"));
        QVERIFY(tree);
        QAbstractItemModelTester tester(tree->model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        const QModelIndex frame = tree->model()->index(0, 0);
        QCOMPARE(frame.data(NodeTreeModel::KindRole).toInt(), int(FrameModel::FrameKind));
        QVERIFY(!tree->isFirstColumnSpanned(0, {}));
        int contextRows = 0;
        for (int r = 0; r < tree->model()->rowCount(frame); ++r) {
            const QModelIndex child = tree->model()->index(r, 0, frame);
            const bool context = child.data(NodeTreeModel::KindRole).toInt() == FrameModel::ContextKind;
            QCOMPARE(tree->isFirstColumnSpanned(r, frame), context);
            if (!context)
                continue;
            ++contextRows;
            const QString text = CodeLineDelegate::lineText(child);
            // Number, two spaces, the code verbatim (its own indentation kept).
            QVERIFY2(text.endsWith(child.siblingAtColumn(1).data().toString()), qPrintable(text));
            if (child.data().toString() == QString::number(line))
                QVERIFY2(text.startsWith(errorLine + QStringLiteral("        raise")), qPrintable(text));
        }
        QCOMPARE(contextRows, 4);
        // Every number of one frame is padded alike, so the code lines up.
        const QString first = CodeLineDelegate::lineText(tree->model()->index(0, 0, frame));
        const QString last = CodeLineDelegate::lineText(tree->model()->index(3, 0, frame));
        QCOMPARE(first.indexOf(QStringLiteral("  def")), last.indexOf(QStringLiteral("  ")));
        view.show();
        QVERIFY(!view.grab().isNull()); // paints the spanned rows
    }

    void rebuildKeepsSpans()
    {
        const Stacktrace stack = stackWithContext(42);
        StackTraceView view;
        view.setStacktrace(&stack, nullptr, QStringLiteral("ValueError"), QStringLiteral("python"));
        view.setNewestFirst(false);
        view.setMode(StackTraceView::Mode::Full);
        auto* tree = view.findChild<QTreeView*>(QStringLiteral("frames"));
        QVERIFY(tree);
        const QModelIndex frame = tree->model()->index(0, 0);
        QVERIFY(tree->model()->rowCount(frame) >= 4);
        QVERIFY(tree->isFirstColumnSpanned(0, frame));
    }
};

QTEST_MAIN(TestStackTraceView)
#include "tst_stacktraceview.moc"
