#pragma once

#include "model/rawjson.h"

#include <QString>

#include <nlohmann/json.hpp>
#include <string_view>

namespace stackdeck::ui {

// Parses display JSON (vars, extra, contexts, bodies) with a nesting limit:
// deeper levels are dropped rather than recursed into. A discarded value
// (parse error) comes back when the text is not JSON.
nlohmann::ordered_json parseJson(std::string_view text, int maxDepth = 64);
inline nlohmann::ordered_json parseJson(const RawJson& raw, int maxDepth = 64)
{
    return raw.isNull() ? nlohmann::ordered_json() : parseJson(raw.text, maxDepth);
}

// Short text of a scalar the way a table cell shows it: strings without quotes,
// null as "null"; objects and arrays as compact JSON.
QString jsonScalarText(const nlohmann::ordered_json& value);
// Pretty-printed JSON (2 spaces), or the text itself when it is not JSON.
QString prettyJson(std::string_view text);

} // namespace stackdeck::ui
