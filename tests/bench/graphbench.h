// SPDX-License-Identifier: MIT
#pragma once

namespace traceflow {

// The service graph's figures: the layered layout of meshes of 50 to 500 services, and a
// store's graph for a time window (minute buckets merged) and for everything held.
void runGraphBenchmarks();

} // namespace traceflow
