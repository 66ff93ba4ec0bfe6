#pragma once

#include "httprequest.h"

#include <optional>
#include <string>
#include <string_view>

namespace stackdeck::ingest {

// The public key a request authenticates with, where Sentry looks for it:
// `X-Sentry-Auth: Sentry sentry_key=KEY, sentry_version=7, ...` (also in
// `Authorization`), else the `sentry_key` query parameter (the Node SDK and
// browsers put it there).
std::optional<std::string> sentryKeyOf(const HttpRequest& request);

// Compares without an early exit, so the time taken does not tell how much of a guessed key was right.
bool sameKey(std::string_view a, std::string_view b);

// The path's project id and route: "/api/42/envelope/" -> 42, envelope. The
// trailing slash is optional, as for Sentry.
struct ApiPath {
    std::int64_t projectId = 0;
    bool envelope = false; // else store
};
std::optional<ApiPath> parseApiPath(std::string_view path);

} // namespace stackdeck::ingest
