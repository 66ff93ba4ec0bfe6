#include "rulecache.h"

#include "grouping.h"

#include <mutex>
#include <string>
#include <unordered_map>

namespace stackdeck::grouping {

namespace {

constexpr std::size_t kMaxEntries = 256;

template <typename T> class TextCache {
public:
    template <typename Parse> RuleResult<std::shared_ptr<const T>> get(const std::string& key, Parse&& parse)
    {
        {
            std::lock_guard lock(m_mutex);
            if (auto it = m_entries.find(key); it != m_entries.end())
                return it->second;
        }
        RuleResult<std::shared_ptr<const T>> parsed = parse();
        if (!parsed.ok())
            return parsed; // errors are not cached: callers report them once
        std::lock_guard lock(m_mutex);
        if (m_entries.size() >= kMaxEntries)
            m_entries.clear();
        m_entries.emplace(key, parsed.value());
        return parsed;
    }

private:
    std::mutex m_mutex;
    std::unordered_map<std::string, std::shared_ptr<const T>> m_entries;
};

} // namespace

RuleResult<std::shared_ptr<const Enhancements>> cachedEnhancements(bool withBuiltins, std::string_view customText)
{
    if (customText.empty())
        return withBuiltins ? Enhancements::builtin() : std::make_shared<const Enhancements>();
    static TextCache<Enhancements> cache;
    std::string key(withBuiltins ? "b:" : "c:");
    key.append(customText);
    return cache.get(key,
        [&] { return Enhancements::withCustomRules(withBuiltins ? Enhancements::builtin() : nullptr, customText); });
}

RuleResult<std::shared_ptr<const FingerprintRules>> cachedFingerprintRules(std::string_view text)
{
    static TextCache<FingerprintRules> cache;
    return cache.get(std::string(text), [&] { return FingerprintRules::parse(text); });
}

} // namespace stackdeck::grouping

namespace stackdeck::grouping {

std::shared_ptr<const Enhancements> resolveEnhancements(const GroupingConfig& config, std::vector<std::string>& errors)
{
    if (config.customEnhancements)
        return config.customEnhancements;
    auto r = cachedEnhancements(config.builtInEnhancements, config.enhancements);
    if (r.ok())
        return r.value();
    errors.push_back("stack trace rules: " + r.error().toString());
    return config.builtInEnhancements ? Enhancements::builtin() : std::make_shared<const Enhancements>();
}

std::shared_ptr<const FingerprintRules> resolveFingerprintRules(
    const GroupingConfig& config, std::vector<std::string>& errors)
{
    if (config.customFingerprintRules)
        return config.customFingerprintRules;
    if (config.fingerprintRules.empty())
        return nullptr;
    auto r = cachedFingerprintRules(config.fingerprintRules);
    if (r.ok())
        return r.value();
    errors.push_back("fingerprint rules: " + r.error().toString());
    return nullptr;
}

} // namespace stackdeck::grouping
