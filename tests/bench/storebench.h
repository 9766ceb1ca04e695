// SPDX-License-Identifier: MIT
#pragma once

// Store figures over 1M spans in 100k traces: insert rate, bytes per span, query time.
void runStoreBenchmarks();
