// SPDX-License-Identifier: MIT
#pragma once

#include "statsreport.h"

#include <QWidget>

#include <optional>

class QLabel;

namespace traceflow {

// The dashboard's row of tiles: collector health, traces, spans, services (held now), p95
// latency and error rate (over the window) and spans/s (arriving now).
class StatsTiles : public QWidget
{
    Q_OBJECT
public:
    enum class Tile
    {
        Collector,
        Traces,
        Spans,
        Services,
        P95,
        ErrorRate,
        SpanRate,
        TileCount
    };

    explicit StatsTiles(QWidget *parent = nullptr);

    // spansPerSecond: the ingest rate, nullopt while unknown (shown as a dash).
    void setReport(const StatsReport &report, std::optional<double> spansPerSecond);
    QString value(Tile tile) const;

protected:
    void changeEvent(QEvent *event) override;

private:
    void restyle();

    QLabel *m_values[int(Tile::TileCount)] = {};
    QLabel *m_captions[int(Tile::TileCount)] = {};
    bool m_healthy = false;
    double m_errorRate = 0;
};

} // namespace traceflow
