// SPDX-License-Identifier: MIT
#pragma once

namespace traceflow {

// Prints "BENCH stats_refresh_ms_1m <v> ms": one full refresh of the statistics dashboard over
// a store of 10^6 spans (20 services, 200 operations, 60 minutes): LocalSource::statistics,
// the two table models and the four charts' series. The median of 15 refreshes after a warm-up.
// Needs a QApplication (the charts are widgets).
void runStatsBenchmarks();

} // namespace traceflow
