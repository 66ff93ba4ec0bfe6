#include "event.h"

#include <array>
#include <utility>

namespace stackdeck {
namespace {
constexpr std::array<std::pair<EventType, std::string_view>, 10> kEventTypeNames {{
    {EventType::Error, "error"},
    {EventType::Default, "default"},
    {EventType::Transaction, "transaction"},
    {EventType::Csp, "csp"},
    {EventType::Hpkp, "hpkp"},
    {EventType::ExpectCt, "expectct"},
    {EventType::ExpectStaple, "expectstaple"},
    {EventType::Nel, "nel"},
    {EventType::Feedback, "feedback"},
    {EventType::Segment, "segment"},
}};
} // namespace

std::string_view eventTypeName(EventType type)
{
    for (const auto& [t, name] : kEventTypeNames) {
        if (t == type)
            return name;
    }
    return "default";
}

std::optional<EventType> parseEventType(std::string_view name)
{
    for (const auto& [t, n] : kEventTypeNames) {
        if (n == name)
            return t;
    }
    if (name == "userreportv2")
        return EventType::Feedback;
    return std::nullopt;
}

} // namespace stackdeck
