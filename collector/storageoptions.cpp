// SPDX-License-Identifier: MIT
#include "storageoptions.h"

#include "collectorconfig.h"

#include <QDir>

#include <limits>

namespace traceflow {

namespace {
// Splits "12h" into 12 and "h"; false when there is no leading number.
bool splitNumber(const QString &text, qint64 *number, QString *unit)
{
    const QString t = text.trimmed().toLower();
    qsizetype digits = 0;
    while (digits < t.size() && t.at(digits).isDigit())
        ++digits;
    if (digits == 0 || digits > 15)
        return false;
    *number = t.left(digits).toLongLong();
    *unit = t.mid(digits).trimmed();
    return true;
}
} // namespace

qint64 StorageOptions::parseDurationMs(const QString &text)
{
    qint64 n = 0;
    QString unit;
    if (!splitNumber(text, &n, &unit))
        return -1;
    if (unit == u"ms")
        return n;
    if (unit.isEmpty() || unit == u"s")
        return n * 1000;
    if (unit == u"m" || unit == u"min")
        return n * 60'000;
    if (unit == u"h")
        return n * 3'600'000;
    if (unit == u"d")
        return n * 86'400'000;
    return -1;
}

qint64 StorageOptions::parseBytes(const QString &text)
{
    qint64 n = 0;
    QString unit;
    if (!splitNumber(text, &n, &unit))
        return -1;
    if (unit.endsWith(u"ib"))
        unit.chop(2);
    else if (unit.endsWith(u'b'))
        unit.chop(1);
    int shift = 0;
    if (unit == u"k")
        shift = 10;
    else if (unit == u"m")
        shift = 20;
    else if (unit == u"g")
        shift = 30;
    else if (unit == u"t")
        shift = 40;
    else if (!unit.isEmpty())
        return -1;
    if (n > (std::numeric_limits<qint64>::max() >> shift))
        return -1;
    return n << shift;
}

bool StorageOptions::handles(const QString &name)
{
    return name == u"storage" || name == u"flush-interval" || name == u"retention"
        || name == u"retention-size";
}

bool StorageOptions::apply(CollectorConfig *config, const QString &name, const QString &value,
                           QString *error)
{
    auto bad = [&](const QString &what) {
        *error = QStringLiteral("invalid %1 \"%2\": %3").arg(name, value, what);
        return false;
    };
    if (name == u"storage") {
        if (value == u"memory") {
            config->storage = StorageKind::Memory;
        } else if (value == u"clickhouse") {
            config->storage = StorageKind::ClickHouse;
        } else if (value.startsWith(u"file:") && value.size() > 5) {
            config->storage = StorageKind::File;
            config->storagePath = QDir::cleanPath(QDir::current().absoluteFilePath(value.mid(5)));
        } else {
            return bad(QStringLiteral("expected memory, file:PATH or clickhouse"));
        }
    } else if (name == u"flush-interval") {
        // A bare number is milliseconds here: intervals are short.
        bool bare = false;
        qint64 ms = value.trimmed().toLongLong(&bare);
        if (!bare)
            ms = parseDurationMs(value);
        if (ms < 0 || ms > 3'600'000)
            return bad(QStringLiteral("expected milliseconds (0 commits every batch) or a "
                                      "duration such as 2s, at most 1h"));
        config->flushIntervalMs = int(ms);
    } else if (name == u"retention") {
        const qint64 ms = parseDurationMs(value);
        if (ms < 0)
            return bad(QStringLiteral("expected a duration such as 7d, 12h or 30m (0: keep all)"));
        config->retentionAgeMs = ms;
    } else if (name == u"retention-size") {
        const qint64 bytes = parseBytes(value);
        if (bytes < 0)
            return bad(QStringLiteral("expected a size such as 1G, 500M or a number of bytes "
                                      "(0: no limit)"));
        config->retentionBytes = bytes;
    } else {
        *error = QStringLiteral("unknown option \"%1\"").arg(name);
        return false;
    }
    return true;
}

QList<QCommandLineOption> StorageOptions::commandLineOptions()
{
    return {
        {QStringLiteral("storage"),
         QStringLiteral("Where spans are kept: memory (default; lost on exit), file:PATH (a "
                        "SQLite store that survives restarts) or clickhouse."),
         QStringLiteral("KIND")},
        {QStringLiteral("flush-interval"),
         QStringLiteral("File store: milliseconds between commits; a crash loses at most the "
                        "spans of the last interval (default 1000; 0 commits every batch)."),
         QStringLiteral("MS")},
        {QStringLiteral("retention"),
         QStringLiteral("File store: delete traces stored longer ago than this, e.g. 7d, 12h "
                        "(default 7d; 0 keeps them)."),
         QStringLiteral("DURATION")},
        {QStringLiteral("retention-size"),
         QStringLiteral("File store: delete the oldest traces beyond this size, e.g. 1G, 500M "
                        "(default 1G; 0: no limit)."),
         QStringLiteral("SIZE")},
    };
}

} // namespace traceflow
