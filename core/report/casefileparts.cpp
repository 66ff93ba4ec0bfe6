#include "casefileparts.h"

#include "importer/importjob.h"
#include "store/localuser.h"
#include "store/notes.h"

#include <nlohmann/json.hpp>
#include <stdexcept>

namespace stackdeck::report::casefile {

ImportFiles::ImportFiles(std::string folder)
    : m_folder(std::move(folder))
{
}

std::ofstream& ImportFiles::stream(const std::string& project, bool envelope)
{
    auto& slot = m_streams[{project, envelope}];
    if (!slot) {
        // Names from a counter, never from the (untrusted) project name.
        const std::string path = m_folder + "/" + std::to_string(m_streams.size()) + (envelope ? ".envelope" : ".json");
        slot = std::make_unique<std::ofstream>(path, std::ios::binary | std::ios::trunc);
        if (!*slot)
            throw std::runtime_error("cannot write " + path);
        m_paths[project].push_back(path);
        if (!envelope)
            *slot << '[';
    }
    return *slot;
}

void ImportFiles::add(const std::string& project, const store::CaseEvent& event)
{
    if (event.itemType.empty()) {
        const bool first = m_streams.find({project, false}) == m_streams.end();
        std::ofstream& out = stream(project, false);
        if (!first)
            out << ",\n";
        out << event.json;
    } else {
        std::ofstream& out = stream(project, true);
        nlohmann::json item = {{"type", event.itemType}, {"length", event.json.size()}};
        if (!event.contentType.empty())
            item["content_type"] = event.contentType;
        const nlohmann::json header = {{"event_id", event.eventId}};
        const auto dump
            = [](const nlohmann::json& j) { return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace); };
        out << dump(header) << '\n' << dump(item) << '\n' << event.json << '\n';
    }
    ++m_count;
}

void ImportFiles::close()
{
    for (auto& [key, out] : m_streams) {
        if (!key.second)
            *out << "]\n";
        out->close();
        if (!*out)
            throw std::runtime_error("writing the import files failed");
    }
}

Result<ImportRun> importFiles(const std::string& workspacePath, const ImportFiles& files,
    const std::function<bool(const std::string&)>& waitForWriters, const std::atomic<bool>* cancel)
{
    ImportRun run;
    for (const auto& [project, paths] : files.paths()) {
        ImportOptions options;
        options.project = project;
        options.sourceKind = "case";
        options.waitForWriters = waitForWriters;
        ImportJob job(workspacePath, options);
        const ImportSummary s = job.run(paths, cancel);
        if (!s.fatalError.empty())
            return Error {s.fatalError};
        if (s.cancelled)
            return Error {"cancelled"};
        run.events += s.events;
        run.duplicates += s.duplicates;
        run.rejected += s.rejectedCount;
        if (run.firstRejection.empty() && !s.rejected.empty())
            run.firstRejection = s.rejected.front().error;
    }
    return run;
}

namespace {

std::string redactText(const std::string& text, const CaseExportOptions& options)
{
    static const CustomRules none;
    const nlohmann::json doc = {{"note", text}};
    const auto findings = scanForSecrets(doc, options.rules ? *options.rules : none);
    return applyRedaction(doc, findings, options.redaction).event["note"].get<std::string>();
}

// One note of the case file onto the workspace, unless it is there already.
void carryNote(sql::Database& to, store::Note note, IssueId target, std::int64_t project, const CarryOptions& options,
    CaseFileSummary& summary)
{
    if (options.redact && options.redact->redact) {
        note.text = redactText(note.text, *options.redact);
        note.author = redactText(note.author, *options.redact);
    }
    const bool onIssue = note.target.kind == store::NoteTarget::Kind::Issue;
    if (onIssue)
        note.target.issue = target;
    else
        note.target.project = project;
    const bool indexed
        = note.target.kind == store::NoteTarget::Kind::Frame || note.target.kind == store::NoteTarget::Kind::Breadcrumb;
    const store::NoteKey key {std::string(store::noteKindName(note.target.kind)), onIssue ? target.value : 0,
        onIssue ? 0 : project, onIssue ? std::string() : note.target.eventId, indexed ? note.target.index : 0,
        note.target.kind == store::NoteTarget::Kind::Frame ? note.target.stack : note.target.spanId, note.text,
        note.author, note.createdAt};
    if (note.text.empty() || store::noteExists(to, key)) {
        ++summary.notesSkipped;
        return;
    }
    if (store::addNote(to, note))
        ++summary.notes;
    else
        ++summary.notesSkipped; // its event is not in the workspace (the import refused it)
}

} // namespace

void carryAnnotations(sql::Database& from, sql::Database& to, const std::vector<IssueId>& issues,
    const CarryOptions& options, CaseFileSummary& summary)
{
    std::map<std::int64_t, std::int64_t> projects; // from's id -> to's id, by name
    for (const store::CaseProject& p : store::readCaseProjects(from)) {
        sql::Transaction tx(to);
        projects[p.id] = store::ensureCaseProject(to, {0, p.name, p.platform, {}, {}});
        tx.commit();
    }
    const std::string author = options.author.empty() ? store::localUserName(to) : options.author;
    for (const store::CaseIssue& issue : store::readCaseIssues(from, issues)) {
        const auto project = projects.find(issue.project);
        const auto target = project == projects.end()
            ? std::nullopt
            : store::findIssueFor(to, project->second, issue.hashes, issue.firstEventId);
        if (!target) {
            ++summary.unmatchedIssues;
            continue;
        }
        ++summary.issues;
        {
            sql::Transaction tx(to);
            if (!store::carryCaseTriage(to, *target, issue, author).empty())
                ++summary.triaged;
            tx.commit();
        }
        for (store::Note& note : store::notesOfIssue(from, issue.id)) {
            const auto noteProject = projects.find(note.target.project);
            carryNote(to, std::move(note), *target, noteProject == projects.end() ? 0 : noteProject->second, options,
                summary);
        }
    }
}

} // namespace stackdeck::report::casefile
