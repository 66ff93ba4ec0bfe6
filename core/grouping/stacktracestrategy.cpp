#include "stacktracestrategy.h"

#include "framestrategy.h"
#include "platformrewrites.h"

namespace stackdeck::grouping {

using NodeId = ComponentTree::NodeId;

VariantComponents stacktraceVariants(GroupingContext& ctx, GroupingStacktrace& st)
{
    ComponentTree& tree = ctx.tree;
    const std::size_t n = st.frames.size();
    std::vector<NodeId> system;
    std::vector<NodeId> app;
    system.reserve(n);
    app.reserve(n);
    for (std::size_t i = 0; i < n; ++i) {
        const GroupingFrame& f = st.frames[i];
        const bool recursion = i > 0 && isRecursiveFrame(f, st.frames[i - 1]);
        const NodeId frame = buildFrameComponent(tree, f, recursion);
        system.push_back(frame);
        const NodeId appFrame = tree.sameValues(frame);
        if (!f.app())
            tree.update(appFrame, false, "non app frame");
        app.push_back(appFrame);
    }

    VariantComponents out;
    for (int v = 0; v < 2; ++v) {
        std::vector<NodeId>& frames = v == 0 ? system : app;
        // The upstream check is inverted on purpose for this config: a lone
        // JavaScript frame without a function that *is* a URL is dropped.
        if (n == 1 && tree.at(frames[0]).contributes && st.frames[0].family == Family::JavaScript
            && st.frames[0].function.empty() && isUrlPath(st.frames[0].absPath))
            tree.update(frames[0], false, "ignored single non-URL JavaScript frame");
        const auto verdict = ctx.enhancements.applyUpdates(st, tree, frames);
        const NodeId node = tree.node("stacktrace", frames);
        if (verdict.discarded)
            tree.update(node, false, verdict.hint);
        out.add(v == 0 ? kSystem : kApp, node, v == 0);
    }
    return out;
}

void finishStacktraceStrategy(ComponentTree& tree, VariantComponents& variants)
{
    // §5.3: mandatory system, deduplicated optional variants. Hashes are
    // compared by their input bytes, so no MD5 is computed here.
    bool hasMandatory = false;
    std::vector<const VariantComponents::Entry*> mandatory;
    for (const auto& e : variants.entries) {
        if (!e.mandatory)
            continue;
        hasMandatory = true;
        if (tree.at(e.node).contributes)
            mandatory.push_back(&e);
    }
    const bool preventContribution = hasMandatory && mandatory.empty();
    for (const auto& e : variants.entries) {
        if (e.mandatory || !tree.at(e.node).contributes)
            continue;
        if (preventContribution) {
            tree.update(e.node, false, "ignored because system variant is not used");
            continue;
        }
        for (const auto* m : mandatory) {
            if (tree.sameHash(m->node, e.node)) {
                tree.update(e.node, false,
                    m->name == kSystem
                        ? std::string_view("ignored because hash matches system variant")
                        : tree.store("ignored because hash matches " + std::string(m->name) + " variant"));
                break;
            }
        }
    }

    // §5.4: only variants with a contributing stacktrace.
    if (variants.entries.size() <= 1)
        return;
    std::vector<std::string_view> withStacktrace;
    std::vector<NodeId> without;
    for (const auto& e : variants.entries) {
        if (tree.hasContributingDescendant(e.node, "stacktrace"))
            withStacktrace.push_back(e.name);
        else
            without.push_back(e.node);
    }
    if (withStacktrace.empty())
        return;
    std::string_view hint;
    if (withStacktrace.size() == 1 && withStacktrace[0] == kSystem)
        hint = "ignored because this variant does not have a contributing stacktrace, but the system variant does";
    else if (withStacktrace.size() == 1)
        hint = tree.store("ignored because this variant does not have a contributing stacktrace, but the "
            + std::string(withStacktrace[0]) + " variant does");
    else
        hint = "ignored because this variant does not have a contributing stacktrace, others do";
    for (const NodeId id : without)
        tree.update(id, false, hint);
}

VariantComponents stacktraceStrategy(GroupingContext& ctx)
{
    GroupingStacktrace* st = ctx.stacktraces.top();
    if (!st)
        return {};
    VariantComponents v = stacktraceVariants(ctx, *st);
    finishStacktraceStrategy(ctx.tree, v);
    return v;
}

} // namespace stackdeck::grouping
