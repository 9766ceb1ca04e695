// SPDX-License-Identifier: MIT
#include "statsbench.h"

#include "dashboardcharts.h"
#include "localsource.h"
#include "statstablemodel.h"
#include "tracestore.h"

#include <QElapsedTimer>

#include <algorithm>
#include <cstdio>
#include <random>

namespace traceflow {

namespace {
constexpr int Services = 20;
constexpr int OperationsPerService = 10;
constexpr int SpansPerTrace = 10;
constexpr std::size_t TotalSpans = 1'000'000;
constexpr qint64 Minutes = 60;

void fill(TraceStore &store)
{
    std::mt19937_64 random(7);
    std::lognormal_distribution<double> durationMs(2.5, 1.0);
    std::uniform_int_distribution<int> service(0, Services - 1);
    std::uniform_int_distribution<int> operation(0, OperationsPerService - 1);
    std::bernoulli_distribution failed(0.02);
    const qint64 start = 1'710'000'000'000'000'000;
    const std::size_t traces = TotalSpans / SpansPerTrace;
    std::vector<Span> batch;
    for (std::size_t t = 0; t < traces; ++t) {
        const qint64 at = start + qint64(t) * (Minutes * 60'000'000'000 / qint64(traces));
        const TraceId trace = TraceId::fromString(QStringLiteral("%1").arg(t + 1, 32, 16, QLatin1Char('0')));
        for (int i = 0; i < SpansPerTrace; ++i) {
            Span s;
            s.traceId = trace;
            s.spanId = SpanId::fromString(QStringLiteral("%1").arg(i + 1, 16, 16, QLatin1Char('0')));
            if (i > 0)
                s.parentSpanId = SpanId::fromString(QStringLiteral("%1").arg(1, 16, 16, QLatin1Char('0')));
            s.setService(QStringLiteral("service-%1").arg(i == 0 ? 0 : service(random)));
            s.setOperation(QStringLiteral("op-%1").arg(operation(random)));
            s.startNs = at + i * 1'000'000;
            s.durationNs = qint64(durationMs(random) * 1e6);
            s.status = failed(random) ? StatusCode::Error : StatusCode::Ok;
            batch.push_back(std::move(s));
        }
        if (batch.size() >= 10'000) {
            store.insert(std::move(batch));
            batch.clear();
        }
    }
    store.insert(std::move(batch));
}
} // namespace

void runStatsBenchmarks()
{
    TraceStore store(StoreLimits{TotalSpans, std::size_t(8) << 30});
    fill(store);
    LocalSource source(store);
    StatsTableModel services(StatsTableModel::Level::Services);
    StatsTableModel operations(StatsTableModel::Level::Operations);
    DashboardCharts charts;
    charts.resize(1400, 700);

    auto refresh = [&] {
        QElapsedTimer timer;
        timer.start();
        const StatsReport report = source.statistics(StatsRequest{}).result();
        services.setRows(report.serviceRows);
        operations.setRows(report.operationRows);
        charts.setReport(report);
        return double(timer.nsecsElapsed()) / 1e6;
    };
    const double first = refresh();
    std::vector<double> times;
    for (int i = 0; i < 15; ++i)
        times.push_back(refresh());
    std::sort(times.begin(), times.end());
    std::printf("BENCH stats_refresh_ms_1m %.1f ms (first %.1f ms, %llu spans, %zu operations)\n",
                times[times.size() / 2], first,
                static_cast<unsigned long long>(store.counters().spans), operations.rows().size());
    std::fflush(stdout);
}

} // namespace traceflow
