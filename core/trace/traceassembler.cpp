#include "traceassembler.h"

#include "criticalpath.h"

#include <algorithm>
#include <limits>

namespace stackdeck::trace {

TraceAssembler::TraceAssembler(std::string traceId)
    : m_traceId(std::move(traceId))
{
}

void TraceAssembler::add(const EventInput& event)
{
    if (m_traceId.empty())
        m_traceId = event.traceId;
    if (!event.eventId.empty() && !m_eventIds.insert(event.eventId).second) {
        ++m_duplicates; // the same event again (another file, another project)
        return;
    }
    if (!event.transactionLike) {
        m_errors.push_back({event.eventId, event.project, event.name, event.spanId, event.end});
        return;
    }
    Node own;
    own.span.spanId = event.spanId;
    own.span.parentSpanId = event.parentSpanId;
    own.span.op = event.op;
    own.span.description = event.name;
    own.span.status = event.status;
    own.span.start = event.start ? event.start : std::optional<Micros>(event.end);
    own.span.end = event.end;
    own.service = event.service;
    own.project = event.project;
    own.eventId = event.eventId;
    own.transactionSpan = true;
    addSpan(std::move(own));
    for (const SpanInput& s : event.spans) {
        Node child;
        child.span = s;
        if (child.span.parentSpanId.empty())
            child.span.parentSpanId = event.spanId; // a child span without a parent hangs off its transaction
        child.service = event.service;
        child.project = event.project;
        child.eventId = event.eventId;
        addSpan(std::move(child));
    }
}

void TraceAssembler::addSpan(Node node)
{
    if (node.span.spanId.empty()) {
        // No id: nothing can point at it and nothing can repeat it.
        node.span.spanId = "#" + std::to_string(++m_unnamed);
    }
    const auto [it, fresh] = m_bySpanId.emplace(node.span.spanId, m_spans.size());
    if (fresh) {
        m_spans.push_back(std::move(node));
        return;
    }
    ++m_duplicates;
    Node& kept = m_spans[it->second];
    // A transaction's own span knows more (service boundary, name) than the
    // same span listed as a child elsewhere; timed beats untimed.
    const bool better = (node.transactionSpan && !kept.transactionSpan)
        || (node.span.start && node.span.end && !(kept.span.start && kept.span.end));
    if (better)
        kept = std::move(node);
}

namespace {

struct Linked {
    std::vector<int> parent; // -1: top level
    std::vector<bool> orphan;
};

int parentIndex(const std::unordered_map<std::string, std::size_t>& byId, const std::string& parentId, std::size_t self)
{
    if (parentId.empty())
        return -1;
    const auto it = byId.find(parentId);
    if (it == byId.end() || it->second == self)
        return -2; // named but missing: an orphan
    return static_cast<int>(it->second);
}

// Depth-first order from the tops; a node no top reaches sits in a parent
// cycle (hostile or broken data): it becomes an orphan top and the cycle is cut there.
std::vector<int> depthFirst(std::vector<int>& parent, std::vector<bool>& orphan,
    const std::vector<std::vector<int>>& childrenOf, std::vector<int>& tops)
{
    const std::size_t n = parent.size();
    std::vector<int> order;
    order.reserve(n);
    std::vector<bool> seen(n, false);
    std::vector<int> stack;
    auto walk = [&](int top) {
        stack.push_back(top);
        while (!stack.empty()) {
            const int at = stack.back();
            stack.pop_back();
            if (seen[static_cast<std::size_t>(at)])
                continue;
            seen[static_cast<std::size_t>(at)] = true;
            order.push_back(at);
            const auto& kids = childrenOf[static_cast<std::size_t>(at)];
            for (auto it = kids.rbegin(); it != kids.rend(); ++it)
                stack.push_back(*it);
        }
    };
    for (int top : tops)
        walk(top);
    for (std::size_t i = 0; i < n; ++i) {
        if (seen[i])
            continue;
        parent[i] = -1;
        orphan[i] = true;
        tops.push_back(static_cast<int>(i));
        walk(static_cast<int>(i));
    }
    return order;
}

// Jaeger's clock-skew adjuster (model/adjuster/clockskew.go): a child from
// another service that does not fit in its parent is shifted so that it sits
// in the middle of the parent (the network latency split evenly), and its
// whole same-service subtree moves with it. A child longer than its parent
// (an async call) is left alone.
Micros skewOf(const TraceSpan& child, const TraceSpan& parent)
{
    const Micros parentDuration = parent.adjustedEnd - parent.adjustedStart;
    const Micros childDuration = child.end - child.start;
    if (childDuration > parentDuration)
        return 0;
    if (child.start >= parent.adjustedStart && child.end <= parent.adjustedEnd)
        return 0;
    const Micros latency = (parentDuration - childDuration) / 2;
    return parent.adjustedStart + latency - child.start;
}

void adjustSkew(Trace& t)
{
    std::vector<Micros> delta(t.spans.size(), 0);
    for (std::size_t i = 0; i < t.spans.size(); ++i) {
        TraceSpan& s = t.spans[i];
        if (s.parent >= 0) {
            const TraceSpan& p = t.spans[static_cast<std::size_t>(s.parent)];
            const bool boundary = s.service != p.service || s.service.empty();
            delta[i] = p.has(SyntheticRoot) ? 0 : boundary ? skewOf(s, p) : delta[static_cast<std::size_t>(s.parent)];
        }
        s.adjustedStart = s.start + delta[i];
        s.adjustedEnd = s.end + delta[i];
        if (delta[i] != 0) {
            s.flags |= Skewed;
            t.flags |= HasSkew;
        }
    }
}

void placeUntimed(Trace& t)
{
    for (TraceSpan& s : t.spans) {
        if (!s.has(NoTimes))
            continue;
        const Micros at = s.parent >= 0 ? t.spans[static_cast<std::size_t>(s.parent)].start : s.start;
        s.start = at;
        s.end = at;
    }
}

void fitSyntheticRoot(Trace& t)
{
    if (t.root < 0 || !t.spans[static_cast<std::size_t>(t.root)].has(SyntheticRoot) || t.spans.size() < 2)
        return;
    TraceSpan& r = t.spans[static_cast<std::size_t>(t.root)];
    r.start = r.adjustedStart = std::numeric_limits<Micros>::max();
    r.end = r.adjustedEnd = std::numeric_limits<Micros>::min();
    for (std::size_t i = 1; i < t.spans.size(); ++i) {
        r.start = std::min(r.start, t.spans[i].start);
        r.end = std::max(r.end, t.spans[i].end);
        r.adjustedStart = std::min(r.adjustedStart, t.spans[i].adjustedStart);
        r.adjustedEnd = std::max(r.adjustedEnd, t.spans[i].adjustedEnd);
    }
}

} // namespace

void TraceAssembler::attachErrors(Trace& t, const std::vector<int>& position) const
{
    if (m_spans.empty()) {
        // Errors only: the synthetic root sits at the first error.
        Micros first = std::numeric_limits<Micros>::max();
        for (const ErrorInput& e : m_errors)
            first = std::min(first, e.timestamp);
        TraceSpan& r = t.spans.front();
        r.start = r.end = r.adjustedStart = r.adjustedEnd = m_errors.empty() ? 0 : first;
    }
    for (const ErrorInput& e : m_errors) {
        TraceError err {e.eventId, e.project, e.title, e.spanId, e.timestamp, -1, false};
        const auto it = e.spanId.empty() ? m_bySpanId.end() : m_bySpanId.find(e.spanId);
        err.span = it != m_bySpanId.end() ? position[it->second] : t.root;
        err.onRoot = it == m_bySpanId.end();
        t.spans[static_cast<std::size_t>(err.span)].errorEventIds.push_back(e.eventId);
        t.errors.push_back(std::move(err));
    }
}

Trace TraceAssembler::build() const
{
    Trace t;
    t.traceId = m_traceId;
    t.duplicates = m_duplicates;
    t.events = static_cast<std::int64_t>(m_eventIds.size());
    if (m_duplicates > 0)
        t.flags |= HasDuplicates;
    const std::size_t n = m_spans.size();
    std::vector<int> parent(n, -1);
    std::vector<bool> orphan(n, false);
    std::vector<std::vector<int>> childrenOf(n);
    std::vector<int> tops;
    for (std::size_t i = 0; i < n; ++i) {
        const int p = parentIndex(m_bySpanId, m_spans[i].span.parentSpanId, i);
        parent[i] = p >= 0 ? p : -1;
        orphan[i] = p == -2;
        if (p >= 0)
            childrenOf[static_cast<std::size_t>(p)].push_back(static_cast<int>(i));
        else
            tops.push_back(static_cast<int>(i));
    }
    auto byStart = [&](int a, int b) {
        const auto& sa = m_spans[static_cast<std::size_t>(a)].span;
        const auto& sb = m_spans[static_cast<std::size_t>(b)].span;
        return sa.start.value_or(0) != sb.start.value_or(0) ? sa.start.value_or(0) < sb.start.value_or(0) : a < b;
    };
    for (auto& kids : childrenOf)
        std::sort(kids.begin(), kids.end(), byStart);
    std::sort(tops.begin(), tops.end(), byStart);
    const std::vector<int> order = depthFirst(parent, orphan, childrenOf, tops);

    const bool synthetic = tops.size() != 1 || orphan[static_cast<std::size_t>(tops.front())];
    const int offset = synthetic ? 1 : 0;
    std::vector<int> position(n, -1);
    for (std::size_t k = 0; k < order.size(); ++k)
        position[static_cast<std::size_t>(order[k])] = static_cast<int>(k) + offset;
    t.spans.resize(order.size() + static_cast<std::size_t>(offset));
    if (synthetic) {
        TraceSpan& r = t.spans.front();
        r.flags = SyntheticRoot;
        r.op = "trace";
        t.flags |= HasSyntheticRoot;
    }
    t.root = 0;
    for (std::size_t k = 0; k < order.size(); ++k) {
        const std::size_t i = static_cast<std::size_t>(order[k]);
        const Node& node = m_spans[i];
        TraceSpan& s = t.spans[k + static_cast<std::size_t>(offset)];
        s.spanId = node.span.spanId;
        s.parentSpanId = node.span.parentSpanId;
        s.op = node.span.op;
        s.description = node.span.description;
        s.status = node.span.status;
        s.service = node.service;
        s.project = node.project;
        s.eventId = node.eventId;
        s.start = node.span.start.value_or(node.span.end.value_or(0));
        s.end = std::max(s.start, node.span.end.value_or(s.start));
        if (!node.span.start || !node.span.end)
            s.flags |= NoTimes;
        if (node.transactionSpan)
            s.flags |= TransactionSpan;
        if (orphan[i]) {
            s.flags |= Orphan;
            t.flags |= HasOrphans;
        }
        s.parent = parent[i] >= 0 ? position[static_cast<std::size_t>(parent[i])] : (synthetic ? 0 : -1);
    }
    for (std::size_t k = 1; k < t.spans.size(); ++k) {
        TraceSpan& s = t.spans[k];
        if (s.parent >= 0) {
            s.depth = t.spans[static_cast<std::size_t>(s.parent)].depth + 1;
            t.spans[static_cast<std::size_t>(s.parent)].children.push_back(static_cast<int>(k));
        }
    }
    placeUntimed(t);
    adjustSkew(t);
    fitSyntheticRoot(t);
    attachErrors(t, position);
    computeCriticalPath(t);
    return t;
}

Trace assembleTrace(const std::vector<EventInput>& events, const std::string& traceId)
{
    TraceAssembler a(traceId);
    for (const EventInput& e : events)
        a.add(e);
    return a.build();
}

} // namespace stackdeck::trace
