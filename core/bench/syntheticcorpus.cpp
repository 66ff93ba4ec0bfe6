#include "syntheticcorpus.h"

#include "syntheticparts.h"

#include <QDateTime>

#include <algorithm>
#include <array>
#include <cmath>
#include <initializer_list>

namespace stackdeck::bench {

using namespace synthetic;

std::uint64_t SyntheticCorpus::Rng::next()
{
    // splitmix64: tiny, fast, good enough for test data, and stable across platforms.
    std::uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

SyntheticCorpus::SyntheticCorpus(SyntheticOptions options)
    : m_options(options)
    , m_rng {options.seed}
{
    if (m_options.now == 0)
        m_options.now = QDateTime::currentMSecsSinceEpoch() * 1000;
    std::int64_t issues = m_options.issues > 0 ? m_options.issues : std::max<std::int64_t>(1, m_options.events / 77);
    m_bugs.reserve(static_cast<std::size_t>(issues));
    for (std::int64_t i = 0; i < issues; ++i)
        m_bugs.push_back(makeBug(i));
}

SyntheticCorpus::~SyntheticCorpus() = default;

std::string SyntheticCorpus::hexId(int chars)
{
    static constexpr char kHex[] = "0123456789abcdef";
    std::string out;
    out.reserve(static_cast<std::size_t>(chars));
    std::uint64_t bits = m_rng.next();
    for (int i = 0; i < chars; ++i) {
        if (i % 16 == 0 && i > 0)
            bits = m_rng.next();
        out += kHex[bits & 15];
        bits >>= 4;
    }
    return out;
}

SyntheticCorpus::Bug SyntheticCorpus::makeBug(std::int64_t index)
{
    Bug bug;
    bug.platform = kPlatforms[m_rng.below(kPlatforms.size())];
    const std::string area = kWords[m_rng.below(kWords.size())];
    const std::string module = bug.platform == "java" ? "com.acme." + area + ".service" : "acme." + area;
    bug.transaction = "/api/" + area + "/" + std::string(kVerbs[m_rng.below(kVerbs.size())]);
    bug.logger = bug.platform == "java" ? "com.acme." + area : area;
    bug.isMessage = m_rng.chance(0.08);
    // Popularity is skewed: a few issues carry most events, as in real projects.
    bug.weight = 1.0 / std::pow(static_cast<double>(index % 997) + 1.0, 0.6);
    const int chain = m_rng.chance(0.15) ? m_rng.range(2, 3) : 1;
    for (int c = 0; c < chain; ++c) {
        const char* type = bug.platform == "python" ? kPyErrors[m_rng.below(kPyErrors.size())]
            : bug.platform == "java"                ? kJavaErrors[m_rng.below(kJavaErrors.size())]
                                                    : kJsErrors[m_rng.below(kJsErrors.size())];
        bug.exceptionTypes.emplace_back(type);
        std::vector<Bug::FrameTemplate> frames;
        // Skewed towards short stacks, with a long tail up to 60 frames.
        const int count = 10 + static_cast<int>(50.0 * std::pow(m_rng.unit(), 5.0));
        for (int f = 0; f < count; ++f) {
            Bug::FrameTemplate t;
            const bool lib = f < count / 3 && m_rng.chance(0.7);
            const std::string word = kWords[m_rng.below(kWords.size())];
            const std::string verb = kVerbs[m_rng.below(kVerbs.size())];
            t.inApp = !lib;
            t.function = concat({verb, "_", word, f == count - 1 ? "_" + std::to_string(index) : std::string()});
            if (bug.platform == "python") {
                t.module = lib ? "framework." + word : concat({module, ".", word});
                t.filename = (lib ? "framework/" : "acme/") + word + ".py";
                t.absPath = (lib ? "/usr/lib/python3/site-packages/" : "/srv/app/") + t.filename;
            } else if (bug.platform == "java") {
                t.module
                    = lib ? concat({"org.framework.", word, ".Handler"}) : concat({module, ".", word, "Controller"});
                t.filename = word + "Controller.java";
                t.absPath = t.filename;
            } else {
                t.module = lib ? "node_modules/framework/" + word : concat({"src/", area, "/", word});
                t.filename = t.module + ".js";
                t.absPath = (lib ? "/app/" : "app:///") + t.filename;
            }
            t.lineno = m_rng.range(5, 900);
            t.contextLine = concat({"    result = ", verb, "_", word, "(request, ", word, "_id, options)"});
            t.hasContext = t.inApp && m_rng.chance(0.5);
            frames.push_back(std::move(t));
        }
        bug.stacks.push_back(std::move(frames));
    }
    bug.valueTemplate = "could not " + std::string(kVerbs[m_rng.below(kVerbs.size())]) + " " + area + " %d: %s";
    const Micros span = static_cast<Micros>(m_options.days) * kDay;
    bug.start = m_options.now - static_cast<Micros>(m_rng.unit() * static_cast<double>(span));
    return bug;
}

Micros SyntheticCorpus::pickTimestamp(const Bug* bug)
{
    const Micros from = bug ? bug->start : m_options.now - static_cast<Micros>(m_options.days) * kDay;
    const Micros range = std::max<Micros>(1, m_options.now - from);
    return from + static_cast<Micros>(m_rng.unit() * static_cast<double>(range));
}

bool SyntheticCorpus::next(std::string& out)
{
    if (m_produced >= m_options.events)
        return false;
    out.clear();
    ++m_produced;
    if (m_rng.chance(m_options.transactionShare)) {
        writeTransaction(out, pickTimestamp(nullptr));
        return true;
    }
    // Weighted pick: sample a few candidates and keep the heaviest, cheap and skewed.
    const Bug* bug = &m_bugs[m_rng.below(m_bugs.size())];
    for (int i = 0; i < 2; ++i) {
        const Bug* other = &m_bugs[m_rng.below(m_bugs.size())];
        if (other->weight > bug->weight)
            bug = other;
    }
    writeError(out, *bug, pickTimestamp(bug));
    return true;
}

void SyntheticCorpus::writeCommon(std::string& out, const Bug* bug, Micros ts)
{
    const std::string platform = bug ? bug->platform : std::string(kPlatforms[m_rng.below(kPlatforms.size())]);
    str(out, "event_id", hexId(32));
    seconds(out, "timestamp", ts);
    str(out, "platform", platform);
    // Releases follow time as in a real deployment: a new one every two days,
    // with a tenth of the traffic still on the previous one.
    const std::int64_t age = std::max<Micros>(0, m_options.now - ts) / (2 * kDay);
    const std::int64_t releaseIndex = 1000 - age - (m_rng.chance(0.1) ? 1 : 0);
    const std::string release
        = "acme@" + std::to_string(releaseIndex / 100) + "." + std::to_string(releaseIndex % 100) + ".0";
    str(out, "release", release);
    str(out, "environment", kEnvironments[m_rng.below(kEnvironments.size())]);
    str(out, "server_name", "web-" + std::to_string(m_rng.below(40)));
    const std::string userId = std::to_string(m_rng.below(5000));
    const std::string browser = kBrowsers[m_rng.below(kBrowsers.size())];
    const std::string os = kOses[m_rng.below(kOses.size())];

    key(out, "user");
    out += '{';
    str(out, "id", userId);
    str(out, "email", "user" + userId + "@example.com");
    str(out, "ip_address", "10." + std::to_string(m_rng.below(255)) + "." + std::to_string(m_rng.below(255)) + ".7");
    closeObject(out);
    out += ',';

    key(out, "tags");
    out += '{';
    str(out, "browser", browser);
    str(out, "os.name", os);
    str(out, "region", m_rng.chance(0.5) ? "eu-west-1" : "us-east-1");
    str(out, "customer", "tenant-" + std::to_string(m_rng.below(300)));
    str(out, "feature_flag", m_rng.chance(0.3) ? "new-checkout" : "control");
    closeObject(out);
    out += ',';

    m_traceId = hexId(32);
    m_rootSpanId = hexId(16);
    key(out, "contexts");
    out += '{';
    key(out, "os");
    out += '{';
    str(out, "name", os);
    str(out, "version", std::to_string(m_rng.range(5, 15)) + "." + std::to_string(m_rng.below(10)));
    str(out, "type", "os");
    closeObject(out);
    out += ',';
    key(out, "browser");
    out += '{';
    str(out, "name", browser);
    // A few builds per major version are in the field at any time.
    str(out, "version", std::to_string(m_rng.range(110, 130)) + ".0." + std::to_string(6000 + 37 * m_rng.below(8)));
    str(out, "type", "browser");
    closeObject(out);
    out += ',';
    key(out, "runtime");
    out += '{';
    str(out, "name", platform == "python" ? "CPython" : platform == "java" ? "OpenJDK" : "node");
    str(out, "version", "3.11." + std::to_string(m_rng.below(9)));
    str(out, "type", "runtime");
    closeObject(out);
    out += ',';
    key(out, "trace");
    out += '{';
    str(out, "trace_id", m_traceId);
    str(out, "span_id", m_rootSpanId);
    str(out, "op", "http.server");
    str(out, "status", m_rng.chance(0.9) ? "ok" : "internal_error");
    str(out, "type", "trace");
    closeObject(out);
    out += ',';
    closeObject(out);
    out += ',';

    key(out, "sdk");
    out += '{';
    str(out, "name",
        platform == "python"     ? "sentry.python"
            : platform == "java" ? "sentry.java"
                                 : "sentry.javascript.node");
    str(out, "version", "2.19.0");
    closeObject(out);
    out += ',';
}

void SyntheticCorpus::writeTransaction(std::string& out, Micros ts)
{
    out += '{';
    writeCommon(out, nullptr, ts);
    str(out, "type", "transaction");
    const std::string name
        = "/api/" + std::string(kWords[m_rng.below(kWords.size())]) + "/" + kVerbs[m_rng.below(kVerbs.size())];
    str(out, "transaction", name);
    key(out, "transaction_info");
    out += "{\"source\":\"route\"},";
    const int spans = 20 + static_cast<int>(180.0 * std::pow(m_rng.unit(), 2.0));
    const Micros duration = m_rng.range(20'000, 3'000'000);
    seconds(out, "start_timestamp", ts - duration);
    const std::string& traceId = m_traceId;
    const std::string& root = m_rootSpanId;
    key(out, "spans");
    out += '[';
    for (int s = 0; s < spans; ++s) {
        out += '{';
        str(out, "span_id", hexId(16));
        str(out, "parent_span_id", root);
        str(out, "trace_id", traceId);
        const char* op = kSpanOps[m_rng.below(kSpanOps.size())];
        str(out, "op", op);
        str(out, "description",
            std::string_view(op).substr(0, 2) == "db"
                ? "SELECT * FROM " + std::string(kWords[m_rng.below(kWords.size())]) + " WHERE id = %s LIMIT 1"
                : std::string(op) + " " + kWords[m_rng.below(kWords.size())]);
        const Micros start = ts - duration + static_cast<Micros>(m_rng.unit() * static_cast<double>(duration) * 0.9);
        seconds(out, "start_timestamp", start);
        seconds(out, "timestamp", start + m_rng.range(100, 50'000));
        str(out, "status", "ok");
        key(out, "data");
        out += "{\"thread.name\":\"MainThread\",\"db.system\":\"postgresql\"},";
        closeObject(out);
        out += ',';
    }
    closeArray(out);
    out += ',';
    key(out, "measurements");
    out += "{\"lcp\":{\"value\":" + std::to_string(m_rng.range(200, 5000)) + ",\"unit\":\"millisecond\"}},";
    closeObject(out);
}

} // namespace stackdeck::bench
