// The timeline's extras (issue #18 items 6 and #16 item 4): the breadcrumbs of
// the trace's error events as ticks on the time axis (inside the trace, once
// each, in time order; the toolbar's toggle hides them), and notes written on
// spans as a marker on the span's row and a section of its details. A
// hand-made trace (the SDK corpus's breadcrumbs all precede their traces): a
// transaction with two spans and two errors whose breadcrumbs fall before,
// inside and after it, one repeated. Read on a worker, offscreen.

#include "store/notes.h"
#include "store/storedevent.h"
#include "store/tracerows.h"
#include "trace/spandetails.h"
#include "trace/timelinewidget.h"
#include "trace/tracejobs.h"
#include "trace/traceview.h"
#include "uifixture.h"

#include <QCheckBox>
#include <QFile>
#include <QSignalSpy>
#include <QTest>
#include <QTreeWidget>

#include <set>
#include <tuple>

using namespace stackdeck;
using namespace stackdeck::ui;

class TestTraceExtras : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    std::shared_ptr<store::WorkspaceSession> m_session;
    std::string m_crumbTrace; // the trace whose errors have the most breadcrumbs inside it
    std::size_t m_crumbs = 0;

    TracePtr readTrace(const std::string& id)
    {
        auto t = ui::readTrace(m_session, id);
        return t ? *t : nullptr;
    }

private Q_SLOTS:
    static QByteArray event(const QString& json) { return json.toUtf8(); }

    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        const QString base = QStringLiteral("1700000000");
        const QString trace = QStringLiteral("\"trace_id\": \"5d5d5d5d5d5d5d5d5d5d5d5d5d5d5d5d\"");
        const QStringList events = {
            QStringLiteral(
                "{\"event_id\": \"a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1\", \"type\": \"transaction\", "
                "\"transaction\": \"GET /checkout\", \"start_timestamp\": %1.0, \"timestamp\": %1.999, "
                "\"server_name\": \"web-1\", \"contexts\": {\"trace\": {%2, \"span_id\": \"aaaaaaaaaaaaaaa1\", "
                "\"op\": \"http.server\"}}, \"spans\": [{\"span_id\": \"bbbbbbbbbbbbbbb1\", "
                "\"parent_span_id\": \"aaaaaaaaaaaaaaa1\", %2, \"op\": \"db.query\", \"description\": "
                "\"SELECT 1\", \"start_timestamp\": %1.1, \"timestamp\": %1.5}, {\"span_id\": "
                "\"bbbbbbbbbbbbbbb2\", \"parent_span_id\": \"aaaaaaaaaaaaaaa1\", %2, \"op\": \"http.client\", "
                "\"description\": \"POST /charge\", \"start_timestamp\": %1.55, \"timestamp\": %1.95}]}"),
            QStringLiteral(
                "{\"event_id\": \"e1e1e1e1e1e1e1e1e1e1e1e1e1e1e1e1\", \"timestamp\": %1.6, \"level\": "
                "\"error\", \"exception\": {\"values\": [{\"type\": \"ValueError\", \"value\": \"bad\"}]}, "
                "\"contexts\": {\"trace\": {%2, \"span_id\": \"bbbbbbbbbbbbbbb2\"}}, \"breadcrumbs\": "
                "{\"values\": [{\"timestamp\": 1699999999.0, \"category\": \"before\", \"message\": \"out\"}, "
                "{\"timestamp\": %1.2, \"category\": \"http\", \"message\": \"GET /api\", \"level\": "
                "\"info\"}, {\"timestamp\": %1.3, \"category\": \"db\", \"message\": \"slow\", \"level\": "
                "\"warning\"}]}}"),
            QStringLiteral("{\"event_id\": \"e2e2e2e2e2e2e2e2e2e2e2e2e2e2e2e2\", \"timestamp\": %1.97, \"level\": "
                           "\"error\", \"exception\": {\"values\": [{\"type\": \"TimeoutError\", \"value\": "
                           "\"late\"}]}, \"contexts\": {\"trace\": {%2, \"span_id\": \"bbbbbbbbbbbbbbb2\"}}, "
                           "\"breadcrumbs\": {\"values\": [{\"timestamp\": %1.2, \"category\": \"http\", \"message\": "
                           "\"GET /api\", \"level\": \"info\"}, {\"timestamp\": %1.9, \"category\": \"log\", "
                           "\"message\": \"retrying\", \"level\": \"error\"}, {\"timestamp\": 1700000005.0, "
                           "\"category\": \"after\", \"message\": \"out\"}]}}"),
        };
        QStringList files;
        for (int i = 0; i < events.size(); ++i) {
            const QString file = m_dir.filePath(QStringLiteral("event%1.json").arg(i));
            QFile f(file);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write(event(events[i].arg(base, trace)));
            files << file;
        }
        const QString path = m_dir.filePath(QStringLiteral("w.stackdeck"));
        const auto outcome = ui::importFiles(path, files, QString(), nullptr, {}, {});
        QVERIFY(outcome.fatalError.isEmpty());
        QCOMPARE(outcome.events, 2);
        m_session = test::openSession(path);
        QVERIFY(m_session);
        m_crumbTrace = "5d5d5d5d5d5d5d5d5d5d5d5d5d5d5d5d";
        m_crumbs = 3; // http (twice, once shown), db, log; "before" and "after" fall outside
    }

    // Every tick is a breadcrumb of one of the trace's errors, inside the
    // trace, once, in time order; and every such breadcrumb has its tick.
    void breadcrumbsOfTheErrors()
    {
        const TracePtr t = readTrace(m_crumbTrace);
        QVERIFY(t);
        Micros start = t->spans.front().start;
        Micros end = t->spans.front().end;
        for (const auto& s : t->spans) {
            start = std::min(start, s.start);
            end = std::max(end, s.end);
        }
        std::set<std::tuple<Micros, std::string, std::string>> expected;
        auto reader = m_session->reader();
        QVERIFY(reader.ok());
        for (const trace::TraceError& e : t->errors) {
            const auto row = store::eventByEventId(reader->db(), e.eventId);
            QVERIFY(row);
            const auto stored = store::loadStoredEvent(reader->db(), *row);
            QVERIFY(stored.ok());
            for (const Breadcrumb& b : stored->event.breadcrumbs) {
                if (b.timestamp && *b.timestamp >= start && *b.timestamp <= end)
                    expected.emplace(*b.timestamp, b.category, b.message);
            }
        }
        const auto extras = readTraceExtras(m_session, t);
        QVERIFY(extras.ok());
        std::set<std::tuple<Micros, std::string, std::string>> got;
        for (std::size_t i = 0; i < extras->breadcrumbs.size(); ++i) {
            const BreadcrumbTick& b = extras->breadcrumbs[i];
            QVERIFY(b.time >= start && b.time <= end);
            if (i > 0)
                QVERIFY(extras->breadcrumbs[i - 1].time <= b.time);
            QVERIFY(got.emplace(b.time, b.category, b.message).second);
        }
        QVERIFY(got == expected);
        QCOMPARE(got.size(), m_crumbs);
        QCOMPARE(extras->breadcrumbs.front().category, std::string("http"));
        QCOMPARE(extras->breadcrumbs.back().level, std::string("error"));
    }

    void ticksOnTheAxisAndTheToggle()
    {
        TraceView view;
        view.setSession(m_session);
        view.resize(1400, 800);
        view.show();
        QSignalSpy extras(&view, &TraceView::extrasLoaded);
        view.openTrace(QString::fromStdString(m_crumbTrace));
        QTRY_VERIFY(extras.count() == 1);
        TimelineWidget* w = view.timeline();
        QCOMPARE(w->breadcrumbs().size(), m_crumbs);
        QVERIFY(w->breadcrumbsShown());
        for (int i = 0; i < static_cast<int>(m_crumbs); ++i) {
            const int x = w->breadcrumbTickX(i);
            QVERIFY(x >= w->treeWidth());
            QVERIFY(x <= w->viewport()->width());
            QCOMPARE(x,
                static_cast<int>(
                    std::lround(w->mapping().toPixel(w->breadcrumbs()[static_cast<std::size_t>(i)].time))));
        }
        view.breadcrumbsBox()->setChecked(false);
        QVERIFY(!w->breadcrumbsShown());
        QCOMPARE(w->breadcrumbTickX(0), -1);
        view.breadcrumbsBox()->setChecked(true);
        QVERIFY(w->breadcrumbTickX(0) >= 0);
        // Zoomed into the trace's first tenth, later ticks leave the view.
        const TimeMapping whole = w->mapping();
        w->setMapping(whole.zoomedTo(whole.traceStart, whole.traceStart + whole.traceLength() / 10));
        const TimeMapping zoomed = w->mapping();
        QVERIFY(zoomed.isZoomed());
        for (int i = 0; i < static_cast<int>(m_crumbs); ++i) {
            const Micros time = w->breadcrumbs()[static_cast<std::size_t>(i)].time;
            QCOMPARE(w->breadcrumbTickX(i) >= 0, time >= zoomed.viewStart && time <= zoomed.viewEnd);
        }
    }

    // A note on a span: its row gets the marker (no other row does), and the
    // details of the span list it.
    void spanNoteMarker()
    {
        const TracePtr t = readTrace(m_crumbTrace);
        QVERIFY(t);
        int noted = -1;
        for (std::size_t i = 0; i < t->spans.size(); ++i) {
            if (!t->spans[i].eventId.empty() && !t->spans[i].has(trace::TransactionSpan) && t->spans[i].parent >= 0)
                noted = static_cast<int>(i);
        }
        if (noted < 0)
            noted = t->root;
        const trace::TraceSpan& span = t->spans[static_cast<std::size_t>(noted)];
        {
            auto writer = m_session->writer();
            QVERIFY(writer.ok());
            // Notes hang on error events (their issue keeps them): written on
            // one of the trace's errors, naming a span of the transaction.
            const std::string eventId = t->errors.front().eventId;
            const auto ref = store::findEvent(writer->db(), eventId);
            QVERIFY(ref);
            store::Note note;
            note.target.kind = store::NoteTarget::Kind::Span;
            note.target.project = ref->project;
            note.target.eventId = eventId;
            note.target.spanId = span.spanId;
            note.text = "slow <b>query</b> here";
            QVERIFY(store::addNote(writer->db(), note).ok());
        }
        TraceView view;
        view.setSession(m_session);
        view.resize(1400, 800);
        view.show();
        QSignalSpy extras(&view, &TraceView::extrasLoaded);
        view.openTrace(QString::fromStdString(m_crumbTrace), QString::fromStdString(span.spanId));
        QTRY_VERIFY(extras.count() == 1);
        TimelineWidget* w = view.timeline();
        QCOMPARE(w->notesOf(noted).size(), std::size_t(1));
        QCOMPARE(w->notesOf(noted).front().text, std::string("slow <b>query</b> here"));
        for (int row = 0; row < w->rows().rowCount(); ++row)
            QCOMPARE(!w->noteMarkerRect(row).isEmpty(), w->rows().spanAt(row) == noted);
        // The details of the selected (noted) span show the note, as text.
        QCOMPARE(w->selectedSpan(), noted);
        QTreeWidget* tree = view.details()->tree();
        QTreeWidgetItem* notes = nullptr;
        QTRY_VERIFY((notes = [&]() -> QTreeWidgetItem* {
            for (int i = 0; i < tree->topLevelItemCount(); ++i) {
                if (tree->topLevelItem(i)->text(0) == QLatin1String("Notes"))
                    return tree->topLevelItem(i);
            }
            return nullptr;
        }()));
        QCOMPARE(notes->childCount(), 1);
        QCOMPARE(notes->child(0)->text(1), QStringLiteral("slow <b>query</b> here"));
        // Another span's details have none.
        w->setSelectedSpan(t->root == noted ? static_cast<int>(t->spans.size()) - 1 : t->root);
        for (int i = 0; i < tree->topLevelItemCount(); ++i)
            QVERIFY(tree->topLevelItem(i)->text(0) != QLatin1String("Notes"));
    }
};

QTEST_MAIN(TestTraceExtras)
#include "tst_traceextras.moc"
