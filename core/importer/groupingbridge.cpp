#include "groupingbridge.h"

#include "grouping/eventmetadata.h"
#include "projectgroupings.h"

#include <nlohmann/json.hpp>

namespace stackdeck {

namespace {
std::string metadataJson(const grouping::EventMetadata& m)
{
    nlohmann::json out = nlohmann::json::object();
    const auto put = [&out](const char* key, const std::string& value) {
        if (!value.empty())
            out[key] = value;
    };
    if (m.hasType)
        out["type"] = m.type;
    put("value", m.value);
    put("filename", m.filename);
    put("function", m.function);
    put("directive", m.directive);
    put("uri", m.uri);
    put("origin", m.origin);
    put("message", m.message);
    return out.empty() ? std::string() : out.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

const GroupingSettings& builtInSettings()
{
    static const GroupingSettings settings = [] {
        GroupingSettings s;
        s.config.withDetails = false;
        return s;
    }();
    return settings;
}
} // namespace

EventGrouping groupEvent(const Event& event, const GroupingSettings* settings)
{
    const GroupingSettings& s = settings ? *settings : builtInSettings();
    grouping::GroupingConfig fast = s.config;
    fast.withDetails = false;
    const grouping::DescribedGrouping described = grouping::computeGroupingAndMetadata(event, fast);
    const grouping::GroupingResult& result = described.grouping;
    const grouping::EventMetadata& meta = described.metadata;

    EventGrouping out;
    // Exports from Sentry carry the server's hashes: they group the event as the server did.
    out.hashes = (s.serverHashesWin && !event.hashes.empty()) ? event.hashes : result.hashes;
    // An API-serialized event names its issue's title and culprit; keep the server's words.
    out.summary.title = !event.title.empty() ? event.title : meta.title;
    out.summary.culprit = !event.culprit.empty() ? event.culprit : meta.culprit;
    out.summary.location = meta.location;
    out.summary.metadataJson = metadataJson(meta);
    if (out.summary.title.empty())
        out.summary.title = "<unlabeled event>";
    return out;
}

std::vector<std::string> groupingHashes(const Event& event)
{
    return groupingHashes(event, builtInSettings());
}

std::vector<std::string> groupingHashes(const Event& event, const GroupingSettings& settings)
{
    grouping::GroupingConfig fast = settings.config;
    fast.withDetails = false;
    if (settings.serverHashesWin)
        return grouping::storageHashes(event, fast);
    return grouping::computeGrouping(event, fast).hashes;
}

EventSummary summarizeUngrouped(const Event& event)
{
    EventSummary s;
    s.title = !event.title.empty() ? event.title : event.transaction;
    if (s.title.empty() && event.logentry)
        s.title = event.logentry->displayText().substr(0, 100);
    if (s.title.empty())
        s.title = "<unlabeled event>";
    s.culprit = !event.culprit.empty() ? event.culprit : event.transaction;
    return s;
}

} // namespace stackdeck
