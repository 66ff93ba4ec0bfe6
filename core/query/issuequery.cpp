#include "issuequery.h"

#include "model/issue.h"
#include "model/level.h"

namespace stackdeck::query {

namespace {
std::string ftsPhrase(std::string_view text)
{
    std::string out = "\"";
    for (char c : text) {
        if (c == '"')
            out += "\"\"";
        else
            out += c;
    }
    out += '"';
    return out;
}
} // namespace

CompiledQuery compileIssueQuery(std::string_view text, Micros now)
{
    (void)now;
    CompiledQuery out;
    std::string where;
    auto add = [&](const std::string& clause) {
        if (!where.empty())
            where += " AND ";
        where += clause;
    };
    std::size_t pos = 0;
    while (pos < text.size()) {
        while (pos < text.size() && text[pos] == ' ')
            ++pos;
        if (pos >= text.size())
            break;
        const std::size_t start = pos;
        while (pos < text.size() && text[pos] != ' ')
            ++pos;
        const std::string_view token = text.substr(start, pos - start);
        const auto colon = token.find(':');
        if (colon != std::string_view::npos && colon > 0) {
            const std::string_view key = token.substr(0, colon);
            const std::string_view value = token.substr(colon + 1);
            if (key == "is") {
                if (auto status = parseIssueStatus(value)) {
                    add("i.status = ?");
                    out.filter.params.emplace_back(static_cast<std::int64_t>(*status));
                    continue;
                }
            } else if (key == "level") {
                if (auto level = parseLevel(value)) {
                    add("i.level = ?");
                    out.filter.params.emplace_back(static_cast<std::int64_t>(*level));
                    continue;
                }
            }
            out.error = QueryError {"unknown search key '" + std::string(key) + "'", static_cast<int>(start),
                static_cast<int>(token.size())};
            out.filter = {};
            return out;
        }
        add("i.id IN (SELECT rowid >> 20 FROM search WHERE search MATCH ?)");
        out.filter.params.emplace_back(ftsPhrase(token));
    }
    out.filter.where = where;
    return out;
}

} // namespace stackdeck::query
