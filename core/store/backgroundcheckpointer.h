#pragma once

#include "sqlite.h"

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <string>
#include <thread>

namespace stackdeck::store {

// Moves WAL checkpoints off a bulk writer's thread for as long as it lives.
// SQLite's automatic checkpoint runs inside the commit that crosses the
// threshold: it copies the WAL into the database and fsyncs both, and the
// writer waits for the disk. This runs passive checkpoints from a connection
// of its own every `interval` instead (they never block the writer or
// readers), and lets the writer checkpoint only when the WAL grows long, to
// finish what the background copied and start the WAL over. The destructor
// restores SQLite's automatic checkpoint on `writer`.
class BackgroundCheckpointer {
public:
    BackgroundCheckpointer(sql::Database& writer, std::chrono::milliseconds interval = std::chrono::milliseconds(250));
    BackgroundCheckpointer(const BackgroundCheckpointer&) = delete;
    BackgroundCheckpointer& operator=(const BackgroundCheckpointer&) = delete;
    ~BackgroundCheckpointer();

    // WAL frames the background connection has copied into the database so far.
    std::int64_t framesCheckpointed() const { return m_frames.load(std::memory_order_relaxed); }

private:
    void run();

    sql::Database& m_writer;
    std::chrono::milliseconds m_interval;
    std::mutex m_mutex;
    std::condition_variable m_wake;
    bool m_stop = false;
    std::atomic<std::int64_t> m_frames {0};
    int m_checkpointPages = 0; // read by the writer's WAL hook
    std::thread m_thread;
};

} // namespace stackdeck::store
