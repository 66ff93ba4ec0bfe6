#pragma once

// Shared by the grouping UI tests: small events written to a file and
// imported into a workspace, so each test knows exactly which issues exist.

#include "formats/eventdecoder.h"
#include "import/importbackend.h"

#include <QFile>
#include <QString>

#include <nlohmann/json.hpp>

namespace stackdeck::test {

// A Python error with one in-app and one library frame.
inline nlohmann::ordered_json groupingEvent(const std::string& eventId, const std::string& type,
    const std::string& value, const std::string& function = "handle_request", double timestamp = 1764600000.0)
{
    using nlohmann::ordered_json;
    ordered_json lib = {{"function", "dispatch"}, {"module", "framework.core"}, {"filename", "framework/core.py"},
        {"lineno", 10}, {"in_app", false}, {"context_line", "    return handler(request)"}};
    ordered_json app = {{"function", function}, {"module", "shop.views"}, {"filename", "shop/views.py"}, {"lineno", 42},
        {"in_app", true}, {"context_line", "    raise " + type + "(msg)"}};
    return {{"event_id", eventId}, {"timestamp", timestamp}, {"platform", "python"}, {"level", "error"},
        {"exception", {{"values", {{{"type", type}, {"value", value}, {"stacktrace", {{"frames", {lib, app}}}}}}}}}};
}

inline Event decodedEvent(const nlohmann::ordered_json& json)
{
    auto event = decodeEventJson(json.dump());
    return event ? std::move(event).value() : Event {};
}

// Writes the events as one JSON array file and imports it into `workspace`.
inline std::int64_t importEvents(
    const QString& workspace, const QString& file, const std::vector<nlohmann::ordered_json>& events)
{
    QFile f(file);
    if (!f.open(QIODevice::WriteOnly))
        return -1;
    f.write(QByteArray::fromStdString(nlohmann::ordered_json(events).dump()));
    f.close();
    return ui::importFiles(workspace, {file}, QString(), nullptr, {}, {}).events;
}

} // namespace stackdeck::test
