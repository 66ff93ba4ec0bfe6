#include "threadsstrategy.h"

#include "stacktracestrategy.h"

namespace stackdeck::grouping {

namespace {

// Index of the only thread satisfying `pred`, or -1 when there are none or several.
template <typename Pred> long single(const std::vector<Thread>& threads, Pred pred)
{
    long found = -1;
    for (std::size_t i = 0; i < threads.size(); ++i) {
        if (!pred(threads[i]))
            continue;
        if (found >= 0)
            return -1;
        found = long(i);
    }
    return found;
}

} // namespace

VariantComponents threadsStrategy(GroupingContext& ctx)
{
    const auto& threads = ctx.event.threads;
    if (threads.empty())
        return {};
    ComponentTree& tree = ctx.tree;
    VariantComponents out;

    long chosen = single(threads, [](const Thread& t) { return t.crashed.value_or(false); });
    if (chosen < 0)
        chosen = single(threads, [](const Thread& t) { return t.current.value_or(false); });
    if (chosen < 0 && threads.size() == 1)
        chosen = 0;
    if (chosen < 0) {
        const auto node = tree.empty("threads");
        tree.setHint(node,
            tree.store("ignored because does not contain exactly one crashing, one current or just one thread, "
                       "instead contains "
                + std::to_string(threads.size()) + " threads"));
        out.add(kApp, node);
        return out;
    }

    GroupingStacktrace* st = ctx.stacktraces.thread(std::size_t(chosen));
    if (!st) {
        const auto node = tree.empty("threads");
        tree.setHint(node, "thread has no stacktrace");
        out.add(kApp, node);
        return out;
    }
    const VariantComponents stacktraces = stacktraceVariants(ctx, *st);
    for (const auto& e : stacktraces.entries)
        out.add(e.name, tree.node("threads", {e.node}), e.mandatory);
    finishStacktraceStrategy(tree, out);
    return out;
}

} // namespace stackdeck::grouping
