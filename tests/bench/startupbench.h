// SPDX-License-Identifier: MIT
#pragma once

// The desktop window's start with 1M spans in its store file: how long until the window is
// shown, until loading is done, the open that used to block the GUI thread for comparison,
// and how long closing the window mid-load takes.
void runStartupBenchmarks();
