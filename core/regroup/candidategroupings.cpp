#include "candidategroupings.h"

#include "store/issuerebuild.h"

namespace stackdeck::regroup {

Result<std::shared_ptr<const ProjectGroupings>> candidateGroupings(sql::Database& db, const RegroupOptions& options)
{
    for (const ProjectRules& rules : options.rules) {
        const std::vector<RuleError> errors = validateRules(rules);
        if (!errors.empty())
            return Error {rules.project + ": " + describe(errors.front())};
    }
    try {
        std::shared_ptr<ProjectGroupings> groupings = ProjectGroupings::load(db);
        for (const ProjectRules& rules : options.rules)
            groupings->set(rules.project, ProjectGroupings::make(rules.enhancements, rules.fingerprintRules));
        return std::shared_ptr<const ProjectGroupings>(std::move(groupings));
    } catch (const std::exception& e) {
        return Error {e.what()};
    }
}

std::function<std::string(IssueId)> issueTitles(sql::Database& db)
{
    return [&db](IssueId id) { return store::issueTitle(db, id.value); };
}

} // namespace stackdeck::regroup
