// Event text written to a terminal cannot drive it: escapeControlCharacters()
// and escapeJsonForTerminal(), and every stackdeck-cli command that prints
// event text, plain or --json.

#include "testsupport.h"
#include "util/terminaltext.h"

#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <nlohmann/json.hpp>

using namespace stackdeck;

namespace {

// What a terminal acts on, as UTF-8: C0 but the line breaks of the output
// itself, DEL, C1 (U+0080..U+009F) and the bidi and zero-width controls.
QString firstControl(const QByteArray& output)
{
    const QStringList lines = QString::fromUtf8(output).split(QLatin1Char('\n'));
    for (const QString& line : lines) {
        if (containsControlCharacters(line))
            return QStringLiteral("raw control character in: ") + escapeControlCharacters(line);
    }
    return {};
}

// The hostile text: clear the screen, C1 CSI, a bidi override, a bell, a carriage return.
const std::string kHostile = "boom \x1b[2J\x1b]0;owned\x07 \xc2\x9b"
                             "31m \xe2\x80\xae"
                             "txt.exe \r\x7f end";

} // namespace

class TestTerminalText : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;

    struct Run {
        int exitCode = -1;
        QByteArray out;
        QByteArray err;
    };
    Run cli(const QStringList& args)
    {
        QProcess p;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("XDG_DATA_HOME"), m_dir.filePath(QStringLiteral("data")));
        p.setProcessEnvironment(env);
        p.start(test::cliPath(), args);
        p.closeWriteChannel();
        if (!p.waitForFinished(120000))
            return {};
        return Run {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1, p.readAllStandardOutput(),
            p.readAllStandardError()};
    }

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QVERIFY(m_dir.isValid());
    }

    void escapes_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("escaped");
        QTest::addColumn<QString>("keepingLines");
        QTest::newRow("plain") << "plain café ☃"
                               << "plain café ☃"
                               << "plain café ☃";
        QTest::newRow("clear screen") << "a\x1b[2Jb"
                                      << "a\\x1b[2Jb"
                                      << "a\\x1b[2Jb";
        QTest::newRow("line breaks and tabs") << "a\nb\tc\rd"
                                              << "a\\nb\\tc\\rd"
                                              << "a\nb\tc\\rd";
        QTest::newRow("NUL and DEL") << QString::fromUtf8("a\0b\x7f", 4) << "a\\x00b\\x7f"
                                     << "a\\x00b\\x7f";
        QTest::newRow("C1 CSI") << QStringLiteral("a\u009b31m") << "a\\x9b31m"
                                << "a\\x9b31m";
        QTest::newRow("bidi override") << QStringLiteral("a\u202eb") << "a\\u202eb"
                                       << "a\\u202eb";
        QTest::newRow("line separator") << QStringLiteral("a\u2028b") << "a\\u2028b"
                                        << "a\\u2028b";
        QTest::newRow("emoji stays") << QStringLiteral("a\U0001F600b") << QStringLiteral("a\U0001F600b")
                                     << QStringLiteral("a\U0001F600b");
    }
    void escapes()
    {
        QFETCH(QString, text);
        QFETCH(QString, escaped);
        QFETCH(QString, keepingLines);
        QCOMPARE(escapeControlCharacters(text), escaped);
        QCOMPARE(escapeControlCharacters(text, KeepLineBreaks::Yes), keepingLines);
    }

    void jsonStaysTheSameJson_data()
    {
        QTest::addColumn<QString>("value");
        QTest::newRow("hostile") << QString::fromStdString(kHostile);
        QTest::newRow("unicode") << QStringLiteral("café ☃ \U0001F600");
        QTest::newRow("format character beyond the BMP") << QStringLiteral("a\U000E0001b");
    }
    void jsonStaysTheSameJson()
    {
        QFETCH(QString, value);
        const nlohmann::json original = {{"v", value.toStdString()}};
        const std::string safe = escapeJsonForTerminal(original.dump(2));
        QVERIFY2(firstControl(QByteArray::fromStdString(safe)).isEmpty(), safe.c_str());
        QVERIFY(nlohmann::json::parse(safe) == original);
    }

    void cliEscapesEventText_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<bool>("needsFile");
        QTest::newRow("issues") << QStringList {QStringLiteral("issues")} << false;
        QTest::newRow("issues --json") << QStringList {QStringLiteral("issues"), QStringLiteral("--json")} << false;
        QTest::newRow("events") << QStringList {QStringLiteral("events")} << false;
        QTest::newRow("events --json") << QStringList {QStringLiteral("events"), QStringLiteral("--json")} << false;
        QTest::newRow("show") << QStringList {QStringLiteral("show"),
            QStringLiteral("0a0000000000000000000000000000e1")}
                              << false;
        QTest::newRow("hash") << QStringList {QStringLiteral("hash")} << true;
        QTest::newRow("hash --json") << QStringList {QStringLiteral("hash"), QStringLiteral("--json")} << true;
        QTest::newRow("import") << QStringList {QStringLiteral("import")} << true;
    }
    void cliEscapesEventText()
    {
        QFETCH(QStringList, args);
        QFETCH(bool, needsFile);
        const QString db = m_dir.filePath(QStringLiteral("hostile.stackdeck"));
        // A good event whose texts are hostile, and a bad record in a file whose name is.
        const QString file = m_dir.filePath(QStringLiteral("events.ndjson"));
        const QString badFile = m_dir.filePath(QString::fromUtf8("bad\x1b[2J\xc2\x9b.json"));
        if (!QFile::exists(file)) {
            const nlohmann::json event = {{"event_id", "0a0000000000000000000000000000e1"}, {"timestamp", 1714564800},
                {"platform", "python"}, {"level", "error"}, {"culprit", kHostile}, {"transaction", kHostile},
                {"tags", {{"browser", kHostile}}},
                {"exception",
                    {{"values",
                        {{{"type", "Value\x1b[31mError"}, {"value", kHostile},
                            {"stacktrace",
                                {{"frames",
                                    {{{"function", kHostile}, {"filename", kHostile}, {"in_app", true}}}}}}}}}}}};
            QFile f(file);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write(QByteArray::fromStdString(event.dump() + "\n"));
            f.close();
            QFile bad(badFile);
            QVERIFY(bad.open(QIODevice::WriteOnly));
            bad.write(QByteArray::fromStdString("{\"event_id\": \"" + kHostile + "\", \x1b[2J}"));
            bad.close();
            const Run imported = cli({QStringLiteral("import"), QStringLiteral("--db"), db, file});
            QCOMPARE(imported.exitCode, 0);
        }
        QStringList full = args;
        full << QStringLiteral("--db") << db;
        if (needsFile)
            full << file << badFile;
        const Run run = cli(full);
        QVERIFY2(run.exitCode >= 0 && run.exitCode <= 1, run.err.constData());
        QVERIFY2(!run.out.isEmpty() || !run.err.isEmpty(), "no output at all");
        const QString inOut = firstControl(run.out);
        QVERIFY2(inOut.isEmpty(), qPrintable(inOut));
        const QString inErr = firstControl(run.err);
        QVERIFY2(inErr.isEmpty(), qPrintable(inErr));
        // --json and show still print valid JSON.
        if (args.size() == 2 && args.first() != QLatin1String("hash"))
            QVERIFY2(nlohmann::json::accept(run.out.toStdString()), run.out.constData());
        // The event text is still there, escaped, not dropped.
        if (!needsFile || args.first() == QLatin1String("hash"))
            QVERIFY2(run.out.contains("boom") || run.out.contains("Value"), run.out.constData());
    }
};

QTEST_MAIN(TestTerminalText)
#include "tst_terminaltext.moc"
