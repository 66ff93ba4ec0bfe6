#pragma once

#include "sqlite.h"
#include "util/result.h"
#include "workspace.h"
#include "writerlock.h"

#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace stackdeck::store {

// One open workspace, shared by everything that reads or writes it in this
// process (the window and its views, their workers, the jobs they start).
// Opening it validates the file once (creates and migrates it for writing, or
// checks the schema for reading); afterwards nobody opens the file on their own:
//
// - reader(): a read-only connection for the calling thread, for as long as
//   the lease lives. Leases come from a small pool, so a worker that reads a
//   page every few seconds does not reopen the file each time. Any thread may
//   ask; a connection is used by one thread at a time (SQLite's rule).
// - writer(): the single write connection (ReadWrite sessions only), held
//   alone by its lease; a second writer() on another thread waits. Together
//   with the cross-process WriterLock (which the caller takes, naming its job)
//   this is the one way to write through the session.
//
// Held as std::shared_ptr: a worker's lease keeps the session alive when the
// view that started it has moved on to another workspace.
class WorkspaceSession : public std::enable_shared_from_this<WorkspaceSession> {
public:
    enum class Mode { ReadWrite, ReadOnly };

    class Reader {
    public:
        Reader(Reader&&) noexcept = default;
        Reader& operator=(Reader&&) noexcept = default;
        Reader(const Reader&) = delete;
        Reader& operator=(const Reader&) = delete;
        ~Reader();
        sql::Database& db() { return m_ws->db(); }

    private:
        friend class WorkspaceSession;
        Reader(std::shared_ptr<WorkspaceSession> session, std::unique_ptr<Workspace> ws);
        std::shared_ptr<WorkspaceSession> m_session;
        std::unique_ptr<Workspace> m_ws;
    };

    class Writer {
    public:
        Writer(Writer&&) noexcept = default;
        Writer& operator=(Writer&&) noexcept = default;
        Writer(const Writer&) = delete;
        Writer& operator=(const Writer&) = delete;
        sql::Database& db() { return *m_db; }

    private:
        friend class WorkspaceSession;
        Writer(std::shared_ptr<WorkspaceSession> session, std::unique_lock<std::mutex> lock, sql::Database* db);
        std::shared_ptr<WorkspaceSession> m_session; // declared first: the lock goes before the session
        std::unique_lock<std::mutex> m_lock;
        sql::Database* m_db = nullptr;
    };

    // ReadWrite creates the file if needed and migrates it to the current
    // schema (which can take a while for an old, big one: not on the GUI thread);
    // ReadOnly opens an existing, current one.
    static Result<std::shared_ptr<WorkspaceSession>> open(const std::string& path, Mode mode = Mode::ReadWrite);

    WorkspaceSession(const WorkspaceSession&) = delete;
    WorkspaceSession& operator=(const WorkspaceSession&) = delete;
    ~WorkspaceSession();

    const std::string& path() const { return m_path; }
    Mode mode() const { return m_mode; }

    // A read-only connection for this thread until the lease ends.
    Result<Reader> reader();
    // The write connection, alone; an error for a ReadOnly session.
    Result<Writer> writer();
    // The cross-process lock of this workspace (see WriterLock), for a job
    // that writes: Shared for ordinary writes, Exclusive for a rebuild.
    Result<WriterLock> lock(
        WriterLock::Kind kind, const std::string& purpose, const WriterLock::WaitFn& wait = {}) const;

    // Idle pooled readers (figures for tests).
    std::size_t idleReaders() const;
    static constexpr std::size_t kMaxIdleReaders = 4;

private:
    WorkspaceSession(std::string path, Mode mode, std::unique_ptr<Workspace> writer);
    void giveBack(std::unique_ptr<Workspace> reader);

    std::string m_path;
    Mode m_mode;
    std::unique_ptr<Workspace> m_writer; // null for a ReadOnly session
    std::mutex m_writerMutex;
    mutable std::mutex m_poolMutex;
    std::vector<std::unique_ptr<Workspace>> m_idle; // read-only connections
};

} // namespace stackdeck::store
