// Reports written by `stackdeck-cli export`, parsed back: events crafted to
// inject markup, formulas and links come out as inert text in every format.

#include "store/notes.h"
#include "store/workspace.h"
#include "testsupport.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

#include <nlohmann/json.hpp>

using namespace stackdeck;

namespace {

// clang-format off
constexpr const char* kHostile = R"json({"event_id": "%1", "platform": "python", "level": "error",
  "timestamp": "2024-05-01T12:00:0%2Z",
  "message": "<script>alert(1)</script> [click](javascript:alert(1)) ![x](http://evil.example/x.png) card 4111 1111 1111 1111",
  "exception": {"values": [{"type": "<img src=x onerror=alert(%2)>", "value": "=HYPERLINK(\"http://evil.example\",\"x\")",
    "stacktrace": {"frames": [{"function": "<b onmouseover=alert(1)>f</b>", "filename": "javascript:alert(1)", "lineno": 3,
      "in_app": true, "context_line": "```` <script>x</script>", "pre_context": ["=cmd|' /C calc'!A0"],
      "post_context": ["<a href=\"http://evil.example\">y</a>"], "vars": {"password": "hunter2"}}]}}]},
  "breadcrumbs": {"values": [{"message": "<iframe src=//evil.example></iframe> [a](http://evil.example)", "category": "@evil"},
    {"type": "http", "category": "http", "data": {"method": "GET", "url": "javascript:alert(1)", "status_code": 200}}]},
  "request": {"method": "POST<svg/onload=alert(1)>", "url": "https://shop.example/<style>*{display:none}</style>"},
  "tags": {"t": "<svg onload=alert(1)>", "u": "+1-2"},
  "user": {"email": "ada@example.com"}})json";
// clang-format on

struct Run {
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

Run cli(const QStringList& args)
{
    QProcess p;
    p.start(test::cliPath(), args);
    p.waitForFinished(120000);
    return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1, p.readAllStandardOutput(),
        p.readAllStandardError()};
}

// A small HTML tag scanner: every start tag's name and attribute names.
// Comments, doctype and the style element's CSS are skipped.
struct Tag {
    QString name;
    QStringList attributes;
};
QList<Tag> scanTags(const QString& html)
{
    QList<Tag> tags;
    qsizetype i = 0;
    while ((i = html.indexOf(QLatin1Char('<'), i)) >= 0) {
        if (html.mid(i, 2) == QLatin1String("<!") || html.mid(i, 2) == QLatin1String("</")) {
            i = html.indexOf(QLatin1Char('>'), i);
            continue;
        }
        qsizetype j = i + 1;
        while (j < html.size() && html[j].isLetterOrNumber())
            ++j;
        Tag tag {html.mid(i + 1, j - i - 1).toLower(), {}};
        while (j < html.size() && html[j] != QLatin1Char('>')) {
            if (html[j].isSpace() || html[j] == QLatin1Char('/')) {
                ++j;
                continue;
            }
            qsizetype k = j;
            while (k < html.size() && !html[k].isSpace() && html[k] != QLatin1Char('=') && html[k] != QLatin1Char('>'))
                ++k;
            tag.attributes << html.mid(j, k - j).toLower();
            j = k;
            if (j < html.size() && html[j] == QLatin1Char('=')) {
                ++j;
                const QChar quote = html[j];
                if (quote == QLatin1Char('"') || quote == QLatin1Char('\'')) {
                    j = html.indexOf(quote, j + 1) + 1;
                } else {
                    while (j < html.size() && !html[j].isSpace() && html[j] != QLatin1Char('>'))
                        ++j;
                }
            }
        }
        tags << tag;
        if (tag.name == QLatin1String("style"))
            j = html.indexOf(QLatin1String("</style>"), j);
        i = j;
    }
    return tags;
}

// RFC 4180 reader.
QList<QStringList> readCsv(const QString& text)
{
    QList<QStringList> rows;
    QStringList row;
    QString cell;
    bool quoted = false;
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text[i];
        if (quoted) {
            if (c == QLatin1Char('"') && i + 1 < text.size() && text[i + 1] == QLatin1Char('"')) {
                cell += c;
                ++i;
            } else if (c == QLatin1Char('"')) {
                quoted = false;
            } else {
                cell += c;
            }
        } else if (c == QLatin1Char('"')) {
            quoted = true;
        } else if (c == QLatin1Char(',')) {
            row << cell;
            cell.clear();
        } else if (c == QLatin1Char('\r') && i + 1 < text.size() && text[i + 1] == QLatin1Char('\n')) {
            row << cell;
            rows << row;
            row.clear();
            cell.clear();
            ++i;
        } else {
            cell += c;
        }
    }
    return rows;
}

QString readText(const QString& path)
{
    return QString::fromUtf8(test::readFile(path));
}

} // namespace

class TestReportExport : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void html();
    void csv();
    void json();
    void markdown();
    void pdf();
    void redacted();
    void usageErrors();

private:
    QString exportTo(const QString& format, const QStringList& extra = {});
    QTemporaryDir m_dir;
    QString m_db;
};

void TestReportExport::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_db = m_dir.filePath(QStringLiteral("w.stackdeck"));
    const QString events = m_dir.filePath(QStringLiteral("events.ndjson"));
    QFile f(events);
    QVERIFY(f.open(QIODevice::WriteOnly));
    for (int n = 1; n <= 2; ++n) {
        QString e = QString::fromUtf8(kHostile).arg(QStringLiteral("%1").arg(n, 32, 10, QLatin1Char('0'))).arg(n);
        e.replace(QLatin1Char('\n'), QLatin1Char(' '));
        f.write(e.toUtf8() + '\n');
    }
    f.close();
    const Run r = cli({QStringLiteral("import"), QStringLiteral("--db"), m_db, events});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    auto ws = store::Workspace::open(m_db.toStdString());
    QVERIFY(ws.ok());
    // Notes at every level, written like markup and links (notes come from others too).
    auto& db = (*ws)->db();
    const std::string eventId = QStringLiteral("%1").arg(1, 32, 10, QLatin1Char('0')).toStdString();
    const auto ref = store::findEvent(db, eventId);
    QVERIFY(ref);
    const auto add = [&](store::NoteTarget target, const std::string& text) {
        store::Note note;
        note.target = std::move(target);
        note.author = "<b>mallory</b>";
        note.text = text;
        QVERIFY(store::addNote(db, note).ok());
    };
    store::NoteTarget onIssue;
    onIssue.issue = ref->issue;
    add(onIssue, "see [here](javascript:alert(1)) <img src=x onerror=alert(1)>");
    for (auto kind :
        {store::NoteTarget::Kind::Event, store::NoteTarget::Kind::Frame, store::NoteTarget::Kind::Breadcrumb}) {
        store::NoteTarget t;
        t.kind = kind;
        t.project = ref->project;
        t.eventId = eventId;
        t.index = kind == store::NoteTarget::Kind::Event ? 0 : 1;
        add(t,
            std::string(store::noteKindName(kind))
                + " note\n# heading\n<script>x</script>\n![i](http://evil.example/i.png)");
    }
    add(onIssue, "token ghp_0123456789abcdefghijklmnopqrstuvwxyzAB mail eve@example.org");
}

QString TestReportExport::exportTo(const QString& format, const QStringList& extra)
{
    const QString out = m_dir.filePath(QStringLiteral("report.") + format);
    QStringList args {QStringLiteral("export"), QStringLiteral("--db"), m_db, QStringLiteral("--format"), format,
        QStringLiteral("-o"), out, QStringLiteral("--json")};
    args << extra;
    if (!extra.contains(QStringLiteral("--query")))
        args << QStringLiteral("1") << QStringLiteral("2");
    const Run r = cli(args);
    if (r.exitCode != 0)
        qWarning() << r.err;
    return r.exitCode == 0 ? out : QString();
}

void TestReportExport::html()
{
    const QString path = exportTo(QStringLiteral("html"));
    QVERIFY(!path.isEmpty());
    const QString html = readText(path);
    const QSet<QString> elements {QStringLiteral("html"), QStringLiteral("head"), QStringLiteral("meta"),
        QStringLiteral("title"), QStringLiteral("style"), QStringLiteral("body"), QStringLiteral("h1"),
        QStringLiteral("h2"), QStringLiteral("h3"), QStringLiteral("p"), QStringLiteral("div"), QStringLiteral("span"),
        QStringLiteral("table"), QStringLiteral("tr"), QStringLiteral("td"), QStringLiteral("th"),
        QStringLiteral("pre"), QStringLiteral("b"), QStringLiteral("br")};
    const QSet<QString> attributes {QStringLiteral("lang"), QStringLiteral("charset"), QStringLiteral("http-equiv"),
        QStringLiteral("content"), QStringLiteral("name"), QStringLiteral("class"), QStringLiteral("style")};
    const QList<Tag> tags = scanTags(html);
    QVERIFY(tags.size() > 20);
    for (const Tag& t : tags) {
        QVERIFY2(elements.contains(t.name), qPrintable(t.name));
        for (const QString& a : t.attributes)
            QVERIFY2(attributes.contains(a), qPrintable(t.name + QLatin1Char(' ') + a));
    }
    QCOMPARE(html.count(QStringLiteral("<style>")), 1);
    QVERIFY(html.contains(QStringLiteral("&lt;script&gt;alert(1)&lt;/script&gt;")));
    QVERIFY(html.contains(QStringLiteral("&lt;img src=x onerror=alert(1)&gt;")));
    QVERIFY(html.contains(QStringLiteral("GET javascript:alert(1) \u2192 200")));
    // Every note of the issue, at every level, named by where it is, as text.
    for (const QString& where : {QStringLiteral("Note on issue"), QStringLiteral("Note on event 00000000\u2026"),
             QStringLiteral("Note on frame 1 of event 00000000\u2026"),
             QStringLiteral("Note on breadcrumb 1 of event 00000000\u2026")})
        QVERIFY2(html.contains(where), qPrintable(where));
    QVERIFY(html.contains(QStringLiteral("see [here](javascript:alert(1)) &lt;img src=x onerror=alert(1)&gt;")));
    QVERIFY(html.contains(QStringLiteral("&lt;script&gt;x&lt;/script&gt;")));
    QVERIFY(html.contains(QStringLiteral("&lt;b&gt;mallory&lt;/b&gt;")));
    QVERIFY(!html.contains(QStringLiteral("http://")) || !html.contains(QStringLiteral("src=\"http")));
}

void TestReportExport::csv()
{
    const QString path = exportTo(QStringLiteral("csv"));
    QVERIFY(!path.isEmpty());
    const QList<QStringList> rows = readCsv(readText(path));
    QCOMPARE(rows.size(), 3);
    const qsizetype columns = rows[0].size();
    const qsizetype valueColumn = rows[0].indexOf(QStringLiteral("exception_value"));
    QVERIFY(valueColumn >= 0);
    for (const QStringList& row : rows) {
        QCOMPARE(row.size(), columns);
        for (const QString& cell : row) {
            QVERIFY2(cell.isEmpty() || !QStringLiteral("=+-@\t\r").contains(cell[0]), qPrintable(cell));
        }
    }
    QCOMPARE(rows[1][valueColumn], QStringLiteral("'=HYPERLINK(\"http://evil.example\",\"x\")"));
}

void TestReportExport::json()
{
    const QString path = exportTo(QStringLiteral("json"));
    QVERIFY(!path.isEmpty());
    const auto doc = nlohmann::json::parse(test::readFile(path).toStdString());
    QCOMPARE(doc["issues"].size(), std::size_t(2));
    const auto& first = doc["issues"][0];
    QVERIFY(first["event"]["message"].get<std::string>().starts_with("<script>alert(1)</script>"));
    QCOMPARE(doc["report"]["event_shape"].get<std::string>(), std::string("raw"));
    bool noted = false;
    for (const auto& issue : doc["issues"])
        noted = noted || issue["notes"].size() == 5;
    QVERIFY(noted);

    const QString normalized = exportTo(QStringLiteral("json"), {QStringLiteral("--normalized")});
    const auto ndoc = nlohmann::json::parse(test::readFile(normalized).toStdString());
    QCOMPARE(ndoc["report"]["event_shape"].get<std::string>(), std::string("normalized"));
    QVERIFY(ndoc["issues"][0]["event"].is_object());
}

void TestReportExport::markdown()
{
    const QString path = exportTo(QStringLiteral("md"));
    QVERIFY(!path.isEmpty());
    const QString md = readText(path);
    // No raw tag, link or image can start outside a code block.
    QString outsideCode;
    bool inFence = false;
    QString fence;
    for (const QString& line : md.split(QLatin1Char('\n'))) {
        static const QRegularExpression fenceRe(QStringLiteral("^(`{3,})$|^(`{3,})\\S*$"));
        const auto m = fenceRe.match(line);
        if (m.hasMatch()) {
            const QString ticks = m.captured(1).isEmpty() ? m.captured(2) : m.captured(1);
            if (!inFence) {
                inFence = true;
                fence = ticks;
                continue;
            }
            if (ticks.size() >= fence.size() && line == ticks) {
                inFence = false;
                continue;
            }
        }
        if (!inFence)
            outsideCode += line + QLatin1Char('\n');
    }
    QVERIFY(!inFence);
    static const QRegularExpression unescapedSpecial(QStringLiteral("(?<!\\\\)[<\\[!]"));
    for (const QString& line : outsideCode.split(QLatin1Char('\n'))) {
        QString stripped = line;
        stripped.remove(QStringLiteral("\\\\"));
        QVERIFY2(!unescapedSpecial.match(stripped).hasMatch(), qPrintable(line));
    }
    // Each note line is quoted and escaped: a "# heading" in a note stays in its quote.
    QVERIFY(md.contains(QStringLiteral("**Note on frame 1 of event 00000000\u2026**")));
    QVERIFY(md.contains(QStringLiteral("> \\# heading\n")));
    QVERIFY(!md.contains(QStringLiteral("\n# heading")));
    // The code block around "```` <script>" is fenced with five backticks.
    QVERIFY(md.contains(QStringLiteral("`````\n")));
}

void TestReportExport::pdf()
{
    const QString out = m_dir.filePath(QStringLiteral("report.pdf"));
    const Run r = cli(
        {QStringLiteral("export"), QStringLiteral("--db"), m_db, QStringLiteral("--format"), QStringLiteral("pdf"),
            QStringLiteral("-o"), out, QStringLiteral("--json"), QStringLiteral("1"), QStringLiteral("2")});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    const auto summary = nlohmann::json::parse(r.out.toStdString());
    const QByteArray bytes = test::readFile(out);
    QVERIFY(bytes.startsWith("%PDF-"));
    QVERIFY(bytes.trimmed().endsWith("%%EOF"));
    // Written atomically and owner-only, like the other formats.
    QCOMPARE(
        QFileInfo(out).permissions() & (QFileDevice::ReadGroup | QFileDevice::ReadOther), QFileDevice::Permissions());
    const QStringList leftovers
        = QDir(m_dir.path()).entryList({QStringLiteral("report.pdf.*")}, QDir::Files | QDir::Hidden);
    QVERIFY2(leftovers.isEmpty(), qPrintable(leftovers.join(QLatin1Char(' '))));
    static const QRegularExpression page(QStringLiteral("/Type\\s*/Page(?![s\\w])"));
    const qsizetype pages = QString::fromLatin1(bytes).count(page);
    // Each issue starts a page of its own; the first, with its five notes, takes two at full type size.
    QCOMPARE(pages, qsizetype(3));
    QCOMPARE(summary["pages"].get<qsizetype>(), pages);
}

void TestReportExport::redacted()
{
    for (const QString& format : {QStringLiteral("json"), QStringLiteral("html"), QStringLiteral("md")}) {
        const QString path = exportTo(format, {QStringLiteral("--redact")});
        QVERIFY(!path.isEmpty());
        const QString text = readText(path);
        QVERIFY2(!text.contains(QStringLiteral("4111 1111 1111 1111")), qPrintable(format));
        QVERIFY2(!text.contains(QStringLiteral("hunter2")), qPrintable(format));
        QVERIFY2(!text.contains(QStringLiteral("ada@example.com")), qPrintable(format));
        // Notes are scanned too.
        QVERIFY2(!text.contains(QStringLiteral("ghp_0123456789")), qPrintable(format));
        QVERIFY2(!text.contains(QStringLiteral("eve@example.org")) && !text.contains(QStringLiteral("eve\\@example")),
            qPrintable(format));
    }
    const auto doc = nlohmann::json::parse(test::readFile(m_dir.filePath(QStringLiteral("report.json"))).toStdString());
    QVERIFY(doc["report"]["redacted"].get<bool>());
    QVERIFY(!doc["issues"][0]["redaction_log"].empty());
    // The window and the CLI write a report the same way: a redaction log beside it, naming each
    // finding's path and detector but never the secret.
    const QString logPath = m_dir.filePath(QStringLiteral("report.json.redaction-log.json"));
    const QString logText = readText(logPath);
    const auto log = nlohmann::json::parse(logText.toStdString());
    QVERIFY(log["redactions"].get<int>() > 0);
    QCOMPARE(log["issues"].size(), std::size_t(2));
    QVERIFY(!log["issues"][0]["redactions"].empty());
    QVERIFY(!logText.contains(QStringLiteral("hunter2")));
    QVERIFY(!logText.contains(QStringLiteral("4111 1111 1111 1111")));
    QCOMPARE(QFileInfo(logPath).permissions() & (QFileDevice::ReadOther | QFileDevice::ReadGroup),
        QFileDevice::Permissions());
}

void TestReportExport::usageErrors()
{
    const QString out = m_dir.filePath(QStringLiteral("x"));
    QCOMPARE(cli({QStringLiteral("export"), QStringLiteral("--db"), m_db, QStringLiteral("--format"),
                     QStringLiteral("docx"), QStringLiteral("-o"), out, QStringLiteral("1")})
                 .exitCode,
        2);
    QCOMPARE(cli({QStringLiteral("export"), QStringLiteral("--db"), m_db, QStringLiteral("--format"),
                     QStringLiteral("md"), QStringLiteral("-o"), out, QStringLiteral("999")})
                 .exitCode,
        2);
    QCOMPARE(cli({QStringLiteral("export"), QStringLiteral("--db"), m_db, QStringLiteral("--format"),
                     QStringLiteral("md"), QStringLiteral("1")})
                 .exitCode,
        2);
}

QTEST_GUILESS_MAIN(TestReportExport)
#include "tst_reportexport.moc"
