// SPDX-License-Identifier: MIT
#include "statsreport.h"

#include "minutebucket.h"
#include "stringpool.h"

#include <algorithm>
#include <tuple>
#include <unordered_map>

namespace traceflow {

StatsFigures StatsFigures::from(const LatencyIndex::Stats &stats)
{
    StatsFigures f;
    f.count = stats.count;
    f.errors = stats.errors;
    f.traces = stats.roots;
    f.p50Ms = stats.quantileMs(0.50);
    f.p95Ms = stats.quantileMs(0.95);
    f.p99Ms = stats.quantileMs(0.99);
    f.maxMs = stats.sketch.max() / 1e6;
    return f;
}

StatsWindow StatsWindow::of(qint64 firstMinuteNs, qint64 lastMinuteNs, int trendBins)
{
    StatsWindow w;
    w.fromNs = firstMinuteNs;
    w.toNs = lastMinuteNs + MinuteNs;
    w.stepNs = stepFor(w.fromNs, w.toNs);
    const auto minutes = static_cast<std::uint64_t>((w.toNs - w.fromNs) / MinuteNs);
    const auto bins = std::uint64_t(std::max(trendBins, 1));
    w.perSlice = std::max<std::uint64_t>(1, (minutes + bins - 1) / bins);
    w.slices = std::size_t((minutes + w.perSlice - 1) / w.perSlice);
    w.shift = w.slices * w.perSlice - minutes;
    return w;
}

std::optional<StatsWindow> StatsWindow::of(const StatsRequest &request, qint64 firstHeldNs,
                                           qint64 lastHeldNs)
{
    const qint64 from = minuteStart(request.fromNs.value_or(firstHeldNs));
    const qint64 to = minuteStart(request.toNs.value_or(lastHeldNs));
    if (to < from)
        return std::nullopt;
    return of(from, to, request.trendBins);
}

qint64 StatsWindow::stepStart(qint64 ns, qint64 stepNs)
{
    const qint64 q = ns / stepNs;
    return (ns % stepNs < 0 ? q - 1 : q) * stepNs;
}

qint64 StatsWindow::stepFor(qint64 fromNs, qint64 toNs)
{
    if (toNs <= fromNs)
        return MinuteNs;
    // Steps of the grid the minutes touch: a window need not start on a step.
    auto points = [fromNs, toNs](qint64 step) {
        return (stepStart(toNs - 1, step) - stepStart(fromNs, step)) / step + 1;
    };
    for (qint64 minutes : {1, 2, 5, 10, 15, 30, 60, 120, 180, 360, 720, 1440}) {
        if (points(minutes * MinuteNs) <= MaxPoints)
            return minutes * MinuteNs;
    }
    constexpr qint64 DayNs = 1440 * MinuteNs;
    qint64 days = (toNs - fromNs) / DayNs / MaxPoints + 1;
    while (points(days * DayNs) > MaxPoints)
        ++days;
    return days * DayNs;
}

void StatsReport::setWindow(const StatsWindow &window)
{
    fromNs = window.fromNs;
    toNs = window.toNs;
    stepNs = window.stepNs;
}

void StatsReport::setOperations(const std::vector<StatsOperation> &operations,
                                const StatsRequest &request)
{
    LatencyIndex::Stats all;
    LatencyIndex::Stats chosen;
    LatencyIndex::Stats service;
    std::vector<std::uint64_t> serviceTrend;
    for (std::size_t i = 0; i < operations.size(); ++i) {
        const StatsOperation &o = operations[i];
        operationRows.push_back(
            StatsRow{o.service, o.operation, StatsFigures::from(o.stats), o.trend});
        service.add(o.stats);
        serviceTrend.resize(std::max(serviceTrend.size(), o.trend.size()), 0);
        for (std::size_t t = 0; t < o.trend.size(); ++t)
            serviceTrend[t] += o.trend[t];
        if ((request.service.isEmpty() || o.service == request.service) &&
            (request.operation.isEmpty() || o.operation == request.operation))
            chosen.add(o.stats);
        if (i + 1 == operations.size() || operations[i + 1].service != o.service) {
            serviceRows.push_back(
                StatsRow{o.service, QString(), StatsFigures::from(service), serviceTrend});
            all.add(service);
            service = LatencyIndex::Stats();
            serviceTrend.clear();
        }
    }
    total = StatsFigures::from(all);
    histogram = LatencyHistogram::bars(chosen.sketch);
}

StatsReport StatsReport::build(const LatencyIndex &index, const StatsRequest &request)
{
    StatsReport report;
    const auto [first, last] = index.bucketRange();
    if (index.bucketCount() == 0 && (!request.fromNs || !request.toNs))
        return report;
    const std::optional<StatsWindow> held = StatsWindow::of(request, first, last);
    if (!held)
        return report;
    const StatsWindow &window = *held;
    report.setWindow(window);
    const qint64 from = window.fromNs;
    const qint64 to = window.toNs - MinuteNs; // the last minute

    const StringPool &pool = StringPool::instance();
    const StringPool::Id wantedService = pool.find(request.service);
    const StringPool::Id wantedOperation = pool.find(request.operation);
    // A name the store never saw matches nothing (not everything).
    const bool unknown = (!request.service.isEmpty() && !wantedService) ||
                         (!request.operation.isEmpty() && !wantedOperation);

    // Keyed service << 32 | operation.
    std::unordered_map<std::uint64_t, StatsOperation> perOperation;
    LatencyIndex::Stats selected; // of the step series.back() stands for
    index.visitBuckets(from, to,
                       [&](qint64 minute, StringPool::Id service, StringPool::Id operation,
                           const LatencyIndex::Stats &stats) {
                           StatsOperation &o =
                               perOperation[(std::uint64_t(service) << 32) | operation];
                           o.stats.add(stats);
                           if (o.trend.empty())
                               o.trend.assign(window.slices, 0);
                           o.trend[window.slice(minute)] += stats.count;
                           if (unknown || (wantedService && service != wantedService) ||
                               (wantedOperation && operation != wantedOperation))
                               return;
                           // Minutes come in time order: a step's minutes follow one another.
                           const qint64 step = StatsWindow::stepStart(minute, window.stepNs);
                           if (report.series.empty() || report.series.back().startNs != step) {
                               if (!report.series.empty())
                                   report.series.back().figures = StatsFigures::from(selected);
                               report.series.push_back(StatsPoint{step, {}});
                               selected = LatencyIndex::Stats();
                           }
                           selected.add(stats);
                       });
    if (!report.series.empty())
        report.series.back().figures = StatsFigures::from(selected);

    // By name (not by string id) so the table and the JSON come out sorted.
    std::vector<StatsOperation> operations;
    operations.reserve(perOperation.size());
    for (auto &[key, o] : perOperation) {
        o.service = pool.string(StringPool::Id(key >> 32));
        o.operation = pool.string(StringPool::Id(key & 0xffffffffu));
        operations.push_back(std::move(o));
    }
    std::sort(operations.begin(), operations.end(),
              [](const StatsOperation &a, const StatsOperation &b) {
                  return std::tie(a.service, a.operation) < std::tie(b.service, b.operation);
              });
    report.setOperations(operations, request);
    return report;
}

} // namespace traceflow
