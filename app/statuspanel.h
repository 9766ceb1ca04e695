// SPDX-License-Identifier: MIT
#pragma once

#include "tracesource.h"

#include <QElapsedTimer>
#include <QWidget>

#include <optional>

class QLabel;

namespace traceflow {

// The status bar's permanent part: the collector's address and health, spans/s, and the
// trace, span and service counts.
class StatusPanel : public QWidget
{
    Q_OBJECT
public:
    explicit StatusPanel(QWidget *parent = nullptr);

    // address empty: no collector running (`problem`, the why, goes into the tooltip).
    void setCollector(const QString &address, bool remote, const QString &problem = {});
    // While set, says the embedded collector holds new spans until the stored traces are
    // loaded (CollectorHost::setIngestHeld).
    void setCollectorPending(bool pending);
    // Called about once a second; the rate comes from the change since the previous call.
    void setStats(const SourceStats &stats);

    QString collectorText() const;
    QString countsText() const;
    QString rateText() const;
    // The rate over one interval: 0 for the first sample or a count going backwards
    // (eviction, a restarted remote).
    static double rate(std::uint64_t before, std::uint64_t after, qint64 elapsedMs);

private:
    void showHealth(bool healthy);

    QLabel *m_collector = nullptr;
    QLabel *m_rate = nullptr;
    QLabel *m_counts = nullptr;
    QString m_address;
    bool m_remote = false;
    QString m_problem;
    bool m_pending = false;
    std::optional<std::uint64_t> m_lastCount;
    QElapsedTimer m_lastSample;
};

} // namespace traceflow
