#include "forwardupstreams.h"

namespace stackdeck::store {

namespace {

constexpr std::string_view kPrefix = "forward_upstream:";

// The value: "<keyRef> <upstream>" (the key reference is hex, without spaces).
std::optional<ForwardUpstream> fromRow(std::string key, const std::string& value)
{
    const std::size_t space = value.find(' ');
    if (space == std::string::npos || key.size() <= kPrefix.size())
        return std::nullopt;
    return ForwardUpstream {key.substr(kPrefix.size()), value.substr(space + 1), value.substr(0, space)};
}

} // namespace

void saveForwardUpstream(sql::Database& db, const ForwardUpstream& upstream)
{
    sql::Statement st(db, "INSERT OR REPLACE INTO meta(key, value) VALUES(?1, ?2)");
    st.bind(1, std::string(kPrefix) + upstream.project).bind(2, upstream.keyRef + ' ' + upstream.upstream).run();
}

void removeForwardUpstream(sql::Database& db, const std::string& project)
{
    sql::Statement st(db, "DELETE FROM meta WHERE key = ?1");
    st.bind(1, std::string(kPrefix) + project).run();
}

std::vector<ForwardUpstream> forwardUpstreams(sql::Database& db)
{
    std::vector<ForwardUpstream> out;
    sql::Statement st(db, "SELECT key, value FROM meta WHERE key >= ?1 AND key < ?2 ORDER BY key");
    st.bind(1, kPrefix).bind(2, std::string("forward_upstream;")); // ';' follows ':' in ASCII
    while (st.step()) {
        if (auto row = fromRow(st.text(0), st.text(1)))
            out.push_back(std::move(*row));
    }
    return out;
}

std::optional<ForwardUpstream> forwardUpstream(sql::Database& db, const std::string& project)
{
    sql::Statement st(db, "SELECT key, value FROM meta WHERE key = ?1");
    st.bind(1, std::string(kPrefix) + project);
    if (!st.step())
        return std::nullopt;
    return fromRow(st.text(0), st.text(1));
}

} // namespace stackdeck::store
