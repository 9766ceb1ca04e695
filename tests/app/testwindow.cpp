// SPDX-License-Identifier: MIT
#include "testwindow.h"

#include "collectorhost.h"

#include <QStandardPaths>
#include <QTest>

namespace traceflow {

std::unique_ptr<AppSettings> TestWindow::settings(const QTemporaryDir &dir)
{
    QStandardPaths::setTestModeEnabled(true); // the durable store goes to a test folder
    auto settings = std::make_unique<AppSettings>(dir.filePath(QStringLiteral("settings.ini")));
    settings->setApiPort(0);
    settings->setOtlpPort(0);
    return settings;
}

std::unique_ptr<MainWindow> TestWindow::show(AppSettings &settings)
{
    auto window = std::make_unique<MainWindow>(settings);
    window->resize(1400, 900);
    window->show();
    if (!QTest::qWaitForWindowExposed(window.get()))
        return {};
    return window;
}

QUrl TestWindow::apiUrl(const MainWindow &window)
{
    return QUrl(QStringLiteral("http://127.0.0.1:%1").arg(window.collector().apiPort()));
}

} // namespace traceflow
