#pragma once

// What the synthetic corpus's two source files share (syntheticcorpus.cpp
// writes transactions and the parts every event has, syntheticerror.cpp the
// error events): compact JSON writing, the word lists, and a bug's template.

#include "formats/jsonaccess.h"
#include "syntheticcorpus.h"

#include <array>
#include <cstdio>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

namespace stackdeck::bench {

namespace synthetic {

// Joins pieces with one allocation (a + b + c allocates a temporary per +).
inline std::string concat(std::initializer_list<std::string_view> parts)
{
    std::size_t size = 0;
    for (std::string_view p : parts)
        size += p.size();
    std::string out;
    out.reserve(size);
    for (std::string_view p : parts)
        out += p;
    return out;
}
inline constexpr std::array<const char*, 4> kPlatforms = {"python", "javascript", "java", "node"};
inline constexpr std::array<const char*, 12> kWords = {"order", "payment", "invoice", "cart", "user", "session",
    "inventory", "price", "report", "export", "token", "shipment"};
inline constexpr std::array<const char*, 10> kVerbs
    = {"load", "parse", "validate", "compute", "render", "fetch", "store", "apply", "sync", "resolve"};
inline constexpr std::array<const char*, 8> kPyErrors = {"ValueError", "KeyError", "TypeError", "AttributeError",
    "RuntimeError", "ZeroDivisionError", "IndexError", "ConnectionError"};
inline constexpr std::array<const char*, 6> kJsErrors
    = {"TypeError", "Error", "RangeError", "ReferenceError", "SyntaxError", "FetchError"};
inline constexpr std::array<const char*, 6> kJavaErrors
    = {"java.lang.NullPointerException", "java.lang.IllegalStateException", "java.lang.IllegalArgumentException",
        "java.io.IOException", "java.util.NoSuchElementException", "java.lang.ArithmeticException"};
inline constexpr std::array<const char*, 5> kEnvironments
    = {"production", "production", "production", "staging", "dev"};
inline constexpr std::array<const char*, 6> kBrowsers
    = {"Chrome", "Firefox", "Safari", "Edge", "Chrome Mobile", "Opera"};
inline constexpr std::array<const char*, 5> kOses = {"Linux", "Windows", "macOS", "Android", "iOS"};
inline constexpr std::array<const char*, 8> kCategories
    = {"http", "navigation", "ui.click", "console", "query", "auth", "cache", "default"};
inline constexpr std::array<const char*, 8> kSpanOps
    = {"db", "db.query", "http.client", "cache.get", "serialize", "template.render", "function", "queue.publish"};
inline constexpr Micros kDay = 86'400'000'000LL;

inline void key(std::string& out, const char* k)
{
    out += '"';
    out += k;
    out += "\":";
}
inline void str(std::string& out, const char* k, std::string_view v)
{
    key(out, k);
    json::appendJsonString(out, v);
    out += ',';
}
inline void num(std::string& out, const char* k, std::int64_t v)
{
    key(out, k);
    out += std::to_string(v);
    out += ',';
}
inline void seconds(std::string& out, const char* k, Micros ts)
{
    key(out, k);
    char buf[32];
    std::snprintf(
        buf, sizeof buf, "%lld.%06lld", static_cast<long long>(ts / 1'000'000), static_cast<long long>(ts % 1'000'000));
    out += buf;
    out += ',';
}
inline void closeObject(std::string& out)
{
    if (out.back() == ',')
        out.back() = '}';
    else
        out += '}';
}
inline void closeArray(std::string& out)
{
    if (out.back() == ',')
        out.back() = ']';
    else
        out += ']';
}

} // namespace synthetic

struct SyntheticCorpus::Bug {
    struct FrameTemplate {
        std::string module, function, filename, absPath, contextLine;
        int lineno = 1;
        bool inApp = true;
        bool hasContext = false; // an SDK sends context lines for a frame every time, or never
    };
    std::string platform;
    std::vector<std::string> exceptionTypes; // oldest first
    std::vector<std::vector<FrameTemplate>> stacks; // one per exception
    std::string transaction;
    std::string logger;
    std::string valueTemplate;
    double weight = 1;
    Micros start = 0; // first possible timestamp
    bool isMessage = false;
};

} // namespace stackdeck::bench
