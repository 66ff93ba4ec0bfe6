#pragma once

#include <chrono>

namespace stackdeck::pipeline {

// Progress reports at most every 100 ms (style.md): due() says whether one is
// due now, and restarts the interval when it is.
class ProgressThrottle {
public:
    explicit ProgressThrottle(std::chrono::milliseconds interval = std::chrono::milliseconds(100))
        : m_interval(interval)
        , m_last(std::chrono::steady_clock::now() - interval)
    {
    }

    bool due()
    {
        const auto now = std::chrono::steady_clock::now();
        if (now - m_last < m_interval)
            return false;
        m_last = now;
        return true;
    }

private:
    std::chrono::milliseconds m_interval;
    std::chrono::steady_clock::time_point m_last;
};

} // namespace stackdeck::pipeline
