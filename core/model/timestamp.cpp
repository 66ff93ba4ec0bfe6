#include "timestamp.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace stackdeck {
namespace {

bool digits(std::string_view s, std::size_t pos, std::size_t count, int& out)
{
    if (pos + count > s.size())
        return false;
    int v = 0;
    for (std::size_t i = pos; i < pos + count; ++i) {
        const char c = s[i];
        if (c < '0' || c > '9')
            return false;
        v = v * 10 + (c - '0');
    }
    out = v;
    return true;
}

// Days from 1970-01-01 to y-m-d in the proleptic Gregorian calendar (Howard Hinnant's algorithm).
std::int64_t daysFromCivil(std::int64_t y, unsigned m, unsigned d)
{
    y -= m <= 2;
    const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
    const auto yoe = static_cast<unsigned>(y - era * 400);
    const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

void civilFromDays(std::int64_t z, std::int64_t& y, unsigned& m, unsigned& d)
{
    z += 719468;
    const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    const auto doe = static_cast<unsigned>(z - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    y = static_cast<std::int64_t>(yoe) + era * 400;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    d = doy - (153 * mp + 2) / 5 + 1;
    m = mp < 10 ? mp + 3 : mp - 9;
    y += m <= 2;
}

} // namespace

std::optional<Micros> parseIsoTimestamp(std::string_view s)
{
    int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
    if (!digits(s, 0, 4, year) || s.size() < 10 || s[4] != '-' || !digits(s, 5, 2, month) || s[7] != '-'
        || !digits(s, 8, 2, day))
        return std::nullopt;
    std::size_t pos = 10;
    if (pos < s.size() && (s[pos] == 'T' || s[pos] == 't' || s[pos] == ' ')) {
        if (!digits(s, pos + 1, 2, hour) || pos + 3 >= s.size() || s[pos + 3] != ':' || !digits(s, pos + 4, 2, minute))
            return std::nullopt;
        pos += 6;
        if (pos < s.size() && s[pos] == ':') {
            if (!digits(s, pos + 1, 2, second))
                return std::nullopt;
            pos += 3;
        }
    }
    std::int64_t fraction = 0;
    if (pos < s.size() && (s[pos] == '.' || s[pos] == ',')) {
        ++pos;
        int count = 0;
        while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') {
            if (count < 6) {
                fraction = fraction * 10 + (s[pos] - '0');
            }
            ++count;
            ++pos;
        }
        if (count == 0)
            return std::nullopt;
        for (int i = count; i < 6; ++i)
            fraction *= 10;
    }
    std::int64_t offsetSeconds = 0;
    if (pos < s.size()) {
        const char c = s[pos];
        if (c == 'Z' || c == 'z') {
            ++pos;
        } else if (c == '+' || c == '-') {
            int oh = 0, om = 0;
            if (!digits(s, pos + 1, 2, oh))
                return std::nullopt;
            std::size_t p = pos + 3;
            if (p < s.size() && s[p] == ':')
                ++p;
            if (p < s.size()) {
                if (!digits(s, p, 2, om))
                    return std::nullopt;
                p += 2;
            }
            offsetSeconds = (std::int64_t {oh} * 3600 + std::int64_t {om} * 60) * (c == '-' ? -1 : 1);
            pos = p;
        }
    }
    if (pos != s.size())
        return std::nullopt;
    if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60)
        return std::nullopt;
    // Four digits keep every term below small bounds (|secs| < 2^39), so
    // nothing here overflows; the range check comes after the offset applies.
    const std::int64_t days = daysFromCivil(year, static_cast<unsigned>(month), static_cast<unsigned>(day));
    const std::int64_t secs
        = days * 86400 + std::int64_t {hour} * 3600 + std::int64_t {minute} * 60 + second - offsetSeconds;
    const Micros micros = secs * 1'000'000 + fraction;
    if (!isSaneTimestamp(micros))
        return std::nullopt;
    return micros;
}

std::optional<Micros> timestampFromSeconds(double seconds)
{
    // The comparison is on the double, before any conversion: converting a
    // double outside int64's range (1e300, 2^63) is undefined behaviour.
    constexpr double kMinSeconds = static_cast<double>(kMinTimestamp) / 1e6;
    // The first second past the range, exact as a double (kMaxTimestamp / 1e6 rounds up to it).
    constexpr double kEndSeconds
        = static_cast<double>((kMaxTimestamp + 1) / 1'000'000); // NOLINT(bugprone-integer-division): exact by design
    if (!std::isfinite(seconds) || seconds < kMinSeconds || seconds >= kEndSeconds)
        return std::nullopt;
    const auto micros = static_cast<Micros>(std::llround(seconds * 1e6));
    return std::clamp(micros, kMinTimestamp, kMaxTimestamp); // rounding at the edges
}

std::string formatIsoTimestamp(Micros micros)
{
    std::int64_t secs = micros / 1'000'000;
    std::int64_t frac = micros % 1'000'000;
    if (frac < 0) {
        frac += 1'000'000;
        secs -= 1;
    }
    std::int64_t days = secs / 86400;
    std::int64_t rem = secs % 86400;
    if (rem < 0) {
        rem += 86400;
        days -= 1;
    }
    std::int64_t y = 0;
    unsigned m = 0, d = 0;
    civilFromDays(days, y, m, d);
    char buf[64];
    const int h = static_cast<int>(rem / 3600), mi = static_cast<int>(rem % 3600 / 60), se = static_cast<int>(rem % 60);
    if (frac != 0)
        std::snprintf(buf, sizeof buf, "%04lld-%02u-%02uT%02d:%02d:%02d.%06lldZ", static_cast<long long>(y), m, d, h,
            mi, se, static_cast<long long>(frac));
    else
        std::snprintf(buf, sizeof buf, "%04lld-%02u-%02uT%02d:%02d:%02dZ", static_cast<long long>(y), m, d, h, mi, se);
    return buf;
}

} // namespace stackdeck
