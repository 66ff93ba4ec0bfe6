#include "protocolkeys.h"

#include <algorithm>
#include <iterator>

namespace stackdeck {
namespace {

template <std::size_t N> bool contains(const std::string_view (&set)[N], std::string_view key)
{
    return std::find(std::begin(set), std::end(set), key) != std::end(set);
}

constexpr std::string_view kDecisive[] = {
    "exception",
    "logentry",
    "breadcrumbs",
    "threads",
    "contexts",
    "sdk",
    "request",
    "user",
    "extra",
    "tags",
    "fingerprint",
    "modules",
    "debug_meta",
    "release",
    "environment",
    "server_name",
    "transaction",
    "transaction_info",
    "culprit",
    "logger",
    "dist",
    "csp",
    "hpkp",
    "expectct",
    "expectstaple",
    "spans",
    "breakdowns",
    "checksum",
    "hashes",
    "grouping_config",
};

constexpr std::string_view kOtherEventKeys[] = {
    "event_id",
    "level",
    "version",
    "type",
    "platform",
    "timestamp",
    "start_timestamp",
    "received",
    "message",
    "stacktrace",
    "template",
    "measurements",
    "errors",
    "key_id",
    "project",
    "site",
    "time_spent",
    "ingest_path",
    "title",
    "location",
    "metadata",
    "datetime",
    "nodestore_insert",
    "_meta",
    "_metrics",
    "_dsc",
    "scraping_attempts",
    "main_thread",
    "group_id",
    "client_sdk",
};

constexpr std::string_view kItemTypes[] = {
    "event",
    "transaction",
    "security",
    "attachment",
    "form_data",
    "raw_security",
    "nel",
    "unreal_report",
    "user_report",
    "session",
    "sessions",
    "statsd",
    "metric_buckets",
    "client_report",
    "profile",
    "profile_chunk",
    "profile_chunk_ui",
    "replay_event",
    "replay_recording",
    "replay_video",
    "check_in",
    "span",
    "otel_span",
    "otel_traces_data",
    "log",
    "otel_log",
    "trace_metric",
    "feedback",
    "integration",
};

constexpr std::string_view kHeaderFieldHints[] = {
    "length",
    "content_type",
    "item_count",
    "filename",
    "attachment_type",
};

constexpr std::string_view kEnvelopeHeaderKeys[] = {
    "event_id",
    "dsn",
    "sdk",
    "sent_at",
    "trace",
};

} // namespace

bool isDecisiveEventKey(std::string_view key)
{
    return contains(kDecisive, key) || key.substr(0, 18) == "sentry.interfaces.";
}

bool isEventKey(std::string_view key)
{
    return isDecisiveEventKey(key) || contains(kOtherEventKeys, key);
}

bool isKnownItemType(std::string_view type)
{
    return contains(kItemTypes, type);
}

bool itemTypeIsDecoded(std::string_view type)
{
    return type == "event" || type == "transaction" || type == "feedback" || type == "user_report" || type == "span"
        || type == "log" || type == "attachment";
}

bool itemTypeIsLineJson(std::string_view type)
{
    return type != "attachment" && type != "replay_recording" && type != "replay_video" && type != "statsd"
        && type != "unreal_report" && type != "form_data" && type != "profile_chunk";
}

bool looksLikeItemHeader(simdjson::dom::object obj)
{
    std::string_view type;
    if (obj.at_key("type").get_string().get(type) != simdjson::SUCCESS)
        return false;
    bool hint = isKnownItemType(type);
    for (auto [key, value] : obj) {
        (void)value;
        if (key != "type" && key != "platform" && isEventKey(key))
            return false;
        if (contains(kHeaderFieldHints, key))
            hint = true;
    }
    return hint;
}

bool looksLikeEnvelopeHeader(simdjson::dom::object obj)
{
    bool marker = false;
    for (auto [key, value] : obj) {
        (void)value;
        if (!contains(kEnvelopeHeaderKeys, key))
            return false;
        if (key == "dsn" || key == "sent_at" || key == "trace")
            marker = true;
    }
    return marker;
}

} // namespace stackdeck
