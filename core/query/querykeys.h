#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace stackdeck::query {

// Keys the language knows by itself. Every other `key:value` is a tag filter.
enum class BuiltinKey {
    Is, // status and triage state
    Level,
    Release, // tag-based, but known even in an empty workspace
    Environment,
    Project,
    Assigned,
    Has,
    FirstSeen,
    LastSeen,
    TimesSeen,
    Users,
    Title, // substring of the issue title
    Culprit,
    Message, // words in the texts (like free text)
    Account, // the server account an issue was pulled from (by name)
};

// A built-in key by any of its spellings (case-insensitive: `lastSeen`,
// `last_seen`, `env`, `events`...).
std::optional<BuiltinKey> builtinKey(std::string_view key);
std::string_view builtinKeyName(BuiltinKey key); // the canonical spelling

// Every spelling, canonical first, for suggestions and completion.
const std::vector<std::string>& builtinKeySpellings();

} // namespace stackdeck::query
