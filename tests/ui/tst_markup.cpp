// Event text is data: markup in every field of an event shows literally in
// every pane (labels are Qt::PlainText, models return QString, text views
// are plain), and nothing is interpreted as HTML.

#include "event/eventpane.h"
#include "event/eventview.h"
#include "import/importbackend.h"
#include "import/importreportdialog.h"
#include "issues/issuedetail.h"
#include "issues/issueheader.h"
#include "issues/issuelistview.h"
#include "itemmodels/issuelistmodel.h"
#include "main/mainwindow.h"

#include <QAbstractItemView>
#include <QLabel>
#include <QPlainTextEdit>
#include <QSettings>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTextEdit>
#include <QTreeView>

#include <nlohmann/json.hpp>

using namespace stackdeck;
using namespace stackdeck::ui;

namespace {
const QString kMarkup
    = QStringLiteral("<b>bold</b><img src=x><a href=\"http://evil\">link</a><script>alert(1)</script>");

std::string markup(const char* field)
{
    return std::string(field) + " " + kMarkup.toStdString();
}

std::string markupEvent()
{
    using nlohmann::ordered_json;
    const std::string m = kMarkup.toStdString();
    ordered_json frame = {{"function", markup("function")}, {"filename", markup("file")}, {"module", markup("module")},
        {"lineno", 7}, {"in_app", true}, {"context_line", markup("context")}, {"pre_context", {markup("pre")}},
        {"post_context", {markup("post")}},
        {"vars", {{markup("varkey"), markup("varvalue")}, {"nested", {{"k", markup("deep")}}}}}};
    ordered_json event = {
        {"event_id", "0123456789abcdef0123456789abcdef"},
        {"timestamp", 1764600000.5},
        {"platform", "python"},
        {"level", "error"},
        {"release", markup("release")},
        {"environment", markup("env")},
        {"logentry", {{"formatted", markup("message")}}},
        {"exception",
            {{"values",
                {{{"type", markup("Type")}, {"value", markup("value")},
                    {"mechanism", {{"type", markup("mech")}, {"handled", false}}},
                    {"stacktrace", {{"frames", {frame}}}}}}}}},
        {"threads",
            {{"values",
                {{{"id", 1}, {"name", markup("thread")}, {"crashed", true}, {"stacktrace", {{"frames", {frame}}}}}}}}},
        {"breadcrumbs",
            {{"values",
                {{{"timestamp", 1764600000.0}, {"category", markup("cat")}, {"message", markup("crumb")},
                    {"level", "info"}, {"data", {{"k", markup("crumbdata")}}}}}}}},
        {"request",
            {{"method", "POST"}, {"url", "https://example.com/" + m}, {"query_string", {{"q", markup("query")}}},
                {"headers", {{"X-Markup", markup("header")}}}, {"cookies", {{"c", markup("cookie")}}},
                {"data", {{"field", markup("body")}}}, {"env", {{"REMOTE_ADDR", markup("envvar")}}}}},
        {"tags", {{"tagkey", markup("tag")}}},
        {"user", {{"id", markup("user")}, {"email", markup("email")}}},
        {"contexts", {{"os", {{"name", markup("os")}, {"version", "1"}}}, {"custom", {{"key", markup("ctx")}}}}},
        {"extra", {{"extrakey", markup("extra")}}},
        {"modules", {{markup("mod"), "1.0"}}},
        {"sdk", {{"name", markup("sdk")}, {"version", "1.0"}}},
    };
    return event.dump();
}

// Every text a person can see in a widget tree: labels, plain text views, and
// the display data of every item view (all rows, expanded or not).
void collectModel(const QAbstractItemModel* model, const QModelIndex& parent, QStringList& out)
{
    for (int r = 0; r < model->rowCount(parent); ++r) {
        for (int c = 0; c < model->columnCount(parent); ++c)
            out << model->index(r, c, parent).data(Qt::DisplayRole).toString();
        collectModel(model, model->index(r, 0, parent), out);
    }
}

QStringList visibleTexts(QWidget* root)
{
    QStringList out;
    for (auto* l : root->findChildren<QLabel*>())
        out << l->text();
    for (auto* t : root->findChildren<QPlainTextEdit*>())
        out << t->toPlainText();
    for (auto* v : root->findChildren<QAbstractItemView*>()) {
        if (v->model())
            collectModel(v->model(), {}, out);
    }
    return out;
}
} // namespace

class TestMarkup : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;
    std::unique_ptr<MainWindow> m_window;

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QSettings::setDefaultFormat(QSettings::IniFormat);
        QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_dir.filePath(QStringLiteral("settings")));
        const QString file = m_dir.filePath(QStringLiteral("markup.json"));
        QFile f(file);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(QByteArray::fromStdString(markupEvent()));
        f.close();
        const QString ws = m_dir.filePath(QStringLiteral("m.stackdeck"));
        const auto outcome = importFiles(ws, {file}, QString(), nullptr, {}, {});
        QCOMPARE(outcome.events, 1);
        m_window = std::make_unique<MainWindow>();
        m_window->setInteractive(false);
        m_window->resize(1280, 800);
        m_window->show();
        QVERIFY(m_window->openWorkspace(ws));
        m_window->issueList()->selectRow(0);
        QTRY_VERIFY(m_window->issueDetail()->eventView()->event());
    }

    void issueListAndHeaderShowMarkupLiterally()
    {
        auto* model = m_window->issueList()->model();
        QVERIFY(model->index(0, IssueListModel::TitleColumn).data().toString().contains(kMarkup));
        QVERIFY(m_window->issueDetail()->header()->titleText().contains(kMarkup));
        QVERIFY(model->index(0, IssueListModel::TitleColumn)
                    .data(Qt::ToolTipRole)
                    .toString()
                    .contains(kMarkup.toHtmlEscaped()));
    }

    void everyPaneShowsMarkupLiterally_data()
    {
        QTest::addColumn<QString>("pane");
        QTest::addColumn<QStringList>("fields");
        QTest::newRow("exception") << QStringLiteral("exception")
                                   << QStringList {QStringLiteral("Type"), QStringLiteral("value"),
                                          QStringLiteral("mech"), QStringLiteral("function"), QStringLiteral("file"),
                                          QStringLiteral("context"), QStringLiteral("pre"), QStringLiteral("post"),
                                          QStringLiteral("varkey"), QStringLiteral("varvalue"), QStringLiteral("deep")};
        QTest::newRow("threads") << QStringLiteral("threads")
                                 << QStringList {QStringLiteral("thread"), QStringLiteral("function")};
        QTest::newRow("breadcrumbs") << QStringLiteral(
            "breadcrumbs") << QStringList {QStringLiteral("cat"), QStringLiteral("crumb"), QStringLiteral("crumbdata")};
        QTest::newRow("request") << QStringLiteral("request")
                                 << QStringList {QStringLiteral("query"), QStringLiteral("header"),
                                        QStringLiteral("cookie"), QStringLiteral("body"), QStringLiteral("envvar")};
        QTest::newRow("tags") << QStringLiteral("tags") << QStringList {QStringLiteral("tag")};
        QTest::newRow("context") << QStringLiteral("context")
                                 << QStringList {QStringLiteral("user"), QStringLiteral("email"), QStringLiteral("os"),
                                        QStringLiteral("ctx"), QStringLiteral("sdk"), QStringLiteral("release"),
                                        QStringLiteral("env")};
        QTest::newRow("extra") << QStringLiteral("extra") << QStringList {QStringLiteral("extra")};
        QTest::newRow("modules") << QStringLiteral("modules") << QStringList {QStringLiteral("mod")};
        QTest::newRow("json") << QStringLiteral("json")
                              << QStringList {QStringLiteral("message"), QStringLiteral("Type")};
    }
    void everyPaneShowsMarkupLiterally()
    {
        QFETCH(QString, pane);
        QFETCH(QStringList, fields);
        auto* view = m_window->issueDetail()->eventView();
        QVERIFY2(view->selectPane(pane), qPrintable(pane));
        QWidget* widget = view->pane(pane);
        QString escapedMarkup = kMarkup;
        escapedMarkup.replace(QLatin1Char('"'), QStringLiteral("\\\"")); // inside pretty-printed JSON strings
        const QStringList texts = visibleTexts(widget) + visibleTexts(view);
        for (const QString& field : fields) {
            // JSON views (raw, request body, crumb data) show the text JSON-escaped: quotes as \".
            const QString literal = field + QLatin1Char(' ') + kMarkup;
            const QString jsonLiteral = field + QLatin1Char(' ') + escapedMarkup;
            bool found = false;
            for (const QString& t : texts)
                found = found || t.contains(literal) || t.contains(jsonLiteral);
            QVERIFY2(found, qPrintable(pane + QStringLiteral(": ") + literal));
        }
        for (auto* l : m_window->findChildren<QLabel*>()) {
            if (l->text().contains(QLatin1Char('<')))
                QVERIFY2(
                    l->textFormat() == Qt::PlainText, qPrintable(l->objectName() + QStringLiteral(": ") + l->text()));
        }
        QVERIFY(m_window->findChildren<QTextEdit*>().isEmpty() || [&] {
            for (auto* t : m_window->findChildren<QTextEdit*>()) {
                if (!t->toPlainText().isEmpty() && t->toHtml().contains(QStringLiteral("<b>bold</b>")))
                    return false;
            }
            return true;
        }());
    }

    void cleanupTestCase() { m_window.reset(); }
};

QTEST_MAIN(TestMarkup)
#include "tst_markup.moc"
