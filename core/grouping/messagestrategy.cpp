#include "messagestrategy.h"

#include "parameterization.h"

namespace stackdeck::grouping {

VariantComponents messageStrategy(GroupingContext& ctx)
{
    const auto& entry = ctx.event.logentry;
    if (!entry)
        return {};
    ComponentTree& tree = ctx.tree;
    // Upstream: `interface.message or interface.formatted or ""`.
    const std::string_view raw
        = !entry->message.empty() ? std::string_view(entry->message) : std::string_view(entry->formatted);
    std::string normalized = normalizeMessageForGrouping(raw);
    const bool changed = normalized != raw;
    const auto node = tree.leaf("message", changed ? tree.store(std::move(normalized)) : raw);
    if (changed)
        tree.setHint(node, "stripped event-specific values");
    VariantComponents out;
    out.add(kDefault, node);
    return out;
}

VariantComponents templateStrategy(GroupingContext& ctx)
{
    const auto& info = ctx.event.templateInfo;
    if (!info)
        return {};
    ComponentTree& tree = ctx.tree;
    const auto filename = info->filename.empty() ? tree.empty("filename") : tree.leaf("filename", info->filename);
    const auto line
        = info->contextLine.empty() ? tree.empty("context-line") : tree.leaf("context-line", info->contextLine);
    VariantComponents out;
    out.add(kDefault, tree.node("template", {filename, line}));
    return out;
}

} // namespace stackdeck::grouping
