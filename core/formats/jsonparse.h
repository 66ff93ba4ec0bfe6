#pragma once

#include "util/result.h"

#include <simdjson.h>
#include <string>
#include <string_view>
#include <vector>

namespace stackdeck {

// Parses one JSON document with simdjson's DOM (max depth 1024, so 100,000
// nested brackets are an error, never a stack overflow) and the repairs an
// importer can make without guessing:
//   - invalid UTF-8: each bad byte becomes U+FFFD; `repairedText` receives the
//     repaired document, which is what should be stored (valid UTF-8 always);
//   - NaN / Infinity, integers beyond 64 bits, float overflow, lone surrogate
//     escapes: see jsonsanitize.h (the original text stays storable as is,
//     parsing it again repeats the same repair).
// Each repair made is described in `repairs`. The element lives in `parser`.
struct JsonParseResult {
    simdjson::dom::element root;
    std::vector<std::string> repairs;
    bool utf8Repaired = false;
};

Result<JsonParseResult> parseJsonLenient(
    simdjson::dom::parser& parser, const std::string& text, std::string* repairedText = nullptr);

// The parser of the calling thread. Decoding runs on worker threads; each gets
// its own. Memory grown for a huge document is released again afterwards.
simdjson::dom::parser& threadParser();
void releaseThreadParserIfLarge();

} // namespace stackdeck
