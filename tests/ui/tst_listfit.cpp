// Item 10 of #16: the issue list at any window size (the title keeps about 30
// characters, the fixed columns give way first), the first start's size, the
// zoomed issue histogram and http breadcrumbs read as `METHOD url → status`.

#include "import/importreportdialog.h"
#include "issues/issuecolumnfit.h"
#include "issues/issuelistview.h"
#include "itemmodels/breadcrumbmodel.h"
#include "itemmodels/issuelistmodel.h"
#include "main/mainwindow.h"
#include "main/sidebar.h"
#include "uifixture.h"
#include "widgets/histogramwidget.h"

#include <QAbstractItemModelTester>
#include <QFontMetrics>
#include <QHeaderView>
#include <QSettings>
#include <QTableView>
#include <QTest>

using namespace stackdeck;
using namespace stackdeck::ui;

namespace {
QString json(const char* text)
{
    return QString::fromUtf8(text);
}
} // namespace

class TestListFit : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;
    QString m_path;

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QSettings::setDefaultFormat(QSettings::IniFormat);
        QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_dir.filePath(QStringLiteral("settings")));
        QCoreApplication::setOrganizationName(QStringLiteral("StackdeckTest"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_listfit"));
    }

    void columnsGiveWayBeforeTheTitle_data()
    {
        QTest::addColumn<int>("available");
        QTest::addColumn<bool>("narrowed");
        QTest::addColumn<QList<int>>("hidden"); // auto-hidden columns
        QTest::newRow("room for all") << 800 << false << QList<int> {};
        QTest::newRow("exactly natural") << 200 + 28 + 72 + 58 + 50 + 92 << false << QList<int> {};
        QTest::newRow("narrowed, all shown") << 200 + 24 + 48 + 40 + 34 + 60 << true << QList<int> {};
        QTest::newRow("sparkline goes first") << 200 + 24 + 40 + 34 + 60 << true << QList<int> {2};
        QTest::newRow("then users") << 200 + 24 + 40 + 60 << true << QList<int> {2, 4};
        QTest::newRow("then level") << 200 + 40 + 60 << true << QList<int> {0, 2, 4};
    }
    void columnsGiveWayBeforeTheTitle()
    {
        QFETCH(int, available);
        QFETCH(bool, narrowed);
        QFETCH(QList<int>, hidden);
        IssueColumnSpec spec;
        spec.natural = {28, 0, 72, 58, 50, 92, 92, 28, 80};
        spec.compact = {24, 0, 48, 40, 34, 60, 60, 24, 56};
        spec.hideOrder = {2, 5, 8, 4, 7, 0, -1, -1, -1};
        std::bitset<9> user;
        user.set(5); // first seen, status and assignee hidden by the user
        user.set(7);
        user.set(8);
        const auto fit = fitIssueColumns(spec, user, available, 200);
        QList<int> autoHidden;
        int used = 0;
        bool anyNarrowed = false;
        for (int c = 0; c < 9; ++c) {
            if (fit.autoHidden[static_cast<std::size_t>(c)])
                autoHidden << c;
            if (c == 1 || user[static_cast<std::size_t>(c)] || fit.autoHidden[static_cast<std::size_t>(c)])
                continue;
            const auto i = static_cast<std::size_t>(c);
            QVERIFY(fit.widths[i] >= spec.compact[i] && fit.widths[i] <= spec.natural[i]);
            anyNarrowed = anyNarrowed || fit.widths[i] < spec.natural[i];
            used += fit.widths[i];
        }
        QCOMPARE(autoHidden, hidden);
        QCOMPARE(anyNarrowed, narrowed);
        QVERIFY2(available - used >= 200, qPrintable(QStringLiteral("title gets %1").arg(available - used)));
        QVERIFY(!(fit.autoHidden & user).any()); // what the user hid is theirs, not counted twice
    }

    void windowKeepsThirtyCharactersOfTitle_data()
    {
        QTest::addColumn<QSize>("size");
        QTest::addColumn<bool>("sparkline");
        QTest::newRow("960x600") << QSize(960, 600) << false;
        QTest::newRow("1366x768") << QSize(1366, 768) << true;
        QTest::newRow("1920x1080") << QSize(1920, 1080) << true;
    }
    void windowKeepsThirtyCharactersOfTitle()
    {
        QFETCH(QSize, size);
        QFETCH(bool, sparkline);
        STACKDECK_REQUIRE_CORPUS();
        if (m_path.isEmpty()) {
            m_path = m_dir.filePath(QStringLiteral("corpus.stackdeck"));
            QVERIFY(test::buildCorpusWorkspace(m_path).events > 100);
        }
        MainWindow window;
        window.setInteractive(false);
        window.applyDefaultLayout(size);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QVERIFY(window.openWorkspace(m_path));
        window.sidebar()->setStatus(Sidebar::kAllStatuses);
        IssueListView* list = window.issueList();
        QTRY_VERIFY(list->model()->rowCount() > 0);
        QAbstractItemModelTester tester(list->model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        QTableView* table = list->table();
        const int titleWidth = table->columnWidth(IssueListModel::TitleColumn);
        QVERIFY2(titleWidth >= list->titleMinimumWidth(),
            qPrintable(QStringLiteral("title %1 < %2").arg(titleWidth).arg(list->titleMinimumWidth())));
        // What the delegate paints of a long title: at least 30 characters before the ellipsis.
        QFont bold = table->font();
        bold.setBold(true);
        const QString title = QStringLiteral("TypeError: Cannot read properties of undefined (reading 'map')");
        const QString shown = QFontMetrics(bold).elidedText(title, Qt::ElideRight, titleWidth - 12);
        QVERIFY2(shown.size() - 1 >= 30, qPrintable(shown));
        QCOMPARE(!table->isColumnHidden(IssueListModel::TrendColumn), sparkline);
        QVERIFY(!table->isColumnHidden(IssueListModel::EventsColumn));
        QVERIFY(!table->isColumnHidden(IssueListModel::LastSeenColumn));
        // No horizontal scrolling: the columns fit the viewport.
        int total = 0;
        for (int c = 0; c < IssueListModel::NUM_COLUMNS; ++c)
            total += table->isColumnHidden(c) ? 0 : table->columnWidth(c);
        QVERIFY(total <= table->viewport()->width() + 1);
        // Columns hidden for want of room come back when the room does, and are not saved as hidden.
        const QByteArray state = list->saveHeaderState();
        QTableView probe;
        probe.setModel(list->model());
        QVERIFY(probe.horizontalHeader()->restoreState(state));
        QVERIFY(!probe.isColumnHidden(IssueListModel::TrendColumn));
        window.applyDefaultLayout(QSize(1920, 1080));
        QTRY_VERIFY(!table->isColumnHidden(IssueListModel::TrendColumn));
    }

    void firstStartFitsTheScreen_data()
    {
        QTest::addColumn<QSize>("available");
        QTest::addColumn<QSize>("expected");
        QTest::newRow("1920x1040") << QSize(1920, 1040) << QSize(1536, 832);
        QTest::newRow("1366x728") << QSize(1366, 728) << QSize(1092, 600);
        QTest::newRow("1024x728 keeps 960x600") << QSize(1024, 728) << QSize(960, 600);
        QTest::newRow("small screen: all of it") << QSize(800, 560) << QSize(800, 560);
        QTest::newRow("4k capped") << QSize(3840, 2100) << QSize(1920, 1200);
    }
    void firstStartFitsTheScreen()
    {
        QFETCH(QSize, available);
        QFETCH(QSize, expected);
        QCOMPARE(MainWindow::firstStartSize(available), expected);
    }

    void firstStartWithoutSettingsIsCentred()
    {
        QSettings().remove(QStringLiteral("window/geometry"));
        MainWindow window;
        window.restoreSettings();
        const QRect available = QGuiApplication::primaryScreen()->availableGeometry();
        QCOMPARE(window.size(), MainWindow::firstStartSize(available.size()));
        QVERIFY(std::abs(window.geometry().center().x() - available.center().x()) <= 1);
    }

    void histogramZoomsToShortSpans_data()
    {
        QTest::addColumn<qint64>("first");
        QTest::addColumn<qint64>("last");
        QTest::addColumn<qint64>("bucket");
        QTest::addColumn<qint64>("maxSpan"); // the axis is at most this wide
        const qint64 h = TimeAxis::kHour;
        const qint64 d = TimeAxis::kDay;
        const qint64 t0 = 1'700'000'000'000'000LL; // 2023-11-14
        QTest::newRow("one event") << t0 << t0 << h << 12 * h;
        QTest::newRow("twenty minutes") << t0 << t0 + h / 3 << h << 12 * h;
        QTest::newRow("five hours") << t0 << t0 + 5 * h << h << 12 * h;
        QTest::newRow("two days") << t0 << t0 + 2 * d << h << 2 * d + 2 * h;
        QTest::newRow("five days") << t0 << t0 + 5 * d << 6 * h << 5 * d + 12 * h;
        QTest::newRow("thirteen days") << t0 << t0 + 13 * d << 6 * h << 13 * d + 12 * h;
        QTest::newRow("twenty days: daily") << t0 << t0 + 20 * d << d << 21 * d;
        QTest::newRow("a year: last 180 days") << t0 << t0 + 365 * d << d << 180 * d;
    }
    void histogramZoomsToShortSpans()
    {
        QFETCH(qint64, first);
        QFETCH(qint64, last);
        QFETCH(qint64, bucket);
        QFETCH(qint64, maxSpan);
        const auto range = issueHistogramRange(first, last);
        QCOMPARE(range.bucket, bucket);
        QVERIFY(range.axis.to - range.axis.from <= maxSpan);
        QVERIFY(range.axis.to > last);
        if (last - first < 180 * TimeAxis::kDay)
            QVERIFY(range.axis.from <= first);
        QCOMPARE(range.axis.from % TimeAxis::kHour, 0);
        QVERIFY((range.axis.to - range.axis.from) / bucket >= (last - first < TimeAxis::kZoomBelow ? 12 : 14));
        // The time axis reads: labels in order, inside the range, none repeated.
        TimeAxis axis = range.axis;
        axis.width = 400;
        const auto ticks = HistogramWidget::axisTicks(axis, bucket, QFontMetricsF(QGuiApplication::font()));
        QVERIFY(ticks.size() >= 2);
        for (std::size_t i = 1; i < ticks.size(); ++i) {
            QVERIFY(ticks[i].at > ticks[i - 1].at);
            QVERIFY(ticks[i].label != ticks[i - 1].label);
        }
        QCOMPARE(ticks.front().at, axis.from);
        QCOMPARE(ticks.back().at, axis.to);
    }

    void tickLabelsFitTheSpan_data()
    {
        QTest::addColumn<qint64>("span");
        QTest::addColumn<QString>("label");
        const qint64 h = TimeAxis::kHour; // labels of 1'700'000'000'000'000 us: 2023-11-14 22:13:20 UTC
        QTest::newRow("within a day: clock") << 12 * h << QStringLiteral("22:13");
        QTest::newRow("days: date and clock") << 5 * 24 * h << QStringLiteral("11-14 22:13");
        QTest::newRow("months: date") << 90 * 24 * h << QStringLiteral("2023-11-14");
    }
    void tickLabelsFitTheSpan()
    {
        QFETCH(qint64, span);
        QFETCH(QString, label);
        QCOMPARE(HistogramWidget::tickLabel(1'700'000'000'000'000LL, span), label);
    }

    void httpBreadcrumbsReadAsRequests_data()
    {
        QTest::addColumn<QString>("category");
        QTest::addColumn<QString>("type");
        QTest::addColumn<QString>("message");
        QTest::addColumn<QString>("data");
        QTest::addColumn<QString>("shown");
        const QString arrow = QStringLiteral(" \u2192 ");
        QTest::newRow("category http")
            << QStringLiteral("http") << QStringLiteral("default") << QStringLiteral("")
            << json("{\"method\":\"GET\",\"url\":\"https://api.example.com/users\",\"status_code\":200}")
            << QString(QStringLiteral("GET https://api.example.com/users") + arrow + QStringLiteral("200"));
        QTest::newRow("type http, lower-case method")
            << QStringLiteral("fetch") << QStringLiteral("http") << QStringLiteral("")
            << json("{\"method\":\"post\",\"url\":\"/api/0/x/\",\"status_code\":503}")
            << QString(QStringLiteral("POST /api/0/x/") + arrow + QStringLiteral("503"));
        QTest::newRow("status as string") << QStringLiteral("http") << QStringLiteral("http") << QStringLiteral("")
                                          << json("{\"method\":\"PUT\",\"url\":\"/a\",\"status_code\":\"404\"}")
                                          << QString(QStringLiteral("PUT /a") + arrow + QStringLiteral("404"));
        QTest::newRow("no status yet") << QStringLiteral("http") << QStringLiteral("http") << QStringLiteral("")
                                       << json("{\"method\":\"GET\",\"url\":\"/pending\"}")
                                       << QStringLiteral("GET /pending");
        QTest::newRow("url only") << QStringLiteral("http") << QStringLiteral("http") << QStringLiteral("")
                                  << json("{\"url\":\"/only\"}") << QStringLiteral("/only");
        QTest::newRow("markup stays text") << QStringLiteral("http") << QStringLiteral("http") << QStringLiteral("")
                                           << json("{\"method\":\"GET\",\"url\":\"<b>x</b>\",\"status_code\":200}")
                                           << QString(QStringLiteral("GET <b>x</b>") + arrow + QStringLiteral("200"));
        QTest::newRow("a message wins") << QStringLiteral("http") << QStringLiteral("http")
                                        << QStringLiteral("GET /x failed")
                                        << json("{\"method\":\"GET\",\"url\":\"/x\",\"status_code\":500}")
                                        << QStringLiteral("GET /x failed");
        QTest::newRow("not http: raw data")
            << QStringLiteral("navigation") << QStringLiteral("navigation") << QStringLiteral("")
            << json("{\"from\":\"/a\",\"to\":\"/b\"}") << json("{\"from\":\"/a\",\"to\":\"/b\"}");
        QTest::newRow("http without method or url")
            << QStringLiteral("http") << QStringLiteral("http") << QStringLiteral("") << json("{\"reason\":\"x\"}")
            << json("{\"reason\":\"x\"}");
        QTest::newRow("data not an object") << QStringLiteral("http") << QStringLiteral("http") << QStringLiteral("")
                                            << json("[1,2]") << QStringLiteral("[1,2]");
    }
    void httpBreadcrumbsReadAsRequests()
    {
        QFETCH(QString, category);
        QFETCH(QString, type);
        QFETCH(QString, message);
        QFETCH(QString, data);
        QFETCH(QString, shown);
        Breadcrumb crumb;
        crumb.category = category.toStdString();
        crumb.type = type.toStdString();
        crumb.message = message.toStdString();
        crumb.data.text = data.toStdString();
        BreadcrumbModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setBreadcrumbs({crumb}, std::nullopt);
        QCOMPARE(model.index(0, BreadcrumbModel::MessageColumn).data().toString(), shown);
    }
};

QTEST_MAIN(TestListFit)
#include "tst_listfit.moc"
