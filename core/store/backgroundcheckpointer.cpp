#include "backgroundcheckpointer.h"

#include <algorithm>
#include <sqlite3.h>

namespace stackdeck::store {

namespace {
constexpr int kDefaultAutoCheckpointPages = 1000; // SQLite's default
// When the WAL is this long after a commit, the writer checkpoints itself.
// The background thread has copied nearly all of it by then, so this is
// short, and once a checkpoint is complete the next transaction starts the
// WAL over instead of growing it (a passive checkpoint alone never gets there
// while a writer keeps writing).
constexpr std::int64_t kWriterCheckpointBytes = std::int64_t {128} << 20;

// `context`: the WAL's length in pages at which the writer checkpoints
// (kWriterCheckpointBytes in the workspace's own pages: 4 KiB in older
// workspaces, 8 KiB in new ones).
int checkpointWhenLong(void* context, sqlite3* db, const char* schema, int pages)
{
    if (pages >= *static_cast<const int*>(context))
        sqlite3_wal_checkpoint_v2(db, schema, SQLITE_CHECKPOINT_PASSIVE, nullptr, nullptr);
    return SQLITE_OK;
}
} // namespace

BackgroundCheckpointer::BackgroundCheckpointer(sql::Database& writer, std::chrono::milliseconds interval)
    : m_writer(writer)
    , m_interval(interval)
{
    if (m_writer.path().empty() || m_writer.path() == ":memory:")
        return; // nothing to checkpoint
    const std::int64_t pageSize = std::max<std::int64_t>(512, m_writer.cached("PRAGMA page_size").scalarInt());
    m_checkpointPages = static_cast<int>(kWriterCheckpointBytes / pageSize);
    m_thread = std::thread([this] { run(); });
    // Only once the thread runs: the destructor, which takes the hook off
    // again, does not run when starting the thread throws, and the hook
    // would point into a dead object.
    sqlite3_wal_hook(m_writer.handle(), checkpointWhenLong, &m_checkpointPages);
}

BackgroundCheckpointer::~BackgroundCheckpointer()
{
    if (!m_thread.joinable())
        return;
    {
        std::lock_guard lock(m_mutex);
        m_stop = true;
    }
    m_wake.notify_all();
    m_thread.join();
    sqlite3_wal_autocheckpoint(m_writer.handle(), kDefaultAutoCheckpointPages);
}

void BackgroundCheckpointer::run()
{
    sqlite3* db = nullptr;
    if (sqlite3_open_v2(m_writer.path().c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, nullptr) != SQLITE_OK
        || !sql::hardenConnection(db)) {
        sqlite3_close(db); // the WAL waits for the automatic checkpoint the destructor restores
        return;
    }
    // A connection learns that the database is in WAL mode when it first
    // reads it: until then a checkpoint is a no-op that reports -1 frames.
    if (sqlite3_exec(db, "SELECT count(*) FROM sqlite_schema", nullptr, nullptr, nullptr) != SQLITE_OK) {
        sqlite3_close(db);
        return;
    }
    int lastCopied = 0;
    std::unique_lock lock(m_mutex);
    while (!m_stop) {
        m_wake.wait_for(lock, m_interval, [this] { return m_stop; });
        if (m_stop)
            break;
        lock.unlock();
        // Passive: copies what no reader still needs, never waits for a lock.
        // A failure (busy, I/O) leaves the WAL for the next round or the writer's own checkpoint.
        int walFrames = 0;
        int copied = 0; // of the WAL's frames, including those copied by earlier rounds
        if (sqlite3_wal_checkpoint_v2(db, nullptr, SQLITE_CHECKPOINT_PASSIVE, &walFrames, &copied) == SQLITE_OK
            && copied >= 0) {
            // A smaller count than last time means the WAL started over.
            m_frames.fetch_add(copied >= lastCopied ? copied - lastCopied : copied, std::memory_order_relaxed);
            lastCopied = copied;
        }
        lock.lock();
    }
    lock.unlock();
    sqlite3_close(db);
}

} // namespace stackdeck::store
