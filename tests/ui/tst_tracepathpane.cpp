// The event view's Trace pane (issue #18 item 6): the way from the trace's
// root to the error's span, read on a worker, each step service · op ·
// description, the error's span last; "Open trace" and a double-click on a
// step ask for the timeline with that span selected; the SDK corpus's errors.

#include "event/eventview.h"
#include "event/loadedevent.h"
#include "event/tracepathpane.h"
#include "store/tracerows.h"
#include "uifixture.h"

#include <QLabel>
#include <QPushButton>
#include <QSignalSpy>
#include <QTest>
#include <QTreeWidget>

using namespace stackdeck;
using namespace stackdeck::ui;

class TestTracePathPane : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    std::shared_ptr<store::WorkspaceSession> m_session;
    struct Case {
        store::EventRow row;
        trace::ErrorPath path;
    };
    std::vector<Case> m_cases; // errors with a path of three steps or more, and one on the root

    LoadedEventPtr load(const store::EventRow& row)
    {
        return loadEvent(*m_session, row.issue, row.row, EventStep::Exact);
    }

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        STACKDECK_REQUIRE_CORPUS();
        const QString path = m_dir.filePath(QStringLiteral("w.stackdeck"));
        QVERIFY(test::buildCorpusWorkspace(path).fatalError.isEmpty());
        m_session = test::openSession(path);
        QVERIFY(m_session);
        auto reader = m_session->reader();
        QVERIFY(reader.ok());
        sql::Database& db = reader->db();
        bool onRoot = false;
        std::vector<std::string> traceIds;
        sql::Statement ids(db, "SELECT DISTINCT trace_id FROM events WHERE trace_id IS NOT NULL ORDER BY trace_id");
        while (ids.step())
            traceIds.push_back(ids.text(0));
        for (const auto& traceId : traceIds) {
            const auto t = store::loadTrace(db, traceId);
            QVERIFY(t);
            for (const trace::TraceError& e : t->errors) {
                const auto row = store::eventByEventId(db, e.eventId);
                QVERIFY(row);
                const trace::ErrorPath p = trace::errorPath(*t, e.eventId);
                if ((p.steps.size() >= 3 && m_cases.size() < 3) || (p.onRoot && !onRoot)) {
                    onRoot = onRoot || p.onRoot;
                    m_cases.push_back({*row, p});
                }
            }
        }
        QVERIFY(m_cases.size() >= 3);
    }

    void showsThePath_data()
    {
        QTest::addColumn<int>("index");
        for (std::size_t i = 0; i < m_cases.size(); ++i)
            QTest::addRow("%s", m_cases[i].row.eventId.c_str()) << static_cast<int>(i);
    }
    void showsThePath()
    {
        QFETCH(int, index);
        const Case& c = m_cases[static_cast<std::size_t>(index)];
        EventView view;
        view.setSession(m_session);
        view.resize(900, 500);
        view.show();
        auto* pane = view.pane<TracePathPane>();
        QVERIFY(pane);
        QSignalSpy shown(pane, &TracePathPane::pathShown);
        view.setEvent(load(c.row));
        QVERIFY(view.isPaneVisible(QStringLiteral("trace")));
        QVERIFY(view.selectPane(QStringLiteral("trace")));
        QTRY_VERIFY(shown.count() >= 1);
        QTreeWidget* steps = pane->steps();
        QCOMPARE(steps->topLevelItemCount(), static_cast<int>(c.path.steps.size()));
        for (int i = 0; i < steps->topLevelItemCount(); ++i) {
            const trace::PathStep& s = c.path.steps[static_cast<std::size_t>(i)];
            QCOMPARE(steps->topLevelItem(i)->text(1), QString::fromStdString(s.op));
            if (!s.synthetic)
                QCOMPARE(steps->topLevelItem(i)->text(0).trimmed(), QString::fromStdString(s.service));
        }
        QVERIFY(steps->topLevelItem(steps->topLevelItemCount() - 1)->font(0).bold());
        // The note says when the event's span is not in the trace.
        QCOMPARE(pane->findChild<QLabel*>(QStringLiteral("tracePathNote"))->isVisibleTo(pane), c.path.onRoot);

        QSignalSpy open(&view, &EventView::openTraceRequested);
        QTest::mouseClick(pane->openButton(), Qt::LeftButton);
        QCOMPARE(open.count(), 1);
        QCOMPARE(open.at(0).at(0).toString(), QString::fromStdString(c.row.traceId));
        const trace::PathStep& last = c.path.steps.back();
        QCOMPARE(open.at(0).at(1).toString(), last.synthetic ? QString() : QString::fromStdString(last.spanId));
        // A step opens the trace at its own span.
        Q_EMIT steps->itemActivated(steps->topLevelItem(0), 0);
        QCOMPARE(open.count(), 2);
        const trace::PathStep& first = c.path.steps.front();
        QCOMPARE(open.at(1).at(1).toString(), first.synthetic ? QString() : QString::fromStdString(first.spanId));
    }

    // A newer event's read wins over an older one still on its way.
    void newerEventWins()
    {
        QVERIFY(m_cases.size() >= 2);
        EventView view;
        view.setSession(m_session);
        view.show();
        auto* pane = view.pane<TracePathPane>();
        view.setEvent(load(m_cases[0].row));
        view.selectPane(QStringLiteral("trace"));
        view.setEvent(load(m_cases[1].row));
        view.selectPane(QStringLiteral("trace"));
        QTRY_VERIFY(!pane->isLoading());
        QCOMPARE(pane->steps()->topLevelItemCount(), static_cast<int>(m_cases[1].path.steps.size()));
        QCOMPARE(pane->path().back().spanId, m_cases[1].path.steps.back().spanId);
    }
};

QTEST_MAIN(TestTracePathPane)
#include "tst_tracepathpane.moc"
