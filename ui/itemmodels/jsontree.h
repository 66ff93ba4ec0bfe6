#pragma once

#include "treenode.h"

#include <nlohmann/json.hpp>

namespace stackdeck::ui {

// Adds `value` below `parent` as a key/value tree: objects and arrays become
// nested nodes (column 0 key, column 1 value or a "{n keys}" summary).
// `meta` is the matching `_meta` subtree (may be null): values the server
// trimmed or scrubbed are flagged Trimmed and say so in their text.
// At most `maxChildren` children per container are shown.
void addJsonChildren(TreeNode* parent, const nlohmann::ordered_json& value,
    const nlohmann::ordered_json* meta = nullptr, int maxChildren = 500);
// One keyed node for a value (container or scalar), children filled in.
TreeNode* addJsonNode(TreeNode* parent, const QString& key, const nlohmann::ordered_json& value,
    const nlohmann::ordered_json* meta = nullptr);
// The `_meta` subtree at a path of keys ("exception", "values", "0", ...), or null.
const nlohmann::ordered_json* metaAt(const nlohmann::ordered_json& meta, std::initializer_list<std::string> path);
// A human note for a `_meta` annotation ({"": {"len": 2048, "rem": [...]}}), or empty.
QString metaNote(const nlohmann::ordered_json* meta);

} // namespace stackdeck::ui
