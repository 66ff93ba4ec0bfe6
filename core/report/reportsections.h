#pragma once

#include "issuereport.h"

#include <optional>
#include <string>
#include <vector>

namespace stackdeck::report {

// The parts of an issue report every format shows, extracted once so that
// Markdown, HTML, PDF, CSV and JSON say the same thing. All strings are event
// text: each renderer escapes them with its own one function.
struct FrameSummary {
    std::string function;
    std::string location; // file:line:column
    bool inApp = false;
    std::optional<std::int64_t> lineno;
    std::vector<std::pair<std::int64_t, std::string>> context; // numbered source lines around lineno
};

struct ExceptionSummary {
    std::string type;
    std::string value;
    std::vector<FrameSummary> frames; // most recent call first
    std::size_t omittedFrames = 0; // frames left out (not in app, or over the cap)
};

struct RequestSummary {
    std::string method;
    std::string url;
    std::string status; // the response status when the event has one
};

struct BreadcrumbSummary {
    std::string time;
    std::string category;
    std::string level;
    std::string text; // message, an http crumb as "METHOD url -> status", else its data
};

struct IssueSections {
    std::string eventId;
    std::string eventTime;
    std::string release;
    std::string environment;
    std::string message;
    std::vector<ExceptionSummary> exceptions; // the reported exception first
    std::optional<RequestSummary> request;
    std::vector<BreadcrumbSummary> breadcrumbs; // the last ones, oldest first
    std::size_t totalBreadcrumbs = 0;
};

inline constexpr std::size_t kReportBreadcrumbs = 10;
inline constexpr std::size_t kReportFrames = 30;
inline constexpr std::size_t kContextLines = 3;

IssueSections sectionsOf(const IssueReport& report);

// "2024-05-01 12:00:00 UTC"; empty for 0.
std::string reportTime(Micros micros);

} // namespace stackdeck::report
