// Trace figures (issue #18's bars): assembly of a synthetic trace of 10,000
// spans in 20 services (bar: <= 100 ms), and the first page of the trace list
// over a workspace's derived `traces` table (bar: <= 300 ms for the traces of
// a 1M-event workspace). Prints figures.
//
//   tracebench [--spans N] [--traces N] [--keep DIR] [--db WORKSPACE]

#include "store/tracequeries.h"
#include "store/tracerows.h"
#include "store/workspace.h"
#include "trace/traceassembler.h"
#include "trace/tracefilter.h"

#include <QCoreApplication>
#include <QTemporaryDir>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <random>

using namespace stackdeck;

namespace {

double msSince(std::chrono::steady_clock::time_point t0)
{
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
}

std::string hex16(std::uint64_t n)
{
    char buf[20];
    std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(n));
    return buf;
}

// Transactions of 50 spans each across 20 services; each transaction after the
// first is called from a span of an earlier one (another service), and every
// fourth service's clock runs 5 ms ahead.
std::vector<trace::EventInput> syntheticTrace(int spans)
{
    std::mt19937_64 rng(18);
    const int perTx = 50;
    const int txCount = std::max(1, spans / perTx);
    std::vector<trace::EventInput> out;
    std::vector<std::pair<std::string, std::pair<Micros, Micros>>> callers; // span id, window
    std::uint64_t next = 1;
    for (int t = 0; t < txCount; ++t) {
        trace::EventInput e;
        e.eventId = hex16(next) + hex16(next);
        e.transactionLike = true;
        e.traceId = "0123456789abcdef0123456789abcdef";
        e.service = "service-" + std::to_string(t % 20);
        e.project = e.service;
        e.op = "http.server";
        e.name = "GET /endpoint/" + std::to_string(t % 37);
        Micros start = 0;
        Micros end = 10'000'000;
        if (t > 0) {
            const auto& [caller, window] = callers[rng() % callers.size()];
            e.parentSpanId = caller;
            const Micros len = std::max<Micros>(10, (window.second - window.first) / 2);
            start = window.first + static_cast<Micros>(rng() % static_cast<std::uint64_t>(len / 2 + 1));
            end = std::min(window.second, start + len);
            if (t % 20 % 4 == 3)
                start += 5000, end += 5000; // skewed clock
        }
        e.spanId = hex16(next++);
        e.start = start;
        e.end = end;
        for (int s = 1; s < perTx; ++s) {
            // Half the spans are children of the transaction, the rest nest one level.
            const bool nested = s > 1 && s % 2 == 0;
            const std::string parent = nested ? e.spans.back().spanId : e.spanId;
            const Micros pStart = nested ? *e.spans.back().start : start;
            const Micros pEnd = nested ? *e.spans.back().end : end;
            const Micros width = std::max<Micros>(1, pEnd - pStart);
            const Micros a = pStart + static_cast<Micros>(rng() % static_cast<std::uint64_t>(width));
            const Micros b = std::min(pEnd, a + static_cast<Micros>(rng() % static_cast<std::uint64_t>(width / 2 + 1)));
            e.spans.push_back({hex16(next++), parent, s % 3 ? "db.query" : "http.client", "span", "ok", a, b});
            if (s % 3 == 0)
                callers.push_back({e.spans.back().spanId, {a, b}});
        }
        if (t == 0)
            callers.push_back({e.spanId, {start, end}});
        out.push_back(std::move(e));
    }
    return out;
}

void benchAssembly(int spans)
{
    const auto events = syntheticTrace(spans);
    std::vector<double> times;
    trace::Trace t;
    for (int run = 0; run < 15; ++run) {
        const auto t0 = std::chrono::steady_clock::now();
        t = trace::assembleTrace(events);
        times.push_back(msSince(t0));
    }
    std::sort(times.begin(), times.end());
    int critical = 0;
    int skewed = 0;
    for (const auto& s : t.spans) {
        critical += s.critical ? 1 : 0;
        skewed += s.has(trace::Skewed) ? 1 : 0;
    }
    const auto sum = t.summary();
    std::printf("assembly: %zu spans, %zu services, %d on the critical path, %d skew-adjusted: median %.1f ms, "
                "min %.1f ms, max %.1f ms (bar 100 ms)\n",
        t.spans.size(), sum.services.size(), critical, skewed, times[times.size() / 2], times.front(), times.back());
}

// The first page of each query, both orders: the median of 5 reads.
void benchQueries(sql::Database& db)
{
    std::printf("list: %lld traces\n", static_cast<long long>(store::countTraces(db)));
    // The synthetic rows' terms (endpoint, service-N) and those of the bench
    // import's corpus (/api/WORD/VERB, web-N), common, rare and absent.
    for (const char* q : {"", "has:error", "duration:>500ms", "service:service-7", "op:db.query", "endpoint",
             "endpoint/42", "endpoint/499 service:service-3", "service:web-34", "export", "export/sync",
             "/api/inventory/apply has:error", "checkout", "zzzz"}) {
        for (const auto sort : {store::TraceSort::Start, store::TraceSort::Duration}) {
            store::TraceListOptions o;
            o.filter = trace::parseTraceFilter(q).filter;
            o.sort = sort;
            o.limit = 100;
            std::vector<double> times;
            std::size_t rows = 0;
            for (int run = 0; run < 5; ++run) {
                const auto t0 = std::chrono::steady_clock::now();
                rows = store::listTraces(db, o).size();
                times.push_back(msSince(t0));
            }
            std::sort(times.begin(), times.end());
            std::printf("list first page, query '%s', by %s: %zu rows in %.1f ms (median of 5, max %.1f; bar 300 ms)\n",
                q, sort == store::TraceSort::Start ? "start" : "duration", rows, times[times.size() / 2], times.back());
        }
    }
}

void benchList(const std::string& path, int traces)
{
    auto ws = store::Workspace::open(path);
    if (!ws) {
        std::fprintf(stderr, "%s\n", ws.error().message.c_str());
        return;
    }
    sql::Database& db = (*ws)->db();
    std::mt19937_64 rng(7);
    auto t0 = std::chrono::steady_clock::now();
    {
        sql::Transaction tx(db);
        for (int i = 0; i < traces; ++i) {
            trace::TraceSummary s;
            s.traceId = hex16(rng()) + hex16(static_cast<std::uint64_t>(i));
            s.rootName = "GET /endpoint/" + std::to_string(rng() % 500);
            s.rootOp = "http.server";
            s.start = 1'700'000'000'000'000 + static_cast<Micros>(rng() % 30'000'000'000ULL);
            s.duration = static_cast<Micros>(rng() % 2'000'000);
            s.spanCount = static_cast<std::int64_t>(rng() % 200);
            s.errorCount = rng() % 10 == 0 ? 1 : 0;
            s.eventCount = 5;
            s.services = {"service-" + std::to_string(rng() % 20), "service-" + std::to_string(20 + rng() % 20)};
            s.projects = s.services;
            s.ops = {"http.server", "db.query"};
            store::writeTraceSummary(db, s);
        }
        tx.commit();
    }
    std::printf("list: %d traces written in %.0f ms\n", traces, msSince(t0));
    benchQueries(db);
}

// A real workspace (e.g. `stackdeck-cli bench import --events N --keep DIR`):
// its marked traces are assembled first (timed), then the queries run.
void benchWorkspace(const std::string& path)
{
    auto ws = store::Workspace::open(path);
    if (!ws) {
        std::fprintf(stderr, "%s\n", ws.error().message.c_str());
        return;
    }
    sql::Database& db = (*ws)->db();
    const std::int64_t marked = store::countStaleTraces(db);
    const auto t0 = std::chrono::steady_clock::now();
    store::assembleAllStaleTraces(db);
    std::printf("assembled %lld marked traces in %.0f ms\n", static_cast<long long>(marked), msSince(t0));
    benchQueries(db);
}

} // namespace

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    int spans = 10'000;
    int traces = 200'000;
    QString keep;
    QString db;
    const QStringList args = QCoreApplication::arguments();
    for (int i = 1; i + 1 < args.size(); ++i) {
        if (args[i] == QLatin1String("--spans"))
            spans = args[i + 1].toInt();
        else if (args[i] == QLatin1String("--traces"))
            traces = args[i + 1].toInt();
        else if (args[i] == QLatin1String("--keep"))
            keep = args[i + 1];
        else if (args[i] == QLatin1String("--db"))
            db = args[i + 1];
    }
    if (args.contains(QLatin1String("--help"))) {
        std::printf("tracebench [--spans N] [--traces N] [--keep DIR] [--db WORKSPACE]\n"
                    "  assembly of a synthetic trace of N spans (default 10000), then the trace list's first\n"
                    "  page for a set of queries over N synthetic trace rows (default 200000), or over the\n"
                    "  traces of WORKSPACE (its marked traces assembled first, timed).\n");
        return 0;
    }
    if (!db.isEmpty()) {
        benchWorkspace(db.toStdString());
        return 0;
    }
    benchAssembly(spans);
    QTemporaryDir tmp;
    const QString dir = keep.isEmpty() ? tmp.path() : keep;
    benchList(QString(dir + QStringLiteral("/traces.stackdeck")).toStdString(), traces);
    return 0;
}
