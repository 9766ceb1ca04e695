// SPDX-License-Identifier: MIT
#pragma once

#include <QtGlobal>

namespace traceflow {

// The store counts latency, throughput and service calls per minute of span start time; the
// latency index, the service graph, the statistics report and ClickHouse's queries must agree
// on which minute a time falls in.
constexpr qint64 MinuteNs = 60'000'000'000;

// The number of the minute that contains ns since the epoch. Floor division: a time before
// 1970 (a bad clock) lands in the minute that contains it, not the one after.
constexpr qint64 minuteIndex(qint64 ns)
{
    const qint64 q = ns / MinuteNs;
    return ns % MinuteNs < 0 ? q - 1 : q;
}

// The start of the minute that contains ns.
constexpr qint64 minuteStart(qint64 ns)
{
    return minuteIndex(ns) * MinuteNs;
}

} // namespace traceflow
