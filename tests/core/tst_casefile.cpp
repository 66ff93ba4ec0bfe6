// Case files through `stackdeck-cli export --format case` and `import`: a round
// trip keeps issues, counts, notes and triage; a second import changes
// nothing; a redacted case file holds no planted secret anywhere in its bytes;
// hostile case files are refused without being written to or executed.

#include "store/notes.h"
#include "store/sqlite.h"
#include "store/triageactions.h"
#include "store/workspace.h"
#include "testsupport.h"

#include <QCryptographicHash>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <nlohmann/json.hpp>

using namespace stackdeck;

namespace {

// clang-format off
constexpr const char* kEvent = R"json({"event_id": "%1", "platform": "python", "level": "error",
  "timestamp": "2024-05-01T12:00:0%2Z", "message": "checkout failed for ada@example.com card 4111 1111 1111 1111",
  "exception": {"values": [{"type": "KeyError%2", "value": "session",
    "stacktrace": {"frames": [{"function": "pay", "filename": "shop.py", "lineno": 3, "in_app": true,
      "vars": {"password": "hunter2-planted"}}]}}]},
  "breadcrumbs": {"values": [{"message": "login", "category": "auth"}]},
  "request": {"method": "POST", "url": "https://shop.example/pay", "headers": {"Authorization": "Bearer sk_live_PLANTEDPLANTED0123456789"}}})json";
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

QString eventId(int n)
{
    return QStringLiteral("%1").arg(n, 32, 10, QLatin1Char('0'));
}

// What a workspace says about its issues, comparable across workspaces.
struct Snapshot {
    std::vector<std::string> issues; // title|events|status|assignee|bookmark|priority|labels|notes
    bool operator==(const Snapshot&) const = default;
};

Snapshot snapshot(const QString& path)
{
    Snapshot s;
    auto ws = store::Workspace::open(path.toStdString(), store::Workspace::Mode::ReadOnly);
    if (!ws)
        return s;
    sql::Database& db = (*ws)->db();
    sql::Statement st(db, "SELECT id, title, event_count FROM issues ORDER BY title");
    while (st.step()) {
        const IssueId id(st.int64(0));
        const auto triage = store::issueTriageView(db, id);
        std::string row = st.text(1) + "|" + std::to_string(st.int64(2));
        if (triage) {
            row += "|" + std::to_string(int(triage->state.status)) + "|" + triage->assignee + "|"
                + std::to_string(triage->bookmarked) + "|" + std::to_string(int(triage->priority));
            for (const auto& l : triage->labels)
                row += "|" + l;
        }
        for (const auto& n : store::notesOfIssue(db, id))
            row += "|note:" + std::string(store::noteKindName(n.target.kind)) + ":" + n.author + ":" + n.text;
        s.issues.push_back(row);
    }
    return s;
}

QByteArray sha(const QString& path)
{
    return QCryptographicHash::hash(test::readFile(path), QCryptographicHash::Sha256);
}

} // namespace

class TestCaseFile : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void roundTrip();
    void secondImportChangesNothing();
    void opensAsWorkspace();
    void redactedHoldsNoSecret();
    void hostile_data();
    void hostile();

private:
    QString exportCase(const QString& name, const QStringList& extra = {});
    QTemporaryDir m_dir;
    QString m_db;
    QString m_case;
    QString m_target;
};

void TestCaseFile::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_db = m_dir.filePath(QStringLiteral("w.stackdeck"));
    const QString events = m_dir.filePath(QStringLiteral("events.ndjson"));
    QFile f(events);
    QVERIFY(f.open(QIODevice::WriteOnly));
    for (int n = 1; n <= 3; ++n) {
        QString e = QString::fromUtf8(kEvent).arg(eventId(n)).arg(n);
        e.replace(QLatin1Char('\n'), QLatin1Char(' '));
        f.write(e.toUtf8() + '\n');
    }
    f.close();
    Run r = cli({QStringLiteral("import"), QStringLiteral("--db"), m_db, events});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    const QStringList base {QStringLiteral("--db"), m_db};
    const QList<QStringList> steps {
        {QStringLiteral("note"), QStringLiteral("--issue"), QStringLiteral("1"), QStringLiteral("--text"),
            QStringLiteral("issue note <b>x</b>")},
        {QStringLiteral("note"), QStringLiteral("--event"), eventId(1), QStringLiteral("--frame"), QStringLiteral("0"),
            QStringLiteral("--text"), QStringLiteral("frame note, token ghp_0123456789abcdefghijklmnopqrstuvwxyzAB")},
        {QStringLiteral("note"), QStringLiteral("--event"), eventId(2), QStringLiteral("--breadcrumb"),
            QStringLiteral("0"), QStringLiteral("--text"), QStringLiteral("crumb note")},
        {QStringLiteral("triage"), QStringLiteral("1"), QStringLiteral("--status"), QStringLiteral("resolved"),
            QStringLiteral("--assign"), QStringLiteral("ana"), QStringLiteral("--bookmark"),
            QStringLiteral("--priority"), QStringLiteral("high"), QStringLiteral("--label"), QStringLiteral("perf")},
        {QStringLiteral("triage"), QStringLiteral("2"), QStringLiteral("--status"), QStringLiteral("ignored"),
            QStringLiteral("--ignore-until-events"), QStringLiteral("10")},
    };
    for (const QStringList& step : steps) {
        r = cli(QStringList {step.front()} + base + step.mid(1));
        QVERIFY2(r.exitCode == 0, r.err.constData());
    }
    m_case = exportCase(QStringLiteral("all.stackdeck"));
    QVERIFY(!m_case.isEmpty());
    m_target = m_dir.filePath(QStringLiteral("target.stackdeck"));
}

QString TestCaseFile::exportCase(const QString& name, const QStringList& extra)
{
    const QString out = m_dir.filePath(name);
    const Run r = cli(QStringList {QStringLiteral("export"), QStringLiteral("--db"), m_db, QStringLiteral("--format"),
                          QStringLiteral("case"), QStringLiteral("-o"), out, QStringLiteral("--json")}
        + extra + QStringList {QStringLiteral("1"), QStringLiteral("2"), QStringLiteral("3")});
    if (r.exitCode != 0)
        qWarning() << r.err;
    return r.exitCode == 0 ? out : QString();
}

void TestCaseFile::roundTrip()
{
    const Run r = cli({QStringLiteral("import"), QStringLiteral("--db"), m_target, m_case, QStringLiteral("--json")});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    const auto summary = nlohmann::json::parse(r.out.toStdString());
    QCOMPARE(summary["events"].get<int>(), 3);
    QCOMPARE(summary["issues"].get<int>(), 3);
    QCOMPARE(summary["notes"].get<int>(), 3);
    QCOMPARE(summary["triaged"].get<int>(), 2);
    const Snapshot source = snapshot(m_db);
    QCOMPARE(source.issues.size(), std::size_t(3));
    const Snapshot imported = snapshot(m_target);
    for (std::size_t i = 0; i < source.issues.size() && i < imported.issues.size(); ++i)
        QCOMPARE(QString::fromStdString(imported.issues[i]), QString::fromStdString(source.issues[i]));
    QVERIFY(imported == source);
}

void TestCaseFile::secondImportChangesNothing()
{
    const Snapshot before = snapshot(m_target);
    QVERIFY(!before.issues.empty());
    const Run r = cli({QStringLiteral("import"), QStringLiteral("--db"), m_target, m_case, QStringLiteral("--json")});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    const auto summary = nlohmann::json::parse(r.out.toStdString());
    QCOMPARE(summary["events"].get<int>(), 0);
    QCOMPARE(summary["duplicates"].get<int>(), 3);
    QCOMPARE(summary["notes"].get<int>(), 0);
    QCOMPARE(summary["triaged"].get<int>(), 0);
    QVERIFY(snapshot(m_target) == before);
}

void TestCaseFile::opensAsWorkspace()
{
    // Sealed with 4 KiB pages (the header's big-endian page size at byte 16),
    // not a workspace's 8 KiB: a small file to send.
    QFile sealed(m_case);
    QVERIFY(sealed.open(QIODevice::ReadOnly));
    const QByteArray header = sealed.read(18);
    QCOMPARE(header.size(), 18);
    QCOMPARE((static_cast<unsigned char>(header[16]) << 8) | static_cast<unsigned char>(header[17]), 4096);
    sealed.close();
    const Run r = cli({QStringLiteral("issues"), QStringLiteral("--db"), m_case, QStringLiteral("--json")});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QVERIFY(snapshot(m_case) == snapshot(m_db));
    QVERIFY(!QFile::exists(m_case + QStringLiteral("-journal")));
}

void TestCaseFile::redactedHoldsNoSecret()
{
    const QString path = exportCase(QStringLiteral("redacted.stackdeck"), {QStringLiteral("--redact")});
    QVERIFY(!path.isEmpty());
    QVERIFY(!QFile::exists(path + QStringLiteral("-wal")));
    const QByteArray bytes = test::readFile(path);
    QVERIFY(bytes.startsWith(QByteArray("SQLite format 3\0", 16)));
    for (const char* secret :
        {"hunter2-planted", "4111 1111 1111 1111", "ada@example.com", "sk_live_PLANTEDPLANTED", "ghp_0123456789abcdef"})
        QVERIFY2(!bytes.contains(secret), secret);
    // The rest is still there: the issues, their notes and their triage.
    const Run r = cli({QStringLiteral("import"), QStringLiteral("--db"), m_dir.filePath(QStringLiteral("r.stackdeck")),
        path, QStringLiteral("--json")});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    const auto summary = nlohmann::json::parse(r.out.toStdString());
    QCOMPARE(summary["events"].get<int>(), 3);
    QCOMPARE(summary["notes"].get<int>(), 3);
}

void TestCaseFile::hostile_data()
{
    QTest::addColumn<QString>("damage"); // SQL run on a copy of a good case file; "text:" writes a text file
    QTest::addColumn<QString>("expected"); // in the error
    QTest::newRow("not SQLite") << QStringLiteral("text:hello") << QStringLiteral("");
    QTest::newRow("SQLite header, then junk") << QStringLiteral("junk") << QStringLiteral("case file");
    QTest::newRow("wrong schema version")
        << QStringLiteral("PRAGMA user_version = 99") << QStringLiteral("schema version 99");
    QTest::newRow("table missing") << QStringLiteral("DROP TABLE notes") << QStringLiteral("notes is missing");
    QTest::newRow("huge row") << QStringLiteral("UPDATE notes SET text = printf('%.*c', 2000000, 'x')")
                              << QStringLiteral("notes.text is over");
    QTest::newRow("trigger") << QStringLiteral("CREATE TRIGGER t AFTER INSERT ON issues BEGIN "
                                               "DELETE FROM events; END")
                             << QStringLiteral("trigger");
    QTest::newRow("view instead of a table")
        << QStringLiteral("DROP TABLE notes; CREATE VIEW notes AS SELECT * FROM issue_activity")
        << QStringLiteral("view");
    QTest::newRow("a workspace, not a case file")
        << QStringLiteral("DELETE FROM meta WHERE key = 'stackdeck_case_file'") << QStringLiteral("not a case file");
}

void TestCaseFile::hostile()
{
    QFETCH(QString, damage);
    QFETCH(QString, expected);
    const QString path = m_dir.filePath(QStringLiteral("hostile.stackdeck"));
    QFile::remove(path);
    if (damage == QLatin1String("junk")) {
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(QByteArray("SQLite format 3\0", 16) + QByteArray(4096, 'x'));
    } else if (damage.startsWith(QStringLiteral("text:"))) {
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(damage.mid(5).toUtf8());
    } else {
        QVERIFY(QFile::copy(m_case, path));
        QFile(path).setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
        sql::Database db(path.toStdString());
        db.exec(damage.toStdString());
    }
    const QByteArray before = sha(path);
    const QString target = m_dir.filePath(QStringLiteral("hostile-target.stackdeck"));
    QFile::remove(target);
    const Run r = cli({QStringLiteral("import"), QStringLiteral("--db"), target, path});
    QVERIFY(r.exitCode != 0);
    QVERIFY2(r.err.contains(expected.toUtf8()), r.err.constData());
    QCOMPARE(sha(path), before); // never written
    QVERIFY(!QFile::exists(path + QStringLiteral("-journal")) && !QFile::exists(path + QStringLiteral("-shm")));
    if (QFile::exists(target)) {
        const Snapshot s = snapshot(target); // nothing imported
        QVERIFY(s.issues.empty());
    }
}

QTEST_GUILESS_MAIN(TestCaseFile)
#include "tst_casefile.moc"
