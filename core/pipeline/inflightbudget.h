#pragma once

#include <condition_variable>
#include <cstddef>
#include <mutex>

namespace stackdeck::pipeline {

// Bounds what a pipeline holds between its producer and its consumer, in
// bytes and in parts: the producer acquires a part's size before handing it
// on, the consumer releases it once the part is done with. A part larger than
// the whole budget still goes through when nothing else is in flight, so one
// big record can never stall the pipeline.
class InFlightBudget {
public:
    InFlightBudget(std::size_t maxBytes, std::size_t maxParts)
        : m_maxBytes(maxBytes)
        , m_maxParts(maxParts)
    {
    }

    // Waits for room; false when closed.
    bool acquire(std::size_t bytes)
    {
        std::unique_lock lock(m_mutex);
        m_released.wait(
            lock, [&] { return m_closed || m_parts == 0 || (m_parts < m_maxParts && m_bytes + bytes <= m_maxBytes); });
        if (m_closed)
            return false;
        m_bytes += bytes;
        ++m_parts;
        return true;
    }

    void release(std::size_t bytes)
    {
        {
            std::lock_guard lock(m_mutex);
            m_bytes -= bytes;
            --m_parts;
        }
        m_released.notify_all();
    }

    void close()
    {
        {
            std::lock_guard lock(m_mutex);
            m_closed = true;
        }
        m_released.notify_all();
    }

private:
    std::mutex m_mutex;
    std::condition_variable m_released;
    std::size_t m_maxBytes;
    std::size_t m_maxParts;
    std::size_t m_bytes = 0;
    std::size_t m_parts = 0;
    bool m_closed = false;
};

} // namespace stackdeck::pipeline
