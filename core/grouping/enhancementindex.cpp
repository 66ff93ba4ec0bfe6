#include "enhancementindex.h"

#include <algorithm>
#include <atomic>
#include <cstring>
#include <memory>
#include <string>
#include <unordered_map>

namespace stackdeck::grouping {

namespace {

constexpr std::size_t kMaxCachedValues = 65536; // per field and per frame map; cleared when full
constexpr std::size_t kCachedRuleSets = 4; // rule sets remembered per thread

struct StringHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const noexcept { return std::hash<std::string_view> {}(s); }
};
using BitsMap = std::unordered_map<std::string, std::vector<std::uint64_t>, StringHash, std::equal_to<>>;

// A frame's static key: family and the four fields, hashed without copying.
struct FrameEntry {
    std::string key; // family byte, then each field prefixed with its length
    std::vector<std::uint64_t> bits;
};

struct ThreadCache {
    std::uint64_t owner = 0;
    std::array<BitsMap, 4> fields;
    std::unordered_map<std::uint64_t, FrameEntry> frames;
};

std::uint64_t mix(std::uint64_t h, std::uint64_t w)
{
    h ^= w;
    h *= 0x9E3779B97F4A7C15ULL;
    return h ^ (h >> 29);
}

std::uint64_t hashField(std::uint64_t h, std::string_view s)
{
    h = mix(h, s.size());
    std::size_t i = 0;
    for (; i + 8 <= s.size(); i += 8) {
        std::uint64_t w;
        std::memcpy(&w, s.data() + i, 8);
        h = mix(h, w);
    }
    std::uint64_t tail = 0;
    if (s.size() > i)
        std::memcpy(&tail, s.data() + i, s.size() - i);
    return mix(h, tail);
}

// Does the stored key spell exactly these fields?
bool keyEquals(const std::string& key, std::uint8_t family, const std::string_view (&fields)[4])
{
    std::size_t pos = 0;
    if (key.empty() || static_cast<std::uint8_t>(key[pos++]) != family)
        return false;
    for (const auto& f : fields) {
        std::uint32_t n = 0;
        if (pos + sizeof n > key.size())
            return false;
        std::memcpy(&n, key.data() + pos, sizeof n);
        pos += sizeof n;
        if (n != f.size() || key.compare(pos, n, f) != 0)
            return false;
        pos += n;
    }
    return pos == key.size();
}

ThreadCache& threadCache(std::uint64_t owner)
{
    thread_local std::vector<std::unique_ptr<ThreadCache>> caches;
    for (std::size_t i = 0; i < caches.size(); ++i) {
        if (caches[i]->owner == owner) {
            if (i != 0)
                std::rotate(caches.begin(), caches.begin() + long(i), caches.begin() + long(i) + 1);
            return *caches.front();
        }
    }
    if (caches.size() >= kCachedRuleSets)
        caches.pop_back();
    auto fresh = std::make_unique<ThreadCache>();
    fresh->owner = owner;
    caches.insert(caches.begin(), std::move(fresh));
    return *caches.front();
}

void remember(BitsMap& map, std::string_view key, const std::uint64_t* bits, std::size_t words)
{
    if (map.size() >= kMaxCachedValues)
        map.clear();
    map.emplace(std::string(key), std::vector<std::uint64_t>(bits, bits + words));
}

bool isLiteral(std::string_view pattern)
{
    return pattern.find_first_of("*?[]{}\\,") == std::string_view::npos;
}

std::size_t familyIndex(Family f)
{
    return f == Family::Native ? 1 : f == Family::JavaScript ? 2 : 0;
}
constexpr std::uint8_t kFamilyBitByIndex[3] = {kFamilyOther, kFamilyNative, kFamilyJavaScript};

int fieldIndex(MatchField f)
{
    switch (f) {
    case MatchField::Function:
        return 0;
    case MatchField::Module:
        return 1;
    case MatchField::Path:
        return 2;
    case MatchField::Package:
        return 3;
    default:
        return -1;
    }
}

void appendSized(std::string& key, std::string_view part)
{
    const auto n = static_cast<std::uint32_t>(part.size());
    key.append(reinterpret_cast<const char*>(&n), sizeof n);
    key.append(part);
}

} // namespace

EnhancementIndex::EnhancementIndex(const std::vector<EnhancementRule>& rules)
{
    static std::atomic<std::uint64_t> nextId {1};
    m_id = nextId++;
    m_ruleWords = (rules.size() + 63) / 64;
    m_rules.resize(rules.size());
    for (std::size_t r = 0; r < rules.size(); ++r) {
        CompiledRule& c = m_rules[r];
        std::uint8_t pass = 0;
        for (std::size_t fi = 0; fi < 3; ++fi) {
            bool ok = true;
            for (const auto& m : rules[r].frameMatchers) {
                if (m.field == MatchField::Family && m.offset == FrameOffset::None)
                    ok = ok && (((m.families & kFamilyBitByIndex[fi]) != 0) != m.negated);
            }
            if (ok)
                pass |= kFamilyBitByIndex[fi];
        }
        c.familyPass = pass;
        for (const auto& m : rules[r].frameMatchers) {
            if (m.offset != FrameOffset::None) {
                c.hasDynamic = true;
                continue;
            }
            const int field = fieldIndex(m.field);
            if (field >= 0) {
                c.terms.push_back({std::uint8_t(field), m_sets[std::size_t(field)].add(*m.glob), m.negated});
            } else if (m.field == MatchField::Category || m.field == MatchField::App) {
                c.hasDynamic = true;
                if (m.field == MatchField::Category && !m.negated && isLiteral(m.pattern))
                    c.categoryAnchor = m.pattern;
            }
        }
        for (std::size_t fi = 0; fi < 3; ++fi) {
            if (pass & kFamilyBitByIndex[fi])
                m_rulesByFamily[fi].push_back(std::uint32_t(r));
        }
    }
}

void EnhancementIndex::computeStatic(const GroupingFrame& f, std::uint64_t* out) const
{
    ThreadCache& cache = threadCache(m_id);
    const std::string_view values[4] = {f.matchFunction(), f.module, f.matchPath(), f.package};
    std::array<std::vector<std::uint64_t>, 4> fieldBits;
    for (std::size_t k = 0; k < 4; ++k) {
        const std::size_t words = m_sets[k].words();
        fieldBits[k].assign(words, 0);
        if (values[k].empty() || words == 0)
            continue; // a missing field matches no glob
        BitsMap& map = cache.fields[k];
        if (const auto it = map.find(values[k]); it != map.end()) {
            fieldBits[k] = it->second;
            continue;
        }
        m_sets[k].match(values[k], fieldBits[k].data());
        remember(map, values[k], fieldBits[k].data(), words);
    }
    for (const std::uint32_t r : m_rulesByFamily[familyIndex(f.family)]) {
        bool pass = true;
        for (const Term& t : m_rules[r].terms) {
            const bool hit = (fieldBits[t.field][t.glob / 64] >> (t.glob % 64)) & 1U;
            if (hit == t.negated) {
                pass = false;
                break;
            }
        }
        if (pass)
            out[r / 64] |= std::uint64_t(1) << (r % 64);
    }
}

void EnhancementIndex::staticBits(const GroupingFrame& f, std::uint64_t* out) const
{
    std::fill(out, out + m_ruleWords, 0);
    if (m_ruleWords == 0)
        return;
    ThreadCache& cache = threadCache(m_id);
    const auto family = static_cast<std::uint8_t>(familyIndex(f.family));
    const std::string_view fields[4] = {f.matchFunction(), f.module, f.matchPath(), f.package};
    std::uint64_t h = mix(0x51ED27, family);
    for (const auto& field : fields)
        h = hashField(h, field);
    const auto it = cache.frames.find(h);
    if (it != cache.frames.end() && keyEquals(it->second.key, family, fields)) {
        std::copy(it->second.bits.begin(), it->second.bits.end(), out);
        return;
    }
    computeStatic(f, out);
    if (it != cache.frames.end())
        return; // a hash collision: keep the older entry, compute this frame each time
    if (cache.frames.size() >= kMaxCachedValues)
        cache.frames.clear();
    FrameEntry entry;
    entry.key += static_cast<char>(family);
    for (const auto& field : fields)
        appendSized(entry.key, field);
    entry.bits.assign(out, out + m_ruleWords);
    cache.frames.emplace(h, std::move(entry));
}

} // namespace stackdeck::grouping
