#include "redactionrules.h"

#include <nlohmann/json.hpp>

namespace stackdeck::store {

namespace {
constexpr const char* kMetaKey = "redaction_rules";
constexpr std::size_t kMaxRules = 1000;
constexpr std::size_t kMaxPattern = 4096;
} // namespace

Result<std::vector<RedactionRule>> loadRedactionRules(sql::Database& db)
{
    std::string text;
    try {
        sql::Statement st(db, "SELECT value FROM meta WHERE key = ?1");
        st.bind(1, kMetaKey);
        if (!st.step() || st.isNull(0))
            return std::vector<RedactionRule> {};
        text = st.text(0);
    } catch (const sql::SqliteError& e) {
        return Error {std::string("reading the redaction rules: ") + e.what()};
    }
    const nlohmann::json doc = nlohmann::json::parse(text, nullptr, false);
    if (!doc.is_array() || doc.size() > kMaxRules)
        return Error {"the stored redaction rules are not a JSON array of at most 1000 rules"};
    std::vector<RedactionRule> rules;
    for (const auto& item : doc) {
        if (!item.is_object() || !item.value("kind", nlohmann::json()).is_string()
            || !item.value("pattern", nlohmann::json()).is_string())
            return Error {"a stored redaction rule lacks its kind or pattern"};
        RedactionRule r;
        const std::string kind = item["kind"].get<std::string>();
        if (kind != "key" && kind != "regex")
            return Error {"a stored redaction rule has the unknown kind '" + kind + "'"};
        r.kind = kind == "key" ? RedactionRule::Kind::Key : RedactionRule::Kind::Regex;
        r.pattern = item["pattern"].get<std::string>();
        r.name = item.contains("name") && item["name"].is_string() ? item["name"].get<std::string>() : r.pattern;
        if (r.pattern.empty() || r.pattern.size() > kMaxPattern)
            return Error {"a stored redaction rule has an empty or over-long pattern"};
        rules.push_back(std::move(r));
    }
    return rules;
}

Status saveRedactionRules(sql::Database& db, const std::vector<RedactionRule>& rules)
{
    nlohmann::json doc = nlohmann::json::array();
    for (const RedactionRule& r : rules) {
        doc.push_back(
            {{"kind", r.kind == RedactionRule::Kind::Key ? "key" : "regex"}, {"name", r.name}, {"pattern", r.pattern}});
    }
    try {
        sql::Statement st(db,
            "INSERT INTO meta(key, value) VALUES(?1, ?2) "
            "ON CONFLICT(key) DO UPDATE SET value = excluded.value");
        st.bind(1, kMetaKey).bind(2, doc.dump());
        st.run();
    } catch (const sql::SqliteError& e) {
        return Error {std::string("saving the redaction rules: ") + e.what()};
    }
    return Ok {};
}

} // namespace stackdeck::store
