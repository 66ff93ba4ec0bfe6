#pragma once

// Lenient accessors over simdjson DOM elements for decoding Sentry payloads.
// Every protocol field may be null or of an unexpected type; these helpers
// return "absent" instead of failing, the way Relay drops an invalid field
// and keeps the rest of the event.

#include "model/pairs.h"
#include "model/rawjson.h"
#include "model/timestamp.h"

#include <cstdint>
#include <optional>
#include <simdjson.h>
#include <string>
#include <string_view>
#include <vector>

namespace stackdeck::json {

using simdjson::dom::array;
using simdjson::dom::element;
using simdjson::dom::element_type;
using simdjson::dom::object;

inline bool isNull(element el)
{
    return el.type() == element_type::NULL_VALUE;
}
inline bool isObject(element el)
{
    return el.type() == element_type::OBJECT;
}
inline bool isArray(element el)
{
    return el.type() == element_type::ARRAY;
}
inline bool isString(element el)
{
    return el.type() == element_type::STRING;
}
inline bool isNumber(element el)
{
    const auto t = el.type();
    return t == element_type::INT64 || t == element_type::UINT64 || t == element_type::DOUBLE;
}

std::optional<element> member(object obj, std::string_view key);
std::optional<element> member(element el, std::string_view key);

// A string, or empty when the element is not a string.
std::string str(element el);
std::string str(object obj, std::string_view key);

// Relay's LenientString: strings as they are, numbers and booleans as text
// (booleans the way Python prints them: "True" / "False").
std::string lenient(element el);

// Python str() of a JSON scalar: strings verbatim, null -> "None", true -> "True",
// integers in decimal, floats in repr form. Objects and arrays become compact JSON.
std::string pythonStr(element el);

std::optional<bool> boolean(element el);
std::optional<std::int64_t> integer(element el); // integral numbers, integral doubles, decimal strings
std::optional<std::uint64_t> unsignedInteger(element el);
std::optional<double> number(element el);
// Addresses: "0x1a2b" hex strings, decimal strings or JSON integers.
std::optional<std::uint64_t> address(element el);
// RFC 3339 strings or numeric seconds.
std::optional<Micros> timestamp(element el);

RawJson raw(element el);
RawJson raw(object obj);

// Object, [[k, v], ...] pairs or the API's [{key, value}] all become pairs.
// Non-string values are rendered as text; null values are kept as "".
// At most limits::kPairs of them (decodelimits.h); `field` names a trim.
Pairs pairs(element el, std::string_view field = "pairs");

// Strings of an array (non-strings skipped); a lone string becomes a one-element list.
std::vector<std::string> strings(element el, std::string_view field = "strings");
// Like strings() but null elements are kept as empty strings (pre/post context).
std::vector<std::string> lines(element el, std::string_view field = "lines");

// Relay's "Values" wrapper: {"values": [...]}, a bare array, {} (= none), or a
// non-empty object without `values` (= one element).
std::vector<element> valuesList(element el);

// Appends `text` as a quoted, escaped JSON string.
void appendJsonString(std::string& out, std::string_view text);
// Compact JSON text of a value. Used instead of simdjson::minify, which builds
// its output one character at a time: RawJson fields are a large part of
// decoding. Recursion is bounded by the parser's depth limit (1024).
void appendMinified(std::string& out, element el);
void appendMinified(std::string& out, object obj);
std::string minified(element el);

// Lowercase 32-hex form of a UUID given as 32 hex or dashed 36 chars; empty when invalid.
std::string normalizeUuid(std::string_view text);

} // namespace stackdeck::json
