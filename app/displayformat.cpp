// SPDX-License-Identifier: MIT
#include "displayformat.h"

#include <QDateTime>

#include <cmath>
#include <cstdlib>
#include <limits>

namespace traceflow {

namespace {
QString significant(double value, QStringView unit)
{
    const int decimals = value < 9.995 ? 2 : value < 99.95 ? 1 : 0;
    return QString::number(value, 'f', decimals) + u' ' + unit;
}
} // namespace

QString DisplayFormat::duration(qint64 ns)
{
    if (ns < 0)
        return u'-' + duration(ns == std::numeric_limits<qint64>::min()
                                   ? std::numeric_limits<qint64>::max()
                                   : -ns);
    const double v = static_cast<double>(ns);
    if (ns < 1000)
        return QString::number(ns) + QLatin1String(" ns");
    if (v < 999.5e3)
        return significant(v / 1e3, u"\u00b5s");
    if (v < 999.5e6)
        return significant(v / 1e6, u"ms");
    if (v < 59.995e9)
        return significant(v / 1e9, u"s");
    const qint64 seconds = static_cast<qint64>(std::llround(v / 1e9));
    if (seconds < 3600)
        return QStringLiteral("%1m %2s")
            .arg(seconds / 60)
            .arg(seconds % 60, 2, 10, QLatin1Char('0'));
    return QStringLiteral("%1h %2m")
        .arg(seconds / 3600)
        .arg((seconds / 60) % 60, 2, 10, QLatin1Char('0'));
}

QString DisplayFormat::timestamp(qint64 epochNs, Qt::TimeSpec spec, bool withDate)
{
    const QDateTime time = QDateTime::fromMSecsSinceEpoch(
        epochNs / 1'000'000, spec == Qt::UTC ? Qt::UTC : Qt::LocalTime);
    return time.toString(withDate ? QStringLiteral("yyyy-MM-dd HH:mm:ss.zzz")
                                  : QStringLiteral("HH:mm:ss.zzz"));
}

} // namespace traceflow
