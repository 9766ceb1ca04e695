// SPDX-License-Identifier: MIT
#pragma once

#include "appsettings.h"

#include <QPalette>

namespace traceflow {

// Light, dark, or whatever the platform gives (its style and palette, captured at start-up).
// Widgets paint with palette roles, so a switch repaints everything in the new colours.
class AppTheme
{
public:
    // Call once the QApplication exists and before apply().
    static void captureSystem();
    static void apply(Theme theme);
    static QPalette darkPalette();
    // True when the palette's window colour is dark (also for a dark system theme).
    static bool isDark(const QPalette &palette);
};

} // namespace traceflow
