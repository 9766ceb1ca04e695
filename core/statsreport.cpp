// SPDX-License-Identifier: MIT
#include "statsreport.h"

#include "minutebucket.h"
#include "stringpool.h"

#include <algorithm>
#include <map>
#include <tuple>
#include <unordered_map>

namespace traceflow {

namespace {

struct Accumulator
{
    LatencyIndex::Stats stats;
    std::vector<std::uint64_t> trend;
};

StatsRow row(const QString &service, const QString &operation, const Accumulator &a)
{
    return StatsRow{service, operation, StatsFigures::from(a.stats), a.trend};
}

} // namespace

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

StatsReport StatsReport::build(const LatencyIndex &index, const StatsRequest &request)
{
    StatsReport report;
    const auto [first, last] = index.bucketRange();
    if (index.bucketCount() == 0 && (!request.fromNs || !request.toNs))
        return report;
    const qint64 from = minuteStart(request.fromNs.value_or(first));
    const qint64 to = minuteStart(request.toNs.value_or(last));
    if (to < from)
        return report;
    report.fromNs = from;
    report.toNs = to + LatencyIndex::BucketNs;

    const StringPool &pool = StringPool::instance();
    const StringPool::Id wantedService = pool.find(request.service);
    const StringPool::Id wantedOperation = pool.find(request.operation);
    // A name the store never saw matches nothing (not everything).
    const bool unknown = (!request.service.isEmpty() && !wantedService)
        || (!request.operation.isEmpty() && !wantedOperation);
    const auto minutes = static_cast<std::uint64_t>((to - from) / LatencyIndex::BucketNs + 1);
    // Every slice spans the same number of minutes (uneven slices would draw a false
    // saw-tooth); the oldest one takes the remainder and may be shorter.
    const std::uint64_t perSlice =
        (minutes + std::uint64_t(std::max(request.trendBins, 1)) - 1)
        / std::uint64_t(std::max(request.trendBins, 1));
    const std::size_t bins = std::size_t((minutes + perSlice - 1) / perSlice);
    const std::uint64_t shift = bins * perSlice - minutes;

    // Keyed service << 32 | operation.
    std::unordered_map<std::uint64_t, Accumulator> perOperation;
    LatencyIndex::Stats selected;
    index.visitBuckets(from, to, [&](qint64 minute, StringPool::Id service,
                                     StringPool::Id operation, const LatencyIndex::Stats &stats) {
        Accumulator &a = perOperation[(std::uint64_t(service) << 32) | operation];
        a.stats.add(stats);
        if (a.trend.empty())
            a.trend.assign(bins, 0);
        const auto slot = (std::uint64_t((minute - from) / LatencyIndex::BucketNs) + shift) / perSlice;
        a.trend[std::size_t(slot)] += stats.count;
        if (unknown || (wantedService && service != wantedService)
            || (wantedOperation && operation != wantedOperation))
            return;
        if (report.series.empty() || report.series.back().startNs != minute) {
            if (!report.series.empty())
                report.series.back().figures = StatsFigures::from(selected);
            report.series.push_back(StatsPoint{minute, {}});
            selected = LatencyIndex::Stats();
        }
        selected.add(stats);
    });
    if (!report.series.empty())
        report.series.back().figures = StatsFigures::from(selected);

    // Rows by name (not by string id) so the table and the JSON come out sorted.
    std::map<std::pair<QString, QString>, const Accumulator *> byName;
    for (const auto &[key, a] : perOperation)
        byName.emplace(std::pair{pool.string(StringPool::Id(key >> 32)),
                                 pool.string(StringPool::Id(key & 0xffffffffu))},
                       &a);
    LatencyIndex::Stats total;
    LatencyIndex::Stats histogram;
    Accumulator service;
    for (auto it = byName.begin(); it != byName.end(); ++it) {
        const auto &[names, a] = *it;
        report.operationRows.push_back(row(names.first, names.second, *a));
        if (service.trend.empty())
            service.trend.assign(bins, 0);
        service.stats.add(a->stats);
        for (std::size_t i = 0; i < bins; ++i)
            service.trend[i] += a->trend[i];
        const bool chosenService = !unknown && (request.service.isEmpty() || names.first == request.service);
        if (chosenService && (request.operation.isEmpty() || names.second == request.operation))
            histogram.add(a->stats);
        const auto next = std::next(it);
        if (next == byName.end() || next->first.first != names.first) {
            report.serviceRows.push_back(row(names.first, QString(), service));
            total.add(service.stats);
            service = Accumulator();
        }
    }
    report.total = StatsFigures::from(total);
    report.histogram = LatencyHistogram::bars(histogram.sketch);
    return report;
}

} // namespace traceflow
