// SPDX-License-Identifier: MIT
#pragma once

#include "span.h"

#include <QString>
#include <QStringList>

#include <vector>

namespace traceflow {

// One span placed in its trace's tree.
struct AssembledSpan
{
    Span span;              // as received (span.startNs is the reported start)
    int parent = -1;        // index into AssembledTrace::spans, -1 for a root
    std::vector<int> children; // indexes, ordered by adjusted start time
    int depth = 0;          // 0 for roots
    bool orphan = false;    // its parent never arrived (or was part of a cycle); attached
                            // under the trace root
    qint64 skewNs = 0;      // clock-skew adjustment applied to this span (and its subtree)
    qint64 selfTimeNs = 0;  // duration not covered by any child
    bool onCriticalPath = false;
    qint64 startNs() const { return span.startNs + skewNs; } // adjusted start
    qint64 endNs() const { return startNs() + span.durationNs; }
};

// A stretch of time on the critical path, spent in one span.
struct CriticalSection
{
    int span = -1;
    qint64 startNs = 0;
    qint64 endNs = 0;
};

// A caller -> callee service pair seen in this trace, with how often it occurs.
struct ServiceCall
{
    QString parent;
    QString child;
    int count = 0;
    int errors = 0;
};

// A trace assembled from its spans, whatever order they arrived in: the span tree, orphans,
// clock-skew adjustment, self times, the critical path and the services involved.
// Pure data computed by assemble(); safe to compute off the GUI thread.
class AssembledTrace
{
public:
    static AssembledTrace assemble(std::vector<Span> spans);

    // Spans in tree pre-order (each parent before its children, siblings by adjusted start);
    // this is the order of a waterfall's rows.
    std::vector<AssembledSpan> spans;
    std::vector<int> roots; // real roots first; roots[0] is the primary root
    qint64 startNs = 0;     // earliest adjusted start
    qint64 endNs = 0;       // latest adjusted end
    qint64 durationNs() const { return endNs - startNs; }
    StatusCode status = StatusCode::Unset; // Error if any span errored, else Ok if any ok
    int errorCount = 0;
    int maxDepth = 0;
    int orphanCount = 0;
    int skewAdjustedCount = 0;
    // Jaeger's critical path: sections from the root's end backwards, in that order.
    std::vector<CriticalSection> criticalPath;
    // Span indexes on the critical path, each once, in the order first met from the root.
    std::vector<int> criticalSpans;
    QStringList servicePath;          // services in order of first appearance in the tree
    std::vector<ServiceCall> serviceCalls; // cross-service parent -> child pairs

    int indexOf(const SpanId &id) const; // -1 when absent
    QString rootService() const;
    QString rootOperation() const;
};

} // namespace traceflow
