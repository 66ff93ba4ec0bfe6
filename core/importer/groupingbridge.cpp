#include "groupingbridge.h"

#include "formats/jsonaccess.h"
#include "grouping/eventmetadata.h"
#include "projectgroupings.h"

#include <nlohmann/json.hpp>
#include <simdjson.h>

namespace stackdeck {

namespace {
// What nlohmann::json writes for these fields (keys in its order, sorted;
// compact), written by hand: building and dumping an object for each event
// was 1% of an import. Event texts are valid UTF-8 (the parser repairs them);
// anything else still goes through nlohmann, which replaces the bad bytes.
std::string metadataJson(const grouping::EventMetadata& m)
{
    const std::pair<const char*, const std::string*> fields[]
        = {{"directive", &m.directive}, {"filename", &m.filename}, {"function", &m.function}, {"message", &m.message},
            {"origin", &m.origin}, {"type", &m.type}, {"uri", &m.uri}, {"value", &m.value}};
    const auto kept = [&m](const char* key, const std::string& value) {
        return !value.empty() || (m.hasType && std::string_view(key) == "type");
    };
    std::string out;
    for (const auto& [key, value] : fields) {
        if (!kept(key, *value))
            continue;
        if (!simdjson::validate_utf8(value->data(), value->size())) {
            nlohmann::json object = nlohmann::json::object();
            for (const auto& [k, v] : fields) {
                if (kept(k, *v))
                    object[k] = *v;
            }
            return object.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
        }
        out += out.empty() ? "{\"" : ",\"";
        out += key;
        out += "\":";
        json::appendJsonString(out, *value);
    }
    if (!out.empty())
        out += '}';
    return out;
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
