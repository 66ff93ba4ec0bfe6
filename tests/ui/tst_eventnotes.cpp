// Notes on an event's frames and breadcrumbs in the event view: the notes of
// the event are read off the GUI thread, a marker shows on the noted row only,
// and "Add note…" on a row's context menu stores a note on that frame or
// breadcrumb.
#include "event/breadcrumbspane.h"
#include "event/eventview.h"
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
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeView>

using namespace stackdeck;
using namespace stackdeck::ui;

namespace {

const char* kEventId = "0123456789abcdef0123456789abcdef";
constexpr int kFrames = 5;
constexpr int kCrumbs = 4;

QByteArray eventJson()
{
    QByteArray frames;
    for (int i = 0; i < kFrames; ++i) {
        if (i)
            frames += ',';
        frames += QStringLiteral(R"({"function":"f%1","filename":"app.py","lineno":%2,"in_app":true})")
                      .arg(i)
                      .arg(10 + i)
                      .toUtf8();
    }
    QByteArray crumbs;
    for (int i = 0; i < kCrumbs; ++i) {
        if (i)
            crumbs += ',';
        crumbs += QStringLiteral(R"({"timestamp":%1,"category":"c","message":"crumb %2"})")
                      .arg(1764599990 + i)
                      .arg(i)
                      .toUtf8();
    }
    return QByteArray(R"({"event_id":")") + kEventId
        + R"(","timestamp":1764600000,"level":"error","platform":"python","exception":{"values":[{"type":"ValueError","value":"bad","stacktrace":{"frames":[)"
        + frames + R"(]}}]},"breadcrumbs":{"values":[)" + crumbs + "]}}\n";
}

} // namespace

class TestEventNotes : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;
    QString m_path;
    std::shared_ptr<store::WorkspaceSession> m_session;
    LoadedEventPtr m_event;

    // Adds a note straight to the store, as `stackdeck-cli note` does.
    void addStoredNote(store::NoteTarget::Kind kind, qint64 index, const std::string& text)
    {
        auto writer = m_session->writer();
        QVERIFY(writer.ok());
        const auto ref = store::findEvent(writer->db(), kEventId);
        QVERIFY(ref.has_value());
        store::Note note;
        note.target.kind = kind;
        note.target.project = ref->project;
        note.target.eventId = kEventId;
        note.target.index = index;
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
    // The dialog "Add note…" opened: type the note and save it.
    static QDialog* noteDialog()
    {
        for (QWidget* w : QApplication::topLevelWidgets()) {
            if (w->objectName() == QLatin1String("noteDialog") && w->isVisible())
                return qobject_cast<QDialog*>(w);
        }
        return nullptr;
    }
    static void saveDialog(const QString& text)
    {
        QTRY_VERIFY(noteDialog());
        auto* editor = noteDialog()->findChild<NoteEditor*>();
        QVERIFY(editor);
        editor->edit()->setPlainText(text);
        Q_EMIT editor->saved(editor->text());
        QTRY_VERIFY(!noteDialog());
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
        m_path = m_dir.filePath(QStringLiteral("w.stackdeck"));
        QCOMPARE(ui::importFiles(m_path, {input}, QString(), nullptr, {}, {}).events, 1);
        m_session = test::openSession(m_path);
        QVERIFY(m_session);
        const auto row = store::eventByEventId(m_session->reader()->db(), kEventId);
        QVERIFY(row.has_value());
        m_event = loadEvent(*m_session, row->issue, row->row, EventStep::Exact);
        QVERIFY2(m_event->error.isEmpty(), qPrintable(m_event->error));
    }

    void frameMarkerOnItsRowOnly_data()
    {
        QTest::addColumn<int>("frame");
        for (int i : {0, 2, kFrames - 1})
            QTest::addRow("frame %d", i) << i;
    }
    void frameMarkerOnItsRowOnly()
    {
        QFETCH(int, frame);
        clearNotes();
        addStoredNote(store::NoteTarget::Kind::Frame, frame, "frame note <b>not markup</b>");
        EventView view;
        view.resize(900, 600);
        view.show();
        view.setSession(m_session);
        view.setEvent(m_event);
        QVERIFY(view.selectPane(QStringLiteral("exception")));
        QTRY_VERIFY(!view.notes()->isLoading() && view.notes()->notes().size() == 1);
        auto* stack = view.pane(QStringLiteral("exception"))->findChild<StackTraceView*>();
        QVERIFY(stack);
        QAbstractItemModelTester tester(stack->model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        const int last = stack->model()->columnCount() - 1;
        int marked = 0;
        for (int r = 0; r < stack->model()->rowCount(); ++r) {
            const QModelIndex cell = stack->model()->index(r, last);
            const bool isFrame = stack->model()->index(r, 0).data(FrameModel::NumberRole).toInt() == frame;
            QCOMPARE(stack->noteMarkers()->hasNote(cell), isFrame);
            QVERIFY(!stack->noteMarkers()->hasNote(stack->model()->index(r, 0)));
            marked += stack->noteMarkers()->hasNote(cell) ? 1 : 0;
            if (isFrame)
                QCOMPARE(stack->noteMarkers()->noteText(cell), QStringLiteral("frame note <b>not markup</b>"));
        }
        QCOMPARE(marked, 1);
    }

    void contextMenuAddsFrameNote_data()
    {
        QTest::addColumn<int>("row");
        QTest::addRow("top row (newest frame)") << 0;
        QTest::addRow("third row") << 2;
    }
    void contextMenuAddsFrameNote()
    {
        QFETCH(int, row);
        clearNotes();
        EventView view;
        view.resize(900, 600);
        view.show();
        view.setSession(m_session);
        view.setEvent(m_event);
        QVERIFY(view.selectPane(QStringLiteral("exception")));
        QTRY_VERIFY(!view.notes()->isLoading());
        auto* stack = view.pane(QStringLiteral("exception"))->findChild<StackTraceView*>();
        QVERIFY(stack);
        const QModelIndex index = stack->model()->index(row, 0);
        const qint64 frame = index.data(FrameModel::NumberRole).toLongLong();
        std::unique_ptr<QMenu> menu(stack->contextMenuFor(index));
        QVERIFY(menu);
        auto* add = menu->findChild<QAction*>(QStringLiteral("addFrameNote"));
        QVERIFY(add);
        add->trigger();
        saveDialog(QStringLiteral("looked at frame"));
        QTRY_VERIFY(storedNotes().size() == 1);
        const store::Note note = storedNotes().front();
        QCOMPARE(note.target.kind, store::NoteTarget::Kind::Frame);
        QCOMPARE(note.target.index, frame);
        QCOMPARE(QString::fromStdString(note.target.eventId), QString::fromLatin1(kEventId));
        QCOMPARE(note.text, std::string("looked at frame"));
        // The marker follows once the notes are read again.
        QTRY_VERIFY(stack->noteMarkers()->hasNote(stack->model()->index(row, stack->model()->columnCount() - 1)));
    }

    void breadcrumbMarkerAndMenu_data()
    {
        QTest::addColumn<int>("crumb");
        QTest::addRow("first") << 0;
        QTest::addRow("last") << kCrumbs - 1;
    }
    void breadcrumbMarkerAndMenu()
    {
        QFETCH(int, crumb);
        clearNotes();
        addStoredNote(store::NoteTarget::Kind::Breadcrumb, crumb, "crumb note");
        EventView view;
        view.resize(900, 600);
        view.show();
        view.setSession(m_session);
        view.setEvent(m_event);
        QVERIFY(view.selectPane(QStringLiteral("breadcrumbs")));
        QTRY_VERIFY(!view.notes()->isLoading() && view.notes()->notes().size() == 1);
        auto* pane = view.pane<BreadcrumbsPane>();
        QVERIFY(pane);
        QAbstractItemModel* shown = pane->view()->model();
        QCOMPARE(shown->rowCount(), kCrumbs);
        const int last = shown->columnCount() - 1;
        for (int r = 0; r < shown->rowCount(); ++r)
            QCOMPARE(pane->noteMarkers()->hasNote(shown->index(r, last)), r == crumb);

        // Add one on another crumb through the row's menu.
        const int other = (crumb + 1) % kCrumbs;
        std::unique_ptr<QMenu> menu(pane->contextMenuFor(shown->index(other, 0)));
        QVERIFY(menu);
        auto* add = menu->findChild<QAction*>(QStringLiteral("addBreadcrumbNote"));
        QVERIFY(add);
        add->trigger();
        saveDialog(QStringLiteral("this call failed"));
        QTRY_VERIFY(storedNotes().size() == 2);
        bool found = false;
        for (const auto& n : storedNotes())
            found |= n.target.kind == store::NoteTarget::Kind::Breadcrumb && n.target.index == other
                && n.text == "this call failed";
        QVERIFY(found);
        QTRY_VERIFY(pane->noteMarkers()->hasNote(shown->index(other, last)));
    }
};

QTEST_MAIN(TestEventNotes)
#include "tst_eventnotes.moc"
