#include "workspacesession.h"

#include <sqlite3.h>

namespace stackdeck::store {

WorkspaceSession::Reader::Reader(std::shared_ptr<WorkspaceSession> session, std::unique_ptr<Workspace> ws)
    : m_session(std::move(session))
    , m_ws(std::move(ws))
{
}

WorkspaceSession::Reader::~Reader()
{
    if (m_session && m_ws)
        m_session->giveBack(std::move(m_ws));
}

WorkspaceSession::Writer::Writer(
    std::shared_ptr<WorkspaceSession> session, std::unique_lock<std::mutex> lock, sql::Database* db)
    : m_session(std::move(session))
    , m_lock(std::move(lock))
    , m_db(db)
{
}

WorkspaceSession::WorkspaceSession(std::string path, Mode mode, std::unique_ptr<Workspace> writer)
    : m_path(std::move(path))
    , m_mode(mode)
    , m_writer(std::move(writer))
{
}

WorkspaceSession::~WorkspaceSession() = default;

Result<std::shared_ptr<WorkspaceSession>> WorkspaceSession::open(const std::string& path, Mode mode)
{
    // Workspace::open validates the file (migration, or the schema check for
    // reading); its connection becomes the writer, or the first pooled reader.
    auto ws = Workspace::open(path, mode == Mode::ReadWrite ? Workspace::Mode::ReadWrite : Workspace::Mode::ReadOnly);
    if (!ws)
        return ws.error();
    if (mode == Mode::ReadWrite)
        return std::shared_ptr<WorkspaceSession>(new WorkspaceSession(path, mode, std::move(ws).value()));
    std::shared_ptr<WorkspaceSession> session(new WorkspaceSession(path, mode, nullptr));
    session->giveBack(std::move(ws).value());
    return session;
}

Result<WorkspaceSession::Reader> WorkspaceSession::reader()
{
    {
        std::lock_guard guard(m_poolMutex);
        if (!m_idle.empty()) {
            auto ws = std::move(m_idle.back());
            m_idle.pop_back();
            return Reader(shared_from_this(), std::move(ws));
        }
    }
    auto ws = Workspace::open(m_path, Workspace::Mode::ReadOnly);
    if (!ws)
        return Error {"cannot read " + m_path + ": " + ws.error().message};
    return Reader(shared_from_this(), std::move(ws).value());
}

Result<WorkspaceSession::Writer> WorkspaceSession::writer()
{
    if (!m_writer)
        return Error {m_path + " is open for reading only"};
    std::unique_lock lock(m_writerMutex);
    return Writer(shared_from_this(), std::move(lock), &m_writer->db());
}

Result<WriterLock> WorkspaceSession::lock(
    WriterLock::Kind kind, const std::string& purpose, const WriterLock::WaitFn& wait) const
{
    if (m_mode == Mode::ReadOnly)
        return Error {m_path + " is open for reading only"};
    return WriterLock::acquire(m_path, kind, purpose, wait);
}

std::size_t WorkspaceSession::idleReaders() const
{
    std::lock_guard guard(m_poolMutex);
    return m_idle.size();
}

void WorkspaceSession::giveBack(std::unique_ptr<Workspace> reader)
{
    // A statement left mid-result (a cached one stepped to its first row and
    // not reset) keeps its read transaction, and with it the snapshot it began
    // in: the next lease of this connection would not see what was written
    // since (the redaction rules editor read rules a minute old), and the WAL
    // could not be checkpointed past it. Ended here, before pooling.
    sqlite3* handle = reader->db().handle();
    for (sqlite3_stmt* st = sqlite3_next_stmt(handle, nullptr); st != nullptr; st = sqlite3_next_stmt(handle, st)) {
        if (sqlite3_stmt_busy(st))
            sqlite3_reset(st);
    }
    std::lock_guard guard(m_poolMutex);
    if (m_idle.size() < kMaxIdleReaders)
        m_idle.push_back(std::move(reader));
    // else it closes here: the pool keeps only a few idle connections
}

} // namespace stackdeck::store
