#include "groupingexplanation.h"

#include <QElapsedTimer>

namespace stackdeck::ui {

GroupingExplanation explainGrouping(store::WorkspaceSession* session, const std::string& project, const Event& event)
{
    QElapsedTimer clock;
    clock.start();
    GroupingExplanation out;
    out.rules.project = project;
    if (session && !project.empty()) {
        auto reader = session->reader();
        if (!reader) {
            out.rulesError = reader.error().message;
        } else if (auto rules = regroup::loadProjectRules(reader->db(), project); rules) {
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
