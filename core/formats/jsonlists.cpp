// The list accessors of jsonaccess.h (pairs, strings, lines, values lists),
// each within its decoder limit (decodelimits.h).

#include "decodelimits.h"
#include "jsonaccess.h"

namespace stackdeck::json {

Pairs pairs(element el, std::string_view field)
{
    Pairs out;
    const std::size_t size = isObject(el) ? object(el).size() : isArray(el) ? array(el).size() : 0;
    const detail::KeptRange keep = detail::keepWithin(field, size, detail::limits::kPairs, false);
    std::size_t index = 0;
    auto text = [](element v) -> std::string {
        if (isNull(v))
            return {};
        if (isString(v))
            return str(v);
        return lenient(v).empty() ? minified(v) : lenient(v);
    };
    if (isObject(el)) {
        for (auto [key, value] : object(el)) {
            if (!keep.contains(index++))
                break;
            out.emplace_back(std::string(key), text(value));
        }
    } else if (isArray(el)) {
        for (element item : array(el)) {
            if (!keep.contains(index++))
                break;
            if (isArray(item)) {
                array pair = item;
                if (pair.size() < 1)
                    continue;
                element k = pair.at(0);
                if (!isString(k))
                    continue;
                std::string value;
                if (pair.size() >= 2)
                    value = text(pair.at(1));
                out.emplace_back(str(k), std::move(value));
            } else if (isObject(item)) {
                auto k = member(item, "key");
                if (!k || !isString(*k))
                    continue;
                auto v = member(item, "value");
                out.emplace_back(str(*k), v ? text(*v) : std::string());
            }
        }
    }
    return out;
}

std::vector<std::string> strings(element el, std::string_view field)
{
    std::vector<std::string> out;
    if (isArray(el)) {
        const detail::KeptRange keep = detail::keepWithin(field, array(el).size(), detail::limits::kPairs, false);
        std::size_t index = 0;
        for (element item : array(el)) {
            if (!keep.contains(index++))
                break;
            if (isString(item))
                out.push_back(str(item));
            else if (!isNull(item))
                out.push_back(lenient(item).empty() ? minified(item) : lenient(item));
        }
    } else if (isString(el)) {
        out.push_back(str(el));
    }
    return out;
}

std::vector<std::string> lines(element el, std::string_view field)
{
    std::vector<std::string> out;
    if (!isArray(el))
        return out;
    const detail::KeptRange keep = detail::keepWithin(field, array(el).size(), detail::limits::kLines, false);
    std::size_t index = 0;
    for (element item : array(el)) {
        if (!keep.contains(index++))
            break;
        out.push_back(isString(item) ? str(item) : std::string());
    }
    return out;
}

std::vector<element> valuesList(element el)
{
    std::vector<element> out;
    if (isArray(el)) {
        for (element item : array(el))
            out.push_back(item);
        return out;
    }
    if (!isObject(el))
        return out;
    object obj = el;
    if (auto values = member(obj, "values")) {
        if (isArray(*values)) {
            for (element item : array(*values))
                out.push_back(item);
        } else if (isObject(*values)) {
            out.push_back(*values);
        }
        return out;
    }
    if (obj.size() > 0)
        out.push_back(el);
    return out;
}

} // namespace stackdeck::json
