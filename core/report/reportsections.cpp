#include "reportsections.h"

#include <nlohmann/json.hpp>

namespace stackdeck::report {

namespace {

FrameSummary summarizeFrame(const Frame& f)
{
    FrameSummary s;
    s.function = !f.function.empty() ? f.function : (!f.rawFunction.empty() ? f.rawFunction : std::string("?"));
    s.location = !f.filename.empty() ? f.filename : (!f.absPath.empty() ? f.absPath : f.module);
    if (f.lineno) {
        s.location += ':' + std::to_string(*f.lineno);
        if (f.colno)
            s.location += ':' + std::to_string(*f.colno);
    }
    s.inApp = f.inApp.value_or(false);
    s.lineno = f.lineno;
    if (s.inApp && f.lineno && !f.contextLine.empty()) {
        const std::int64_t line = *f.lineno;
        const std::size_t pre = std::min(f.preContext.size(), kContextLines);
        for (std::size_t i = 0; i < pre; ++i) {
            const auto back = static_cast<std::int64_t>(pre - i);
            s.context.emplace_back(line - back, f.preContext[f.preContext.size() - pre + i]);
        }
        s.context.emplace_back(line, f.contextLine);
        const std::size_t post = std::min(f.postContext.size(), kContextLines);
        for (std::size_t i = 0; i < post; ++i)
            s.context.emplace_back(line + static_cast<std::int64_t>(i) + 1, f.postContext[i]);
    }
    return s;
}

ExceptionSummary summarizeException(const ExceptionValue& e)
{
    ExceptionSummary s;
    s.type = e.type;
    s.value = e.value;
    if (!e.stacktrace)
        return s;
    const auto& frames = e.stacktrace->frames;
    const bool anyInApp
        = std::any_of(frames.begin(), frames.end(), [](const Frame& f) { return f.inApp.value_or(false); });
    for (auto it = frames.rbegin(); it != frames.rend(); ++it) {
        if ((anyInApp && !it->inApp.value_or(false)) || s.frames.size() >= kReportFrames) {
            ++s.omittedFrames;
            continue;
        }
        s.frames.push_back(summarizeFrame(*it));
    }
    return s;
}

std::string jsonScalar(const nlohmann::json& v)
{
    return v.is_string() ? v.get<std::string>() : v.dump();
}

BreadcrumbSummary summarizeBreadcrumb(const Breadcrumb& b)
{
    BreadcrumbSummary s;
    s.time = b.timestamp ? reportTime(*b.timestamp) : std::string();
    s.category = !b.category.empty() ? b.category : b.type;
    s.level = b.level ? std::string(levelName(*b.level)) : std::string();
    s.text = b.message;
    if (b.data.isNull())
        return s;
    const nlohmann::json data = nlohmann::json::parse(b.data.text, nullptr, false);
    if (b.type == "http" && data.is_object() && data.contains("url")) {
        s.text = jsonScalar(data.value("method", nlohmann::json("GET"))) + ' ' + jsonScalar(data["url"]);
        if (data.contains("status_code"))
            s.text += " \u2192 " + jsonScalar(data["status_code"]);
    } else if (s.text.empty()) {
        s.text = data.is_discarded() ? b.data.text : data.dump();
    }
    if (s.text.size() > 500)
        s.text = s.text.substr(0, 500) + "\u2026";
    return s;
}

std::optional<RequestSummary> summarizeRequest(const Event& e)
{
    if (!e.request)
        return std::nullopt;
    RequestSummary r;
    r.method = e.request->method;
    r.url = e.request->url;
    if (!e.request->queryString.empty())
        r.url += '?' + e.request->queryString;
    for (const Context& c : e.contexts) {
        if (c.type != "response")
            continue;
        const nlohmann::json v = nlohmann::json::parse(c.value.text, nullptr, false);
        if (v.is_object() && v.contains("status_code"))
            r.status = jsonScalar(v["status_code"]);
    }
    return r;
}

} // namespace

std::string reportTime(Micros micros)
{
    if (micros == 0)
        return {};
    std::string iso = formatIsoTimestamp(micros - micros % 1'000'000);
    if (iso.size() >= 20 && iso.back() == 'Z') {
        iso[10] = ' ';
        iso.pop_back();
        iso += " UTC";
    }
    return iso;
}

IssueSections sectionsOf(const IssueReport& report)
{
    IssueSections s;
    if (!report.event)
        return s;
    const Event& e = *report.event;
    s.eventId = e.eventId;
    s.eventTime = e.timestamp ? reportTime(*e.timestamp) : std::string();
    s.release = e.release;
    s.environment = e.environment;
    if (e.logentry)
        s.message = e.logentry->displayText();
    for (auto it = e.exceptions.rbegin(); it != e.exceptions.rend(); ++it)
        s.exceptions.push_back(summarizeException(*it));
    s.request = summarizeRequest(e);
    s.totalBreadcrumbs = e.breadcrumbs.size();
    const std::size_t first = e.breadcrumbs.size() > kReportBreadcrumbs ? e.breadcrumbs.size() - kReportBreadcrumbs : 0;
    for (std::size_t i = first; i < e.breadcrumbs.size(); ++i)
        s.breadcrumbs.push_back(summarizeBreadcrumb(e.breadcrumbs[i]));
    return s;
}

} // namespace stackdeck::report
