#include "reindexjob.h"

#include "eventpreparer.h"
#include "projectgroupings.h"
#include "store/derivedtables.h"
#include "store/eventwriter.h"
#include "store/issuetriage.h"
#include "store/workspace.h"
#include "store/writerlock.h"
#include "storedeventscan.h"

#include <chrono>
#include <vector>

namespace stackdeck {

namespace {

// An issue's triage, by the project and hash its new issue will be found by.
struct Triage {
    std::int64_t project = 0;
    std::string hash;
    store::IssueTriage triage;
};

std::vector<Triage> saveTriage(sql::Database& db)
{
    std::vector<Triage> out;
    sql::Statement st(db,
        "SELECT h.project_id, h.hash, " + std::string(store::kIssueTriageColumns)
            + " FROM issue_hashes h JOIN issues i ON i.id = h.issue_id WHERE i.status != 0 OR i.assignee IS NOT NULL "
              "OR i.bookmarked != 0 OR i.server_id IS NOT NULL OR i.substatus IS NOT NULL");
    while (st.step())
        out.push_back(Triage {st.int64(0), st.text(1), store::readIssueTriage(st, 2)});
    return out;
}

} // namespace

ReindexJob::ReindexJob(std::string workspacePath)
    : m_workspacePath(std::move(workspacePath))
{
}

bool ReindexJob::isInterrupted(const std::string& workspacePath)
{
    auto ws = store::Workspace::open(workspacePath, store::Workspace::Mode::ReadOnly);
    if (!ws)
        return false;
    sql::Statement st((*ws)->db(), "SELECT 1 FROM meta WHERE key = 'reindex_in_progress'");
    return st.step();
}

ReindexSummary ReindexJob::run(const std::atomic<bool>* cancel, const ProgressFn& progress)
{
    const auto started = std::chrono::steady_clock::now();
    ReindexSummary summary;
    auto writerLock = store::WriterLock::acquire(m_workspacePath, store::WriterLock::Kind::Exclusive, "reindex",
        [&](const std::string& holders) { return !(cancel && cancel->load()) && (!m_wait || m_wait(holders)); });
    if (!writerLock) {
        summary.cancelled = cancel && cancel->load();
        if (!summary.cancelled)
            summary.fatalError = writerLock.error().message;
        return summary;
    }
    auto ws = store::Workspace::open(m_workspacePath);
    if (!ws) {
        summary.fatalError = ws.error().message;
        return summary;
    }
    sql::Database& db = (*ws)->db();
    try {
        std::vector<Triage> triage;
        {
            sql::Transaction tx(db);
            sql::Statement interrupted(db, "SELECT 1 FROM meta WHERE key = 'reindex_in_progress'");
            if (!interrupted.step()) {
                // A resumed reindex must not read triage from a half-built index:
                // the saved copy in meta is the one taken before the first attempt.
                triage = saveTriage(db);
                db.exec("DELETE FROM meta WHERE key LIKE 'reindex_triage:%'");
                sql::Statement keep(db, "INSERT INTO meta(key, value) VALUES(?1, ?2)");
                for (std::size_t i = 0; i < triage.size(); ++i) {
                    const Triage& t = triage[i];
                    keep.reset();
                    keep.bind(1, "reindex_triage:" + std::to_string(i))
                        .bind(2,
                            std::to_string(t.project) + '\x1f' + t.hash + '\x1f' + store::encodeIssueTriage(t.triage))
                        .run();
                }
                // The activity log follows its issue's primary hash, as triage does.
                db.exec("DELETE FROM meta WHERE key LIKE 'reindex_activity:%'");
                db.exec("INSERT INTO meta(key, value) SELECT 'reindex_activity:' || a.id, i.project_id || char(31) || "
                        "i.primary_hash FROM issue_activity a JOIN issues i ON i.id = a.issue_id");
                // Until the issues are back it waits in meta: left in place, an
                // entry would name an issue id that the rebuilt (or, when the
                // reindex is interrupted, the half-built) index gives to another
                // issue, or to none.
                db.exec("DELETE FROM meta WHERE key LIKE 'reindex_parked:%'");
                db.exec("INSERT INTO meta(key, value) SELECT 'reindex_parked:' || id, json_array(issue_id, kind, text, "
                        "author, created_at, copied_from) FROM issue_activity");
                db.exec("DELETE FROM issue_activity");
            }
            db.exec("INSERT OR REPLACE INTO meta(key, value) VALUES('reindex_in_progress', '1')");
            store::clearDerivedTables(db, store::DerivedScope::Everything);
            tx.commit();
        }

        store::EventWriter writer(db);
        store::BatchCounts counts;
        StoredEventScanOptions scan;
        scan.groupings = ProjectGroupings::load(db);
        const StoredEventScanResult scanned = scanStoredEvents(
            m_workspacePath, scan,
            [&](std::vector<ScannedEvent>& batch) {
                sql::Transaction tx(db);
                for (ScannedEvent& e : batch) {
                    if (!e.decoded) {
                        ++summary.failed;
                        continue;
                    }
                    writer.rederive(e.row, e.prepared, counts);
                    ++summary.events;
                }
                writer.flush();
                tx.commit();
            },
            cancel, progress);
        summary.cancelled = scanned.cancelled;
        if (!scanned.fatalError.empty())
            throw std::runtime_error(scanned.fatalError);
        summary.issues = counts.issuesCreated;

        if (!summary.cancelled) {
            sql::Transaction tx(db);
            sql::Statement saved(db, "SELECT value FROM meta WHERE key LIKE 'reindex_triage:%'");
            sql::Statement restore(db,
                "UPDATE issues SET status = ?3, substatus = nullif(?4, ''), assignee = nullif(?5, ''), bookmarked = "
                "?6, "
                "server_id = coalesce(server_id, nullif(?7, '')), short_id = coalesce(short_id, nullif(?8, '')) "
                "WHERE id = (SELECT issue_id FROM issue_hashes WHERE project_id = ?1 AND hash = ?2)");
            while (saved.step()) {
                // project, hash, then the triage
                const std::string value = saved.text(0);
                const auto first = value.find('\x1f');
                const auto second = first == std::string::npos ? first : value.find('\x1f', first + 1);
                if (second == std::string::npos)
                    continue;
                const auto kept = store::decodeIssueTriage(std::string_view(value).substr(second + 1));
                if (!kept)
                    continue;
                restore.reset();
                restore.bind(1, static_cast<std::int64_t>(std::stoll(value.substr(0, first))))
                    .bind(2, value.substr(first + 1, second - first - 1))
                    .bind(3, kept->status)
                    .bind(4, kept->substatus)
                    .bind(5, kept->assignee)
                    .bind(6, kept->bookmarked)
                    .bind(7, kept->serverId)
                    .bind(8, kept->shortId)
                    .run();
                summary.triageRestored += db.changes();
            }
            // The parked activity, on the issue its hash finds now (else on its old
            // id, as before); under a new id if an entry added meanwhile took its own.
            db.exec("INSERT INTO issue_activity(id, issue_id, kind, text, author, created_at, copied_from) "
                    "SELECT CASE WHEN EXISTS (SELECT 1 FROM issue_activity x WHERE x.id = p.id) THEN NULL ELSE p.id "
                    "END, coalesce((SELECT h.issue_id FROM issue_hashes h WHERE h.project_id = p.project AND h.hash = "
                    "p.hash), p.issue), p.kind, p.text, p.author, p.created_at, p.copied_from FROM (SELECT "
                    "CAST(substr(k.key, 16) AS INTEGER) AS id, json_extract(k.value, '$[0]') AS issue, "
                    "json_extract(k.value, '$[1]') AS kind, json_extract(k.value, '$[2]') AS text, "
                    "json_extract(k.value, '$[3]') AS author, json_extract(k.value, '$[4]') AS created_at, "
                    "json_extract(k.value, '$[5]') AS copied_from, CAST(substr(m.value, 1, instr(m.value, char(31)) - "
                    "1) AS INTEGER) AS project, substr(m.value, instr(m.value, char(31)) + 1) AS hash FROM meta k "
                    "LEFT JOIN meta m ON m.key = 'reindex_activity:' || substr(k.key, 16) "
                    "WHERE k.key LIKE 'reindex_parked:%') p");
            // What is left to repoint: entries a reindex of an earlier build left in place.
            db.exec("DELETE FROM meta WHERE key LIKE 'reindex_activity:%' AND 'reindex_parked:' || substr(key, 18) "
                    "IN (SELECT key FROM meta WHERE key LIKE 'reindex_parked:%')");
            sql::Statement activity(db, "SELECT key, value FROM meta WHERE key LIKE 'reindex_activity:%'");
            sql::Statement repoint(db,
                "UPDATE issue_activity SET issue_id = (SELECT issue_id FROM issue_hashes WHERE project_id = ?2 AND "
                "hash = ?3) WHERE id = ?1 AND EXISTS (SELECT 1 FROM issue_hashes WHERE project_id = ?2 AND hash = ?3)");
            while (activity.step()) {
                const std::string key = activity.text(0);
                const std::string value = activity.text(1);
                const auto sep = value.find('\x1f');
                if (sep == std::string::npos)
                    continue;
                repoint.reset();
                repoint.bind(1, static_cast<std::int64_t>(std::stoll(key.substr(key.find(':') + 1))))
                    .bind(2, static_cast<std::int64_t>(std::stoll(value.substr(0, sep))))
                    .bind(3, value.substr(sep + 1))
                    .run();
            }
            db.exec("DELETE FROM meta WHERE key LIKE 'reindex_triage:%' OR key LIKE 'reindex_activity:%' OR key LIKE "
                    "'reindex_parked:%' OR key = 'reindex_in_progress'");
            tx.commit();
        }
    } catch (const std::exception& e) {
        summary.fatalError = e.what();
    }
    summary.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    return summary;
}

} // namespace stackdeck
