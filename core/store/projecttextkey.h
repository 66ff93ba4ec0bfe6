#pragma once

#include "util/hashing.h"

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>

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

struct ProjectTextHash {
    using is_transparent = void;
    std::size_t operator()(ProjectTextView k) const
    {
        return static_cast<std::size_t>(hashBytes64(k.text, static_cast<std::uint64_t>(k.project)));
    }
    std::size_t operator()(const ProjectTextKey& k) const { return (*this)(ProjectTextView(k)); }
};

struct ProjectTextEqual {
    using is_transparent = void;
    bool operator()(ProjectTextView a, ProjectTextView b) const { return a.project == b.project && a.text == b.text; }
};

template <typename Value>
using ProjectTextMap = std::unordered_map<ProjectTextKey, Value, ProjectTextHash, ProjectTextEqual>;

} // namespace stackdeck::store
