#include "enhancementindex.h"

#include "util/hashing.h"

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

// Does the stored key spell exactly these fields?
bool keyEquals(std::string_view key, std::uint8_t family, const std::string_view (&fields)[4])
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

// Frames seen before, by their static key (family and the four fields):
// open addressing over one slot array, each key stored next to its rule bits
// in one arena. A hit reads a slot and one arena entry; the node-based map
// it replaces chased a node, a key and a bits vector, and was a tenth of the
// import workers' time.
class FrameCache {
public:
    using Fields = std::string_view[4];

    const std::uint64_t* find(std::uint64_t hash, std::uint8_t family, const Fields& fields) const
    {
        if (m_slots.empty())
            return nullptr;
        for (std::size_t i = hash & m_mask;; i = (i + 1) & m_mask) {
            const Slot& slot = m_slots[i];
            if (!slot.used)
                return nullptr;
            if (slot.hash == hash && keyEquals(keyAt(slot.offset), family, fields))
                return m_arena.data() + slot.offset + 1 + keyWords(slot.offset);
        }
    }

    // Only for a key find() did not return.
    void insert(
        std::uint64_t hash, std::uint8_t family, const Fields& fields, const std::uint64_t* bits, std::size_t words)
    {
        if (m_count + 1 > kMaxCachedValues || m_arena.size() > kMaxArenaWords)
            reset(); // full: start over, as the per-field caches do
        if (2 * (m_count + 1) > m_slots.size())
            grow();
        const auto offset = static_cast<std::uint32_t>(m_arena.size());
        std::string key; // family byte, then each field prefixed with its length
        key += static_cast<char>(family);
        for (const auto& field : fields) {
            const auto n = static_cast<std::uint32_t>(field.size());
            key.append(reinterpret_cast<const char*>(&n), sizeof n);
            key.append(field);
        }
        const std::size_t kw = (key.size() + 7) / 8;
        m_arena.push_back(key.size());
        m_arena.resize(m_arena.size() + kw, 0);
        std::memcpy(m_arena.data() + offset + 1, key.data(), key.size());
        m_arena.insert(m_arena.end(), bits, bits + words);
        std::size_t i = hash & m_mask;
        while (m_slots[i].used)
            i = (i + 1) & m_mask;
        m_slots[i] = Slot {hash, offset, true};
        ++m_count;
    }

private:
    static constexpr std::size_t kMaxArenaWords = std::size_t(4) << 20; // 32 MiB
    struct Slot {
        std::uint64_t hash = 0;
        std::uint32_t offset = 0; // of the entry in m_arena: key length, key bytes, bits
        bool used = false;
    };
    std::size_t keyWords(std::uint32_t offset) const { return (m_arena[offset] + 7) / 8; }
    std::string_view keyAt(std::uint32_t offset) const
    {
        return {reinterpret_cast<const char*>(m_arena.data() + offset + 1), static_cast<std::size_t>(m_arena[offset])};
    }
    void reset()
    {
        m_slots.clear();
        m_mask = 0;
        m_arena.clear();
        m_count = 0;
    }
    // Doubles the slots (at most half of them are used), keeping every entry.
    void grow()
    {
        std::vector<Slot> old(std::max<std::size_t>(1024, 2 * m_slots.size()));
        old.swap(m_slots);
        m_mask = m_slots.size() - 1;
        for (const Slot& slot : old) {
            if (!slot.used)
                continue;
            std::size_t i = slot.hash & m_mask;
            while (m_slots[i].used)
                i = (i + 1) & m_mask;
            m_slots[i] = slot;
        }
    }

    std::vector<Slot> m_slots;
    std::size_t m_mask = 0;
    std::vector<std::uint64_t> m_arena;
    std::size_t m_count = 0;
};

struct ThreadCache {
    std::uint64_t owner = 0;
    std::array<BitsMap, 4> fields;
    FrameCache frames;
};

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
    std::uint64_t h = 0x51ED27 ^ family;
    for (const auto& field : fields)
        h = hashBytes64(field, h);
    if (const std::uint64_t* bits = cache.frames.find(h, family, fields)) {
        std::copy(bits, bits + m_ruleWords, out);
        return;
    }
    computeStatic(f, out);
    cache.frames.insert(h, family, fields, out, m_ruleWords);
}

} // namespace stackdeck::grouping
