#include "jsontext.h"

#include "formats/jsondepth.h"
#include "plaintext.h"

#include <algorithm>

namespace stackdeck::ui {

nlohmann::ordered_json parseJson(std::string_view text, int maxDepth)
{
    // The callback parser that enforces the limit rescans the enclosing container
    // at every end of an object (quadratic in arrays of objects): only text that
    // nests too deep pays for it.
    if (jsonWithinDepth(text, maxDepth))
        return nlohmann::ordered_json::parse(text.begin(), text.end(), nullptr, false);
    auto limit = [maxDepth](int depth, nlohmann::ordered_json::parse_event_t, nlohmann::ordered_json&) {
        return depth <= maxDepth;
    };
    return nlohmann::ordered_json::parse(text.begin(), text.end(), limit, false);
}

QString jsonScalarText(const nlohmann::ordered_json& value)
{
    if (value.is_string())
        return qs(value.get_ref<const std::string&>());
    return qs(value.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace));
}

QString prettyJson(std::string_view text)
{
    const auto doc = parseJson(text, 512);
    if (doc.is_discarded())
        return QString::fromUtf8(text.data(), static_cast<qsizetype>(text.size()));
    return qs(doc.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace));
}

} // namespace stackdeck::ui
