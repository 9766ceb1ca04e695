// SPDX-License-Identifier: MIT
#pragma once

namespace traceflow {

// Prints the DDSketch figures: "BENCH sketch_insert_ns <v> ns" (mean time per add() of
// lognormal durations, fastest of 50 rounds of 10^5) and "BENCH sketch_p99_rel_error_pct <v> %"
// (p99 against the exact value over 10^6 lognormal durations).
void runSketchBenchmarks();

} // namespace traceflow
