#include "groupingexplanation.h"
#include "store/workspace.h"

#include <QElapsedTimer>

namespace stackdeck::ui {

GroupingExplanation explainGrouping(const std::string& workspacePath, const std::string& project, const Event& event)
{
    QElapsedTimer clock;
    clock.start();
    GroupingExplanation out;
    out.rules.project = project;
    if (!workspacePath.empty() && !project.empty()) {
        auto ws = store::Workspace::open(workspacePath, store::Workspace::Mode::ReadOnly);
        if (!ws) {
            out.rulesError = ws.error().message;
        } else if (auto rules = regroup::loadProjectRules(ws.value()->db(), project); rules) {
            out.rules = std::move(rules).value();
        } else {
            out.rulesError = rules.error().message;
        }
    }
    const grouping::GroupingConfig config = regroup::groupingConfigFor(out.rules, true);
    out.result = std::make_shared<const grouping::GroupingResult>(grouping::computeGrouping(event, config));
    out.milliseconds = static_cast<double>(clock.nsecsElapsed()) / 1e6;
    return out;
}

} // namespace stackdeck::ui
