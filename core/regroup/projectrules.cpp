// Per-project grouping rules: stored in the projects table, validated with
// the rule parsers (which report line and column) before they are saved.

#include "grouping/rulecache.h"
#include "importer/projectgroupings.h"
#include "regroupplan.h"
#include "store/groupingrules.h"

namespace stackdeck::regroup {

std::vector<RuleError> validateRules(const ProjectRules& rules)
{
    std::vector<RuleError> out;
    if (!rules.enhancements.empty()) {
        auto parsed = grouping::cachedEnhancements(true, rules.enhancements);
        if (!parsed.ok()) {
            const auto& e = parsed.error();
            out.push_back(RuleError {RuleError::Field::Enhancements, e.line, e.column, e.message});
        }
    }
    if (!rules.fingerprintRules.empty()) {
        auto parsed = grouping::cachedFingerprintRules(rules.fingerprintRules);
        if (!parsed.ok()) {
            const auto& e = parsed.error();
            out.push_back(RuleError {RuleError::Field::FingerprintRules, e.line, e.column, e.message});
        }
    }
    return out;
}

std::string describe(const RuleError& error)
{
    return std::string(error.field == RuleError::Field::Enhancements ? "stack trace rules" : "fingerprint rules") + ":"
        + std::to_string(error.line) + ":" + std::to_string(error.column) + ": " + error.message;
}

Result<ProjectRules> loadProjectRules(sql::Database& db, const std::string& project)
{
    try {
        const auto stored = store::readGroupingRules(db, project);
        if (!stored)
            return Error {"no project named '" + project + "'"};
        return ProjectRules {project, stored->enhancements, stored->fingerprintRules};
    } catch (const std::exception& e) {
        return Error {e.what()};
    }
}

Status saveProjectRules(sql::Database& db, const ProjectRules& rules)
{
    const std::vector<RuleError> errors = validateRules(rules);
    if (!errors.empty())
        return Error {describe(errors.front())};
    try {
        if (!store::writeGroupingRules(db, {rules.project, rules.enhancements, rules.fingerprintRules}))
            return Error {"no project named '" + rules.project + "'"};
    } catch (const std::exception& e) {
        return Error {e.what()};
    }
    return Ok {};
}

grouping::GroupingConfig groupingConfigFor(const ProjectRules& rules, bool withDetails)
{
    return ProjectGroupings::make(rules.enhancements, rules.fingerprintRules, withDetails)->config;
}

bool sameRules(const ProjectRules& a, const ProjectRules& b)
{
    return a.enhancements == b.enhancements && a.fingerprintRules == b.fingerprintRules;
}

} // namespace stackdeck::regroup
