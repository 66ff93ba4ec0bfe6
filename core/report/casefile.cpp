#include "casefile.h"

#include "casefileparts.h"
#include "model/timestamp.h"
#include "store/localuser.h"
#include "store/workspace.h"
#include "store/writerlock.h"

#include <QFile>
#include <QFileInfo>
#include <QTemporaryDir>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

namespace stackdeck::report {

namespace {

constexpr std::size_t kMaxProjects = 1000;

// Redacts one original in memory; what it removed is never written anywhere.
std::size_t redactOriginal(store::CaseEvent& event, const CaseExportOptions& options)
{
    static const CustomRules none;
    const nlohmann::json doc = nlohmann::json::parse(event.json, nullptr, false);
    if (doc.is_discarded() || !doc.is_object())
        throw std::runtime_error("event " + event.eventId + " cannot be redacted: its original is not a JSON object");
    Redacted redacted
        = applyRedaction(doc, scanForSecrets(doc, options.rules ? *options.rules : none), options.redaction);
    event.json = redacted.event.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    return redacted.applied;
}

// The case file is built in a private folder beside the output and renamed
// over it when complete: an interrupted export leaves no half file.
Result<CaseFileSummary> buildCaseFile(sql::Database& source, const std::vector<IssueId>& issues,
    const std::string& casePath, const std::string& folder, const CaseExportOptions& options)
{
    CaseFileSummary summary;
    const auto projects = store::readCaseProjects(source);
    std::map<std::int64_t, std::string> names;
    {
        auto ws = store::Workspace::open(casePath);
        if (!ws)
            return ws.error();
        sql::Database& db = (*ws)->db();
        store::beginCaseFile(db);
        sql::Transaction tx(db);
        for (const store::CaseProject& p : projects) { // with their rules: the case file groups as we do
            store::ensureCaseProject(db, p);
            names[p.id] = p.name;
        }
        tx.commit();
    }
    casefile::ImportFiles files(folder);
    store::forEachCaseEvent(source, issues, {}, [&](store::CaseEvent&& event) {
        if (options.redact)
            summary.redactions += static_cast<std::int64_t>(redactOriginal(event, options));
        files.add(names[event.project], event);
    });
    files.close();
    auto run = casefile::importFiles(casePath, files, {}, nullptr);
    if (!run)
        return run.error();
    if (run->rejected > 0)
        return Error {
            "the case file's import refused " + std::to_string(run->rejected) + " originals: " + run->firstRejection};
    summary.events = run->events;

    auto ws = store::Workspace::open(casePath);
    if (!ws)
        return ws.error();
    sql::Database& db = (*ws)->db();
    store::beginCaseFile(db);
    casefile::CarryOptions carry {&options, options.author};
    CaseFileSummary carried;
    casefile::carryAnnotations(source, db, issues, carry, carried);
    summary.issues = carried.issues;
    summary.notes = carried.notes;
    summary.triaged = carried.triaged;
    const nlohmann::json marker = {{"format", 1}, {"redacted", options.redact}, {"issues", summary.issues},
        {"events", summary.events}, {"created_at", formatIsoTimestamp(store::nowMicros())}};
    store::writeCaseFileMarker(db, marker.dump());
    store::sealCaseFile(db);
    return summary;
}

} // namespace

Result<CaseFileSummary> exportCaseFile(const std::string& workspacePath, const std::vector<IssueId>& issues,
    const std::string& outPath, const CaseExportOptions& options)
{
    if (issues.empty())
        return Error {"a case file needs at least one issue"};
    const QFileInfo out(QString::fromStdString(outPath));
    QTemporaryDir folder(out.absolutePath() + QStringLiteral("/.stackdeck-case-XXXXXX"));
    if (!folder.isValid())
        return Error {"cannot write beside " + outPath + ": " + folder.errorString().toStdString()};
    const std::string casePath = folder.filePath(QStringLiteral("case.stackdeck")).toStdString();
    try {
        auto source = store::Workspace::open(workspacePath, store::Workspace::Mode::ReadOnly);
        if (!source)
            return source.error();
        auto summary = buildCaseFile((*source)->db(), issues, casePath, folder.path().toStdString(), options);
        if (!summary)
            return summary;
        std::filesystem::rename(casePath, outPath);
        return summary;
    } catch (const std::exception& e) {
        return Error {"writing the case file failed: " + std::string(e.what())};
    }
}

bool isCaseFile(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    char header[16] = {};
    return in.read(header, sizeof header)
        && std::string_view(header, sizeof header) == std::string_view("SQLite format 3\0", 16);
}

namespace {

// A private copy of the case file to read: the sender's file is never opened
// by SQLite (no -shm or journal beside it, no change under our feet), and a
// copy marked WAL is read as the rollback-journal file it then is.
Result<std::string> privateCopy(const std::string& casePath, const QTemporaryDir& folder)
{
    const QString copy = folder.filePath(QStringLiteral("case.stackdeck"));
    if (!QFile::copy(QString::fromStdString(casePath), copy))
        return Error {"cannot read " + casePath};
    QFile file(copy);
    if (!file.open(QIODevice::ReadWrite) || !file.seek(18))
        return Error {"cannot read " + casePath};
    const QByteArray versions = file.read(2);
    if (versions == QByteArray("\x02\x02", 2) && (!file.seek(18) || file.write("\x01\x01", 2) != 2))
        return Error {"cannot read " + casePath};
    file.close();
    file.setPermissions(QFileDevice::ReadOwner);
    return copy.toStdString();
}

} // namespace

Result<CaseFileSummary> importCaseFile(
    const std::string& workspacePath, const std::string& casePath, const CaseImportOptions& options)
{
    if (!isCaseFile(casePath))
        return Error {casePath + " is not a case file (not an SQLite database)"};
    QTemporaryDir folder;
    if (!folder.isValid())
        return Error {"no temporary folder: " + folder.errorString().toStdString()};
    CaseFileSummary summary;
    try {
        auto copy = privateCopy(casePath, folder);
        if (!copy)
            return copy.error();
        sql::Database caseDb(*copy, sql::Database::Mode::ReadOnly);
        const std::string problem = store::checkCaseFile(caseDb, options.limits);
        if (!problem.empty())
            return Error {casePath + " is not a case file this Stackdeck reads: " + problem};
        const auto projects = store::readCaseProjects(caseDb);
        if (projects.size() > kMaxProjects)
            return Error {casePath + " names more projects than a case file may"};
        std::map<std::int64_t, std::string> names;
        for (const auto& p : projects)
            names[p.id] = p.name;
        casefile::ImportFiles files(folder.path().toStdString());
        store::forEachCaseEvent(caseDb, {}, options.limits, [&](store::CaseEvent&& event) {
            const auto name = names.find(event.project);
            if (name == names.end())
                throw std::runtime_error("event " + event.eventId + " names no project of the case file");
            files.add(name->second, event);
        });
        files.close();
        auto run = casefile::importFiles(workspacePath, files, options.waitForWriters, options.cancel);
        if (!run)
            return run.error();
        summary.events = run->events;
        summary.duplicates = run->duplicates;
        summary.rejected = run->rejected;

        auto lock = store::WriterLock::acquire(
            workspacePath, store::WriterLock::Kind::Shared, "case file import", options.waitForWriters);
        if (!lock)
            return lock.error();
        auto ws = store::Workspace::open(workspacePath);
        if (!ws)
            return ws.error();
        casefile::carryAnnotations(caseDb, (*ws)->db(), {}, {nullptr, options.author}, summary);
    } catch (const std::exception& e) {
        return Error {"importing the case file " + casePath + " failed: " + e.what()};
    }
    return summary;
}

} // namespace stackdeck::report
