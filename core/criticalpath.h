// SPDX-License-Identifier: MIT
#pragma once

#include "assembledtrace.h"

#include <vector>

namespace traceflow {

// The critical path of root's subtree as Jaeger UI computes it (TracePage/CriticalPath), on
// adjusted times and without recursion:
// - children are first clipped to their (clipped) parent's interval; a child wholly outside
//   it is dropped with its subtree (a zero-length child at the parent's start is kept);
// - from the root, take the last-finishing child: [child end, parent end] is the parent's own
//   time; descend into it. A span with no (further) child finishing before the start of the
//   child we came back from owns [its start, that child's start] (or its whole interval);
//   then return to its parent, looking there for a child that ends before this span starts.
// Sections come back from the root's end backwards; empty sections are left out.
// Ties between children ending together go to the one earlier in spans[i].children.
std::vector<CriticalSection> computeCriticalPath(const std::vector<AssembledSpan> &spans, int root);

} // namespace traceflow
