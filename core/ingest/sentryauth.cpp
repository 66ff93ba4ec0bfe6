#include "sentryauth.h"

#include <cstdint>

namespace stackdeck::ingest {

namespace {

std::string_view trim(std::string_view s)
{
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t'))
        s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t'))
        s.remove_suffix(1);
    return s;
}

std::optional<std::string> keyInAuthHeader(std::string_view value)
{
    value = trim(value);
    constexpr std::string_view kScheme = "sentry ";
    if (value.size() < kScheme.size())
        return std::nullopt;
    for (std::size_t i = 0; i < kScheme.size(); ++i) {
        char c = value[i];
        if (c >= 'A' && c <= 'Z')
            c = static_cast<char>(c - 'A' + 'a');
        if (c != kScheme[i])
            return std::nullopt;
    }
    value.remove_prefix(kScheme.size());
    while (!value.empty()) {
        const std::size_t comma = value.find(',');
        const std::string_view pair = trim(value.substr(0, comma));
        const std::size_t eq = pair.find('=');
        if (eq != std::string_view::npos && trim(pair.substr(0, eq)) == "sentry_key")
            return std::string(trim(pair.substr(eq + 1)));
        if (comma == std::string_view::npos)
            break;
        value.remove_prefix(comma + 1);
    }
    return std::nullopt;
}

} // namespace

std::optional<std::string> sentryKeyOf(const HttpRequest& request)
{
    for (const char* name : {"x-sentry-auth", "authorization"}) {
        if (const std::string* value = request.header(name)) {
            if (auto key = keyInAuthHeader(*value))
                return key;
        }
    }
    return request.queryValue("sentry_key");
}

bool sameKey(std::string_view a, std::string_view b)
{
    unsigned char diff = a.size() == b.size() ? 0 : 1;
    const std::size_t n = a.size() < b.size() ? a.size() : b.size();
    for (std::size_t i = 0; i < n; ++i)
        diff = static_cast<unsigned char>(diff | (a[i] ^ b[i]));
    return diff == 0;
}

std::optional<ApiPath> parseApiPath(std::string_view path)
{
    constexpr std::string_view kPrefix = "/api/";
    if (path.substr(0, kPrefix.size()) != kPrefix)
        return std::nullopt;
    path.remove_prefix(kPrefix.size());
    std::int64_t id = 0;
    std::size_t i = 0;
    while (i < path.size() && path[i] >= '0' && path[i] <= '9' && i < 18) {
        id = id * 10 + (path[i] - '0');
        ++i;
    }
    if (i == 0 || i >= path.size() || path[i] != '/')
        return std::nullopt;
    std::string_view route = path.substr(i + 1);
    if (!route.empty() && route.back() == '/')
        route.remove_suffix(1);
    if (route == "envelope")
        return ApiPath {id, true};
    if (route == "store")
        return ApiPath {id, false};
    return std::nullopt;
}

} // namespace stackdeck::ingest
