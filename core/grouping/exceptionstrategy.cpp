#include "exceptionstrategy.h"

#include "exceptiongroups.h"
#include "parameterization.h"
#include "stacktracestrategy.h"

#include <algorithm>

namespace stackdeck::grouping {

using NodeId = ComponentTree::NodeId;

VariantComponents singleExceptionVariants(GroupingContext& ctx, std::size_t index)
{
    ComponentTree& tree = ctx.tree;
    const ExceptionValue& ex = ctx.event.exceptions[index];

    NodeId type = ex.type.empty() ? tree.empty("type") : tree.leaf("type", ex.type);
    NodeId nsError = ComponentTree::kNone;
    if (ex.mechanism) {
        // The snapshots of this config show synthetic types ignored in both variants.
        if (ex.mechanism->synthetic.value_or(false))
            tree.update(type, false, "ignored because exception is synthetic");
        if (const auto& ns = ex.mechanism->nsError) {
            const std::string_view domain = ns->domain ? std::string_view(*ns->domain) : std::string_view("None");
            const std::string_view code = ns->code ? std::string_view(*ns->code) : std::string_view("None");
            nsError = tree.leaves("ns-error", {domain, code});
        }
    }

    VariantComponents stacktraces;
    if (GroupingStacktrace* st = ctx.stacktraces.exception(index))
        stacktraces = stacktraceVariants(ctx, *st);
    else
        stacktraces.add(kApp, tree.empty("stacktrace"));

    // The value is normalised once; both variants show the same text. When
    // every variant's stack trace contributes, the value is ignored in all of
    // them ("stacktrace takes precedence"; nothing turns it back on later), so
    // without details its normalisation - a regex pass, the costliest step of
    // grouping - is skipped and the raw text stands in, never hashed.
    const bool valueIgnored = !ctx.withDetails
        && std::all_of(stacktraces.entries.begin(), stacktraces.entries.end(),
            [&tree](const auto& entry) { return tree.at(entry.node).contributes; });
    std::string_view normalized;
    bool valueChanged = false;
    if (valueIgnored) {
        normalized = ex.value;
    } else if (!ex.value.empty()) {
        std::string n = normalizeMessageForGrouping(ex.value);
        valueChanged = n != ex.value;
        normalized = n == ex.value ? std::string_view(ex.value) : tree.store(std::move(n));
    }

    VariantComponents out;
    for (const auto& entry : stacktraces.entries) {
        // Type and ns-error never change after this point, so the variants share them.
        std::vector<NodeId> children {entry.node, type};
        if (nsError != ComponentTree::kNone)
            children.push_back(nsError);

        NodeId value = tree.empty("value");
        if (!normalized.empty()) {
            value = tree.leaf("value", normalized);
            if (valueChanged)
                tree.setHint(value, "stripped event-specific values");
        }
        if (tree.at(entry.node).contributes && tree.at(value).contributes)
            tree.update(value, false, "ignored because stacktrace takes precedence");
        if (nsError != ComponentTree::kNone && tree.at(nsError).contributes && tree.at(value).contributes)
            tree.update(value, false, "ignored because ns-error info takes precedence");
        children.push_back(value);
        out.add(entry.name, tree.node("exception", children), entry.mandatory);
    }
    return out;
}

namespace {
bool event0Id(const Event& event, std::size_t index)
{
    const auto& m = event.exceptions[index].mechanism;
    return !m || !m->exceptionId || *m->exceptionId == 0;
}
} // namespace

VariantComponents chainedExceptionStrategy(GroupingContext& ctx)
{
    const std::size_t count = ctx.event.exceptions.size();
    if (count == 0)
        return {};
    std::vector<VariantComponents> components;
    components.reserve(count);
    for (std::size_t i = 0; i < count; ++i)
        components.push_back(singleExceptionVariants(ctx, i));

    const ExceptionGroupSelection selection = filterExceptionGroups(ctx.event, components, ctx.tree);
    const std::vector<std::size_t>& kept = selection.kept;
    ctx.mainException = selection.main;
    // A main exception id of 0 is falsy upstream and names nothing.
    if (ctx.mainException && event0Id(ctx.event, *ctx.mainException))
        ctx.mainException.reset();
    if (auto byCause = mainExceptionByCause(ctx.event, kept))
        ctx.mainException = byCause;

    VariantComponents out;
    if (kept.size() == 1) {
        out = components[kept[0]];
    } else {
        // by variant name, in the order the names first appear
        std::vector<std::pair<VariantComponents::Entry, std::vector<NodeId>>> byName;
        for (const std::size_t i : kept) {
            for (const auto& e : components[i].entries) {
                auto it
                    = std::find_if(byName.begin(), byName.end(), [&](const auto& p) { return p.first.name == e.name; });
                if (it == byName.end()) {
                    byName.push_back({e, {}});
                    it = byName.end() - 1;
                }
                it->second.push_back(e.node);
            }
        }
        for (const auto& [entry, nodes] : byName)
            out.add(entry.name, ctx.tree.node("chained-exception", nodes), entry.mandatory);
    }
    finishStacktraceStrategy(ctx.tree, out);
    return out;
}

} // namespace stackdeck::grouping
