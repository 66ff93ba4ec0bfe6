#include "tracecompare.h"

#include <map>
#include <tuple>
#include <unordered_set>

namespace stackdeck::trace {

std::optional<double> ComparedSpan::relativeDifference() const
{
    if (!inBoth() || durationA == 0)
        return std::nullopt;
    return static_cast<double>(durationB - durationA) / static_cast<double>(durationA);
}

namespace {

using Key = std::tuple<std::string, std::string, std::string>;

Key keyOf(const TraceSpan& s)
{
    return {s.service, s.op, s.description};
}

class Aligner {
public:
    Aligner(const Trace& a, const Trace& b, TraceComparison& out)
        : m_a(a)
        , m_b(b)
        , m_out(out)
    {
    }

    void add(int a, int b, int parent, int depth)
    {
        const TraceSpan* sa = a >= 0 ? &m_a.spans[static_cast<std::size_t>(a)] : nullptr;
        const TraceSpan* sb = b >= 0 ? &m_b.spans[static_cast<std::size_t>(b)] : nullptr;
        const TraceSpan& shown = sa ? *sa : *sb;
        ComparedSpan row;
        row.a = a;
        row.b = b;
        row.parent = parent;
        row.depth = depth;
        row.service = shown.service;
        row.op = shown.op;
        row.description = shown.description;
        row.durationA = sa ? sa->adjustedDuration() : 0;
        row.durationB = sb ? sb->adjustedDuration() : 0;
        const int self = static_cast<int>(m_out.rows.size());
        m_out.rows.push_back(std::move(row));
        if (sa && sb)
            ++m_out.matched;
        else if (sa)
            ++m_out.onlyInA;
        else
            ++m_out.onlyInB;
        alignChildren(sa, sb, self, depth + 1);
    }

private:
    void alignChildren(const TraceSpan* sa, const TraceSpan* sb, int parent, int depth)
    {
        // The n-th child of B with each key, to pair with the n-th of A.
        std::map<Key, std::vector<int>> fromB;
        if (sb) {
            for (int c : sb->children)
                fromB[keyOf(m_b.spans[static_cast<std::size_t>(c)])].push_back(c);
        }
        std::map<Key, std::size_t> taken;
        std::unordered_set<int> usedB;
        if (sa) {
            for (int c : sa->children) {
                const Key k = keyOf(m_a.spans[static_cast<std::size_t>(c)]);
                const auto it = fromB.find(k);
                std::size_t& n = taken[k];
                int match = -1;
                if (it != fromB.end() && n < it->second.size())
                    match = it->second[n];
                ++n;
                if (match >= 0)
                    usedB.insert(match);
                add(c, match, parent, depth);
            }
        }
        if (sb) {
            for (int c : sb->children) {
                if (!usedB.contains(c))
                    add(-1, c, parent, depth);
            }
        }
    }

    const Trace& m_a;
    const Trace& m_b;
    TraceComparison& m_out;
};

} // namespace

TraceComparison compareTraces(const Trace& a, const Trace& b)
{
    TraceComparison out;
    const int ra = a.spans.empty() ? -1 : a.root;
    const int rb = b.spans.empty() ? -1 : b.root;
    Aligner aligner(a, b, out);
    if (ra >= 0 || rb >= 0)
        aligner.add(ra, rb, -1, 0);
    return out;
}

} // namespace stackdeck::trace
