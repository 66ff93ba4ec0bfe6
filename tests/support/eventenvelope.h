#pragma once

// A minimal envelope with one error event, as an SDK frames it, for the
// endpoint's suites.

#include <nlohmann/json.hpp>
#include <string>

namespace stackdeck::test {

// The envelope header names `eventId`; the event has `message`, level error,
// platform python and a fixed timestamp (2026-11-24), so runs store the same rows.
inline std::string envelopeWithEvent(const std::string& eventId, const std::string& message)
{
    const std::string payload = nlohmann::json {{"event_id", eventId}, {"message", message}, {"level", "error"},
        {"platform", "python"},
        {"timestamp", 1795513457.5}}.dump();
    return nlohmann::json {{"event_id", eventId}}.dump() + "\n" + R"({"type":"event","length":)"
        + std::to_string(payload.size()) + "}\n" + payload + "\n";
}

} // namespace stackdeck::test
