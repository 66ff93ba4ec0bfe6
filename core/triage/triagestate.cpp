#include "triagestate.h"

#include <array>
#include <utility>

namespace stackdeck::triage {

namespace {
constexpr std::array<std::pair<Status, std::string_view>, 5> kStatuses = {{
    {Status::Unresolved, "unresolved"},
    {Status::Resolved, "resolved"},
    {Status::ResolvedInNextRelease, "resolvedInNextRelease"},
    {Status::ResolvedInRelease, "resolvedInRelease"},
    {Status::Ignored, "ignored"},
}};
constexpr std::array<std::pair<Substatus, std::string_view>, 6> kSubstatuses = {{
    {Substatus::None, ""},
    {Substatus::New, "new"},
    {Substatus::Ongoing, "ongoing"},
    {Substatus::Regressed, "regressed"},
    {Substatus::Escalating, "escalating"},
    {Substatus::Archived, "archived"},
}};
constexpr std::array<std::pair<Priority, std::string_view>, 4> kPriorities = {{
    {Priority::None, ""},
    {Priority::High, "high"},
    {Priority::Medium, "medium"},
    {Priority::Low, "low"},
}};

template <typename E, std::size_t N>
std::string_view nameOf(const std::array<std::pair<E, std::string_view>, N>& t, E e)
{
    for (const auto& [v, name] : t) {
        if (v == e)
            return name;
    }
    return {};
}
template <typename E, std::size_t N>
std::optional<E> parse(const std::array<std::pair<E, std::string_view>, N>& t, std::string_view name)
{
    for (const auto& [v, n] : t) {
        if (n == name)
            return v;
    }
    return std::nullopt;
}
} // namespace

std::string_view statusName(Status s)
{
    return nameOf(kStatuses, s);
}

std::optional<Status> parseStatus(std::string_view name)
{
    return parse(kStatuses, name);
}

std::int64_t storedStatus(Status s)
{
    switch (s) {
    case Status::Unresolved:
        return 0;
    case Status::Resolved:
    case Status::ResolvedInNextRelease:
    case Status::ResolvedInRelease:
        return 1;
    case Status::Ignored:
        return 2;
    }
    return 0;
}

std::string_view storedResolution(Status s)
{
    if (s == Status::ResolvedInNextRelease)
        return "inNextRelease";
    if (s == Status::ResolvedInRelease)
        return "inRelease";
    return {};
}

std::string_view substatusName(Substatus s)
{
    return nameOf(kSubstatuses, s);
}

std::optional<Substatus> parseSubstatus(std::string_view name)
{
    return parse(kSubstatuses, name);
}

std::string_view priorityName(Priority p)
{
    return nameOf(kPriorities, p);
}

std::optional<Priority> parsePriority(std::string_view name)
{
    return parse(kPriorities, name);
}

std::optional<std::string> checkTransition(Status to, std::string_view release, const IgnoreConditions& ignore)
{
    if (to == Status::ResolvedInRelease && release.empty())
        return std::string("resolving in a release needs the release");
    if (to != Status::Ignored && ignore.any())
        return std::string("ignore conditions apply only to ignoring");
    if (ignore.moreEvents < 0 || ignore.moreUsers < 0)
        return std::string("ignore counts must be positive");
    return std::nullopt;
}

Substatus substatusForManualChange(Status to)
{
    switch (to) {
    case Status::Unresolved:
        return Substatus::Ongoing;
    case Status::Ignored:
        return Substatus::Archived;
    default:
        return Substatus::None;
    }
}

} // namespace stackdeck::triage
