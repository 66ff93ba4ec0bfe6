#pragma once

#include "model/event.h"
#include "model/issue.h"
#include "redaction.h"
#include "store/eventqueries.h"
#include "store/issueactivity.h"
#include "store/issuequeries.h"
#include "store/notes.h"
#include "util/result.h"

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace stackdeck::report {

// Everything a report says about one issue, read once and shared by every
// format: the issue row, the chosen event (its stored original, redacted when
// asked, and that same JSON decoded), the top tags and the notes.
// A note as a report shows it: where it is attached ("issue", "frame 3 of
// event 0123abcd…"), who wrote it and when, and its Markdown text (shown as
// text, never rendered as markup: notes come from others too).
struct ReportNote {
    std::string target;
    std::string author;
    std::int64_t createdAt = 0; // microseconds
    std::string text;
};

// "issue", "event 0123abcd…", "frame 3 of event 0123abcd…" (the event id cut to 8 hex).
std::string noteTargetText(const store::NoteTarget& target);

struct IssueReport {
    Issue issue;
    std::optional<store::EventRow> eventRow;
    nlohmann::json eventJson; // null when the issue has no readable event
    std::optional<Event> event; // decoded from eventJson, so redaction carries into every section
    std::vector<store::TagSummary> tags;
    std::vector<ReportNote> notes; // every note of the issue at every level, oldest first
    nlohmann::json redactionLog = nlohmann::json::array();
    std::size_t redactionsApplied = 0;
    std::string eventError; // why the event could not be read, when it could not
};

struct ReportOptions {
    bool redact = false;
    const CustomRules* rules = nullptr; // the workspace's own rules, when redacting
    RedactionOptions redaction;
    std::optional<std::string> eventId; // the chosen event; the latest when absent
};

// Reads one issue's report. Store errors come back as values; an event that
// no longer decodes leaves the issue's own sections and says why in eventError.
Result<IssueReport> loadIssueReport(sql::Database& db, IssueId id, const ReportOptions& options = {});

// The report of one event alone (for "copy as Markdown" on an event).
Result<IssueReport> loadEventReport(sql::Database& db, const std::string& eventId, const ReportOptions& options = {});

} // namespace stackdeck::report
