#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>

namespace stackdeck::server {

// The decision for one outbox field given the server's current issue: the
// server has `after` already, has `before` (send), or has something else
// (someone changed it: conflict), or cannot do it at all.
enum class FieldCheck { Already, Send, Conflict, Unsupported };

// `field`: status, assignedTo, isBookmarked, hasSeen; before/after as the
// outbox holds them (JSON text); `issue`: the server's issue object.
FieldCheck checkField(
    const std::string& field, const std::string& before, const std::string& after, const nlohmann::json& issue);

// The server's current value of the field, in the outbox's shape (for a
// conflict's record and take-server).
nlohmann::json serverValue(const std::string& field, const nlohmann::json& issue);

// The update body for one outbox field: {"status": ..., "statusDetails": ...}
// (an ignore deadline becomes ignoreDuration minutes from `nowMicros`),
// {"assignedTo": "..."}, {"isBookmarked": b}, {"hasSeen": b}.
nlohmann::json updateBody(const std::string& field, const std::string& after, std::int64_t nowMicros);

} // namespace stackdeck::server
