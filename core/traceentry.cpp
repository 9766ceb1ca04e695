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

// Adds value to a sorted, unique vector unless it is there.
template<typename T> void insertSorted(std::vector<T> &sorted, T value)
{
    if (auto it = std::lower_bound(sorted.begin(), sorted.end(), value);
        it == sorted.end() || *it != value)
        sorted.insert(it, value);
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

void TraceEntry::link(std::uint32_t child, int parent, DDSketch::Sample duration,
                      ServiceGraph &graph, bool adding) const
{
    const Span &c = spans[child];
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
    // A run's spans mostly come grouped by operation: count them without a lookup each.
    std::uint64_t countedKey = 0;
    std::uint64_t *counted = nullptr;
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
        // The previous span's operation (and so its service) is listed already.
        if (!counted || countedKey != operationKey(s)) {
            insertSorted(services, s.serviceId);
            insertSorted(operations, operationKey(s));
            countedKey = operationKey(s);
            counted = &operationCounts[countedKey]; // map values stay put while it grows
        }
        ++*counted;
        latency.add(s.serviceId, s.operationId, s.startNs, duration, s.isError(), s.isRoot());
        ++result.inserted;
    }
    // Spans that waited for a parent may have just received it; new spans link now or wait.
    std::erase_if(m_unlinked, [&](std::uint32_t waiting) {
        const int parent = find(spans[waiting].parentSpanId);
        if (parent < 0)
            return false;
        link(waiting, parent, DDSketch::sample(double(spans[waiting].durationNs)), graph, true);
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
        if (const int parent = find(spans[i].parentSpanId); parent >= 0)
            link(static_cast<std::uint32_t>(i), parent, duration, graph, true);
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
    // Each run of spans sharing an operation is taken out of its count in one lookup.
    auto uncount = [&operationCounts](std::uint64_t key, std::uint64_t n) {
        if (auto it = operationCounts.find(key); it != operationCounts.end()) {
            if (it->second <= n)
                operationCounts.erase(it);
            else
                it->second -= n;
        }
    };
    std::uint64_t countedKey = 0;
    std::uint64_t counted = 0;
    for (std::size_t i = 0; i < spans.size(); ++i) {
        const Span &s = spans[i];
        const DDSketch::Sample duration = DDSketch::sample(double(s.durationNs));
        latency.remove(s.serviceId, s.operationId, s.startNs, duration, s.isError(), s.isRoot());
        if (counted > 0 && countedKey != operationKey(s)) {
            uncount(countedKey, counted);
            counted = 0;
        }
        countedKey = operationKey(s);
        ++counted;
        // A span is in the graph exactly when its parent is present now: parents never leave.
        if (!s.isRoot())
            link(static_cast<std::uint32_t>(i), find(s.parentSpanId), duration, graph, false);
        else
            graph.removeCall(0, s.serviceId, duration, s.isError(), s.startNs);
    }
    if (counted > 0)
        uncount(countedKey, counted);
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
