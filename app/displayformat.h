// SPDX-License-Identifier: MIT
#pragma once

#include <QString>
#include <QtGlobal>

namespace traceflow {

// How the window writes durations and timestamps.
class DisplayFormat
{
public:
    // Three significant digits in the largest fitting unit: "850 ns", "12.3 ms", "1.52 s",
    // "2m 03s". Negative durations (clock skew) keep their sign.
    static QString duration(qint64 ns);
    // "2024-03-09 14:05:07.123" in local time or UTC (Qt::UTC); withDate false leaves the
    // date out.
    static QString timestamp(qint64 epochNs, Qt::TimeSpec spec, bool withDate = true);
};

} // namespace traceflow
