// Notes in the window: Markdown rendered without raw HTML and without loading
// anything, links opened only on a click (and only web and mail links), the
// notes panel adding, editing and deleting through the store, and the marker
// on a noted frame or breadcrumb row.
#include "notes/noteeditor.h"
#include "notes/notelistmodel.h"
#include "notes/notemarkerdelegate.h"
#include "notes/notespanel.h"
#include "notes/noteview.h"
#include "store/notes.h"
#include "store/workspacesession.h"
#include "testsupport.h"

#include <QAbstractItemModelTester>
#include <QImage>
#include <QPainter>
#include <QPlainTextEdit>
#include <QSignalSpy>
#include <QStandardItemModel>
#include <QStandardPaths>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

using namespace stackdeck;
using namespace stackdeck::ui;

class TestNotes : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;

private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void markdownRendersWithoutHtml_data()
    {
        QTest::addColumn<QString>("markdown");
        QTest::addColumn<QString>("shown"); // must appear literally in the rendered text
        QTest::addColumn<bool>("image");
        QTest::addRow("inline tag stays text")
            << QStringLiteral("a <b>bold</b> claim") << QStringLiteral("<b>bold</b>") << false;
        QTest::addRow("script block stays text")
            << QStringLiteral("<script>alert(1)</script>") << QStringLiteral("<script>") << false;
        QTest::addRow("html image stays text")
            << QStringLiteral("<img src=\"file:///etc/passwd\">") << QStringLiteral("<img") << false;
        QTest::addRow("markdown image is never fetched")
            << QStringLiteral("see ![x](http://127.0.0.1:9/track.png) here") << QStringLiteral("see") << true;
        QTest::addRow("markdown emphasis renders")
            << QStringLiteral("**bold** and `code`") << QStringLiteral("bold and code") << false;
    }
    void markdownRendersWithoutHtml()
    {
        QFETCH(QString, markdown);
        QFETCH(QString, shown);
        QFETCH(bool, image);
        NoteView view;
        view.resize(400, 200);
        view.setNote(markdown);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        QImage sink(view.size(), QImage::Format_ARGB32);
        view.render(&sink); // lays out and paints: an image would be loaded now
        QVERIFY2(view.toPlainText().contains(shown), qPrintable(view.toPlainText()));
        QVERIFY(!view.toHtml().contains(QStringLiteral("<script"), Qt::CaseInsensitive));
        if (image)
            QVERIFY(view.noteDocument()->refusedLoads() > 0);
    }

    void linksOpenOnlyOnClick_data()
    {
        QTest::addColumn<QString>("url");
        QTest::addColumn<bool>("opens");
        QTest::addRow("https") << QStringLiteral("https://example.com/a") << true;
        QTest::addRow("http") << QStringLiteral("http://example.com") << true;
        QTest::addRow("mailto") << QStringLiteral("mailto:ana@example.com") << true;
        QTest::addRow("javascript") << QStringLiteral("javascript:alert(1)") << false;
        QTest::addRow("file") << QStringLiteral("file:///etc/passwd") << false;
        QTest::addRow("data") << QStringLiteral("data:text/html,<b>x</b>") << false;
        QTest::addRow("relative") << QStringLiteral("notes/other.md") << false;
    }
    void linksOpenOnlyOnClick()
    {
        QFETCH(QString, url);
        QFETCH(bool, opens);
        NoteView view;
        QList<QUrl> opened;
        view.setLinkHandler([&](const QUrl& u) { opened << u; });
        view.setNote(QStringLiteral("[click me](%1)").arg(url));
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        QVERIFY(opened.isEmpty()); // showing a note opens nothing
        Q_EMIT view.anchorClicked(QUrl(url));
        QCOMPARE(opened.size(), opens ? 1 : 0);
        QCOMPARE(view.source(), QUrl()); // the view never navigates
    }

    void panelAddsEditsAndDeletes_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addRow("plain") << QStringLiteral("looked at it, a retry fixes it");
        QTest::addRow("markdown with html") << QStringLiteral("**see** <iframe src=x></iframe>");
        QTest::addRow("unicode") << QStringLiteral("réessayé → ok ✓");
    }
    void panelAddsEditsAndDeletes()
    {
        QFETCH(QString, text);
        auto session = store::WorkspaceSession::open(
            m_dir.filePath(QStringLiteral("%1.stackdeck").arg(QString::fromLatin1(QTest::currentDataTag())))
                .toStdString());
        QVERIFY(session.ok());
        (*session)->writer()->db().exec("INSERT INTO projects(name, created_at) VALUES('p', 0)");
        (*session)->writer()->db().exec("INSERT INTO issues(project_id, primary_hash, title, first_seen, last_seen, "
                                        "event_count, level) VALUES(1, 'h', 't', 1, 1, 1, 4)");
        NotesPanel panel;
        QAbstractItemModelTester tester(panel.model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        QStringList failures;
        connect(&panel, &NotesPanel::failed, this, [&](const QString& m) { failures << m; });
        panel.show();
        QVERIFY(QTest::qWaitForWindowActive(&panel));
        panel.setSession(*session);
        panel.setIssue(IssueId(1));
        QTRY_VERIFY(!panel.isLoading());
        QCOMPARE(panel.model()->rowCount(), 0);

        // Add through the editor, as a person would.
        panel.startIssueNote();
        QVERIFY(panel.isEditing());
        panel.editor()->edit()->setPlainText(text);
        QTest::keyClick(panel.editor()->edit(), Qt::Key_Return, Qt::ControlModifier);
        QTRY_VERIFY2(panel.model()->rowCount() == 1 || !failures.isEmpty(), qPrintable(failures.join(u'\n')));
        QVERIFY2(failures.isEmpty(), qPrintable(failures.join(u'\n')));
        QVERIFY(!panel.isEditing());
        QCOMPARE(panel.model()->index(0, 0).data(NoteListModel::MarkdownRole).toString(), text);
        QCOMPARE(panel.model()->index(0, NoteListModel::WhereColumn).data().toString(), QStringLiteral("issue"));
        QVERIFY(!panel.view()->toHtml().contains(QStringLiteral("<iframe")));

        panel.list()->setCurrentIndex(panel.model()->index(0, 0));
        panel.editSelected();
        panel.editor()->setText(text + QStringLiteral(" (edited)"));
        Q_EMIT panel.editor()->saved(panel.editor()->text());
        QTRY_COMPARE(panel.model()->index(0, 0).data(NoteListModel::MarkdownRole).toString(),
            text + QStringLiteral(" (edited)"));
        {
            auto reader = (*session)->reader();
            QCOMPARE(store::notesOfIssue(reader->db(), IssueId(1)).size(), std::size_t(1));
        }
        panel.list()->setCurrentIndex(panel.model()->index(0, 0));
        panel.deleteSelected();
        QTRY_COMPARE(panel.model()->rowCount(), 0);
    }

    void markerOnNotedRows_data()
    {
        QTest::addColumn<int>("row");
        QTest::addColumn<bool>("marked");
        QTest::addRow("frame 0 has a note") << 0 << true;
        QTest::addRow("frame 1 has none") << 1 << false;
        QTest::addRow("frame 2 has a note") << 2 << true;
    }
    void markerOnNotedRows()
    {
        QFETCH(int, row);
        QFETCH(bool, marked);
        QStandardItemModel model(3, 1);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        for (int r = 0; r < 3; ++r)
            model.setItem(r, 0, new QStandardItem(QStringLiteral("frame %1").arg(r)));
        // The view lists frames newest first: row r shows frame 2 - r.
        NoteMarkerDelegate delegate([](const QModelIndex& i) { return qint64(2 - i.row()); });
        delegate.setNotes({{0, QStringLiteral("**why** <b>")}, {2, QStringLiteral("two")}});
        QTableView view;
        view.setModel(&model);
        view.setItemDelegate(&delegate);
        view.resize(300, 200);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        const QModelIndex index = model.index(row, 0);
        QCOMPARE(delegate.hasNote(index), (2 - row) != 1);
        QCOMPARE(delegate.hasNote(index), marked ? true : false);
        const QRect cell = view.visualRect(index);
        QImage image(view.viewport()->size(), QImage::Format_ARGB32);
        image.fill(Qt::white);
        view.viewport()->render(&image);
        const QRect mark = NoteMarkerDelegate::markRect(cell);
        const QColor at = image.pixelColor(mark.left() + 2, mark.bottom() - 1);
        const QColor link = view.palette().color(QPalette::Link);
        QCOMPARE(at == link, marked);
        if (marked) {
            QSignalSpy clicked(&delegate, &NoteMarkerDelegate::markClicked);
            QTest::mouseClick(view.viewport(), Qt::LeftButton, {}, mark.center());
            QCOMPARE(clicked.size(), 1);
            QCOMPARE(clicked.front().front().toLongLong(), qint64(2 - row));
        }
    }
};

QTEST_MAIN(TestNotes)
#include "tst_notes.moc"
