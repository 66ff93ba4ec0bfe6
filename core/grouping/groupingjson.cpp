#include "grouping.h"

#include <nlohmann/json.hpp>

namespace stackdeck::grouping {

namespace {

nlohmann::json fingerprintInfoToJson(const FingerprintInfo& info)
{
    nlohmann::json out = nlohmann::json::object();
    if (info.clientFingerprint)
        out["client_fingerprint"] = *info.clientFingerprint;
    if (info.matchedRule) {
        const auto& r = *info.matchedRule;
        nlohmann::json rule;
        rule["text"] = r.text;
        nlohmann::json matchers = nlohmann::json::array();
        for (const auto& [key, pattern] : r.matchers)
            matchers.push_back({key, pattern});
        rule["matchers"] = matchers;
        rule["fingerprint"] = r.fingerprint;
        rule["attributes"] = nlohmann::json::object();
        if (r.title)
            rule["attributes"]["title"] = *r.title;
        if (r.isBuiltin)
            rule["is_builtin"] = true;
        out["matched_rule"] = rule;
    }
    return out;
}

} // namespace

nlohmann::json componentToJson(const GroupingComponent& c)
{
    nlohmann::json out;
    out["id"] = c.id;
    out["contributes"] = c.contributes;
    if (!c.hint.empty())
        out["hint"] = c.hint;
    nlohmann::json values = nlohmann::json::array();
    for (const auto& v : c.values) {
        if (const auto* s = std::get_if<std::string>(&v))
            values.push_back(*s);
        else
            values.push_back(componentToJson(std::get<GroupingComponent>(v)));
    }
    out["values"] = values;
    return out;
}

nlohmann::json groupingToJson(const GroupingResult& result)
{
    nlohmann::json out;
    out["primary_hash"] = result.primaryHash();
    out["hashes"] = result.hashes;
    if (result.title)
        out["title"] = *result.title;
    if (!result.configErrors.empty())
        out["config_errors"] = result.configErrors;
    nlohmann::json variants = nlohmann::json::object();
    for (const auto& v : result.variants) {
        nlohmann::json j;
        j["type"] = v.type;
        j["hash"] = v.hash ? nlohmann::json(*v.hash) : nlohmann::json(nullptr);
        j["contributes"] = v.contributes;
        if (!v.hint.empty())
            j["hint"] = v.hint;
        if (!v.hashInput.empty() || v.contributes)
            j["hash_input"] = v.hashInput;
        if (v.component)
            j["component"] = componentToJson(*v.component);
        // `values`: what contributes to the hash (issue #2's shape); the
        // fingerprint variants' resolved values replace it below.
        j["values"] = v.hashInput;
        if (!v.fingerprint.empty())
            j["fingerprint"] = v.fingerprint;
        if (!v.values.empty())
            j["values"] = v.values;
        if (!v.info.empty())
            j["info"] = fingerprintInfoToJson(v.info);
        if (!v.checksum.empty())
            j["checksum"] = v.checksum;
        if (!v.rawChecksum.empty())
            j["raw_checksum"] = v.rawChecksum;
        variants[v.name] = j;
    }
    out["variants"] = variants;
    return out;
}

} // namespace stackdeck::grouping
