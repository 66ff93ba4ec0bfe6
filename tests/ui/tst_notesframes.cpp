// Frame notes know their stack trace: on an event with a chained exception,
// a note on frame 1 of the first exception marks that frame only when that
// exception is shown, not frame 1 of the reported one; a note written before
// notes named their stack trace (index only) still marks frame 1 of every
// stack, as it always did; "Add note…" stores the stack trace shown.
#include "event/eventview.h"
#include "event/exceptionpane.h"
#include "event/loadedevent.h"
#include "event/stacktraceview.h"
#include "itemmodels/framemodel.h"
#include "notes/eventnotes.h"
#include "notes/noteeditor.h"
#include "notes/notemarkerdelegate.h"
#include "store/eventqueries.h"
#include "store/notes.h"
#include "uifixture.h"

#include <QAbstractItemModelTester>
#include <QAction>
#include <QApplication>
#include <QDialog>
#include <QFile>
#include <QMenu>
#include <QPlainTextEdit>
#include <QTemporaryDir>
#include <QTest>

using namespace stackdeck;
using namespace stackdeck::ui;

namespace {

const char* kEventId = "fedcba9876543210fedcba9876543210";

QByteArray frames(const char* prefix)
{
    QByteArray out;
    for (int i = 0; i < 3; ++i) {
        if (i)
            out += ',';
        out += QStringLiteral(R"({"function":"%1%2","filename":"%1.py","lineno":%3,"in_app":true})")
                   .arg(QString::fromLatin1(prefix))
                   .arg(i)
                   .arg(20 + i)
                   .toUtf8();
    }
    return out;
}

QByteArray eventJson()
{
    return QByteArray(R"({"event_id":")") + kEventId
        + R"(","timestamp":1764600000,"level":"error","platform":"python","exception":{"values":[)"
        + R"({"type":"KeyError","value":"cause","stacktrace":{"frames":[)" + frames("cause") + "]}},"
        + R"({"type":"RuntimeError","value":"reported","stacktrace":{"frames":[)" + frames("reported") + "]}}]}}\n";
}

// Frame numbers (as the event lists them) that carry a marker in the view.
QList<qint64> markedFrames(StackTraceView* stack)
{
    QList<qint64> out;
    const int last = stack->model()->columnCount() - 1;
    for (int r = 0; r < stack->model()->rowCount(); ++r) {
        if (stack->noteMarkers()->hasNote(stack->model()->index(r, last)))
            out << stack->model()->index(r, 0).data(FrameModel::NumberRole).toLongLong();
    }
    return out;
}

} // namespace

class TestNotesFrames : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;
    std::shared_ptr<store::WorkspaceSession> m_session;
    LoadedEventPtr m_event;

    void addStoredNote(const std::string& stack, qint64 index, const std::string& text)
    {
        auto writer = m_session->writer();
        QVERIFY(writer.ok());
        const auto ref = store::findEvent(writer->db(), kEventId);
        QVERIFY(ref.has_value());
        store::Note note;
        note.target.kind = store::NoteTarget::Kind::Frame;
        note.target.project = ref->project;
        note.target.eventId = kEventId;
        note.target.index = index;
        note.target.stack = stack;
        note.text = text;
        QVERIFY(store::addNote(writer->db(), note).ok());
    }
    std::vector<store::Note> storedNotes()
    {
        auto reader = m_session->reader();
        const auto ref = store::findEvent(reader->db(), kEventId);
        return ref ? store::notesOfEvent(reader->db(), ref->project, kEventId) : std::vector<store::Note> {};
    }
    void clearNotes()
    {
        for (const auto& n : storedNotes()) {
            auto writer = m_session->writer();
            QVERIFY(store::deleteNote(writer->db(), n.id).ok());
        }
    }
    struct Shown {
        std::unique_ptr<EventView> view;
        ExceptionPane* pane = nullptr;
        StackTraceView* stack = nullptr;
    };
    // The event in a view, its exception pane shown; wait for notes() to hold `notes` notes after.
    Shown show()
    {
        Shown s;
        s.view = std::make_unique<EventView>();
        s.view->resize(900, 600);
        s.view->show();
        s.view->setSession(m_session);
        s.view->setEvent(m_event);
        if (!s.view->selectPane(QStringLiteral("exception")))
            return s;
        s.pane = s.view->pane<ExceptionPane>();
        s.stack = s.pane ? s.pane->findChild<StackTraceView*>() : nullptr;
        return s;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QVERIFY(m_dir.isValid());
        const QString input = m_dir.filePath(QStringLiteral("event.json"));
        QFile f(input);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(eventJson());
        f.close();
        const QString path = m_dir.filePath(QStringLiteral("w.stackdeck"));
        QCOMPARE(ui::importFiles(path, {input}, QString(), nullptr, {}, {}).events, 1);
        m_session = test::openSession(path);
        QVERIFY(m_session);
        const auto row = store::eventByEventId(m_session->reader()->db(), kEventId);
        QVERIFY(row.has_value());
        m_event = loadEvent(*m_session, row->issue, row->row, EventStep::Exact);
        QVERIFY2(m_event->error.isEmpty(), qPrintable(m_event->error));
        QCOMPARE(m_event->event.exceptions.size(), std::size_t(2));
    }

    // Which frames are marked on each exception, per note.
    void markersFollowTheStack_data()
    {
        QTest::addColumn<QString>("stack");
        QTest::addColumn<QList<qint64>>("onCause"); // exception 0
        QTest::addColumn<QList<qint64>>("onReported"); // exception 1, shown first
        QTest::addRow("note on the chained exception")
            << QStringLiteral("exception:0") << QList<qint64> {1} << QList<qint64> {};
        QTest::addRow("note on the reported exception")
            << QStringLiteral("exception:1") << QList<qint64> {} << QList<qint64> {1};
        QTest::addRow("older note without a stack: where it always was")
            << QString() << QList<qint64> {1} << QList<qint64> {1};
        QTest::addRow("note on a thread: on no exception")
            << QStringLiteral("thread:0") << QList<qint64> {} << QList<qint64> {};
    }
    void markersFollowTheStack()
    {
        QFETCH(QString, stack);
        QFETCH(QList<qint64>, onCause);
        QFETCH(QList<qint64>, onReported);
        clearNotes();
        addStoredNote(stack.toStdString(), 1, "frame note");
        Shown s = show();
        QVERIFY(s.stack);
        QTRY_VERIFY(!s.view->notes()->isLoading() && s.view->notes()->notes().size() == 1);
        QAbstractItemModelTester tester(s.stack->model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        s.stack->setMode(StackTraceView::Mode::Full);
        QCOMPARE(markedFrames(s.stack), onReported);
        s.pane->selectException(0);
        QCOMPARE(markedFrames(s.stack), onCause);
        s.pane->selectException(1);
        QCOMPARE(markedFrames(s.stack), onReported);
    }

    void addNoteStoresTheShownStack_data()
    {
        QTest::addColumn<int>("exception");
        QTest::addRow("chained exception") << 0;
        QTest::addRow("reported exception") << 1;
    }
    void addNoteStoresTheShownStack()
    {
        QFETCH(int, exception);
        clearNotes();
        Shown s = show();
        QVERIFY(s.stack);
        QTRY_VERIFY(!s.view->notes()->isLoading());
        s.pane->selectException(exception);
        const QModelIndex index = s.stack->model()->index(0, 0);
        const qint64 frame = index.data(FrameModel::NumberRole).toLongLong();
        std::unique_ptr<QMenu> menu(s.stack->contextMenuFor(index));
        QVERIFY(menu);
        auto* add = menu->findChild<QAction*>(QStringLiteral("addFrameNote"));
        QVERIFY(add);
        add->trigger();
        QDialog* dialog = nullptr;
        QTRY_VERIFY((dialog = [] {
            for (QWidget* w : QApplication::topLevelWidgets()) {
                if (w->objectName() == QLatin1String("noteDialog") && w->isVisible())
                    return qobject_cast<QDialog*>(w);
            }
            return static_cast<QDialog*>(nullptr);
        }()));
        auto* editor = dialog->findChild<NoteEditor*>();
        QVERIFY(editor);
        editor->edit()->setPlainText(QStringLiteral("this frame"));
        Q_EMIT editor->saved(editor->text());
        QTRY_COMPARE(storedNotes().size(), std::size_t(1));
        const store::Note note = storedNotes().front();
        QCOMPARE(note.target.index, frame);
        QCOMPARE(QString::fromStdString(note.target.stack), QStringLiteral("exception:%1").arg(exception));
        // Marked here, and not on the same frame of the other exception.
        QTRY_COMPARE(markedFrames(s.stack), QList<qint64> {frame});
        s.pane->selectException(1 - exception);
        QCOMPARE(markedFrames(s.stack), QList<qint64> {});
    }
};

QTEST_MAIN(TestNotesFrames)
#include "tst_notesframes.moc"
