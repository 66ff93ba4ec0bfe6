#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace stackdeck {

// A set of 64-bit hashes in one flat array (open addressing, linear probing):
// no allocation per entry, one cache line per lookup. For the writer's
// "seen before" caches, which take millions of entries. Zero is stored like
// any other value. When it would pass `maxEntries` it forgets everything and
// starts over: its users treat it as a cache in front of the database.
class FlatU64Set {
public:
    explicit FlatU64Set(std::size_t maxEntries = 1 << 22)
        : m_maxEntries(maxEntries)
    {
    }

    bool contains(std::uint64_t value) const
    {
        if (value == 0)
            return m_hasZero;
        if (m_slots.empty())
            return false;
        for (std::size_t i = slotOf(value);; i = (i + 1) & m_mask) {
            if (m_slots[i] == value)
                return true;
            if (m_slots[i] == 0)
                return false;
        }
    }

    // True when the value was not in the set.
    bool insert(std::uint64_t value)
    {
        if (value == 0) {
            const bool added = !m_hasZero;
            m_hasZero = true;
            return added;
        }
        if (size() >= m_maxEntries && !contains(value))
            clear();
        if ((m_size + 1) * 2 > m_slots.size())
            grow();
        for (std::size_t i = slotOf(value);; i = (i + 1) & m_mask) {
            if (m_slots[i] == value)
                return false;
            if (m_slots[i] == 0) {
                m_slots[i] = value;
                ++m_size;
                return true;
            }
        }
    }

    std::size_t size() const { return m_size + (m_hasZero ? 1 : 0); }

    void clear()
    {
        m_slots.clear();
        m_slots.shrink_to_fit();
        m_size = 0;
        m_mask = 0;
        m_hasZero = false;
    }

private:
    std::size_t slotOf(std::uint64_t value) const
    {
        return static_cast<std::size_t>((value * 0x9e3779b97f4a7c15ULL) >> 20) & m_mask;
    }

    void grow()
    {
        const std::size_t capacity = m_slots.empty() ? 1024 : m_slots.size() * 2;
        std::vector<std::uint64_t> old;
        old.swap(m_slots);
        m_slots.assign(capacity, 0);
        m_mask = capacity - 1;
        m_size = 0;
        for (const std::uint64_t v : old) {
            if (v != 0)
                insert(v);
        }
    }

    std::vector<std::uint64_t> m_slots;
    std::size_t m_size = 0;
    std::size_t m_mask = 0;
    std::size_t m_maxEntries;
    bool m_hasZero = false;
};

} // namespace stackdeck
