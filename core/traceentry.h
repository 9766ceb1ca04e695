// SPDX-License-Identifier: MIT
#pragma once

#include "storebatch.h"
#include "tracestore.h"

#include <memory>
#include <span>
#include <unordered_map>
#include <vector>

namespace traceflow {

// One trace held by the TraceStore: its spans in arrival order plus the running summary the
// trace list needs, so queries never walk spans for the common filters. Also tracks which
// spans still wait for their parent, so a cross-service call enters the service graph exactly
// once, whichever of the two spans arrives first. Guarded by the store's lock.
class TraceEntry
{
public:
    TraceId id;
    std::uint64_t sequence = 0; // arrival order, for eviction
    std::vector<Span> spans;
    std::size_t bytes = 0; // all memory this entry holds, for the store's byte budget
    qint64 startNs = 0;
    qint64 endNs = 0;
    int errorCount = 0;
    int rootIndex = -1;     // earliest-starting span without a parent
    int earliestIndex = -1; // earliest-starting span (the root stand-in when none arrived)
    std::vector<StringPool::Id> services; // sorted, unique
    std::vector<std::uint64_t> operations; // sorted, unique: service << 32 | operation
    int indexRow = -1;                     // the StoreIndex row, -1 when not indexed

    // Takes in run (spans of this trace, moved from) with their prepared figures, index for
    // index; prepared is reused as scratch. Duplicates of held spans are counted and dropped.
    void add(std::span<Span> run, std::span<StoreBatch::Prepared> prepared,
             LatencyIndex &latency, ServiceGraph &graph, OperationCounts &operationCounts,
             InsertResult &result);
    // Takes this trace's contributions back out of the shared statistics.
    void retract(LatencyIndex &latency, ServiceGraph &graph,
                 OperationCounts &operationCounts) const;

    TraceSummary summary() const;
    qint64 durationNs() const { return spans.empty() ? 0 : endNs - startNs; }
    int find(const SpanId &id) const; // first span with this id, -1 when absent
    bool hasOperation(StringPool::Id service, StringPool::Id operation) const;

private:
    // parent: the index find() gave for the child's parent id (callers have it already).
    void link(std::uint32_t child, int parent, DDSketch::Sample duration, ServiceGraph &graph,
              bool adding) const;
    void updateBytes();
    void buildIdIndex();

    std::vector<std::uint32_t> m_unlinked; // spans whose parent has not arrived
    std::size_t m_spanHeapBytes = 0;
    // Built once a trace is large enough that a linear id scan would cost more than a hash.
    std::unique_ptr<std::unordered_map<SpanId, std::uint32_t>> m_byId;
};

} // namespace traceflow
