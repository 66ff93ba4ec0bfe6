#include "criticalpath.h"

#include <algorithm>

namespace stackdeck::trace {

namespace {

struct Window {
    Micros start = 0;
    Micros end = 0;
    bool dropped = false;
};

// Each span clipped to its parent's window, as Jaeger sanitizes overflowing
// children before the walk. Spans are in depth-first order (parents first).
std::vector<Window> clippedWindows(const Trace& t)
{
    std::vector<Window> w(t.spans.size());
    for (std::size_t i = 0; i < t.spans.size(); ++i) {
        const TraceSpan& s = t.spans[i];
        w[i] = {s.adjustedStart, std::max(s.adjustedStart, s.adjustedEnd), false};
        if (s.parent < 0)
            continue;
        const Window& p = w[static_cast<std::size_t>(s.parent)];
        if (p.dropped || w[i].start > p.end || w[i].end < p.start) {
            w[i].dropped = true;
            continue;
        }
        w[i].start = std::max(w[i].start, p.start);
        w[i].end = std::min(w[i].end, p.end);
    }
    return w;
}

void computeSelfTimes(Trace& t)
{
    std::vector<std::pair<Micros, Micros>> covered;
    for (std::size_t i = 0; i < t.spans.size(); ++i) {
        TraceSpan& s = t.spans[i];
        const Micros from = s.adjustedStart;
        const Micros to = std::max(s.adjustedStart, s.adjustedEnd);
        covered.clear();
        for (int c : s.children) {
            const TraceSpan& k = t.spans[static_cast<std::size_t>(c)];
            const Micros a = std::max(from, k.adjustedStart);
            const Micros b = std::min(to, k.adjustedEnd);
            if (a < b)
                covered.emplace_back(a, b);
        }
        std::sort(covered.begin(), covered.end());
        Micros busy = 0;
        Micros reach = from;
        for (const auto& [a, b] : covered) {
            if (b <= reach)
                continue;
            busy += b - std::max(a, reach);
            reach = b;
        }
        s.selfTime = (to - from) - busy;
    }
}

} // namespace

std::vector<CriticalSection> computeCriticalPath(Trace& t)
{
    std::vector<CriticalSection> path;
    for (TraceSpan& s : t.spans) {
        s.critical = false;
        s.criticalTime = 0;
    }
    if (t.root < 0 || t.spans.empty())
        return path;
    const std::vector<Window> w = clippedWindows(t);
    computeSelfTimes(t);

    // Each span's kept children, last-finishing first (Jaeger's childSpanIds order).
    std::vector<std::vector<int>> byEnd(t.spans.size());
    for (std::size_t i = 0; i < t.spans.size(); ++i) {
        for (int c : t.spans[i].children) {
            if (!w[static_cast<std::size_t>(c)].dropped)
                byEnd[i].push_back(c);
        }
        std::stable_sort(byEnd[i].begin(), byEnd[i].end(),
            [&](int a, int b) { return w[static_cast<std::size_t>(a)].end > w[static_cast<std::size_t>(b)].end; });
    }
    auto mark = [&](int span, Micros from, Micros to) {
        if (from == to)
            return;
        path.push_back({span, from, to});
        TraceSpan& s = t.spans[static_cast<std::size_t>(span)];
        s.critical = true;
        s.criticalTime += to - from;
    };

    int current = t.root;
    bool returned = false; // from a child, which started at `spawn`
    Micros spawn = 0;
    while (true) {
        const std::vector<int>& kids = byEnd[static_cast<std::size_t>(current)];
        const Window& cw = w[static_cast<std::size_t>(current)];
        // The last-finishing child; after a return, the last one that finished strictly before the spawn point.
        auto lfc = kids.begin();
        if (returned)
            lfc = std::partition_point(
                kids.begin(), kids.end(), [&](int c) { return w[static_cast<std::size_t>(c)].end >= spawn; });
        const Micros sectionEnd = returned ? spawn : cw.end;
        if (lfc != kids.end()) {
            mark(current, w[static_cast<std::size_t>(*lfc)].end, sectionEnd);
            current = *lfc;
            returned = false;
            continue;
        }
        mark(current, cw.start, sectionEnd);
        const int parent = t.spans[static_cast<std::size_t>(current)].parent;
        if (parent < 0 || current == t.root)
            break;
        returned = true;
        spawn = cw.start;
        current = parent;
    }
    return path;
}

} // namespace stackdeck::trace
