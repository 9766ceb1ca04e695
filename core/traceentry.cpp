// SPDX-License-Identifier: MIT
#include "traceentry.h"

#include <algorithm>
#include <limits>

namespace traceflow {

namespace {
constexpr std::size_t IdIndexThreshold = 32;
// Rough cost of a hash-map node or a tree node in the store's indexes.
constexpr std::size_t NodeBytes = 48;

std::uint64_t operationKey(const Span &s)
{
    return static_cast<std::uint64_t>(s.serviceId) << 32 | s.operationId;
}
} // namespace

int TraceEntry::find(const SpanId &id) const
{
    if (m_byId) {
        auto it = m_byId->find(id);
        return it == m_byId->end() ? -1 : static_cast<int>(it->second);
    }
    for (std::size_t i = 0; i < spans.size(); ++i) {
        if (spans[i].spanId == id)
            return static_cast<int>(i);
    }
    return -1;
}

bool TraceEntry::hasOperation(StringPool::Id service, StringPool::Id operation) const
{
    if (service) {
        const std::uint64_t key = std::uint64_t(service) << 32 | operation;
        return std::binary_search(operations.begin(), operations.end(), key);
    }
    return std::any_of(operations.begin(), operations.end(), [operation](std::uint64_t key) {
        return static_cast<StringPool::Id>(key) == operation;
    });
}

void TraceEntry::link(std::uint32_t child, DDSketch::Sample duration, ServiceGraph &graph,
                      bool adding) const
{
    const Span &c = spans[child];
    const int parent = find(c.parentSpanId);
    if (parent < 0 || static_cast<std::uint32_t>(parent) == child)
        return;
    const Span &p = spans[static_cast<std::size_t>(parent)];
    if (p.serviceId == c.serviceId)
        return;
    if (adding)
        graph.addCall(p.serviceId, c.serviceId, duration, c.isError(), c.startNs);
    else
        graph.removeCall(p.serviceId, c.serviceId, duration, c.isError(), c.startNs);
}

void TraceEntry::add(std::span<Span> run, std::span<StoreBatch::Prepared> prepared,
                     LatencyIndex &latency, ServiceGraph &graph,
                     OperationCounts &operationCounts, InsertResult &result)
{
    const std::size_t first = spans.size();
    // Exact growth while small (no slack per trace), geometric once large.
    const std::size_t wanted = first + run.size();
    if (wanted > spans.capacity())
        spans.reserve(wanted < 64 ? wanted : std::max(wanted, spans.capacity() * 3 / 2));
    if (spans.empty()) {
        startNs = std::numeric_limits<qint64>::max();
        endNs = std::numeric_limits<qint64>::min();
    }
    std::size_t taken = 0; // prepared[0, taken) describe the spans taken, in order
    for (std::size_t k = 0; k < run.size(); ++k) {
        Span *incoming = &run[k];
        const int existing = find(incoming->spanId);
        if (existing >= 0) {
            const Span &e = spans[static_cast<std::size_t>(existing)];
            if (e.startNs == incoming->startNs && e.durationNs == incoming->durationNs) {
                ++result.duplicates; // a retried batch: keep the first copy
                continue;
            }
        }
        const StoreBatch::Prepared figures = prepared[k];
        prepared[taken++] = figures;
        const DDSketch::Sample duration{double(incoming->durationNs), figures.logDuration};
        Span &s = spans.emplace_back(std::move(*incoming));
        const auto index = static_cast<std::uint32_t>(spans.size() - 1);
        if (m_byId)
            m_byId->try_emplace(s.spanId, index);
        else if (spans.size() > IdIndexThreshold)
            buildIdIndex(); // from here on, lookups in this batch are hashed too
        m_spanHeapBytes += figures.heapBytes;
        if (s.startNs < startNs) {
            startNs = s.startNs;
            earliestIndex = static_cast<int>(index);
        }
        endNs = std::max(endNs, s.endNs());
        if (s.isError())
            ++errorCount;
        if (s.isRoot() && (rootIndex < 0 || s.startNs < spans[std::size_t(rootIndex)].startNs))
            rootIndex = static_cast<int>(index);
        if (auto it = std::lower_bound(services.begin(), services.end(), s.serviceId);
            it == services.end() || *it != s.serviceId)
            services.insert(it, s.serviceId);
        if (auto it = std::lower_bound(operations.begin(), operations.end(), operationKey(s));
            it == operations.end() || *it != operationKey(s))
            operations.insert(it, operationKey(s));
        latency.add(s.serviceId, s.operationId, s.startNs, duration, s.isError(), s.isRoot());
        ++operationCounts[operationKey(s)];
        ++result.inserted;
    }
    // Spans that waited for a parent may have just received it; new spans link now or wait.
    std::erase_if(m_unlinked, [&](std::uint32_t waiting) {
        if (find(spans[waiting].parentSpanId) < 0)
            return false;
        link(waiting, DDSketch::sample(double(spans[waiting].durationNs)), graph, true);
        return true;
    });
    for (std::size_t i = first; i < spans.size(); ++i) {
        const DDSketch::Sample duration{double(spans[i].durationNs),
                                        prepared[i - first].logDuration};
        if (spans[i].isRoot()) {
            // A root is a request entering the system: its service's request figures.
            graph.addCall(0, spans[i].serviceId, duration, spans[i].isError(), spans[i].startNs);
            continue;
        }
        if (find(spans[i].parentSpanId) >= 0)
            link(static_cast<std::uint32_t>(i), duration, graph, true);
        else
            m_unlinked.push_back(static_cast<std::uint32_t>(i));
    }
    updateBytes();
}

void TraceEntry::buildIdIndex()
{
    m_byId = std::make_unique<std::unordered_map<SpanId, std::uint32_t>>();
    m_byId->reserve(spans.capacity());
    for (std::size_t i = 0; i < spans.size(); ++i)
        m_byId->try_emplace(spans[i].spanId, static_cast<std::uint32_t>(i));
}

void TraceEntry::retract(LatencyIndex &latency, ServiceGraph &graph,
                         OperationCounts &operationCounts) const
{
    for (std::size_t i = 0; i < spans.size(); ++i) {
        const Span &s = spans[i];
        const DDSketch::Sample duration = DDSketch::sample(double(s.durationNs));
        latency.remove(s.serviceId, s.operationId, s.startNs, duration, s.isError(), s.isRoot());
        if (auto it = operationCounts.find(operationKey(s));
            it != operationCounts.end() && --it->second == 0)
            operationCounts.erase(it);
        // A span is in the graph exactly when its parent is present now: parents never leave.
        if (!s.isRoot())
            link(static_cast<std::uint32_t>(i), duration, graph, false);
        else
            graph.removeCall(0, s.serviceId, duration, s.isError(), s.startNs);
    }
}

void TraceEntry::updateBytes()
{
    bytes = sizeof(TraceEntry) + NodeBytes * (2 + services.size())
        + spans.capacity() * sizeof(Span) + m_spanHeapBytes
        + services.capacity() * sizeof(StringPool::Id)
        + operations.capacity() * sizeof(std::uint64_t)
        + m_unlinked.capacity() * sizeof(std::uint32_t)
        + (m_byId ? m_byId->size() * (NodeBytes - 8) : 0);
}

TraceSummary TraceEntry::summary() const
{
    TraceSummary s;
    s.traceId = id;
    const int root = rootIndex >= 0 ? rootIndex : earliestIndex;
    if (root >= 0) {
        s.rootService = spans[std::size_t(root)].service();
        s.rootOperation = spans[std::size_t(root)].operation();
    }
    s.startNs = spans.empty() ? 0 : startNs;
    s.durationNs = durationNs();
    s.spanCount = static_cast<int>(spans.size());
    s.errorCount = errorCount;
    const StringPool &pool = StringPool::instance();
    for (StringPool::Id service : services)
        s.services.append(pool.string(service));
    s.services.sort();
    return s;
}

} // namespace traceflow
