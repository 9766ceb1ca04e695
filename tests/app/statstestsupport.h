// SPDX-License-Identifier: MIT
#pragma once

#include "latencyindex.h"
#include "span.h"

#include <QPoint>
#include <QPointF>

class QAbstractSeries;
class QChartView;

namespace traceflow {

class StatisticsPage;
class TraceSource;

// What the Statistics page tests (tst_dashboard, tst_statisticspage) share: spans placed on
// a known minute grid, waiting for a page refresh, and where a chart value is on screen.
namespace StatsTestSupport {
constexpr qint64 Ms = 1'000'000;
constexpr qint64 Minute = LatencyIndex::BucketNs;
constexpr qint64 T0 = 1'710'000'000'000 * Ms; // a minute boundary (16:00 UTC)

// Span "s<id>" of trace "t<trace>", child of "s<parent>" (0: a root).
Span makeSpan(int trace, int id, int parent, const QString &service, const QString &operation,
              qint64 startNs, qint64 durationMs, bool error = false);
// Refreshes the page and waits for the last refresh to end; false after 10 s without one.
bool waitForRefresh(StatisticsPage &page);
// Shows the page at 1400 x 1000 on source and waits for it and its first figures; false when
// either does not come.
bool showPage(StatisticsPage &page, TraceSource *source);
// The view position of a chart value on one of its series.
QPoint viewPosition(QChartView *view, const QPointF &value, QAbstractSeries *series);
} // namespace StatsTestSupport

} // namespace traceflow
