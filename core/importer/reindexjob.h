#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <string>

namespace stackdeck {

struct ReindexSummary {
    std::int64_t events = 0;
    std::int64_t issues = 0;
    std::int64_t failed = 0; // stored payloads that no longer decode (kept, left ungrouped)
    std::int64_t triageRestored = 0;
    bool cancelled = false;
    std::string fatalError;
    double seconds = 0;
};

// Rebuilds every derived table (issues, hashes, tags, spans, search, aggregates)
// from the stored original payloads, e.g. after a grouping change. Triage
// state (status, assignee, bookmark, server ids) follows the issue's hashes.
// Interrupted (cancel or crash), it leaves a consistent but partial index and
// a marker; running it again starts over and completes it.
class ReindexJob {
public:
    using ProgressFn = std::function<void(std::int64_t done, std::int64_t total)>;

    explicit ReindexJob(std::string workspacePath);
    ReindexSummary run(const std::atomic<bool>* cancel = nullptr, const ProgressFn& progress = {});

    // A reindex holds the workspace exclusively (store/writerlock.h). While
    // others write to it, this is called about every 200 ms with who they
    // are; false gives up. Without it the reindex waits until cancelled.
    void setWaitForWriters(std::function<bool(const std::string& holders)> wait) { m_wait = std::move(wait); }

    // True when a previous reindex did not finish.
    static bool isInterrupted(const std::string& workspacePath);

private:
    std::string m_workspacePath;
    std::function<bool(const std::string& holders)> m_wait;
};

} // namespace stackdeck
