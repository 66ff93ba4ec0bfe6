#pragma once

#include <chrono>

namespace stackdeck::ingest {

// A token bucket: `ratePerSecond` requests on average, bursts up to `burst`.
// A rate of 0 lets everything through.
class RateLimiter {
public:
    using Clock = std::chrono::steady_clock;

    RateLimiter(double ratePerSecond = 0, double burst = 0);

    // True when a request may pass now (takes a token); else retryAfter() says when one will be there.
    bool take(Clock::time_point now = Clock::now());
    // Whole seconds until the next token, at least 1 (what Retry-After carries).
    int retryAfterSeconds(Clock::time_point now = Clock::now()) const;

private:
    void refill(Clock::time_point now) const;

    double m_rate;
    double m_burst;
    mutable double m_tokens;
    mutable Clock::time_point m_last;
};

} // namespace stackdeck::ingest
