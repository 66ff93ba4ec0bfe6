#include "ratelimiter.h"

#include <algorithm>
#include <cmath>

namespace stackdeck::ingest {

RateLimiter::RateLimiter(double ratePerSecond, double burst)
    : m_rate(std::max(0.0, ratePerSecond))
    , m_burst(burst > 0 ? burst : std::max(1.0, ratePerSecond))
    , m_tokens(m_burst)
    , m_last(Clock::now())
{
}

void RateLimiter::refill(Clock::time_point now) const
{
    if (now <= m_last)
        return;
    const double seconds = std::chrono::duration<double>(now - m_last).count();
    m_tokens = std::min(m_burst, m_tokens + seconds * m_rate);
    m_last = now;
}

bool RateLimiter::take(Clock::time_point now)
{
    if (m_rate <= 0)
        return true;
    refill(now);
    if (m_tokens < 1.0)
        return false;
    m_tokens -= 1.0;
    return true;
}

int RateLimiter::retryAfterSeconds(Clock::time_point now) const
{
    if (m_rate <= 0)
        return 1;
    refill(now);
    const double wait = (1.0 - m_tokens) / m_rate;
    return std::max(1, static_cast<int>(std::ceil(wait)));
}

} // namespace stackdeck::ingest
