// SPDX-License-Identifier: MIT
#include "clickhouseschema.h"

#include "spanjsonwriter.h"

#include <unordered_map>

namespace traceflow {

namespace {
// The partition key of both tables: the UTC day of the start.
constexpr QLatin1StringView DayOf("toDate(toDateTime(intDiv(start_ns, 1000000000)))");

QByteArray ddl(QLatin1StringView text, const QString &database)
{
    // replace(), not arg(): not every statement has both placeholders.
    return QString(text).replace(QLatin1StringView("%1"), database).replace(QLatin1StringView("%2"), DayOf).toUtf8();
}

// TabSeparated escaping: the field may then hold any byte.
void appendEscaped(QByteArrayView text, QByteArray *out, bool inArray)
{
    for (const char c : text) {
        switch (c) {
        case '\\': out->append("\\\\"); break;
        case '\t': out->append("\\t"); break;
        case '\n': out->append("\\n"); break;
        case '\r': out->append("\\r"); break;
        case '\0': out->append("\\0"); break;
        case '\'':
            if (inArray) {
                out->append("\\'");
                break;
            }
            Q_FALLTHROUGH();
        default: out->append(c);
        }
    }
}

void appendField(const QString &text, QByteArray *out)
{
    appendEscaped(text.toUtf8(), out, false);
    out->append('\t');
}

// Two Array(String) fields: the keys and the values of attributes.
void appendAttributes(const Attributes &attributes, QByteArray *out)
{
    QByteArray keys("[");
    QByteArray values("[");
    for (int i = 0; i < attributes.size(); ++i) {
        if (i > 0) {
            keys += ',';
            values += ',';
        }
        keys += '\'';
        appendEscaped(attributes.keyAt(i).toUtf8(), &keys, true);
        keys += '\'';
        values += '\'';
        appendEscaped(ClickHouseSchema::attributeText(attributes, i).toUtf8(), &values, true);
        values += '\'';
    }
    out->append(keys + "]\t" + values + "]\t");
}
} // namespace

QList<QByteArray> ClickHouseSchema::createStatements(const QString &database)
{
    return {
        ddl(QLatin1StringView("CREATE DATABASE IF NOT EXISTS %1"), database),
        ddl(QLatin1StringView(
                "CREATE TABLE IF NOT EXISTS %1.spans ("
                "trace_id String, span_id String, parent_span_id String, "
                "service String, operation String, kind UInt8, status UInt8, "
                "start_ns Int64, duration_ns Int64, "
                "attr_keys Array(String), attr_values Array(String), "
                "resource_keys Array(String), resource_values Array(String), "
                "span_json String) "
                "ENGINE = ReplacingMergeTree PARTITION BY %2 "
                "ORDER BY (service, start_ns, trace_id, span_id)"),
            database),
        ddl(QLatin1StringView(
                "CREATE TABLE IF NOT EXISTS %1.trace_index ("
                "trace_id String, start_ns Int64, end_ns Int64) "
                "ENGINE = ReplacingMergeTree PARTITION BY %2 "
                "ORDER BY (trace_id, start_ns, end_ns)"),
            database),
        ddl(QLatin1StringView(
                "CREATE MATERIALIZED VIEW IF NOT EXISTS %1.trace_index_mv TO %1.trace_index AS "
                "SELECT trace_id, start_ns, start_ns + duration_ns AS end_ns FROM %1.spans"),
            database),
    };
}

QByteArray ClickHouseSchema::insertStatement(const QString &database)
{
    return "INSERT INTO " + database.toUtf8()
        + ".spans (trace_id, span_id, parent_span_id, service, operation, kind, status, "
          "start_ns, duration_ns, attr_keys, attr_values, resource_keys, resource_values, "
          "span_json) FORMAT TabSeparated";
}

void ClickHouseSchema::appendRows(const std::vector<Span> &spans, QByteArray *out)
{
    // What a batch repeats (service and operation names, one resource per export batch) is
    // escaped once.
    std::unordered_map<StringPool::Id, QByteArray> names;
    std::unordered_map<const SpanOrigin *, QByteArray> resources;
    auto name = [&names](StringPool::Id id, QByteArray *out) {
        auto [it, inserted] = names.try_emplace(id);
        if (inserted)
            appendField(StringPool::instance().string(id), &it->second);
        out->append(it->second);
    };
    SpanJsonWriter writer;
    QByteArray json;
    out->reserve(out->size() + qsizetype(spans.size()) * 1200);
    for (const Span &s : spans) {
        appendField(s.traceId.toString(), out);
        appendField(s.spanId.toString(), out);
        appendField(s.parentSpanId.toString(), out);
        name(s.serviceId, out);
        name(s.operationId, out);
        out->append(QByteArray::number(int(s.kind)));
        out->append('\t');
        out->append(QByteArray::number(int(s.status)));
        out->append('\t');
        out->append(QByteArray::number(s.startNs));
        out->append('\t');
        out->append(QByteArray::number(s.durationNs));
        out->append('\t');
        appendAttributes(s.attributes, out);
        auto [resource, inserted] = resources.try_emplace(s.origin().constData());
        if (inserted)
            appendAttributes(s.resource(), &resource->second);
        out->append(resource->second);
        json.clear();
        writer.append(s, &json);
        appendEscaped(json, out, false);
        out->append('\n');
    }
}

QByteArray ClickHouseSchema::partitionsQuery(const QString &database)
{
    return "SELECT DISTINCT table, partition FROM system.parts WHERE active AND database = "
        + quote(database) + " AND table IN ('spans', 'trace_index') FORMAT TabSeparated";
}

QByteArray ClickHouseSchema::dropPartition(const QString &database, const QString &table,
                                           const QString &day)
{
    return "ALTER TABLE " + database.toUtf8() + '.' + table.toUtf8() + " DROP PARTITION "
        + quote(day);
}

QByteArray ClickHouseSchema::quote(QStringView text)
{
    QByteArray out("'");
    for (const char c : text.toUtf8()) {
        if (c == '\'' || c == '\\')
            out += '\\';
        out += c;
    }
    return out + '\'';
}

QString ClickHouseSchema::attributeText(const Attributes &attributes, int index)
{
    return attributes.valueAt(index).toString();
}

} // namespace traceflow
