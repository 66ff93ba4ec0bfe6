#include "exceptiongroups.h"

#include <algorithm>
#include <map>
#include <optional>

namespace stackdeck::grouping {

namespace {

// Python's recursion limit turns cycles into an exception upstream.
constexpr int kMaxDepth = 1000;

struct TreeNode {
    std::optional<std::size_t> exception;
    std::vector<std::size_t> children; // reverse input order, as upstream builds them
};

class ExceptionTree {
public:
    ExceptionTree(const Event& event)
        : m_event(event)
    {
    }

    // false: some exception lacks an exception_id; upstream returns the list unfiltered.
    bool build()
    {
        const auto& exs = m_event.exceptions;
        for (std::size_t i = exs.size(); i-- > 0;) {
            const auto& m = exs[i].mechanism;
            if (!m || !m->exceptionId)
                return false;
            m_nodes[*m->exceptionId].exception = i;
            if (m->parentId)
                m_nodes[*m->parentId].children.push_back(i);
        }
        return true;
    }

    // The root exception group: node 0, which must hold an exception.
    std::optional<std::size_t> root() const
    {
        const auto it = m_nodes.find(0);
        if (it == m_nodes.end())
            return std::nullopt;
        return it->second.exception;
    }

    const std::vector<std::size_t>& children(std::size_t exception) const
    {
        static const std::vector<std::size_t> none;
        const auto it = m_nodes.find(*m_event.exceptions[exception].mechanism->exceptionId);
        return it == m_nodes.end() ? none : it->second.children;
    }

    // false: a cycle (upstream's RecursionError), or a node reached along more
    // than one path (exceptions sharing an exception_id): in a tree every
    // exception is visited at most once, so more visits than exceptions means
    // the input is not a tree. Without this bound a few dozen exceptions that
    // share ids cost 2^30 visits.
    bool topLevel(std::size_t exception, std::vector<std::size_t>& out, int depth) const
    {
        if (depth > kMaxDepth || ++m_visits > m_event.exceptions.size())
            return false;
        if (!m_event.exceptions[exception].mechanism->isExceptionGroup.value_or(false)) {
            out.push_back(exception);
            return true;
        }
        for (const std::size_t child : children(exception)) {
            if (!topLevel(child, out, depth + 1))
                return false;
        }
        return true;
    }

    bool firstPath(std::size_t exception, std::vector<std::size_t>& out) const
    {
        for (int depth = 0; depth <= kMaxDepth; ++depth) {
            out.push_back(exception);
            const auto& c = children(exception);
            if (c.empty())
                return true;
            exception = c.front();
        }
        return false;
    }

private:
    const Event& m_event;
    std::map<std::uint64_t, TreeNode> m_nodes;
    mutable std::size_t m_visits = 0;
};

bool sameComponents(const VariantComponents& a, const VariantComponents& b, const ComponentTree& tree)
{
    if (a.entries.size() != b.entries.size())
        return false;
    for (std::size_t i = 0; i < a.entries.size(); ++i) {
        if (!tree.deepEqual(a.entries[i].node, b.entries[i].node))
            return false;
    }
    return true;
}

std::string sortKey(const ExceptionValue& ex)
{
    return ex.type.empty() ? std::string("None") : ex.type;
}

} // namespace

ExceptionGroupSelection filterExceptionGroups(
    const Event& event, const std::vector<VariantComponents>& components, const ComponentTree& tree)
{
    const std::size_t n = event.exceptions.size();
    std::vector<std::size_t> all(n);
    for (std::size_t i = 0; i < n; ++i)
        all[i] = i;
    if (n <= 1)
        return {all, std::nullopt};

    ExceptionTree exTree(event);
    if (!exTree.build())
        return {all, std::nullopt};
    const auto root = exTree.root();
    std::vector<std::size_t> top;
    if (!root || !exTree.topLevel(*root, top, 0))
        return {all, std::nullopt};
    {
        std::stable_sort(top.begin(), top.end(),
            [&](std::size_t a, std::size_t b) { return sortKey(event.exceptions[a]) > sortKey(event.exceptions[b]); });
        std::vector<std::size_t> distinct;
        for (std::size_t i = 0; i < top.size(); ++i) {
            if (i == 0 || !sameComponents(components[top[i]], components[top[i - 1]], tree))
                distinct.push_back(top[i]);
        }
        if (distinct.size() == 1) {
            std::vector<std::size_t> path;
            if (!exTree.firstPath(distinct.front(), path))
                return {all, std::nullopt};
            return {path, distinct.front()};
        }
        distinct.push_back(*root);
        return {distinct, std::nullopt};
    }
}

} // namespace stackdeck::grouping

namespace stackdeck::grouping {

std::optional<std::size_t> mainExceptionByCause(const Event& event, const std::vector<std::size_t>& kept)
{
    static constexpr std::string_view kReactErrorsWithCause[] = {
        "There was an error during concurrent rendering but React was able to recover by instead synchronously "
        "rendering the entire root.",
        "There was an error while hydrating but React was able to recover by instead client rendering from the "
        "nearest Suspense boundary.",
    };
    if (kept.empty())
        return std::nullopt;
    const ExceptionValue& first = event.exceptions[kept.front()];
    const ExceptionValue& last = event.exceptions[kept.back()];
    if (first.type != "Error" || !last.mechanism || last.mechanism->source != "cause")
        return std::nullopt;
    bool known = false;
    for (auto text : kReactErrorsWithCause)
        known = known || first.value == text;
    // upstream keys by exception_id and ignores an id of 0 (falsy)
    if (!known || !last.mechanism->exceptionId || *last.mechanism->exceptionId == 0)
        return std::nullopt;
    return kept.back();
}

} // namespace stackdeck::grouping
