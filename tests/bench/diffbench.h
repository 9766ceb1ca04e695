// SPDX-License-Identifier: MIT
#pragma once

namespace traceflow {

// Prints the trace comparison figure: "BENCH tracediff_10k_ms <v> ms", the time to compare two
// 10,000-span traces (TraceDiff::compare on assembled traces, fastest of 10 runs).
void runDiffBenchmarks();

} // namespace traceflow
