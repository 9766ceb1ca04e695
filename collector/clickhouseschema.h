// SPDX-License-Identifier: MIT
#pragma once

#include "span.h"

#include <QByteArray>
#include <QList>
#include <QString>

#include <vector>

namespace traceflow {

// TraceFlow's ClickHouse tables, in SQL that ClickHouse 18.16 (Debian 12) accepts:
// - spans: one row per span, partitioned by day and ordered by (service, start_ns), so a
//   service + time window reads a contiguous range. Attributes and resource attributes are
//   parallel key/value Array(String) columns (has(), arrayExists()); span_json holds the whole
//   span in TraceFlow JSON, which gives the trace view back every field losslessly.
//   ReplacingMergeTree folds a batch that was sent twice (a retry after a lost answer).
// - trace_index: trace_id -> span start/end, ordered by trace_id and filled by a materialized
//   view on every insert, so looking a trace up reads a few granules of a narrow table and then
//   only the day partitions that trace touches.
// Times are Int64 nanoseconds (18.16 has no DateTime64). 18.16 has no TTL either: retention
// drops whole day partitions (retentionStatements).
class ClickHouseSchema
{
public:
    // CREATE DATABASE/TABLE/VIEW IF NOT EXISTS, in order; running them again changes nothing.
    static QList<QByteArray> createStatements(const QString &database);
    // The INSERT whose body is appendRows() output.
    static QByteArray insertStatement(const QString &database);
    // TabSeparated rows for insertStatement().
    static void appendRows(const std::vector<Span> &spans, QByteArray *out);
    // Lists the day partitions of both tables (answer: "table\tpartition" lines).
    static QByteArray partitionsQuery(const QString &database);
    // ALTER TABLE ... DROP PARTITION for one "YYYY-MM-DD" day of table.
    static QByteArray dropPartition(const QString &database, const QString &table,
                                    const QString &day);

    // A string as a single-quoted SQL literal (for values put into queries).
    static QByteArray quote(QStringView text);
    // The text an attribute value is stored as in *_values (AttributeValue::toString()).
    static QString attributeText(const Attributes &attributes, int index);
    // Status and kind as stored (their enum values).
    static int statusCode(StatusCode status) { return int(status); }
};

} // namespace traceflow
