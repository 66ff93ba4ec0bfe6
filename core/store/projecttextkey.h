#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>

namespace stackdeck::store {

// A (project, text) key for the writer's per-event caches (grouping hash ->
// issue, release -> first seen). Looked up with a ProjectTextView, so an
// event's lookup builds no std::string; only a new key is copied.
struct ProjectTextView {
    std::int64_t project = 0;
    std::string_view text;
};

struct ProjectTextKey {
    std::int64_t project = 0;
    std::string text;
    operator ProjectTextView() const { return {project, text}; }
};

struct ProjectTextLess {
    using is_transparent = void;
    bool operator()(ProjectTextView a, ProjectTextView b) const
    {
        return a.project != b.project ? a.project < b.project : a.text < b.text;
    }
};

// Ordered, not hashed: the texts come from files (an event's own hashes, its
// release), and a hash table keyed by them lets a crafted file put them all
// in one bucket; a tree's lookups stay logarithmic whatever the keys.
template <typename Value> using ProjectTextMap = std::map<ProjectTextKey, Value, ProjectTextLess>;

} // namespace stackdeck::store
