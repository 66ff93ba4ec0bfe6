#include "projectgroupings.h"

#include "store/groupingrules.h"

namespace stackdeck {

ProjectGroupings::ProjectGroupings()
    : m_default(make(std::string(), std::string()))
{
}

std::shared_ptr<const GroupingSettings> ProjectGroupings::make(
    const std::string& enhancements, const std::string& fingerprintRules, bool withDetails)
{
    auto settings = std::make_shared<GroupingSettings>();
    settings->config.enhancements = enhancements;
    settings->config.fingerprintRules = fingerprintRules;
    settings->config.withDetails = withDetails;
    settings->serverHashesWin = enhancements.empty() && fingerprintRules.empty();
    const Status prepared = grouping::prepareGroupingConfig(settings->config);
    if (!prepared.ok()) {
        // Saved rules are validated, so this is a workspace edited by hand:
        // group with the built-in rules rather than refuse to import.
        settings->configError = prepared.error().message;
        settings->config = grouping::GroupingConfig {};
        settings->config.withDetails = withDetails;
    }
    return settings;
}

std::shared_ptr<ProjectGroupings> ProjectGroupings::load(sql::Database& db)
{
    auto out = std::make_shared<ProjectGroupings>();
    for (const store::StoredGroupingRules& rules : store::projectsWithGroupingRules(db))
        out->set(rules.project, make(rules.enhancements, rules.fingerprintRules));
    return out;
}

void ProjectGroupings::set(const std::string& project, std::shared_ptr<const GroupingSettings> settings)
{
    m_byProject[project] = std::move(settings);
}

const GroupingSettings& ProjectGroupings::forProject(const std::string& project) const
{
    if (auto it = m_byProject.find(project); it != m_byProject.end())
        return *it->second;
    return *m_default;
}

} // namespace stackdeck
