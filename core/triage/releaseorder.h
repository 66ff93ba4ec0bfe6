#pragma once

#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace stackdeck::triage {

// A release version as Sentry reads one: an optional package ("my-app@"),
// then MAJOR[.MINOR[.PATCH[.REVISION]]][-PRERELEASE][+BUILD].
struct SemVer {
    std::string package;
    std::vector<std::int64_t> numbers; // up to four, missing ones are 0
    std::string prerelease;

    // Semantic-version precedence: numbers, then a pre-release sorts before
    // the release; build metadata does not count.
    std::strong_ordering operator<=>(const SemVer& other) const;
    bool operator==(const SemVer& other) const { return (*this <=> other) == std::strong_ordering::equal; }
};

std::optional<SemVer> parseSemVer(std::string_view release);

// A release with what orders it when it is no semantic version: when the
// workspace first saw it (its earliest event, microseconds; 0 = never seen).
struct ReleaseInfo {
    std::string version;
    std::int64_t firstSeen = 0;
};

// Whether `candidate` is a later release than `base`, as Sentry decides for
// "resolved in release": by semantic version when both parse (and name the
// same package), otherwise by when the workspace first saw each (the caller
// gives a base never seen the time it was resolved in). An event without a
// release is never later.
bool isLaterRelease(const ReleaseInfo& candidate, const ReleaseInfo& base);

} // namespace stackdeck::triage
