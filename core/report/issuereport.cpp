#include "issuereport.h"

#include "formats/recorddecoder.h"

namespace stackdeck::report {

namespace {

// Fills the event sections from the stored original; an unreadable event is
// reported in eventError, never thrown past the report.
void loadEvent(sql::Database& db, const store::EventRow& row, const ReportOptions& options, IssueReport& report)
{
    report.eventRow = row;
    auto payload = store::loadPayload(db, row.row);
    if (!payload) {
        report.eventError = payload.error().message;
        return;
    }
    nlohmann::json doc = nlohmann::json::parse(payload->json, nullptr, false);
    if (doc.is_discarded() || !doc.is_object()) {
        report.eventError = "the stored original is not a JSON object";
        return;
    }
    if (options.redact) {
        static const CustomRules none;
        const auto findings = scanForSecrets(doc, options.rules ? *options.rules : none);
        Redacted redacted = applyRedaction(doc, findings, options.redaction);
        doc = std::move(redacted.event);
        report.redactionLog = std::move(redacted.log);
        report.redactionsApplied = redacted.applied;
    }
    auto decoded = decodeJson(
        doc.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace), payload->itemType, payload->contentType);
    if (!decoded || decoded->events.empty()) {
        report.eventError = decoded ? "no event in the stored payload" : decoded.error().message;
    } else {
        report.event = std::move(decoded->events.front().event);
        report.event->eventId = row.eventId;
    }
    report.eventJson = std::move(doc);
}

// The issue's own text and its top tags come from derived tables, not from
// the redacted original: the same scanner runs over them.
void redactDerived(IssueReport& report, const ReportOptions& options)
{
    static const CustomRules none;
    const CustomRules& rules = options.rules ? *options.rules : none;
    const auto redact = [&](const nlohmann::json& doc) {
        return applyRedaction(doc, scanForSecrets(doc, rules), options.redaction).event;
    };
    Issue& i = report.issue;
    const nlohmann::json text = redact({{"title", i.title}, {"culprit", i.culprit}, {"message", i.message}});
    i.title = text["title"].get<std::string>();
    i.culprit = text["culprit"].get<std::string>();
    i.message = text["message"].get<std::string>();
    for (auto& tag : report.tags) {
        for (auto& v : tag.topValues) {
            const nlohmann::json one = redact({{tag.key, v.value}});
            v.value = one[tag.key].get<std::string>();
        }
    }
}

// Notes are free text written by people: they can hold what the scanner looks
// for (a pasted token, an e-mail), so a redacted report scans them too.
void loadNotes(sql::Database& db, IssueId id, const ReportOptions& options, IssueReport& report)
{
    static const CustomRules none;
    for (store::Note& n : store::notesOfIssue(db, id)) {
        ReportNote note {noteTargetText(n.target), std::move(n.author), n.createdAt, std::move(n.text)};
        if (options.redact) {
            const nlohmann::json doc = {{"note", note.text}, {"author", note.author}};
            const auto findings = scanForSecrets(doc, options.rules ? *options.rules : none);
            const nlohmann::json redacted = applyRedaction(doc, findings, options.redaction).event;
            note.text = redacted["note"].get<std::string>();
            note.author = redacted["author"].get<std::string>();
        }
        report.notes.push_back(std::move(note));
    }
}

} // namespace

std::string noteTargetText(const store::NoteTarget& target)
{
    using Kind = store::NoteTarget::Kind;
    std::string event = "event " + target.eventId.substr(0, 8) + (target.eventId.size() > 8 ? "\u2026" : "");
    switch (target.kind) {
    case Kind::Issue:
        return "issue";
    case Kind::Event:
        return event;
    case Kind::Frame:
        return "frame " + std::to_string(target.index)
            + (target.stack.empty() ? std::string() : " of " + store::frameStackText(target.stack)) + " of " + event;
    case Kind::Breadcrumb:
        return "breadcrumb " + std::to_string(target.index) + " of " + event;
    case Kind::Span:
        return "span " + target.spanId + " of " + event;
    }
    return "issue";
}

Result<IssueReport> loadIssueReport(sql::Database& db, IssueId id, const ReportOptions& options)
{
    IssueReport report;
    try {
        auto issue = store::issueById(db, id);
        if (!issue)
            return Error {"no issue " + std::to_string(id.value)};
        report.issue = std::move(*issue);
        std::optional<store::EventRow> row;
        if (options.eventId) {
            row = store::eventByEventId(db, *options.eventId);
            if (!row || row->issue != id)
                return Error {"event " + *options.eventId + " is not an event of issue " + std::to_string(id.value)};
        } else {
            row = store::boundaryEventInIssue(db, id, true);
        }
        if (row)
            loadEvent(db, *row, options, report);
        report.tags = store::issueTopTags(db, id, 10, 3);
        if (options.redact)
            redactDerived(report, options);
        loadNotes(db, id, options, report);
    } catch (const sql::SqliteError& e) {
        return Error {std::string("reading issue ") + std::to_string(id.value) + ": " + e.what()};
    }
    return report;
}

Result<IssueReport> loadEventReport(sql::Database& db, const std::string& eventId, const ReportOptions& options)
{
    std::optional<store::EventRow> row;
    try {
        row = store::eventByEventId(db, eventId);
    } catch (const sql::SqliteError& e) {
        return Error {std::string("reading event ") + eventId + ": " + e.what()};
    }
    if (!row)
        return Error {"no event " + eventId};
    ReportOptions chosen = options;
    chosen.eventId = row->eventId;
    return loadIssueReport(db, row->issue, chosen);
}

} // namespace stackdeck::report
