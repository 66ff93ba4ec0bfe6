#include "jsonparse.h"

#include "jsonsanitize.h"

#include <memory>

namespace stackdeck {
namespace {

constexpr std::size_t kKeepParserCapacity = 16u << 20;

std::string parseError(simdjson::error_code error)
{
    switch (error) {
    case simdjson::DEPTH_ERROR:
        return "invalid JSON: nested deeper than 1024 levels";
    case simdjson::EMPTY:
        return "invalid JSON: empty input";
    case simdjson::CAPACITY:
        return "invalid JSON: document too large";
    default:
        return std::string("invalid JSON: ") + simdjson::error_message(error);
    }
}

bool repairable(simdjson::error_code error)
{
    return error != simdjson::DEPTH_ERROR && error != simdjson::CAPACITY && error != simdjson::MEMALLOC
        && error != simdjson::EMPTY && error != simdjson::UTF8_ERROR;
}

thread_local std::unique_ptr<simdjson::dom::parser> t_parser;

} // namespace

simdjson::dom::parser& threadParser()
{
    if (!t_parser)
        t_parser = std::make_unique<simdjson::dom::parser>();
    return *t_parser;
}

void releaseThreadParserIfLarge()
{
    if (t_parser && t_parser->capacity() > kKeepParserCapacity)
        t_parser.reset();
}

Result<JsonParseResult> parseJsonLenient(
    simdjson::dom::parser& parser, const std::string& text, std::string* repairedText)
{
    JsonParseResult result;
    // simdjson rejects a byte order mark; tools on Windows write one.
    const std::size_t bom = text.compare(0, 3, "\xEF\xBB\xBF") == 0 ? 3 : 0;
    const std::string_view body = std::string_view(text).substr(bom);
    std::string utf8Fixed;
    std::string tokensFixed;

    // The record's buffer usually has simdjson's padding already (see RecordSource), so no copy.
    const bool padded = text.capacity() - text.size() >= simdjson::SIMDJSON_PADDING;
    auto error = parser.parse(body.data(), body.size(), !padded).get(result.root);
    std::string_view current = body;
    if (error == simdjson::UTF8_ERROR) {
        std::size_t replaced = 0;
        const std::size_t first = repairUtf8(body, utf8Fixed, &replaced);
        if (first != std::string_view::npos) {
            result.repairs.push_back("invalid UTF-8 at byte " + std::to_string(first + bom) + ": "
                + std::to_string(replaced) + " byte(s) replaced by U+FFFD");
            result.utf8Repaired = true;
            current = utf8Fixed;
            error = parser.parse(utf8Fixed).get(result.root);
        }
    }
    if (error && repairable(error)) {
        const SanitizeReport report = sanitizeJsonTokens(current, tokensFixed);
        if (report.total() > 0) {
            error = parser.parse(tokensFixed).get(result.root);
            if (!error)
                result.repairs.push_back(report.describe());
        }
    }
    if (error)
        return Error {parseError(error)};
    if (result.utf8Repaired && repairedText)
        *repairedText = std::move(utf8Fixed);
    return result;
}

} // namespace stackdeck
