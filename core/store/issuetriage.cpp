#include "issuetriage.h"

#include <charconv>
#include <nlohmann/json.hpp>
#include <vector>

namespace stackdeck::store {

namespace {
constexpr char kSeparator = '\x1f';

std::optional<std::int64_t> number(std::string_view text)
{
    std::int64_t v = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), v);
    if (error != std::errc() || end != text.data() + text.size())
        return std::nullopt;
    return v;
}
} // namespace

IssueTriage readIssueTriage(const sql::Statement& row, int firstColumn)
{
    IssueTriage t;
    t.status = row.int64(firstColumn);
    t.substatus = row.text(firstColumn + 1);
    t.assignee = row.text(firstColumn + 2);
    t.bookmarked = row.int64(firstColumn + 3);
    t.serverId = row.text(firstColumn + 4);
    t.shortId = row.text(firstColumn + 5);
    return t;
}

std::string encodeIssueTriage(const IssueTriage& t)
{
    return nlohmann::json::array({t.status, t.substatus, t.assignee, t.bookmarked, t.serverId, t.shortId}).dump();
}

std::optional<IssueTriage> decodeIssueTriage(std::string_view text)
{
    if (text.starts_with('[')) {
        const auto j = nlohmann::json::parse(text, nullptr, false);
        if (!j.is_array() || j.size() != 6 || !j[0].is_number_integer() || !j[3].is_number_integer())
            return std::nullopt;
        for (const std::size_t i : {1, 2, 4, 5}) {
            if (!j[i].is_string())
                return std::nullopt;
        }
        return IssueTriage {j[0].get<std::int64_t>(), j[1].get<std::string>(), j[2].get<std::string>(),
            j[3].get<std::int64_t>(), j[4].get<std::string>(), j[5].get<std::string>()};
    }
    std::vector<std::string_view> parts;
    std::size_t start = 0;
    for (std::size_t i = 0; i <= text.size(); ++i) {
        if (i == text.size() || text[i] == kSeparator) {
            parts.push_back(text.substr(start, i - start));
            start = i + 1;
        }
    }
    if (parts.size() != 6)
        return std::nullopt;
    const auto status = number(parts[0]);
    const auto bookmarked = number(parts[3]);
    if (!status || !bookmarked)
        return std::nullopt;
    return IssueTriage {*status, std::string(parts[1]), std::string(parts[2]), *bookmarked, std::string(parts[4]),
        std::string(parts[5])};
}

triage::TriageState readTriageState(const sql::Statement& row, int c)
{
    triage::TriageState s;
    const std::int64_t status = row.int64(c);
    const std::string_view resolution = row.textView(c + 1);
    if (status == 2)
        s.status = triage::Status::Ignored;
    else if (status == 1)
        s.status = resolution == "inRelease" ? triage::Status::ResolvedInRelease
            : resolution == "inNextRelease"  ? triage::Status::ResolvedInNextRelease
                                             : triage::Status::Resolved;
    s.substatus = triage::parseSubstatus(row.textView(c + 2)).value_or(triage::Substatus::None);
    s.resolvedRelease = row.text(c + 3);
    s.statusChangedAt = row.int64(c + 4);
    s.ignore = {row.int64(c + 5), row.int64(c + 6), row.int64(c + 7)};
    s.baseEvents = row.int64(c + 8);
    s.baseUsers = row.int64(c + 9);
    return s;
}

} // namespace stackdeck::store
