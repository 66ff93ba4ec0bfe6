// Times issue searches on a synthetic workspace: compile + the first page of
// listIssues (100 issues by last_seen), as the issue list runs them; also the
// total count and the sidebar facets for the same filter.
//
//   querybench WORKSPACE [--events N] [--issues N] [--repeat N] [--optimize-fts]
//
// A missing WORKSPACE is generated first (1M events in 13k issues by default,
// through the real write path; takes a while).

#include "query/facets.h"
#include "query/issuequery.h"
#include "store/issuequeries.h"
#include "store/workspace.h"
#include "workspacegenerator.h"

#include <QDateTime>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <string>
#include <vector>

using namespace stackdeck;

namespace {

using Clock = std::chrono::steady_clock;

double msSince(Clock::time_point start)
{
    return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

// CPU time of this thread: on a shared machine wall time includes waiting for a core.
double cpuMs()
{
    timespec ts {};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) * 1e3 + static_cast<double>(ts.tv_nsec) / 1e6;
}

std::string loadAverage()
{
    std::FILE* f = std::fopen("/proc/loadavg", "r");
    char buf[64] = {};
    if (f) {
        if (!std::fgets(buf, sizeof buf, f))
            buf[0] = 0;
        std::fclose(f);
    }
    std::string out(buf);
    return out.substr(0, out.find(' '));
}

std::string scalar(sql::Database& db, const std::string& sql)
{
    sql::Statement st(db, sql);
    return st.step() ? st.text(0) : std::string();
}

// A token that occurs in one event only: the hex id at the end of an issue title.
std::string rareWord(sql::Database& db)
{
    const std::string title
        = scalar(db, "SELECT title FROM issues WHERE title LIKE '%''' ORDER BY id LIMIT 1 OFFSET 4000");
    const auto end = title.rfind('\'');
    const auto start = end == std::string::npos ? end : title.rfind('\'', end - 1);
    return start == std::string::npos ? std::string("zzzqqq") : title.substr(start + 1, end - start - 1);
}

std::vector<std::string> searches(sql::Database& db, Micros now)
{
    const std::string trace = scalar(db, "SELECT value FROM tags WHERE key = 'trace' LIMIT 1 OFFSET 400000");
    const std::string user = scalar(db, "SELECT value FROM tags WHERE key = 'user' LIMIT 1 OFFSET 100");
    const std::string tenDaysAgo = formatIsoTimestamp(now - 10 * 86'400'000'000LL).substr(0, 10);
    return {"", "is:unresolved", "is:resolved", "is:bookmarked", "is:assigned", "is:unassigned", "level:error",
        "level:warning,fatal", "level:>=warning", "release:acme@1.2.3", "release:acme@2.*", "!release:acme@1.0.0",
        "environment:production", "env:staging", "!env:production", "project:acme-python",
        "project:acme-java,acme-node", "assigned:alice@example.com", "has:user", "!has:user", "has:trace",
        "has:customer", "!has:release", "browser:Chrome", "os.name:Linux", "customer:tenant-4",
        R"(url:"https://shop.example.com/api/order/load")", "feature_flag:new-checkout", "trace:" + trace,
        "user:\"" + user + "\"", "firstSeen:-24h", "lastSeen:-24h", "lastSeen:>-7d", "lastSeen:<-1h", "lastSeen:+14d",
        "firstSeen:>=" + tenDaysAgo, "times_seen:>100", "events:1", "users:>3", "title:TypeError",
        "culprit:/api/order*", "could", "could ", "order ", "ValueError ", rareWord(db) + " ", "zzzqqq ", "conn",
        "ConnectionError ", R"("could not load")", "!could", "could payment ", R"(message:"could not")",
        "is:unresolved level:error env:production could ", "is:unresolved browser:Chrome lastSeen:-7d",
        "(level:fatal OR level:warning) !env:dev", "release:acme@1.* customer:tenant-4 ",
        R"(title:"'); DROP TABLE events;--")", R"("x\" OR 1=1 --")", "NEAR(a b)"};
}

} // namespace

int main(int argc, char** argv)
{
    std::string path;
    bench::GeneratorOptions gen;
    int repeat = 5;
    bool optimize = false;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        if (arg == "--events" && i + 1 < argc)
            gen.events = std::stoll(argv[++i]);
        else if (arg == "--issues" && i + 1 < argc)
            gen.issues = std::stoll(argv[++i]);
        else if (arg == "--repeat" && i + 1 < argc)
            repeat = std::max(1, std::stoi(argv[++i]));
        else if (arg == "--optimize-fts")
            optimize = true;
        else
            path = arg;
    }
    if (path.empty()) {
        std::fprintf(stderr, "usage: querybench WORKSPACE [--events N] [--issues N] [--repeat N] [--optimize-fts]\n");
        return 2;
    }
    const bool fresh = !std::filesystem::exists(path);
    auto ws = store::Workspace::open(path);
    if (!ws) {
        std::fprintf(stderr, "%s\n", ws.error().message.c_str());
        return 1;
    }
    sql::Database& db = (*ws)->db();
    if (fresh) {
        // A fixture, not user data: durability does not matter while it is built.
        db.exec("PRAGMA synchronous=OFF");
        gen.now = QDateTime::currentMSecsSinceEpoch() * 1000;
        const auto start = Clock::now();
        bench::generateWorkspace(db, gen, [&](std::int64_t done) {
            if (done % 50'000 == 0) {
                std::printf("generated %lld events in %.0f s\n", static_cast<long long>(done), msSince(start) / 1000);
                std::fflush(stdout);
            }
        });
        db.exec("PRAGMA synchronous=NORMAL");
    }
    if (optimize) {
        const auto start = Clock::now();
        db.exec("INSERT INTO search(search) VALUES('optimize')");
        std::printf("FTS optimize: %.0f ms\n", msSince(start));
    }

    std::printf("load average at start: %s\n", loadAverage().c_str());
    std::printf("workspace: %s events, %s issues, %s tags, %s issue_tags rows, %s search rows, FTS segments %s\n",
        scalar(db, "SELECT count(*) FROM events").c_str(), scalar(db, "SELECT count(*) FROM issues").c_str(),
        scalar(db, "SELECT count(*) FROM tags").c_str(), scalar(db, "SELECT count(*) FROM issue_tags").c_str(),
        scalar(db, "SELECT sum(search_rows) FROM issues").c_str(),
        scalar(db, "SELECT count(DISTINCT segid) FROM search_idx").c_str());
    const Micros now = std::stoll(scalar(db, "SELECT max(last_seen) FROM issues"));
    auto contextStart = Clock::now();
    auto context = query::loadQueryContext(db, now);
    if (!context) {
        std::fprintf(stderr, "%s\n", context.error().message.c_str());
        return 1;
    }
    std::printf("loadQueryContext: %.2f ms (%zu tag keys, %zu projects)\n\n", msSince(contextStart),
        context->tagKeys.size(), context->projects.size());
    std::printf("%-52s %7s %7s %7s %7s %5s | %7s %8s | %8s\n", "search (first page: 100 by last_seen)", "first",
        "median", "max", "cpu", "rows", "count", "count ms", "facet ms");

    double worst = 0, worstCpu = 0;
    for (const std::string& text : searches(db, now)) {
        std::vector<double> times, cpu;
        std::size_t rows = 0;
        query::CompiledQuery q;
        for (int r = 0; r < repeat; ++r) {
            const auto start = Clock::now();
            const double cpuStart = cpuMs();
            q = query::compileIssueQuery(text, *context);
            if (!q.ok())
                break;
            store::IssueListRequest request;
            request.filter = q.filter;
            request.limit = 100;
            rows = store::listIssues(db, request).issues.size();
            times.push_back(msSince(start));
            cpu.push_back(cpuMs() - cpuStart);
        }
        if (!q.ok()) {
            std::printf("%-52s error: %s\n", text.c_str(), q.error->message.c_str());
            continue;
        }
        const double first = times.front();
        std::sort(times.begin(), times.end());
        std::sort(cpu.begin(), cpu.end());
        const double median = times[times.size() / 2], medianCpu = cpu[cpu.size() / 2];
        worst = std::max(worst, median);
        worstCpu = std::max(worstCpu, medianCpu);
        auto start = Clock::now();
        const std::int64_t count = store::countIssues(db, q.countFilter);
        const double countMs = msSince(start);
        start = Clock::now();
        const auto facets = query::loadFacets(db, q.countFilter);
        const double facetMs = msSince(start);
        std::printf("%-52.52s %7.2f %7.2f %7.2f %7.2f %5zu | %7lld %8.1f | %8.1f%s\n", text.c_str(), first, median,
            times.back(), medianCpu, rows, static_cast<long long>(count), countMs, facetMs,
            facets ? "" : " (facet error)");
        std::fflush(stdout);
    }
    std::printf("\nslowest median first page: %.2f ms wall, %.2f ms cpu (load average %s)\n", worst, worstCpu,
        loadAverage().c_str());
    return 0;
}
