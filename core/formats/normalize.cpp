#include "normalize.h"

#include "jsonaccess.h"

namespace stackdeck {

namespace {

bool isWordByte(unsigned char c)
{
    // Python's Unicode \w: ASCII letters, digits, underscore, and (approximately)
    // every non-ASCII character, which covers letters of other scripts.
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c >= 0x80;
}

std::string trimmed(std::string_view s)
{
    auto isSpace = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; };
    while (!s.empty() && isSpace(s.front()))
        s.remove_prefix(1);
    while (!s.empty() && isSpace(s.back()))
        s.remove_suffix(1);
    return std::string(s);
}

// Relay: an exception without a type whose value reads "Word: rest" gets
// the word as its type and the rest as its value.
void splitTypeFromValue(ExceptionValue& ex)
{
    if (!ex.type.empty() || ex.value.empty())
        return;
    std::size_t i = 0;
    while (i < ex.value.size() && isWordByte(static_cast<unsigned char>(ex.value[i])))
        ++i;
    if (i == 0 || i >= ex.value.size() || ex.value[i] != ':')
        return;
    // `.` in `(.*)` stops at a newline in Python's re; the match must still reach the end.
    if (ex.value.find('\n', i) != std::string::npos)
        return;
    ex.type = ex.value.substr(0, i);
    ex.value = trimmed(std::string_view(ex.value).substr(i + 1));
}

void normalizeLogEntry(LogEntry& entry)
{
    if (entry.formatted.empty() && !entry.params.isNull() && !entry.message.empty())
        entry.formatted = formatLogTemplate(entry.message, entry.params);
    if (entry.formatted.empty() || entry.formatted == entry.message) {
        if (!entry.message.empty())
            entry.formatted = std::move(entry.message);
        entry.message.clear();
    }
}

std::string paramText(simdjson::dom::element el)
{
    return json::pythonStr(el);
}

} // namespace

std::string formatLogTemplate(const std::string& templ, const RawJson& params)
{
    thread_local simdjson::dom::parser parser;
    simdjson::dom::element root;
    if (parser.parse(params.text).get(root) != simdjson::SUCCESS)
        return {};
    const bool positional = json::isArray(root);
    const bool named = json::isObject(root);
    if (!positional && !named)
        return {};
    std::string out;
    std::size_t next = 0;
    for (std::size_t i = 0; i < templ.size(); ++i) {
        const char c = templ[i];
        if (c != '%' || i + 1 >= templ.size()) {
            out += c;
            continue;
        }
        if (templ[i + 1] == '%') {
            out += '%';
            ++i;
            continue;
        }
        std::size_t j = i + 1;
        std::optional<simdjson::dom::element> value;
        if (templ[j] == '(' && named) {
            const auto close = templ.find(')', j);
            if (close == std::string::npos) {
                out += c;
                continue;
            }
            value = json::member(root, std::string_view(templ).substr(j + 1, close - j - 1));
            j = close + 1;
        } else if (positional) {
            simdjson::dom::array arr = root;
            if (next < arr.size())
                value = arr.at(next);
            ++next;
        }
        // flags, width and precision, then the conversion letter
        while (j < templ.size() && std::string_view("#0- +.0123456789").find(templ[j]) != std::string_view::npos)
            ++j;
        if (j >= templ.size() || std::string_view("sdifrxXoeEgGc").find(templ[j]) == std::string_view::npos || !value) {
            return {}; // not something Relay could format; leave `formatted` empty
        }
        out += paramText(*value);
        i = j;
    }
    return out;
}

EventType inferEventType(const Event& event)
{
    if (!event.exceptions.empty())
        return EventType::Error;
    if (event.csp)
        return EventType::Csp;
    if (event.hpkp)
        return EventType::Hpkp;
    if (event.expectCt)
        return EventType::ExpectCt;
    if (event.expectStaple)
        return EventType::ExpectStaple;
    return EventType::Default;
}

void normalizeEvent(Event& event)
{
    if (event.platform.empty())
        event.platform = "other";

    if (event.stacktrace && event.exceptions.size() == 1) {
        event.exceptions.front().stacktrace = std::move(event.stacktrace);
        event.stacktrace.reset();
    }
    for (auto& ex : event.exceptions)
        splitTypeFromValue(ex);

    if (event.logentry) {
        normalizeLogEntry(*event.logentry);
        if (event.logentry->formatted.empty() && event.logentry->message.empty() && event.logentry->params.isNull())
            event.logentry.reset();
    }
}

} // namespace stackdeck
