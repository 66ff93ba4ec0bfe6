#pragma once

#include "store/serverrows.h"

#include <nlohmann/json.hpp>
#include <string>

namespace stackdeck::server {

// Lenient reads of the server's JSON (unknown fields and enum values are
// accepted; a wrong type reads as empty): ids and counts come as strings or numbers.
std::string text(const nlohmann::json& object, const char* key);
std::int64_t number(const nlohmann::json& object, const char* key);
bool flag(const nlohmann::json& object, const char* key);

// An issue object of the issue list (docs/sentry-api.md §7).
store::ServerIssueRow issueRowFromJson(const nlohmann::json& issue);

} // namespace stackdeck::server
