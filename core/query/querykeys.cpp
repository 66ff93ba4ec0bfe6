#include "querykeys.h"

#include <algorithm>
#include <array>
#include <cctype>

namespace stackdeck::query {

namespace {

struct Spelling {
    std::string_view name;
    BuiltinKey key;
};

// Canonical names first (the order builtinKeyName relies on), then aliases.
constexpr std::array<Spelling, 24> kSpellings = {{
    {"is", BuiltinKey::Is},
    {"level", BuiltinKey::Level},
    {"release", BuiltinKey::Release},
    {"environment", BuiltinKey::Environment},
    {"project", BuiltinKey::Project},
    {"assigned", BuiltinKey::Assigned},
    {"has", BuiltinKey::Has},
    {"firstSeen", BuiltinKey::FirstSeen},
    {"lastSeen", BuiltinKey::LastSeen},
    {"times_seen", BuiltinKey::TimesSeen},
    {"users", BuiltinKey::Users},
    {"title", BuiltinKey::Title},
    {"culprit", BuiltinKey::Culprit},
    {"message", BuiltinKey::Message},
    {"account", BuiltinKey::Account},
    {"env", BuiltinKey::Environment},
    {"first_seen", BuiltinKey::FirstSeen},
    {"age", BuiltinKey::FirstSeen},
    {"last_seen", BuiltinKey::LastSeen},
    {"timesSeen", BuiltinKey::TimesSeen},
    {"events", BuiltinKey::TimesSeen},
    {"user_count", BuiltinKey::Users},
    {"assigned_to", BuiltinKey::Assigned},
    {"status", BuiltinKey::Is},
}};

bool equalsFolded(std::string_view a, std::string_view b)
{
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
        return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
    });
}

} // namespace

std::optional<BuiltinKey> builtinKey(std::string_view key)
{
    for (const Spelling& s : kSpellings) {
        if (equalsFolded(s.name, key))
            return s.key;
    }
    return std::nullopt;
}

std::string_view builtinKeyName(BuiltinKey key)
{
    for (const Spelling& s : kSpellings) {
        if (s.key == key)
            return s.name;
    }
    return {};
}

const std::vector<std::string>& builtinKeySpellings()
{
    static const std::vector<std::string> names = [] {
        std::vector<std::string> out;
        out.reserve(std::size(kSpellings));
        for (const Spelling& s : kSpellings)
            out.emplace_back(s.name);
        return out;
    }();
    return names;
}

} // namespace stackdeck::query
