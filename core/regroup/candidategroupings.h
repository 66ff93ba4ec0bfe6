#pragma once

#include "importer/projectgroupings.h"
#include "regroupplan.h"

#include <memory>

namespace stackdeck::regroup {

// Every project's stored rules, with the candidate rules of `options` in
// place of the stored ones. Fails on candidate rules with syntax errors.
Result<std::shared_ptr<const ProjectGroupings>> candidateGroupings(sql::Database& db, const RegroupOptions& options);

// The title of an existing issue, for plans.
std::function<std::string(IssueId)> issueTitles(sql::Database& db);

} // namespace stackdeck::regroup
