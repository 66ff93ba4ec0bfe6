#include "variants.h"

#include "exceptionstrategy.h"
#include "messagestrategy.h"
#include "securitystrategy.h"
#include "stacktracestrategy.h"
#include "threadsstrategy.h"

#include <algorithm>

namespace stackdeck::grouping {

namespace {

using Strategy = VariantComponents (*)(GroupingContext&);

struct StrategyEntry {
    std::string_view name; // the interface path, used in precedence hints
    Strategy run;
};

// newstyle:2023-01-11, highest score first.
constexpr StrategyEntry kStrategies[] = {
    {"exception", chainedExceptionStrategy}, // 2000
    {"threads", threadsStrategy}, // 1900
    {"stacktrace", stacktraceStrategy}, // 1800
    {"template", templateStrategy}, // 1100
    {"csp", cspStrategy}, // 1003
    {"hpkp", hpkpStrategy}, // 1002
    {"expectstaple", expectStapleStrategy}, // 1001
    {"expectct", expectCtStrategy}, // 1000
    {"logentry", messageStrategy}, // 0
};

} // namespace

std::vector<ComponentVariant> computeComponentVariants(GroupingContext& ctx)
{
    ComponentTree& tree = ctx.tree;
    std::string_view winner;
    std::string_view precedenceHint;
    std::vector<std::pair<std::string_view, std::vector<ComponentTree::NodeId>>> perVariant;

    for (const StrategyEntry& strategy : kStrategies) {
        const VariantComponents rv = strategy.run(ctx);
        for (const auto& e : rv.entries) {
            auto it
                = std::find_if(perVariant.begin(), perVariant.end(), [&](const auto& p) { return p.first == e.name; });
            if (it == perVariant.end()) {
                perVariant.push_back({e.name, {}});
                it = perVariant.end() - 1;
            }
            it->second.push_back(e.node);

            const bool contributes = tree.at(e.node).contributes;
            if (winner.empty()) {
                if (!contributes)
                    continue;
                winner = strategy.name;
                std::vector<std::string_view> names;
                for (const auto& other : rv.entries) {
                    if (tree.at(other.node).contributes)
                        names.push_back(other.name);
                }
                std::sort(names.begin(), names.end());
                std::string hint(strategy.name);
                if (e.name != kDefault) {
                    hint += " of ";
                    for (std::size_t i = 0; i < names.size(); ++i) {
                        if (i)
                            hint += '/';
                        hint += names[i];
                    }
                }
                hint += strategy.name.back() == 's' ? " take precedence" : " takes precedence";
                precedenceHint = tree.store(std::move(hint));
            } else if (contributes && winner != strategy.name) {
                tree.update(e.node, false, precedenceHint);
            }
        }
    }

    std::vector<ComponentVariant> out;
    out.reserve(perVariant.size());
    for (const auto& [name, nodes] : perVariant) {
        const auto root = tree.node(name, nodes);
        if (!tree.at(root).contributes && !precedenceHint.empty())
            tree.setHint(root, precedenceHint);
        out.push_back({name, root});
    }
    return out;
}

} // namespace stackdeck::grouping
