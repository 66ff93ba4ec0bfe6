#pragma once

#include "issuereport.h"

#include <string>
#include <vector>

namespace stackdeck::report {

// What a report says about itself in its header.
struct ReportHeader {
    std::string title = "Stackdeck report";
    std::string generatedAt; // reportTime() of now
    std::string selection; // "query: is:unresolved" or "issues 3, 7"
    bool redacted = false;
    bool forPrint = false; // the PDF's HTML: no dark colour scheme
};

std::string renderMarkdown(const std::vector<IssueReport>& issues, const ReportHeader& header);
// Self-contained: inline CSS, no script, no external resource, and a
// Content-Security-Policy that forbids loading any. Each issue starts a new
// page when printed (and in the PDF, which renders this same HTML).
std::string renderHtml(const std::vector<IssueReport>& issues, const ReportHeader& header);
// One row per issue, RFC 4180, formula-safe cells, CRLF line ends.
std::string renderCsv(const std::vector<IssueReport>& issues);
// {"report": {...}, "issues": [{..., "event": <stored original or normalised>, "notes": [...]}]}
std::string renderJson(const std::vector<IssueReport>& issues, const ReportHeader& header, bool normalized);

// "Copy as Markdown": one issue (with its chosen event), or one event alone.
std::string issueMarkdown(const IssueReport& report);
std::string eventMarkdown(const IssueReport& report);

} // namespace stackdeck::report
