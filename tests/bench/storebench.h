// SPDX-License-Identifier: MIT
#pragma once

// Store figures over 1M spans in 100k traces: insert rate, bytes per span, query time.
void runStoreBenchmarks();
// Inserts into a store kept full at its byte budget (every insert evicts), as the collector's
// ingest worker does: merged requests whose traces are interleaved. Also run alone by
// `bench_core store_evicting` (e.g. under callgrind).
void runStoreEvictingBenchmark();
