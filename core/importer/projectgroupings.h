#pragma once

#include "grouping/grouping.h"
#include "store/sqlite.h"

#include <memory>
#include <string>
#include <unordered_map>

namespace stackdeck {

// How one project's events are grouped: its stored rules, parsed once.
struct GroupingSettings {
    grouping::GroupingConfig config; // prepared (rules parsed); withDetails as asked
    // A project on the built-in rules keeps the hashes a server sent with an
    // event (exports from Sentry); a project with its own rules computes them,
    // since the server's hashes were made with rules we do not have. Import,
    // reindex and regroup all decide by this one flag, so a regroup plan, its
    // apply and a later reindex agree.
    bool serverHashesWin = true;
    std::string configError; // stored rules that no longer parse (the built-in rules are used)
};

// The grouping settings of every project of a workspace, shared read-only by
// worker threads. Projects not listed (new ones) use the built-in rules.
class ProjectGroupings {
public:
    ProjectGroupings();

    static std::shared_ptr<const GroupingSettings> make(
        const std::string& enhancements, const std::string& fingerprintRules, bool withDetails = false);
    // Every project's stored rules (projects.grouping_enhancements, fingerprint_rules).
    static std::shared_ptr<ProjectGroupings> load(sql::Database& db);

    void set(const std::string& project, std::shared_ptr<const GroupingSettings> settings);
    const GroupingSettings& forProject(const std::string& project) const;

private:
    std::unordered_map<std::string, std::shared_ptr<const GroupingSettings>> m_byProject;
    std::shared_ptr<const GroupingSettings> m_default;
};

} // namespace stackdeck
