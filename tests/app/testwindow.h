// SPDX-License-Identifier: MIT
#pragma once

#include "appsettings.h"
#include "mainwindow.h"

#include <QTemporaryDir>
#include <QUrl>

#include <memory>

namespace traceflow {

// The desktop window as the app tests drive it: settings of its own in a temporary folder,
// the embedded collector on free ports, shown at 1400 x 900.
class TestWindow
{
public:
    // Settings in dir (which must be valid and outlive them), with both ports 0.
    static std::unique_ptr<AppSettings> settings(const QTemporaryDir &dir);
    // The window, shown; null when the platform never exposed it.
    static std::unique_ptr<MainWindow> show(AppSettings &settings);
    // http://127.0.0.1:<the embedded collector's API port>
    static QUrl apiUrl(const MainWindow &window);
};

} // namespace traceflow
