// SPDX-License-Identifier: MIT
#pragma once

#include <QMenu>
#include <QUrl>

#include <functional>

namespace traceflow {

class DemoController;

// Demo > Start demo services, Generate traffic (10, 100, custom with an error rate), Stop.
// Items enable and disable with the demo's state.
class DemoMenu : public QMenu
{
    Q_OBJECT
public:
    // collectorUrl: where the services send spans; empty when no collector is available.
    DemoMenu(DemoController *demo, std::function<QUrl()> collectorUrl, QWidget *parent = nullptr);

    QAction *startAction() const { return m_start; }
    QAction *stopAction() const { return m_stop; }
    QAction *traffic10Action() const { return m_traffic10; }
    QAction *traffic100Action() const { return m_traffic100; }
    QAction *customTrafficAction() const { return m_custom; }

Q_SIGNALS:
    void message(const QString &text);

private:
    void updateActions();
    void start();
    void customTraffic();

    DemoController *m_demo = nullptr;
    std::function<QUrl()> m_collectorUrl;
    QAction *m_start = nullptr;
    QMenu *m_traffic = nullptr;
    QAction *m_traffic10 = nullptr;
    QAction *m_traffic100 = nullptr;
    QAction *m_custom = nullptr;
    QAction *m_stop = nullptr;
    int m_customRequests = 500;
};

} // namespace traceflow
