// The CLI around triage: `issues` re-evaluates triage first (an issue ignored
// for a time that has passed comes back, with an activity row saying why);
// `searches` and `config user-name` round trip (the name becomes the author
// of what is written next); `note --frame` names the frame's stack trace and
// refuses a frame or exception that is not there.
#include "clirunner.h"
#include "store/localuser.h"
#include "store/notes.h"
#include "store/savedsearches.h"
#include "store/triageactions.h"
#include "store/workspace.h"
#include "testsupport.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

using namespace stackdeck;

namespace {

const char* kChained = "c4c4c4c4c4c4c4c4c4c4c4c4c4c4c4c4";
const char* kPlain = "d5d5d5d5d5d5d5d5d5d5d5d5d5d5d5d5";

QByteArray events()
{
    return QByteArray(R"({"event_id":")") + kChained
        + R"(","timestamp":1764600000,"platform":"python","level":"error","exception":{"values":[)"
          R"({"type":"KeyError","value":"k","stacktrace":{"frames":[{"function":"a"},{"function":"b"},{"function":"c"}]}},)"
          R"({"type":"RuntimeError","value":"r","stacktrace":{"frames":[{"function":"d"}]}}]},)"
          R"("threads":{"values":[{"id":1,"stacktrace":{"frames":[{"function":"t0"},{"function":"t1"}]}}]}})"
          "\n"
        + R"({"event_id":")" + kPlain
        + R"(","timestamp":1764600001,"platform":"python","level":"error","message":"plain message"})" + "\n";
}

QJsonObject objectOf(const QByteArray& out)
{
    return QJsonDocument::fromJson(out).object();
}

} // namespace

class TestTriageCli : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;
    QString m_db;

    test::CliRun cli(QStringList args)
    {
        args << QStringLiteral("--db") << m_db;
        return test::runCli(args);
    }
    std::int64_t issueOfEvent(const char* eventId)
    {
        auto ws = store::Workspace::open(m_db.toStdString());
        const auto ref = store::findEvent((*ws)->db(), eventId);
        return ref ? ref->issue.value : 0;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_db = m_dir.filePath(QStringLiteral("w.stackdeck"));
        const QString input = m_dir.filePath(QStringLiteral("e.ndjson"));
        QFile f(input);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(events());
        f.close();
        QCOMPARE(cli({QStringLiteral("import"), input}).exitCode, 0);
    }

    void issuesBringsBackAnExpiredIgnore()
    {
        const std::int64_t plain = issueOfEvent(kPlain);
        QVERIFY(plain > 0);
        // Ignored for an hour, an hour and a half ago (as if the workspace had been closed since).
        {
            auto ws = store::Workspace::open(m_db.toStdString());
            store::TriageChange change;
            change.status = triage::Status::Ignored;
            change.ignore.untilMicros = store::nowMicros() - 1'800'000'000LL;
            QVERIFY(store::applyTriage((*ws)->db(), {IssueId(plain)}, change).ok());
        }
        auto run = cli({QStringLiteral("issues"), QStringLiteral("--query"), QStringLiteral("is:ignored"),
            QStringLiteral("--json")});
        QCOMPARE(run.exitCode, 0);
        QCOMPARE(QJsonDocument::fromJson(run.out).array().size(), 0); // re-evaluated before listing
        run = cli({QStringLiteral("issues"), QStringLiteral("--query"), QStringLiteral("is:unresolved"),
            QStringLiteral("--json")});
        QCOMPARE(run.exitCode, 0);
        bool listed = false;
        for (const auto& v : QJsonDocument::fromJson(run.out).array())
            listed |= v.toObject()[QStringLiteral("id")].toInteger() == plain;
        QVERIFY(listed);
        run = cli({QStringLiteral("activity"), QString::number(plain), QStringLiteral("--json")});
        QCOMPARE(run.exitCode, 0);
        const QJsonArray activity = objectOf(run.out)[QStringLiteral("activity")].toArray();
        QVERIFY(!activity.isEmpty());
        const QJsonObject last = activity.last().toObject();
        QCOMPARE(last[QStringLiteral("author")].toString(), QStringLiteral("Stackdeck"));
        QVERIFY2(last[QStringLiteral("text")].toString().contains(QStringLiteral("time it was ignored for has passed")),
            qPrintable(last[QStringLiteral("text")].toString()));
        QVERIFY(last[QStringLiteral("text")].toString().contains(QStringLiteral("when the workspace was opened")));
        // Listing again writes nothing more.
        QCOMPARE(cli({QStringLiteral("issues")}).exitCode, 0);
        run = cli({QStringLiteral("activity"), QString::number(plain), QStringLiteral("--json")});
        QCOMPARE(objectOf(run.out)[QStringLiteral("activity")].toArray().size(), activity.size());
    }

    void savedSearchesRoundTrip()
    {
        auto run = cli({QStringLiteral("searches"), QStringLiteral("add"), QStringLiteral("--name"),
            QStringLiteral("open errors"), QStringLiteral("--query"), QStringLiteral("is:unresolved level:error"),
            QStringLiteral("--notify"), QStringLiteral("--json")});
        QCOMPARE(run.exitCode, 0);
        run = cli({QStringLiteral("searches"), QStringLiteral("add"), QStringLiteral("--name"), QStringLiteral("mine"),
            QStringLiteral("--query"), QStringLiteral("level:warning"), QStringLiteral("--json")});
        QCOMPARE(run.exitCode, 0);
        QJsonArray list = objectOf(run.out)[QStringLiteral("searches")].toArray();
        QCOMPARE(list.size(), 2);
        QCOMPARE(list[0].toObject()[QStringLiteral("name")].toString(), QStringLiteral("open errors"));
        QCOMPARE(list[0].toObject()[QStringLiteral("notify")].toBool(), true);
        QCOMPARE(list[1].toObject()[QStringLiteral("notify")].toBool(), false);
        {
            auto ws = store::Workspace::open(m_db.toStdString());
            const auto stored = store::savedSearches((*ws)->db());
            QCOMPARE(stored.size(), std::size_t(2));
            QCOMPARE(stored[0].query, std::string("is:unresolved level:error"));
        }
        // A query that does not compile, a missing name, an unknown search: refused, nothing changes.
        run = cli({QStringLiteral("searches"), QStringLiteral("add"), QStringLiteral("--name"), QStringLiteral("bad"),
            QStringLiteral("--query"), QStringLiteral("level:")});
        QCOMPARE(run.exitCode, 2);
        QVERIFY2(run.err.contains("query"), run.err.constData());
        QCOMPARE(
            cli({QStringLiteral("searches"), QStringLiteral("add"), QStringLiteral("--query"), QStringLiteral("x")})
                .exitCode,
            2);
        run = cli({QStringLiteral("searches"), QStringLiteral("remove"), QStringLiteral("nope")});
        QCOMPARE(run.exitCode, 2);
        QVERIFY(run.err.contains("no saved search"));
        run = cli(
            {QStringLiteral("searches"), QStringLiteral("remove"), QStringLiteral("mine"), QStringLiteral("--json")});
        QCOMPARE(run.exitCode, 0);
        list = objectOf(run.out)[QStringLiteral("searches")].toArray();
        QCOMPARE(list.size(), 1);
        QCOMPARE(list[0].toObject()[QStringLiteral("name")].toString(), QStringLiteral("open errors"));
    }

    void userNameRoundTrip()
    {
        auto run = cli({QStringLiteral("config"), QStringLiteral("user-name"), QStringLiteral("Grace H"),
            QStringLiteral("--json")});
        QCOMPARE(run.exitCode, 0);
        QCOMPARE(objectOf(run.out)[QStringLiteral("user_name")].toString(), QStringLiteral("Grace H"));
        const std::int64_t plain = issueOfEvent(kPlain);
        QCOMPARE(cli({QStringLiteral("note"), QStringLiteral("--issue"), QString::number(plain),
                         QStringLiteral("--text"), QStringLiteral("checked")})
                     .exitCode,
            0);
        run = cli({QStringLiteral("activity"), QString::number(plain), QStringLiteral("--json")});
        QCOMPARE(
            objectOf(run.out)[QStringLiteral("notes")].toArray().last().toObject()[QStringLiteral("author")].toString(),
            QStringLiteral("Grace H"));
        // --unset goes back to the OS user.
        run = cli({QStringLiteral("config"), QStringLiteral("user-name"), QStringLiteral("--unset"),
            QStringLiteral("--json")});
        QCOMPARE(run.exitCode, 0);
        QVERIFY(objectOf(run.out)[QStringLiteral("user_name")].toString() != QStringLiteral("Grace H"));
        QCOMPARE(cli({QStringLiteral("config"), QStringLiteral("user-name"), QStringLiteral("  ")}).exitCode, 2);
        QCOMPARE(cli({QStringLiteral("config"), QStringLiteral("colour")}).exitCode, 2);
    }

    void frameNoteNamesItsStack_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<int>("exitCode");
        QTest::addColumn<QString>("stack"); // on success; else a part of the error
        QTest::addRow("default: the reported exception")
            << QStringList {QStringLiteral("--frame"), QStringLiteral("0")} << 0 << QStringLiteral("exception:1");
        QTest::addRow("the chained exception") << QStringList {QStringLiteral("--frame"), QStringLiteral("2"),
            QStringLiteral("--exception"), QStringLiteral("0")}
                                               << 0 << QStringLiteral("exception:0");
        QTest::addRow("a thread") << QStringList {QStringLiteral("--frame"), QStringLiteral("1"),
            QStringLiteral("--thread"), QStringLiteral("0")}
                                  << 0 << QStringLiteral("thread:0");
        QTest::addRow("frame beyond the reported exception")
            << QStringList {QStringLiteral("--frame"), QStringLiteral("2")} << 2 << QStringLiteral("has 1 frames");
        QTest::addRow("no such exception") << QStringList {QStringLiteral("--frame"), QStringLiteral("0"),
            QStringLiteral("--exception"), QStringLiteral("2")}
                                           << 2 << QStringLiteral("--exception takes");
        QTest::addRow("--exception without --frame")
            << QStringList {QStringLiteral("--exception"), QStringLiteral("0")} << 2 << QStringLiteral("usage");
        QTest::addRow("both stacks") << QStringList {QStringLiteral("--frame"), QStringLiteral("0"),
            QStringLiteral("--exception"), QStringLiteral("0"), QStringLiteral("--thread"), QStringLiteral("0")}
                                     << 2 << QStringLiteral("usage");
    }
    void frameNoteNamesItsStack()
    {
        QFETCH(QStringList, args);
        QFETCH(int, exitCode);
        QFETCH(QString, stack);
        const auto run
            = cli(QStringList {QStringLiteral("note"), QStringLiteral("--event"), QString::fromLatin1(kChained),
                      QStringLiteral("--text"), QStringLiteral("see here"), QStringLiteral("--json")}
                + args);
        QCOMPARE(run.exitCode, exitCode);
        if (exitCode != 0) {
            QVERIFY2(QString::fromUtf8(run.err).contains(stack), run.err.constData());
            return;
        }
        QCOMPARE(objectOf(run.out)[QStringLiteral("stack")].toString(), stack);
        // Stored with the note, and in `activity`.
        const auto id = objectOf(run.out)[QStringLiteral("id")].toInteger();
        auto ws = store::Workspace::open(m_db.toStdString());
        const auto ref = store::findEvent((*ws)->db(), kChained);
        bool found = false;
        for (const auto& n : store::notesOfEvent((*ws)->db(), ref->project, kChained)) {
            if (n.id == id) {
                found = true;
                QCOMPARE(QString::fromStdString(n.target.stack), stack);
                QCOMPARE(n.target.index, args[1].toLongLong());
                QVERIFY(n.target.spanId.empty());
            }
        }
        QVERIFY(found);
        const auto activity
            = cli({QStringLiteral("activity"), QString::number(ref->issue.value), QStringLiteral("--json")});
        bool listed = false;
        for (const auto& v : objectOf(activity.out)[QStringLiteral("notes")].toArray())
            listed |= v.toObject()[QStringLiteral("id")].toInteger() == id
                && v.toObject()[QStringLiteral("stack")].toString() == stack;
        QVERIFY(listed);
    }

    // Notes on frames: the stack check, and what a note from before stacks were kept looks like.
    void frameStackNames()
    {
        QVERIFY(store::isFrameStack("exception:0"));
        QVERIFY(store::isFrameStack("thread:12"));
        QVERIFY(store::isFrameStack("event"));
        for (const char* bad : {"", "exception:", "exception:-1", "exception:01", "thread:x", "span:1", "events"})
            QVERIFY2(!store::isFrameStack(bad), bad);
        QVERIFY(store::frameNoteOnStack("", "exception:1")); // an older note: on every stack
        QVERIFY(store::frameNoteOnStack("exception:1", "exception:1"));
        QVERIFY(!store::frameNoteOnStack("exception:0", "exception:1"));
        QCOMPARE(store::frameStackText("exception:2"), std::string("exception 2"));
        // A frame note naming no real stack is refused by the store.
        auto ws = store::Workspace::open(m_db.toStdString());
        const auto ref = store::findEvent((*ws)->db(), kChained);
        store::Note note;
        note.target = {store::NoteTarget::Kind::Frame, IssueId(), ref->project, kChained, 0, "", "bogus"};
        note.text = "x";
        QVERIFY(!store::addNote((*ws)->db(), note).ok());
    }
};

QTEST_GUILESS_MAIN(TestTriageCli)
#include "tst_triagecli.moc"
