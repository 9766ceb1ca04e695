// SPDX-License-Identifier: MIT
#include "statstestsupport.h"

#include "coretestsupport.h"
#include "statisticspage.h"

#include <QChart>
#include <QChartView>
#include <QSignalSpy>
#include <QTest>

namespace traceflow::StatsTestSupport {

Span makeSpan(int trace, int id, int parent, const QString &service, const QString &operation,
              qint64 startNs, qint64 durationMs, bool error)
{
    return CoreTestSupport::makeSpan(
        QStringLiteral("t%1").arg(trace), QStringLiteral("s%1").arg(id),
        parent ? QStringLiteral("s%1").arg(parent) : QString(), service, operation, startNs,
        durationMs * Ms, error ? StatusCode::Error : StatusCode::Ok);
}

bool waitForRefresh(StatisticsPage &page)
{
    // The answer may come before the spy waits (a finished future runs its continuation at
    // once), and a refresh asked for while one runs follows it: wait for the last.
    QSignalSpy spy(&page, &StatisticsPage::refreshed);
    page.refresh();
    while (spy.isEmpty() || page.isRefreshing()) {
        if (!spy.wait(10000))
            return false;
    }
    return true;
}

bool showPage(StatisticsPage &page, TraceSource *source)
{
    page.setSource(source);
    page.resize(1400, 1000);
    page.show();
    return QTest::qWaitForWindowExposed(&page) && waitForRefresh(page);
}

QPoint viewPosition(QChartView *view, const QPointF &value, QAbstractSeries *series)
{
    return view->mapFromScene(view->chart()->mapToPosition(value, series));
}

} // namespace traceflow::StatsTestSupport
