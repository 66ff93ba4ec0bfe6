#pragma once

#include "casefile.h"
#include "store/sqlite.h"

#include <fstream>
#include <map>
#include <memory>
#include <string>
#include <vector>

// What the case file's export and import share: writing originals as files the
// import pipeline reads, running that import, and carrying notes and triage.
namespace stackdeck::report::casefile {

// Originals written as import input, one pair of files per project: bare JSON
// documents as one JSON array (byte for byte), envelope items as envelopes
// whose header names the stored event id (the item itself may not).
class ImportFiles {
public:
    explicit ImportFiles(std::string folder);
    void add(const std::string& project, const store::CaseEvent& event);
    void close();
    // project name -> its files, for ImportJob
    const std::map<std::string, std::vector<std::string>>& paths() const { return m_paths; }
    std::int64_t count() const { return m_count; }

private:
    std::ofstream& stream(const std::string& project, bool envelope);
    std::string m_folder;
    std::map<std::string, std::vector<std::string>> m_paths;
    std::map<std::pair<std::string, bool>, std::unique_ptr<std::ofstream>> m_streams; // (project, envelope)
    std::int64_t m_count = 0;
};

struct ImportRun {
    std::int64_t events = 0;
    std::int64_t duplicates = 0;
    std::int64_t rejected = 0;
    std::string firstRejection;
};
// Imports each project's files into the workspace under that project's name.
Result<ImportRun> importFiles(const std::string& workspacePath, const ImportFiles& files,
    const std::function<bool(const std::string&)>& waitForWriters, const std::atomic<bool>* cancel);

struct CarryOptions {
    const CaseExportOptions* redact = nullptr; // export --redact: notes are scanned too
    std::string author;
};
// Notes and triage of the issues of `from` (all when `issues` is empty) onto
// the issues of `to` that hold their hashes (or their events).
void carryAnnotations(sql::Database& from, sql::Database& to, const std::vector<IssueId>& issues,
    const CarryOptions& options, CaseFileSummary& summary);

} // namespace stackdeck::report::casefile
