// SPDX-License-Identifier: MIT
#pragma once

// The durable file store over 1M "standard" spans (traces of ten spans, eight attributes):
// write rate, bytes per span on disk, and the time to reopen it into a fresh memory store.
void runFileStoreBenchmarks();
