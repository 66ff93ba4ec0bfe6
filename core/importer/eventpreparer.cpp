#include "eventpreparer.h"

#include "formats/jsonaccess.h"
#include "groupingbridge.h"
#include "projectgroupings.h"
#include "util/hashing.h"
#include "util/payloadcodec.h"
#include "util/payloadcompressor.h"

#include <algorithm>
#include <functional>
#include <string_view>
#include <vector>

namespace stackdeck {

namespace {

constexpr std::size_t kMaxTagValue = 200; // Sentry's limit for tag values

std::string clip(std::string_view text, std::size_t limit)
{
    if (text.size() <= limit)
        return std::string(text);
    std::size_t cut = limit;
    while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80)
        --cut; // never split a UTF-8 sequence
    return std::string(text.substr(0, cut));
}

void addTag(Pairs& tags, std::string key, const std::string& value)
{
    if (value.empty() || findPair(tags, key))
        return;
    tags.emplace_back(std::move(key), clip(value, kMaxTagValue));
}

// name + version of a context object, as Sentry's "browser" / "os" tags read ("Chrome 83.0").
void contextTags(const Context& ctx, Pairs& tags)
{
    thread_local simdjson::dom::parser parser;
    simdjson::dom::element root;
    if (ctx.value.text.empty() || parser.parse(ctx.value.text).get(root) != simdjson::SUCCESS || !json::isObject(root))
        return;
    const simdjson::dom::object obj = root;
    const std::string name = json::str(obj, "name");
    std::string version;
    if (auto v = json::member(obj, "version"))
        version = json::lenient(*v);
    auto both = [&] { return version.empty() ? name : name + " " + version; };
    if (ctx.type == "browser") {
        addTag(tags, "browser.name", name);
        addTag(tags, "browser", both());
    } else if (ctx.type == "os" || ctx.type == "client_os") {
        const std::string prefix = ctx.type;
        addTag(tags, prefix + ".name", name);
        addTag(tags, prefix, both());
    } else if (ctx.type == "runtime") {
        addTag(tags, "runtime.name", name);
        addTag(tags, "runtime", both());
    } else if (ctx.type == "device") {
        addTag(tags, "device", json::str(obj, "model").empty() ? json::str(obj, "name") : json::str(obj, "model"));
        addTag(tags, "device.family", json::str(obj, "family"));
    }
}

std::string displayMessage(const Event& event)
{
    if (event.logentry && !event.logentry->displayText().empty())
        return event.logentry->displayText();
    if (const auto* ex = event.reportedException()) {
        if (!ex->type.empty() && !ex->value.empty())
            return ex->type + ": " + ex->value;
        return ex->type.empty() ? ex->value : ex->type;
    }
    return event.transaction;
}

// Texts seen before, by open addressing over one slot array (one allocation
// per event; the std::set it replaces made a node per text and compared texts
// along a tree: 2-3% of the import workers' time).
class SeenTexts {
public:
    explicit SeenTexts(std::size_t most)
    {
        std::size_t size = 64;
        while (size < 2 * most)
            size *= 2;
        m_slots.assign(size, std::string_view());
        m_mask = size - 1;
    }
    // True the first time a non-empty text is added.
    bool add(std::string_view text)
    {
        const std::size_t hash = std::hash<std::string_view> {}(text);
        for (std::size_t i = hash & m_mask;; i = (i + 1) & m_mask) {
            if (m_slots[i].data() == nullptr) {
                m_slots[i] = text;
                return true;
            }
            if (m_slots[i] == text)
                return false;
        }
    }

private:
    std::vector<std::string_view> m_slots; // a null data() marks a free slot
    std::size_t m_mask = 0;
};

// The distinct functions, modules and files of the event's frames.
std::vector<std::string> searchTerms(const Event& event)
{
    std::vector<const Stacktrace*> stacktraces;
    std::size_t parts = 0;
    auto collect = [&](const std::optional<Stacktrace>& st) {
        if (st) {
            stacktraces.push_back(&*st);
            parts += 3 * st->frames.size();
        }
    };
    for (const ExceptionValue& ex : event.exceptions)
        collect(ex.stacktrace);
    collect(event.stacktrace);
    for (const Thread& t : event.threads)
        collect(t.stacktrace);

    std::vector<std::string> out;
    SeenTexts seen(parts);
    for (const Stacktrace* st : stacktraces) {
        for (const Frame& f : st->frames) {
            for (const std::string* part : {&f.function, &f.module, &f.filename}) {
                if (!part->empty() && seen.add(*part))
                    out.push_back(clip(*part, 1024));
            }
        }
    }
    return out;
}

// The texts the issue search finds this event by besides its frames: its
// title, and its messages and exception values.
std::vector<std::pair<std::string, std::string>> searchTexts(const Event& event, const std::string& title)
{
    std::vector<std::pair<std::string, std::string>> out;
    out.emplace_back(title, std::string());
    std::string messages;
    if (event.logentry) {
        messages += event.logentry->formatted;
        if (!event.logentry->message.empty() && event.logentry->message != event.logentry->formatted)
            messages += "\n" + event.logentry->message;
    }
    for (const ExceptionValue& ex : event.exceptions) {
        std::string line = ex.type;
        if (!ex.value.empty())
            line += (line.empty() ? "" : ": ") + ex.value;
        if (line.empty() || line == title)
            continue; // the title row finds it already
        if (!messages.empty())
            messages += '\n';
        messages += line;
    }
    if (!messages.empty())
        out.emplace_back(std::string(), clip(messages, std::size_t {16} * 1024));
    return out;
}

} // namespace

Pairs derivedTags(const Event& event)
{
    Pairs tags;
    tags.reserve(event.tags.size() + 16);
    for (const auto& [key, value] : event.tags) {
        if (key.empty())
            continue;
        // Stored events write a few keys with a `sentry:` prefix; Sentry shows them without it.
        std::string k = key.rfind("sentry:", 0) == 0 ? key.substr(7) : key;
        if (!findPair(tags, k))
            tags.emplace_back(std::move(k), clip(value, kMaxTagValue));
    }
    addTag(tags, "level", std::string(levelName(event.level)));
    addTag(tags, "environment", event.environment);
    addTag(tags, "release", event.release);
    addTag(tags, "dist", event.dist);
    addTag(tags, "logger", event.logger);
    addTag(tags, "server_name", event.serverName);
    addTag(tags, "transaction", event.transaction);
    if (event.user) {
        const std::string identity = event.user->identityKey();
        addTag(tags, "user", identity);
    }
    if (event.request && !event.request->url.empty())
        addTag(tags, "url", event.request->url);
    if (const auto* ex = event.reportedException(); ex && ex->mechanism) {
        if (ex->mechanism->handled)
            addTag(tags, "handled", *ex->mechanism->handled ? "yes" : "no");
        addTag(tags, "mechanism", ex->mechanism->type);
    }
    for (const Context& ctx : event.contexts)
        contextTags(ctx, tags);
    // No `trace` tag: one value per event would bloat the per-issue tag counts;
    // the trace id is a column of the events table instead.
    return tags;
}

PreparedEvent prepareEvent(Event event, std::string rawJson, std::string itemType, const PrepareOptions& options)
{
    PreparedEvent p;
    p.project = !options.project.empty()                               ? options.project
        : (options.projectFromEvent && !event.serverProjectId.empty()) ? event.serverProjectId
                                                                       : std::string("default");
    // Events without an id (many sample files) get one derived from their bytes,
    // so importing the same file twice still finds the duplicate.
    p.eventId = event.eventId.empty() ? md5Hex(rawJson) : event.eventId;
    p.type = event.type;
    p.level = event.level;
    p.platform = event.platform;
    p.timestamp = event.timestamp.value_or(event.received.value_or(options.fallbackTimestamp));
    p.received = event.received;
    if (event.isTransactionLike() && event.startTimestamp && event.timestamp)
        p.durationUs = std::max<Micros>(0, *event.timestamp - *event.startTimestamp);
    p.release = event.release;
    p.environment = event.environment;
    p.userKey = event.user ? event.user->identityKey() : std::string();
    p.traceId = event.trace.traceId;
    p.spanId = event.trace.spanId;
    p.parentSpanId = event.trace.parentSpanId;
    p.spanOp = event.trace.op;
    p.spanStatus = event.trace.status;
    p.service = event.serverName;
    p.transaction = event.transaction;
    p.serverGroupId = event.serverGroupId;
    p.groupable = !event.isTransactionLike() && event.type != EventType::Feedback;

    EventSummary summary;
    if (p.groupable) {
        EventGrouping grouped
            = groupEvent(event, options.groupings ? &options.groupings->forProject(p.project) : nullptr);
        p.hashes = std::move(grouped.hashes);
        summary = std::move(grouped.summary);
    } else {
        summary = summarizeUngrouped(event);
    }
    p.title = summary.title;
    p.culprit = summary.culprit;
    p.metadataJson = summary.metadataJson;
    p.issueType = std::string(eventTypeName(event.type));
    p.message = clip(displayMessage(event), 1024);
    if (p.groupable) {
        p.searchTexts = searchTexts(event, p.title);
        p.searchTerms = searchTerms(event);
    }
    p.tags = derivedTags(event);

    if (!event.spans.empty()) {
        std::vector<SpanRow> rows;
        rows.reserve(event.spans.size());
        // The event is this function's own: the spans' texts move into the rows.
        for (Span& s : event.spans) {
            SpanRow& row = rows.emplace_back();
            row.spanId = std::move(s.spanId);
            row.parentSpanId = std::move(s.parentSpanId);
            row.op = std::move(s.op);
            row.description = s.description.size() <= 2048 ? std::move(s.description) : clip(s.description, 2048);
            row.status = std::move(s.status);
            row.start = s.start;
            row.end = s.end;
            row.exclusiveMs = s.exclusiveTime;
        }
        // LZ4 where the payload stays as it is (reindex): the set is encoded afresh.
        p.spans
            = options.compressor ? encodeSpanRows(rows, *options.compressor) : encodeSpanRows(rows, PayloadCodec::Lz4);
    }

    p.itemType = std::move(itemType);
    p.rawSize = rawJson.size();
    if (options.compressor && options.codec != PayloadCodec::Plain && rawJson.size() > 64) {
        std::string compressed;
        const PayloadCodec codec = options.compressor->compress(rawJson, compressed);
        if (codec != PayloadCodec::Plain) {
            p.payload = std::move(compressed);
            p.codec = codec;
            return p;
        }
    } else if (options.codec != PayloadCodec::Plain && rawJson.size() > 64) {
        std::string compressed
            = options.codec == PayloadCodec::Zstd ? zstdCompress(rawJson, options.zstdLevel) : lz4Compress(rawJson);
        if (!compressed.empty() && compressed.size() < rawJson.size()) {
            p.payload = std::move(compressed);
            p.codec = options.codec == PayloadCodec::Zstd ? PayloadCodec::Zstd : PayloadCodec::Lz4;
            return p;
        }
    }
    p.payload = std::move(rawJson);
    p.codec = PayloadCodec::Plain;
    return p;
}

} // namespace stackdeck
