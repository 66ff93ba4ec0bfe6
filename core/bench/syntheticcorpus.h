#pragma once

#include "model/timestamp.h"

#include <cstdint>
#include <string>
#include <vector>

namespace stackdeck::bench {

struct SyntheticOptions {
    std::int64_t events = 100'000;
    std::int64_t issues = 0; // distinct bugs; 0 = events / 77 (a million events in ~13,000 issues)
    double transactionShare = 0.15;
    std::uint64_t seed = 42;
    Micros now = 0; // newest timestamp; 0 = now
    int days = 30; // events spread over this many days before `now`
};

// A deterministic generator of realistic Sentry events, one JSON document per
// call: errors with exception chains, 10-60 frames with context lines and
// variables, 10-100 breadcrumbs, a request, tags, contexts and a user; and
// transactions with 20-200 spans. Median event around 9 KB, p99 above 40 KB,
// like the corpus the performance facts were measured on.
class SyntheticCorpus {
public:
    explicit SyntheticCorpus(SyntheticOptions options);
    ~SyntheticCorpus();
    SyntheticCorpus(const SyntheticCorpus&) = delete;
    SyntheticCorpus& operator=(const SyntheticCorpus&) = delete;

    // Writes the next event (compact JSON, no newline) into `out`; false when done.
    bool next(std::string& out);
    std::int64_t produced() const { return m_produced; }
    const SyntheticOptions& options() const { return m_options; }

private:
    struct Bug;
    struct Rng {
        std::uint64_t state;
        std::uint64_t next();
        std::uint64_t below(std::uint64_t n) { return n == 0 ? 0 : next() % n; }
        int range(int lo, int hi) { return lo + static_cast<int>(below(static_cast<std::uint64_t>(hi - lo) + 1)); }
        double unit() { return static_cast<double>(next() >> 11) / 9007199254740992.0; }
        bool chance(double p) { return unit() < p; }
    };

    // syntheticerror.cpp
    void writeError(std::string& out, const Bug& bug, Micros ts);
    void writeException(std::string& out, const Bug& bug, std::size_t index);
    void writeFrame(std::string& out, const Bug& bug, std::size_t exception, std::size_t frame);
    void writeBreadcrumbs(std::string& out, Micros ts);
    void writeRequest(std::string& out, const Bug& bug);
    void writeTransaction(std::string& out, Micros ts);
    void writeCommon(std::string& out, const Bug* bug, Micros ts);
    Bug makeBug(std::int64_t index);
    std::string hexId(int chars);
    Micros pickTimestamp(const Bug* bug);

    SyntheticOptions m_options;
    Rng m_rng;
    std::vector<Bug> m_bugs;
    std::int64_t m_produced = 0;
    std::string m_traceId;
    std::string m_rootSpanId;
};

} // namespace stackdeck::bench
