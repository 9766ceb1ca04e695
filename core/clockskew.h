// SPDX-License-Identifier: MIT
#pragma once

#include "assembledtrace.h"

#include <QtGlobal>

#include <vector>

namespace traceflow {

// Jaeger's clock-skew correction (model/adjuster/clockskew.go) for one child against its
// already adjusted parent: the shift to add to the child's reported start. A child longer
// than its parent is only moved so it does not start first; a child that fits is left alone;
// any other child is centred in its parent (network latency split evenly each way).
qint64 clockSkewShift(qint64 parentStartNs, qint64 parentDurationNs, qint64 childStartNs,
                      qint64 childDurationNs);

// Sets skewNs on every span reachable from roots, top-down and without recursion. A span of
// the same service as its parent inherits the parent's shift; a span of another service gets
// clockSkewShift() against the adjusted parent. Roots and orphans keep 0: an orphan's real
// parent is unknown, so the span it hangs under is no reference. Order-independent (parent
// and children are indexes into spans). Returns how many spans got a non-zero shift.
int adjustClockSkew(std::vector<AssembledSpan> &spans, const std::vector<int> &roots);

} // namespace traceflow
