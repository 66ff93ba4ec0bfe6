#include "issuecolumns.h"

#include <algorithm>
#include <array>

namespace stackdeck::store {

namespace {

constexpr std::array<std::string_view, 17> kDerivedIssueColumns
    = {"id", "project_id", "primary_hash", "title", "culprit", "type", "level", "platform", "metadata", "first_seen",
        "last_seen", "title_ts", "event_count", "user_count", "first_release", "last_release", "search_rows"};
constexpr std::array<std::string_view, 2> kServerIdentityColumns = {"server_id", "short_id"};

std::vector<std::string> columnsOf(sql::Database& db, std::string_view table)
{
    std::vector<std::string> out;
    sql::Statement st(db, "SELECT name FROM pragma_table_info(?1) ORDER BY cid");
    st.bind(1, table);
    while (st.step())
        out.push_back(st.text(0));
    return out;
}

} // namespace

bool isDerivedIssueColumn(std::string_view column)
{
    return std::find(kDerivedIssueColumns.begin(), kDerivedIssueColumns.end(), column) != kDerivedIssueColumns.end();
}

bool isServerIdentityColumn(std::string_view column)
{
    return std::find(kServerIdentityColumns.begin(), kServerIdentityColumns.end(), column)
        != kServerIdentityColumns.end();
}

std::vector<std::string> sharedColumns(sql::Database& db, std::string_view a, std::string_view b)
{
    std::vector<std::string> out = columnsOf(db, a);
    const std::vector<std::string> other = columnsOf(db, b);
    std::erase_if(out, [&](const std::string& c) { return std::find(other.begin(), other.end(), c) == other.end(); });
    return out;
}

std::string quotedIdentifier(std::string_view name)
{
    std::string out = "\"";
    for (const char c : name)
        out += c == '"' ? std::string("\"\"") : std::string(1, c);
    return out + '"';
}

} // namespace stackdeck::store
