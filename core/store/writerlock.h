#pragma once

#include "util/result.h"

#include <chrono>
#include <functional>
#include <string>

namespace stackdeck::store {

// Who may write a workspace, across threads and processes.
//
// Ordinary writes (an import, a triage action, later a sync or the local
// endpoint, which runs for hours) hold the workspace *shared*: SQLite
// serialises their transactions, which are short (an import commits at least
// every second), so none of them keeps another out for more than a moment.
// A rebuild that must see a quiet workspace (reindex, regroup) holds it
// *exclusively*: ordinary writers wait for it (their wait callback says for
// whom: "the regroup of stackdeck-cli, pid 1234"), instead of failing on a
// busy database after SQLite's timeout, and a rebuild never sees half an import.
//
// The lock is flock(2) on "<workspace>-lock", next to SQLite's -wal and -shm,
// so it goes with the process that held it, kill -9 included. Each holder
// lists itself in that file (pid, what, since when) for the others to name.
class WriterLock {
public:
    enum class Kind { Shared, Exclusive };

    // While the workspace is held by others: called about every 200 ms with
    // who holds it. Return false to stop waiting (acquire then fails).
    using WaitFn = std::function<bool(const std::string& holders)>;

    // `purpose` names this holder to others ("import", "regroup"). Without a
    // wait function, fails at once when others hold the workspace, naming them.
    static Result<WriterLock> acquire(
        const std::string& workspacePath, Kind kind, const std::string& purpose, const WaitFn& wait = {});

    // Who holds the workspace now ("" when nobody), e.g. for a status line.
    static std::string holders(const std::string& workspacePath);

    WriterLock(WriterLock&& other) noexcept;
    WriterLock& operator=(WriterLock&& other) noexcept;
    WriterLock(const WriterLock&) = delete;
    WriterLock& operator=(const WriterLock&) = delete;
    ~WriterLock();

    Kind kind() const { return m_kind; }

private:
    WriterLock(int fd, std::string lockPath, Kind kind, std::string entry);
    void release();

    int m_fd = -1;
    std::string m_lockPath;
    Kind m_kind = Kind::Shared;
    std::string m_entry; // our line in the lock file
};

} // namespace stackdeck::store
