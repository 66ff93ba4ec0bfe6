// Event text in the window stays data: message boxes are plain text, "Copy as
// curl" is safe to paste into a POSIX shell, a tag click builds a correctly
// quoted search term, and the demo set is unpacked into a private folder.

#include "common/curl.h"
#include "groupingfixture.h"
#include "import/demodata.h"
#include "query/queryparser.h"
#include "query/queryvalues.h"
#include "rules/rulesdialog.h"
#include "store/workspace.h"
#include "storefixtures.h"
#include "uifixture.h"
#include "util/terminaltext.h"
#include "widgets/searchfield.h"

#include <QAbstractButton>
#include <QApplication>
#include <QLineEdit>
#include <QMessageBox>
#include <QProcess>
#include <QSettings>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

#include <sys/stat.h>

using namespace stackdeck;
using test::modeOf;
using namespace stackdeck::ui;

namespace {

// The arguments a shell hands to `curl`, and what it reads on stdin: `curl`
// is a shell function here that prints each argument NUL-terminated.
struct CurlCall {
    bool ran = false;
    QList<QByteArray> args;
    QByteArray input;
};

CurlCall runInShell(const QString& shell, const QString& command, const QString& workDir)
{
    const QString script
        = QStringLiteral(
              "curl() { for a in \"$@\"; do printf '%s' \"$a\"; printf '\\000'; done; printf 'STDIN:'; cat; }\n")
        + command + QLatin1Char('\n');
    QProcess sh;
    sh.setWorkingDirectory(workDir);
    sh.start(shell, {QStringLiteral("-c"), script});
    sh.closeWriteChannel();
    if (!sh.waitForFinished(10'000) || sh.exitCode() != 0)
        return {};
    CurlCall out;
    out.ran = true;
    QByteArray all = sh.readAllStandardOutput();
    const qsizetype stdinAt = all.lastIndexOf("STDIN:");
    out.input = all.mid(stdinAt + 6);
    all.truncate(stdinAt);
    out.args = all.split('\0');
    out.args.removeLast(); // after the last NUL
    return out;
}

QByteArray argAfter(const CurlCall& call, const QByteArray& option, int nth = 0)
{
    for (qsizetype i = 0; i + 1 < call.args.size(); ++i) {
        if (call.args[i] == option && nth-- == 0)
            return call.args[i + 1];
    }
    return "<missing>";
}

} // namespace

class TestHostileText : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QSettings::setDefaultFormat(QSettings::IniFormat);
        QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_dir.filePath(QStringLiteral("settings")));
        QVERIFY(m_dir.isValid());
    }

    void curlIsSafeToPaste_data()
    {
        QTest::addColumn<QString>("url");
        QTest::addColumn<QString>("headerName");
        QTest::addColumn<QString>("headerValue");
        QTest::addColumn<QString>("body");
        const QString run = QStringLiteral("'; touch pwned; '$(touch pwned)`touch pwned`");
        QTest::newRow("plain") << "https://api.example.com/x"
                               << "X-Test"
                               << "abc"
                               << "{\"a\":1}";
        QTest::newRow("quotes and substitutions") << QStringLiteral("https://e.com/") + run << "X-Run" << run << run;
        QTest::newRow("newline runs a command") << "https://e.com/a\ntouch pwned\n"
                                                << "X-Nl"
                                                << "a\ntouch pwned\nb"
                                                << "a\ntouch pwned\nb";
        QTest::newRow("escape sequences") << "https://e.com/\x1b[201~touch pwned\r"
                                          << "X-Esc"
                                          << "\x1b[201~\x1b]0;t\x07"
                                          << "\x1b[2J\x1b[201~";
        QTest::newRow("line editing keys") << "https://e.com/\x15\x17\x03"
                                           << "X-Keys"
                                           << "\x15\x17\x03\x04\x7f"
                                           << "x\x15\x08'";
        QTest::newRow("C1 and bidi controls") << QStringLiteral("https://e.com/\u009b\u202e") << "X-Uni"
                                              << QStringLiteral("a\u009b31m\u202eb") << QStringLiteral("\u2028\u2066x");
        QTest::newRow("body ends with a newline") << "https://e.com/"
                                                  << "X-A"
                                                  << "b"
                                                  << "line 1\nline 2\n\n";
        QTest::newRow("body with NUL") << "https://e.com/"
                                       << "X-A"
                                       << "b" << QString::fromUtf8("a\0b\n", 4);
        QTest::newRow("backslashes") << "https://e.com/\\"
                                     << "X-B"
                                     << "a\\nb\\\\c\\0"
                                     << "\\c\\0101\\";
        QTest::newRow("backslashes and controls") << "https://e.com/"
                                                  << "X-B"
                                                  << "a\\n\x1b\\c\\0101"
                                                  << "\\c\x1b\\0101\\\n";
        QTest::newRow("URL that looks like an option") << "-o/tmp/stolen"
                                                       << "X-A"
                                                       << "b"
                                                       << "";
    }
    void curlIsSafeToPaste()
    {
        QFETCH(QString, url);
        QFETCH(QString, headerName);
        QFETCH(QString, headerValue);
        QFETCH(QString, body);
        Request r;
        r.method = "post";
        r.url = url.toStdString();
        r.headers = {{headerName.toStdString(), headerValue.toStdString()}, {"@/etc/passwd", "x"}, {"Bad Name", "x"}};
        r.data.text = nlohmann::ordered_json(body.toStdString()).dump();
        const QString command = curlCommand(r);
        QVERIFY2(!containsControlCharacters(command), qPrintable(escapeControlCharacters(command)));
        QVERIFY(command.startsWith(QStringLiteral("curl ")) || command.startsWith(QStringLiteral("printf ")));

        for (const QString& shell : {QStringLiteral("/bin/sh"), QStringLiteral("bash")}) {
            QTemporaryDir work;
            const CurlCall call = runInShell(shell, command, work.path());
            QVERIFY2(call.ran, qPrintable(shell + QStringLiteral(": ") + command));
            QVERIFY2(!QFile::exists(work.filePath(QStringLiteral("pwned"))), qPrintable(shell));
            QCOMPARE(argAfter(call, "-X"), QByteArray("POST"));
            // The URL arrives whole after --url; its control characters percent-encoded.
            QByteArray expectedUrl;
            for (const QChar c : url) {
                const QString one(c);
                expectedUrl += containsControlCharacters(one) ? one.toUtf8().toPercentEncoding() : one.toUtf8();
            }
            QCOMPARE(argAfter(call, "--url"), expectedUrl);
            QCOMPARE(argAfter(call, "-H"), (headerName + QStringLiteral(": ") + headerValue).toUtf8());
            QCOMPARE(call.args.count("-H"), 1); // "@/etc/passwd" and "Bad Name" are no header names
            const QByteArray sent = call.args.contains("--data-binary") ? call.input : argAfter(call, "--data-raw");
            if (call.args.contains("--data-binary"))
                QCOMPARE(argAfter(call, "--data-binary"), QByteArray("@-"));
            QCOMPARE(sent, body.toUtf8());
        }
    }

    void curlCookieWithoutEqualsIsNoFileName()
    {
        Request r;
        r.url = "https://e.com/";
        r.cookieString = "/home/user/.netrc";
        const QString command = curlCommand(r);
        QVERIFY(!command.contains(QStringLiteral("--cookie")));
        QVERIFY(command.contains(QStringLiteral("-H 'Cookie: /home/user/.netrc'")));
    }

    // A project named like markup: the questions about its rules show the name as it is.
    void messageBoxesArePlainText()
    {
        const QString project = QStringLiteral("<b>bold</b><img src=\"http://127.0.0.1:9/x.png\">");
        const QString path = m_dir.filePath(QStringLiteral("markup.stackdeck"));
        const QString file = m_dir.filePath(QStringLiteral("markup.json"));
        QFile f(file);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(QByteArray::fromStdString(
            nlohmann::ordered_json(test::groupingEvent("0b000000000000000000000000000001", "ValueError", "bad"))
                .dump()));
        f.close();
        QCOMPARE(importFiles(path, {file}, project, nullptr, {}, {}).events, 1);

        RulesDialog dialog(test::openSession(path));
        dialog.setInteractive(true);
        dialog.show();
        dialog.setProject(project);
        QCOMPARE(dialog.project(), project);
        dialog.setTexts(QString(), QStringLiteral("type:ValueError -> value-errors"));

        // save() asks whether to preview: answer "No" once the box is up, and look at it.
        int boxes = 0;
        Qt::TextFormat format = Qt::RichText;
        QString text;
        QTimer poll;
        poll.setInterval(10);
        connect(&poll, &QTimer::timeout, this, [&] {
            auto* box = qobject_cast<QMessageBox*>(QApplication::activeModalWidget());
            if (!box)
                return;
            ++boxes;
            format = box->textFormat();
            text = box->text();
            box->button(QMessageBox::No)->click();
        });
        poll.start();
        QVERIFY(dialog.save());
        poll.stop();
        QCOMPARE(boxes, 1);
        QCOMPARE(format, Qt::PlainText);
        QVERIFY(text.contains(project));
    }

    void tagClickBuildsAQuotedTerm_data()
    {
        QTest::addColumn<QString>("key");
        QTest::addColumn<QString>("value");
        QTest::newRow("plain") << "browser"
                               << "Chrome";
        QTest::newRow("space and quote") << "customer"
                                         << "Acme \"Big\" Co";
        QTest::newRow("backslash") << "path"
                                   << "C:\\dir\\";
        QTest::newRow("leading bang") << "k"
                                      << "!x";
        QTest::newRow("leading minus") << "k"
                                       << "-x";
        QTest::newRow("colon") << "url"
                               << "http://a:1/b";
        QTest::newRow("comparison") << "k"
                                    << ">5";
        QTest::newRow("asterisk") << "k"
                                  << "*";
        QTest::newRow("built-in key as a tag") << "is"
                                               << "resolved";
    }
    void tagClickBuildsAQuotedTerm()
    {
        QFETCH(QString, key);
        QFETCH(QString, value);
        SearchField field;
        field.setText(QStringLiteral("is:unresolved"));
        field.addTerm(key, value);
        field.addTerm(key, value); // once only
        const QString term = SearchField::termFor(key, value);
        QCOMPARE(field.text(), QStringLiteral("is:unresolved ") + term);
        const auto parsed = query::parseQuery(field.text().toStdString());
        QVERIFY2(!parsed.error, parsed.error ? parsed.error->message.c_str() : "");
        QVERIFY(parsed.root && parsed.root->children.size() == 2);
        const query::Token& t = parsed.root->children[1].filter;
        QCOMPARE(QString::fromStdString(t.key), key);
        QCOMPARE(t.values.size(), std::size_t {1});
        QVERIFY(!query::hasWildcard(t.values[0].text));
        QCOMPARE(QString::fromStdString(query::literalValue(t.values[0].text)), value);
    }

    void demoFilesAreUnpackedPrivately()
    {
        DemoFiles first = extractDemoFiles();
        DemoFiles second = extractDemoFiles();
        QVERIFY(first.dir && first.dir->isValid());
        QVERIFY(!first.paths.isEmpty());
        QVERIFY(first.dir->path() != second.dir->path()); // not a predictable, shared name
        QCOMPARE(modeOf(first.dir->path()), 0700);
        for (const QString& p : first.paths) {
            QVERIFY(p.startsWith(first.dir->path() + QLatin1Char('/')));
            QCOMPARE(modeOf(p), 0600);
        }
        const QString dir = first.dir->path();
        first.dir.reset();
        QVERIFY(!QFileInfo::exists(dir)); // removed once the import is done with it
    }
};

QTEST_MAIN(TestHostileText)
#include "tst_hostiletext.moc"
