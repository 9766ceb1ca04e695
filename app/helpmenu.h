// SPDX-License-Identifier: MIT
#pragma once

#include <QMenu>

namespace traceflow {

class CollectorHost;

// Help: where to send spans (the embedded collector's endpoints) and About.
class HelpMenu : public QMenu
{
    Q_OBJECT
public:
    HelpMenu(const CollectorHost &collector, QWidget *parent = nullptr);

    // The endpoints text shown by Help > Collector Endpoints; says so when none runs.
    QString endpointsText() const;

private:
    const CollectorHost &m_collector;
};

} // namespace traceflow
