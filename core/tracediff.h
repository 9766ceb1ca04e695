// SPDX-License-Identifier: MIT
#pragma once

#include "assembledtrace.h"
#include "stringpool.h"

#include <QString>

#include <cstdint>
#include <optional>
#include <vector>

namespace traceflow {

enum class DiffPresence : std::uint8_t
{
    Both,
    OnlyA,
    OnlyB
};

// What one trace contributes to a comparison node: the spans on that path, merged.
struct TraceDiffSide
{
    int count = 0; // spans on this path; 0 when the path is absent from the trace
    int errors = 0;
    qint64 totalNs = 0;     // sum of the spans' durations
    qint64 selfNs = 0;      // sum of the spans' self times
    qint64 offsetNs = 0;    // earliest adjusted start, relative to the trace's start
    std::vector<int> spans; // indexes into that AssembledTrace::spans, in tree order
};

// One distinct path of (service, operation) from a root, as Jaeger's TraceDiff builds it:
// sibling spans with the same service and operation share a node, and both traces' spans on
// the same path meet in the same node.
struct TraceDiffNode
{
    StringPool::Id serviceId = 0;
    StringPool::Id operationId = 0;
    // The path starts at a span whose parent never arrived (AssembledSpan::orphan). Orphans
    // only match orphans: their real place in the tree is unknown.
    bool orphan = false;
    int parent = -1;           // index into TraceDiff::nodes, -1 at the top
    std::vector<int> children; // ordered like the nodes (see TraceDiff)
    int depth = 0;
    TraceDiffSide a;
    TraceDiffSide b;

    QString service() const { return StringPool::instance().string(serviceId); }
    QString operation() const { return StringPool::instance().string(operationId); }
    DiffPresence presence() const;
    qint64 deltaNs() const { return b.totalNs - a.totalNs; }
    qint64 selfDeltaNs() const { return b.selfNs - a.selfNs; }
    // (B - A) / A of the total durations; absent when A has no time on this path (absent
    // from A, or only zero-length spans) since no ratio describes growth from nothing.
    std::optional<double> deltaRatio() const;
};

// A comparison of two assembled traces, A (the baseline) and B. Pure data; safe to compute
// off the GUI thread.
class TraceDiff
{
public:
    static TraceDiff compare(const AssembledTrace &a, const AssembledTrace &b);

    // In tree pre-order: each node before its children. Siblings are ordered by their start
    // offset in A when they are in A (else in B), then service, operation, and orphans last
    // on ties, so the same two traces always give the same order.
    std::vector<TraceDiffNode> nodes;
    std::vector<int> roots;

    // The whole traces.
    qint64 durationA = 0;
    qint64 durationB = 0;
    int spansA = 0;
    int spansB = 0;
    int errorsA = 0;
    int errorsB = 0;
    // Nodes by presence.
    int matched = 0;
    int onlyA = 0;
    int onlyB = 0;
    // Nodes present in both whose span counts or total durations differ.
    int changed = 0;

    qint64 deltaNs() const { return durationB - durationA; }
    // (B - A) / A of the trace durations; absent when A has zero duration.
    std::optional<double> deltaRatio() const;

    // Whether a node counts as changed for a filter: present on one side only, a different
    // span count, or a total duration that moved by at least minDeltaNs and at least
    // minRatio of A's (a node without a ratio passes the ratio test).
    static bool isChanged(const TraceDiffNode &node, qint64 minDeltaNs, double minRatio);
    // For an "only changed" filter: per node, whether it is changed or an ancestor of a
    // changed node (kept so the tree stays navigable).
    std::vector<bool> changedWithAncestors(qint64 minDeltaNs, double minRatio) const;
    // How strongly to colour a change, 0..1: 0 for no change, growing with the relative
    // change (logarithmically: +10% is faint, 2x clearly visible, 10x saturated); 1 for a
    // change without a ratio.
    static double intensity(const TraceDiffNode &node);
    // The largest total duration of any node on either side, for scaling bars; >= 0.
    qint64 maxTotalNs() const;
};

} // namespace traceflow
