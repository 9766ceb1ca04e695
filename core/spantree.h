// SPDX-License-Identifier: MIT
#pragma once

#include "assembledtrace.h"

#include <vector>

namespace traceflow {

// Links spans (in input order) into a forest by parentSpanId; every traversal is iterative.
// - A span with an empty parent id is a real root. Duplicate span ids are all kept; children
//   attach to the first span (in input order) with that id.
// - A span whose parent id is not in the trace is flagged orphan. Spans caught in a parent
//   cycle (a self-parent included) are cut out of it at the cycle's earliest-starting span,
//   which is flagged orphan; the rest of the cycle hangs below it.
// - The primary root is the earliest-starting real root (ties: input order); without one it is
//   the earliest-starting orphan. Every other orphan is attached under the primary root.
// Sets parent, children (input order) and orphan. Returns the roots: the real roots by start
// (so the primary root first), or just the primary orphan; empty only for empty input.
std::vector<int> linkSpanTree(std::vector<AssembledSpan> &spans);

// Reorders a linked forest into pre-order: roots in the given order, siblings by adjusted
// start (ties: current index). Remaps parent, children and roots, and sets depth.
// Returns the maximum depth.
int orderPreorder(std::vector<AssembledSpan> &spans, std::vector<int> &roots);

} // namespace traceflow
