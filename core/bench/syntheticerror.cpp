// SyntheticCorpus's error events, part by part. The order of the random
// draws is the corpus: a fixed seed gives the same events byte for byte, so
// nothing here may draw in a different order.

#include "syntheticcorpus.h"
#include "syntheticparts.h"

#include <cmath>

namespace stackdeck::bench {

using namespace synthetic;

void SyntheticCorpus::writeError(std::string& out, const Bug& bug, Micros ts)
{
    out += '{';
    writeCommon(out, &bug, ts);
    str(out, "level", bug.isMessage ? "warning" : (m_rng.chance(0.05) ? "fatal" : "error"));
    str(out, "logger", bug.logger);
    str(out, "transaction", bug.transaction);

    if (bug.isMessage) {
        key(out, "logentry");
        out += '{';
        str(out, "message", "Retrying %s after %d failures");
        str(out, "formatted",
            "Retrying " + bug.transaction + " after " + std::to_string(m_rng.range(1, 9)) + " failures");
        closeObject(out);
        out += ',';
    }

    key(out, "exception");
    out += "{\"values\":[";
    for (std::size_t c = 0; c < bug.exceptionTypes.size(); ++c)
        writeException(out, bug, c);
    closeArray(out);
    out += "},";

    writeBreadcrumbs(out, ts);
    writeRequest(out, bug);

    key(out, "extra");
    out += "{\"attempt\":" + std::to_string(m_rng.range(1, 4)) + ",\"worker\":\"celery@" + hexId(4) + "\"},";
    closeObject(out);
}

void SyntheticCorpus::writeException(std::string& out, const Bug& bug, std::size_t c)
{
    out += '{';
    str(out, "type", bug.exceptionTypes[c]);
    std::string value = bug.valueTemplate;
    const auto d = value.find("%d");
    value.replace(d, 2, std::to_string(m_rng.below(1'000'000)));
    const auto s = value.find("%s");
    value.replace(s, 2, "'" + hexId(8) + "'");
    str(out, "value", value);
    key(out, "mechanism");
    out += m_rng.chance(0.7) ? R"({"type":"generic","handled":true})" : R"({"type":"excepthook","handled":false})";
    out += ',';
    key(out, "stacktrace");
    out += "{\"frames\":[";
    for (std::size_t f = 0; f < bug.stacks[c].size(); ++f)
        writeFrame(out, bug, c, f);
    closeArray(out);
    out += "},";
    closeObject(out);
    out += ',';
}

void SyntheticCorpus::writeFrame(std::string& out, const Bug& bug, std::size_t exception, std::size_t frame)
{
    const Bug::FrameTemplate& t = bug.stacks[exception][frame];
    out += '{';
    str(out, "function", t.function);
    str(out, "module", t.module);
    str(out, "filename", t.filename);
    str(out, "abs_path", t.absPath);
    num(out, "lineno", t.lineno);
    key(out, "in_app");
    out += t.inApp ? "true," : "false,";
    if (t.hasContext) {
        str(out, "context_line", t.contextLine);
        key(out, "pre_context");
        out += "[\"    def handler(request):\",\"        options = load_options(request)\",";
        out += "\"        # validate before doing any work\"],";
        key(out, "post_context");
        out += "[\"        return result\",\"\",\"    except Exception:\"],";
    }
    if (t.inApp && m_rng.chance(0.35)) {
        key(out, "vars");
        out += '{';
        const int vars = m_rng.range(2, 7);
        for (int v = 0; v < vars; ++v) {
            const std::string name = std::string(kWords[m_rng.below(kWords.size())]) + "_" + std::to_string(v);
            str(out, name.c_str(), "<" + std::string(kWords[m_rng.below(kWords.size())]) + " id=" + hexId(6) + ">");
        }
        closeObject(out);
        out += ',';
    }
    closeObject(out);
    out += ',';
}

void SyntheticCorpus::writeBreadcrumbs(std::string& out, Micros ts)
{
    key(out, "breadcrumbs");
    out += "{\"values\":[";
    const int crumbs = 10 + static_cast<int>(90.0 * std::pow(m_rng.unit(), 4.0));
    for (int b = 0; b < crumbs; ++b) {
        out += '{';
        seconds(out, "timestamp", ts - std::int64_t {crumbs - b} * 350'000);
        const char* category = kCategories[m_rng.below(kCategories.size())];
        str(out, "category", category);
        str(out, "level", m_rng.chance(0.9) ? "info" : "warning");
        if (std::string_view(category) == "http" && m_rng.chance(0.5)) {
            str(out, "type", "http");
            key(out, "data");
            out += "{\"method\":\"GET\",\"url\":\"https://api.example.com/v1/" + std::string(kWords[m_rng.below(12)])
                + "/" + std::to_string(m_rng.below(99999)) + "\",\"status_code\":" + (m_rng.chance(0.9) ? "200" : "503")
                + "},";
        } else {
            str(out, "message",
                std::string(kVerbs[m_rng.below(kVerbs.size())]) + " " + kWords[m_rng.below(kWords.size())] + " "
                    + std::to_string(m_rng.below(100000)));
        }
        closeObject(out);
        out += ',';
    }
    closeArray(out);
    out += "},";
}

void SyntheticCorpus::writeRequest(std::string& out, const Bug& bug)
{
    key(out, "request");
    out += '{';
    str(out, "url", "https://shop.example.com" + bug.transaction);
    str(out, "method", m_rng.chance(0.7) ? "GET" : "POST");
    str(out, "query_string", "page=" + std::to_string(m_rng.below(50)) + "&sort=desc&ref=" + hexId(6));
    key(out, "headers");
    out += "{\"User-Agent\":\"Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko)\",";
    out += "\"Accept\":\"application/json\",\"Accept-Language\":\"en-US,en;q=0.9\",\"Host\":\"shop.example.com\",";
    out += "\"X-Request-Id\":\"" + hexId(16) + "\"},";
    str(out, "cookies", "session=" + hexId(24) + "; theme=dark");
    if (m_rng.chance(0.3)) {
        key(out, "data");
        out += "{\"items\":[";
        const int items = m_rng.chance(0.05) ? m_rng.range(200, 600) : m_rng.range(1, 10);
        for (int i = 0; i < items; ++i)
            out += "{\"sku\":\"SKU-" + std::to_string(m_rng.below(9999)) + "\",\"qty\":"
                + std::to_string(m_rng.range(1, 5)) + ",\"note\":\"gift wrap please, deliver after 5pm\"},";
        closeArray(out);
        out += "},";
    }
    closeObject(out);
    out += ',';
}

} // namespace stackdeck::bench
