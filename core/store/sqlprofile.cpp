#include "sqlprofile.h"

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <mutex>
#include <sqlite3.h>
#include <string>
#include <vector>

namespace stackdeck::sql {

namespace {

constexpr std::size_t kShownStatements = 40;
constexpr std::size_t kShownSqlChars = 160;

struct Totals {
    std::int64_t runs = 0;
    std::int64_t nanoseconds = 0;
};

class Profile {
public:
    static Profile& instance()
    {
        // Never destroyed: connections of static objects may still report while the process exits.
        static auto* profile = new Profile;
        return *profile;
    }

    void add(const char* sql, std::int64_t nanoseconds)
    {
        std::string key = sql ? std::string(sql).substr(0, kShownSqlChars) : std::string("?");
        std::replace(key.begin(), key.end(), '\n', ' ');
        std::lock_guard lock(m_mutex);
        Totals& t = m_totals[key];
        ++t.runs;
        t.nanoseconds += nanoseconds;
    }

    void print(const char* heading = nullptr, bool restart = false)
    {
        std::lock_guard lock(m_mutex);
        std::vector<std::pair<std::string, Totals>> rows(m_totals.begin(), m_totals.end());
        if (restart)
            m_totals.clear();
        std::sort(rows.begin(), rows.end(),
            [](const auto& a, const auto& b) { return a.second.nanoseconds > b.second.nanoseconds; });
        std::fprintf(stderr, "SQL profile (STACKDECK_SQL_PROFILE)%s%s: total ms, runs, statement\n",
            heading ? ", " : "", heading ? heading : "");
        for (std::size_t i = 0; i < rows.size() && i < kShownStatements; ++i) {
            std::fprintf(stderr, "%10.1f %9lld  %s\n", static_cast<double>(rows[i].second.nanoseconds) / 1e6,
                static_cast<long long>(rows[i].second.runs), rows[i].first.c_str());
        }
    }

private:
    Profile()
    {
        std::atexit([] { instance().print(); });
    }

    std::mutex m_mutex;
    std::map<std::string, Totals> m_totals;
};

int onProfile(unsigned, void*, void* statement, void* nanoseconds)
{
    Profile::instance().add(
        sqlite3_sql(static_cast<sqlite3_stmt*>(statement)), *static_cast<const sqlite3_int64*>(nanoseconds));
    return 0;
}

bool profileAsked()
{
    static const bool asked = std::getenv("STACKDECK_SQL_PROFILE") != nullptr;
    return asked;
}

} // namespace

void printProfileAndRestart(const char* heading)
{
    if (profileAsked())
        Profile::instance().print(heading, true);
}

void profileConnectionIfAsked(sqlite3* db)
{
    if (!profileAsked())
        return;
    Profile::instance();
    sqlite3_trace_v2(db, SQLITE_TRACE_PROFILE, onProfile, nullptr);
}

} // namespace stackdeck::sql
