#pragma once

#include "grouping/grouping.h"
#include "regroup/regroupplan.h"
#include "store/workspacesession.h"

#include <QMetaType>

#include <memory>
#include <string>

namespace stackdeck::ui {

// One event grouped with its project's stored rules, with details: what the
// grouping pane shows. Computed on a worker (big stack traces take a while).
struct GroupingExplanation {
    std::shared_ptr<const grouping::GroupingResult> result;
    regroup::ProjectRules rules; // the project's rules it was computed with
    std::string rulesError; // the rules could not be read (built-in rules were used)
    double milliseconds = 0;
};

// Reads the project's rules on a reader of `session` (null: built-in rules only).
GroupingExplanation explainGrouping(store::WorkspaceSession* session, const std::string& project, const Event& event);

} // namespace stackdeck::ui

Q_DECLARE_METATYPE(stackdeck::ui::GroupingExplanation)
