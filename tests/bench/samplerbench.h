// SPDX-License-Identifier: MIT
#pragma once

// Tail-sampler figures for a 5-policy configuration over 100k traces of 6 spans:
// "BENCH sampler_decisions_per_s <v> decisions/s" (tick() deciding every trace, the spans handed
// over by the fetcher without copying, so the figure is the sampler's and not the store's) and
// "BENCH sampler_observe_spans_per_s <v> spans/s"; fastest of 5 rounds each, in thread CPU time
// (the wall-clock figure follows as a comment).
void runSamplerBenchmarks();
