// SPDX-License-Identifier: MIT
#pragma once

#include <QFrame>

class QLabel;

namespace traceflow {

// Shown above the trace list when the embedded collector cannot run (usually: its port is
// taken), with the ways out: other ports, or connecting to the collector that has the port.
class CollectorBanner : public QFrame
{
    Q_OBJECT
public:
    explicit CollectorBanner(QWidget *parent = nullptr);

    void showProblem(const QString &message);
    QString message() const;

Q_SIGNALS:
    void changePortsRequested();
    void connectRequested();

protected:
    void changeEvent(QEvent *event) override;

private:
    void updateColors();

    QLabel *m_text = nullptr;
    bool m_updating = false;
};

} // namespace traceflow
