#include "groupingbridge.h"

#include "grouping/grouping.h"
#include "projectgroupings.h"

namespace stackdeck {

std::vector<std::string> groupingHashes(const Event& event)
{
    // The import fast path: hashes and flags only, no component trees.
    static const grouping::GroupingConfig config = [] {
        grouping::GroupingConfig c;
        c.withDetails = false;
        return c;
    }();
    return grouping::storageHashes(event, config);
}

std::vector<std::string> groupingHashes(const Event& event, const GroupingSettings& settings)
{
    if (settings.serverHashesWin)
        return grouping::storageHashes(event, settings.config);
    return grouping::computeGrouping(event, settings.config).hashes;
}

EventSummary summarizeEvent(const Event& event)
{
    EventSummary s;
    if (!event.title.empty()) {
        s.title = event.title;
    } else if (event.isTransactionLike()) {
        s.title = event.transaction;
    } else if (const auto* ex = event.reportedException()) {
        s.title = ex->type.empty() ? std::string("Error") : ex->type;
        if (!ex->value.empty())
            s.title += ": " + ex->value.substr(0, ex->value.find('\n')).substr(0, 100);
    } else if (event.logentry) {
        const std::string& text = event.logentry->displayText();
        s.title = text.substr(0, text.find('\n')).substr(0, 100);
    }
    if (s.title.empty())
        s.title = "<unlabeled event>";
    s.culprit = !event.culprit.empty() ? event.culprit : event.transaction;
    return s;
}

} // namespace stackdeck
