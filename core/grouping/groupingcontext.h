#pragma once

#include "componenttree.h"
#include "enhancements.h"
#include "grouping.h"
#include "groupingframe.h"
#include "model/event.h"

#include <functional>
#include <string_view>
#include <vector>

namespace stackdeck::grouping {

// Variant names as the server spells them.
inline constexpr std::string_view kSystem = "system";
inline constexpr std::string_view kApp = "app";
inline constexpr std::string_view kDefault = "default";

// What one strategy returns: components by variant, in the order produced.
// `mandatory` marks the `!system` variant of the stack trace strategies.
struct VariantComponents {
    struct Entry {
        std::string_view name;
        ComponentTree::NodeId node;
        bool mandatory = false;
    };
    std::vector<Entry> entries;

    bool empty() const { return entries.empty(); }
    const Entry* find(std::string_view name) const
    {
        for (const auto& e : entries) {
            if (e.name == name)
                return &e;
        }
        return nullptr;
    }
    void add(std::string_view name, ComponentTree::NodeId node, bool mandatory = false)
    {
        entries.push_back({name, node, mandatory});
    }
};

// Every stack trace of the event after normalisation, by owner.
struct NormalizedStacktraces {
    std::vector<GroupingStacktrace> all;
    std::vector<int> byException; // -1: the exception has no stack trace
    std::vector<int> byThread;
    int topLevel = -1;

    GroupingStacktrace* exception(std::size_t i)
    {
        return byException[i] < 0 ? nullptr : &all[std::size_t(byException[i])];
    }
    GroupingStacktrace* thread(std::size_t i) { return byThread[i] < 0 ? nullptr : &all[std::size_t(byThread[i])]; }
    GroupingStacktrace* top() { return topLevel < 0 ? nullptr : &all[std::size_t(topLevel)]; }
    void clear()
    {
        all.clear();
        byException.clear();
        byThread.clear();
        topLevel = -1;
    }
};

// Shared state of one grouping computation.
struct GroupingContext {
    const Event& event;
    const Enhancements& enhancements;
    ComponentTree& tree;
    NormalizedStacktraces& stacktraces;
    // Set by the exception strategy: the exception that names the issue (`main_exception_id`).
    std::optional<std::size_t> mainException = {};
    // false: only the hashes matter, so texts that cannot contribute need not be normalised.
    bool withDetails = true;
};

// §1 step 2: restores client in-app values, trims function names, strips
// JavaScript query strings, runs the modifier pass of the stack trace rules
// and defaults in-app to false, for every stack trace of the event.
void normalizeStacktraces(
    const Event& event, const Enhancements& enhancements, ComponentTree& store, NormalizedStacktraces& out);

// computeGrouping(), then `then` with the context it computed in (its stack
// traces normalised), before that context is reused: for work that needs the
// same normalisation, such as an issue's metadata.
GroupingResult computeGroupingThen(const Event& event, const GroupingConfig& config,
    const std::function<void(GroupingContext&, const GroupingResult&)>& then);

} // namespace stackdeck::grouping
