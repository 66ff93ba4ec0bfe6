// Every piece of triage state through a regroup that splits an issue and one
// that merges two, both ways of applying it (store/triagecarry.h,
// regroup/triagetransfer.h): each triage column of the issue people decided
// about reaches every issue that replaces it (a merge takes the largest
// source's), labels and issue notes go to every part of a split and into
// the merged issue, nothing is left pointing at an id that no longer
// exists, and notes on events, frames and breadcrumbs keep their event.

#include "regroup/regroupplan.h"
#include "regroupfixture.h"
#include "store/consistency.h"
#include "store/notes.h"
#include "store/workspace.h"
#include "storefixtures.h"
#include "testsupport.h"

#include <QTemporaryDir>
#include <QTest>

using namespace stackdeck;
using test::issueOf;
using test::scalar;

namespace {

using Mode = regroup::RegroupOptions::Mode;

std::string textOf(sql::Database& db, const std::string& query, std::int64_t issue)
{
    sql::Statement st(db, query);
    st.bind(1, issue);
    return st.step() && !st.isNull(0) ? st.text(0) : std::string("NULL");
}

// How a row sets the field up on an issue (?1), and reads it back.
struct Field {
    const char* name;
    const char* setup; // SQL, or "note:" + the text of an issue note added through store::addNote
    const char* probe;
    const char* expected;
    bool list; // labels, notes: a merge gathers them from every source
};

const Field kFields[] = {
    {"resolved", "UPDATE issues SET status = 1, status_changed_at = 111, status_mark = 5 WHERE id = ?1",
        "SELECT status || '|' || coalesce(resolution, '-') || '|' || status_changed_at || '|' || status_mark "
        "FROM issues WHERE id = ?1",
        "1|-|111|5", false},
    {"resolved in release",
        "UPDATE issues SET status = 1, resolution = 'inRelease', resolved_release = '2.1.0' WHERE id = ?1",
        "SELECT status || '|' || resolution || '|' || resolved_release FROM issues WHERE id = ?1", "1|inRelease|2.1.0",
        false},
    {"resolved in next release",
        "UPDATE issues SET status = 1, resolution = 'inNextRelease', resolved_release = '1.0' WHERE id = ?1",
        "SELECT status || '|' || resolution || '|' || resolved_release FROM issues WHERE id = ?1",
        "1|inNextRelease|1.0", false},
    {"ignored until a time",
        "UPDATE issues SET status = 2, substatus = 'archived', ignore_until = 1900000000000000 WHERE id = ?1",
        "SELECT status || '|' || substatus || '|' || ignore_until FROM issues WHERE id = ?1",
        "2|archived|1900000000000000", false},
    // One event and no user counted since the ignore: the same after the
    // regroup, whatever the new issue's counts.
    {"ignored until more events and users, with baselines",
        "UPDATE issues SET status = 2, substatus = 'archived', ignore_events = 10, ignore_base_events = event_count - "
        "1, ignore_users = 4, ignore_base_users = user_count WHERE id = ?1",
        "SELECT ignore_events || '|' || (event_count - ignore_base_events) || '|' || ignore_users || '|' || "
        "(user_count - ignore_base_users) FROM issues WHERE id = ?1",
        "10|1|4|0", false},
    {"substatus regressed", "UPDATE issues SET status = 0, substatus = 'regressed' WHERE id = ?1",
        "SELECT status || '|' || substatus FROM issues WHERE id = ?1", "0|regressed", false},
    {"priority", "UPDATE issues SET priority = 'high' WHERE id = ?1", "SELECT priority FROM issues WHERE id = ?1",
        "high", false},
    {"seen", "UPDATE issues SET seen = 1 WHERE id = ?1", "SELECT seen FROM issues WHERE id = ?1", "1", false},
    {"assignee and bookmark", "UPDATE issues SET assignee = 'ana', bookmarked = 1 WHERE id = ?1",
        "SELECT assignee || '|' || bookmarked FROM issues WHERE id = ?1", "ana|1", false},
    {"labels", "INSERT INTO issue_labels(issue_id, label) VALUES(?1, 'billing'), (?1, 'p1')",
        "SELECT group_concat(label, ',') FROM (SELECT label FROM issue_labels WHERE issue_id = ?1 ORDER BY label)",
        "billing,p1", true},
    {"issue note", "note:customer walrus ticket",
        "SELECT group_concat(n.text, ',') || '|' || (SELECT count(*) FROM note_search s JOIN notes m ON m.id = s.rowid "
        "WHERE note_search MATCH 'walrus' AND m.issue_id = ?1) FROM notes n WHERE n.target = 'issue' AND n.issue_id = "
        "?1",
        "customer walrus ticket|1", true},
};

void setUp(sql::Database& db, const Field& field, std::int64_t issue)
{
    const std::string setup = field.setup;
    if (setup.rfind("note:", 0) == 0) {
        store::Note note;
        note.target.kind = store::NoteTarget::Kind::Issue;
        note.target.issue = IssueId(issue);
        note.text = setup.substr(5);
        note.author = "ana";
        QVERIFY(store::addNote(db, note).ok());
        return;
    }
    sql::Statement st(db, setup);
    st.bind(1, issue).run();
}

} // namespace

class TestRegroupTriage : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void init();
    void fieldSurvives_data();
    void fieldSurvives();
    void eventNotesKeepTheirEvent_data();
    void eventNotesKeepTheirEvent();

private:
    std::string path() const { return m_dir->filePath(QStringLiteral("w.stackdeck")).toStdString(); }

    std::unique_ptr<QTemporaryDir> m_dir;
    test::ThreeIssues m_ids;
};

void TestRegroupTriage::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_ids = test::importThreeIssues(path(), m_dir->path());
    QVERIFY(m_ids.compute != 0 && m_ids.average != 0 && m_ids.lookup != 0);
}

void TestRegroupTriage::fieldSurvives_data()
{
    QTest::addColumn<int>("field");
    QTest::addColumn<bool>("split");
    QTest::addColumn<int>("mode");
    for (int f = 0; f < static_cast<int>(std::size(kFields)); ++f) {
        for (const bool split : {true, false}) {
            for (const auto& [modeName, mode] : {std::pair("changed", Mode::Affected), {"all", Mode::Everything}}) {
                const std::string name = std::string(kFields[f].name) + (split ? ", split, " : ", merge, ") + modeName;
                QTest::newRow(name.c_str()) << f << split << static_cast<int>(mode);
            }
        }
    }
}

// Split: the KeyError issue (events 6-8) splits into 6-7 (keeps its id) and
// 8 (a new id). Merge: the two ZeroDivisionError issues (1-3 and 4-5) merge
// into the first; a list field is put on the smaller one to show it moves.
void TestRegroupTriage::fieldSurvives()
{
    QFETCH(int, field);
    QFETCH(bool, split);
    QFETCH(int, mode);
    const Field& f = kFields[field];
    const std::int64_t source = split ? m_ids.lookup : (f.list ? m_ids.average : m_ids.compute);
    {
        auto ws = store::Workspace::open(path());
        QVERIFY(ws.ok());
        setUp((*ws)->db(), f, source);
    }
    auto options = test::withRules(split ? test::kSplitLib : "", split ? "" : test::kMergeZero);
    options.mode = static_cast<Mode>(mode);
    const regroup::RegroupSummary s = regroup::applyRegroup(path(), options);
    QVERIFY2(s.fatalError.empty(), s.fatalError.c_str());
    QCOMPARE(s.issuesAfter, split ? 4 : 2);

    auto ws = store::Workspace::open(path());
    sql::Database& db = (*ws)->db();
    QCOMPARE(store::checkConsistency(db), std::vector<std::string>());
    const std::vector<std::int64_t> heirs = split ? std::vector<std::int64_t> {issueOf(db, 6), issueOf(db, 8)}
                                                  : std::vector<std::int64_t> {issueOf(db, 1)};
    if (split)
        QVERIFY(heirs[0] != heirs[1]);
    else
        QCOMPARE(issueOf(db, 4), heirs[0]);
    for (const std::int64_t heir : heirs)
        QCOMPARE(QString::fromStdString(textOf(db, f.probe, heir)), QString::fromLatin1(f.expected));
    // The issue nobody decided about stays as it was.
    const std::int64_t bystander = split ? issueOf(db, 1) : issueOf(db, 6);
    QCOMPARE(scalar(db, "SELECT count(*) FROM issue_labels WHERE issue_id = " + std::to_string(bystander)), 0);
    QCOMPARE(
        scalar(db, "SELECT status + seen + (priority IS NOT NULL) FROM issues WHERE id = " + std::to_string(bystander)),
        0);
    // Nothing points at an issue that is gone.
    QCOMPARE(scalar(db, "SELECT count(*) FROM issue_labels WHERE issue_id NOT IN (SELECT id FROM issues)"), 0);
    QCOMPARE(
        scalar(db, "SELECT count(*) FROM notes WHERE target = 'issue' AND issue_id NOT IN (SELECT id FROM issues)"), 0);
    QCOMPARE(scalar(db, "SELECT count(*) FROM issue_activity WHERE issue_id NOT IN (SELECT id FROM issues)"), 0);
}

void TestRegroupTriage::eventNotesKeepTheirEvent_data()
{
    QTest::addColumn<int>("mode");
    QTest::newRow("changed") << static_cast<int>(Mode::Affected);
    QTest::newRow("all") << static_cast<int>(Mode::Everything);
}

// Notes on event 8, its frame and a breadcrumb, and on event 4: event 8
// splits off into a new issue, event 4 merges into another. Each note keeps
// its target and is found on the issue that holds its event now.
void TestRegroupTriage::eventNotesKeepTheirEvent()
{
    QFETCH(int, mode);
    std::int64_t project = 0;
    {
        auto ws = store::Workspace::open(path());
        sql::Database& db = (*ws)->db();
        project = scalar(db, "SELECT id FROM projects WHERE name = 'p'");
        const std::pair<store::NoteTarget::Kind, int> targets[]
            = {{store::NoteTarget::Kind::Event, 8}, {store::NoteTarget::Kind::Frame, 8},
                {store::NoteTarget::Kind::Breadcrumb, 8}, {store::NoteTarget::Kind::Event, 4}};
        for (const auto& [kind, event] : targets) {
            store::Note note;
            note.target.kind = kind;
            note.target.project = project;
            note.target.eventId = test::eventIdOf(event);
            note.target.index = kind == store::NoteTarget::Kind::Event ? 0 : 1;
            note.text = std::string(store::noteKindName(kind)) + " of " + std::to_string(event);
            QVERIFY(store::addNote(db, note).ok());
        }
    }
    const std::string before = [&] {
        auto ws = store::Workspace::open(path());
        return textOf((*ws)->db(),
            "SELECT group_concat(target || ':' || event_id || ':' || coalesce(target_index, '') || ':' || text, ',') "
            "FROM (SELECT * FROM notes WHERE ?1 ORDER BY id)",
            1);
    }();
    for (const auto& [enhancements, fingerprints] :
        {std::pair(test::kSplitLib, ""), std::pair(test::kSplitLib, test::kMergeZero)}) {
        auto options = test::withRules(enhancements, fingerprints);
        options.mode = static_cast<Mode>(mode);
        const regroup::RegroupSummary s = regroup::applyRegroup(path(), options);
        QVERIFY2(s.fatalError.empty(), s.fatalError.c_str());
    }
    auto ws = store::Workspace::open(path());
    sql::Database& db = (*ws)->db();
    QCOMPARE(textOf(db,
                 "SELECT group_concat(target || ':' || event_id || ':' || coalesce(target_index, '') || ':' || text, "
                 "',') FROM (SELECT * FROM notes WHERE ?1 ORDER BY id)",
                 1),
        before);
    const std::int64_t splitOff = issueOf(db, 8);
    QVERIFY(splitOff != issueOf(db, 6));
    QCOMPARE(store::notesOfIssue(db, IssueId(splitOff)).size(), std::size_t(3));
    QCOMPARE(store::notesOfEvent(db, project, test::eventIdOf(8)).size(), std::size_t(3));
    QCOMPARE(issueOf(db, 4), issueOf(db, 1));
    const auto merged = store::notesOfIssue(db, IssueId(issueOf(db, 1)));
    QCOMPARE(merged.size(), std::size_t(1));
    QCOMPARE(merged.front().text, std::string("event of 4"));
    QVERIFY(store::notesOfIssue(db, IssueId(issueOf(db, 6))).empty());
}

QTEST_GUILESS_MAIN(TestRegroupTriage)
#include "tst_regrouptriage.moc"
