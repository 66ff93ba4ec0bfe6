#include "issuecolumnfit.h"

#include <algorithm>

namespace stackdeck::ui {

IssueColumnFit fitIssueColumns(
    const IssueColumnSpec& spec, std::bitset<IssueColumnFit::kColumns> userHidden, int available, int titleMinimum)
{
    IssueColumnFit fit;
    const auto shown = [&](int c) { return c != spec.titleColumn && !userHidden[c] && !fit.autoHidden[c]; };
    const auto sum = [&](const std::array<int, IssueColumnFit::kColumns>& w) {
        int total = 0;
        for (int c = 0; c < IssueColumnFit::kColumns; ++c)
            total += shown(c) ? w[static_cast<std::size_t>(c)] : 0;
        return total;
    };
    const int room = available - titleMinimum;
    fit.widths = spec.natural;
    if (sum(spec.natural) <= room)
        return fit;
    // Narrow every fixed column in proportion to what it can give, as far as needed.
    const auto narrowed = [&] {
        const int give = sum(spec.natural) - sum(spec.compact);
        const int need = sum(spec.natural) - room;
        for (int c = 0; c < IssueColumnFit::kColumns; ++c) {
            const auto i = static_cast<std::size_t>(c);
            const int spare = spec.natural[i] - spec.compact[i];
            const int cut = give > 0 ? (spare * std::min(need, give) + give - 1) / give : 0;
            fit.widths[i] = std::max(spec.compact[i], spec.natural[i] - cut);
        }
    };
    narrowed();
    for (int c : spec.hideOrder) {
        if (c < 0 || sum(fit.widths) <= room)
            break;
        if (shown(c))
            fit.autoHidden.set(static_cast<std::size_t>(c));
        narrowed();
    }
    return fit;
}

} // namespace stackdeck::ui
