// SPDX-License-Identifier: MIT
#include "clickhousereader.h"

#include "clickhouseschema.h"
#include "ddsketch.h"
#include "decodedbatch.h"
#include "minutebucket.h"
#include "stringpool.h"
#include "traceflowjson.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <unordered_map>

namespace traceflow {

namespace {
constexpr qint32 ZeroBucket = std::numeric_limits<qint32>::min();

QByteArray q(const QString &text)
{
    return ClickHouseSchema::quote(text);
}

// ClickHouse computes DDSketch bucket indexes (ceil(log(d) / log(gamma))) so that only one row
// per bucket comes back; the sketch is rebuilt by adding each bucket's midpoint, which lands in
// the same bucket. gamma comes from the same default accuracy the store's sketches use.
QByteArray bucketExpression(const char *column, double accuracy = DDSketch().relativeAccuracy())
{
    const double gamma = (1 + accuracy) / (1 - accuracy);
    const double inverseLogGamma = 1.0 / std::log(gamma);
    return QByteArray("if(") + column + " <= 0, " + QByteArray::number(ZeroBucket)
        + ", toInt32(ceil(log(toFloat64(" + column + ")) * "
        + QByteArray::number(inverseLogGamma, 'g', 17) + ")))";
}

double bucketValue(qint32 bucket, double accuracy = DDSketch().relativeAccuracy())
{
    if (bucket == ZeroBucket)
        return 0.0;
    const double gamma = (1 + accuracy) / (1 - accuracy);
    return 2.0 * std::pow(gamma, bucket) / (gamma + 1.0);
}

QByteArray unescape(const QByteArray &field)
{
    if (!field.contains('\\'))
        return field;
    QByteArray out;
    out.reserve(field.size());
    for (qsizetype i = 0; i < field.size(); ++i) {
        char c = field[i];
        if (c == '\\' && i + 1 < field.size()) {
            c = field[++i];
            switch (c) {
            case 't': c = '\t'; break;
            case 'n': c = '\n'; break;
            case 'r': c = '\r'; break;
            case '0': c = '\0'; break;
            case 'b': c = '\b'; break;
            case 'f': c = '\f'; break;
            default: break; // \\ \' and anything else: the character itself
            }
        }
        out += c;
    }
    return out;
}

// "the attribute or resource attribute key has a value meeting condition" for one span
// (memory store semantics: the first attribute with the key decides). condition gets the
// SQL expression of the value.
template<typename Condition>
QByteArray tagValueMeets(const QByteArray &key, Condition condition)
{
    QByteArray out;
    for (const char *prefix : {"attr", "resource"}) {
        const QByteArray keys = QByteArray(prefix) + "_keys";
        const QByteArray vals = QByteArray(prefix) + "_values";
        if (!out.isEmpty())
            out += " OR ";
        out += "(indexOf(" + keys + ", " + key + ") > 0 AND "
            + condition(vals + "[indexOf(" + keys + ", " + key + ")]") + ")";
    }
    return '(' + out + ')';
}

QByteArray spanHasTag(const TagFilter &tag)
{
    const QByteArray key = q(tag.key);
    switch (tag.op) {
    case TagFilter::Op::Exists:
        return "(has(attr_keys, " + key + ") OR has(resource_keys, " + key + "))";
    case TagFilter::Op::Matches: {
        const QByteArray pattern = q(tag.regex.pattern());
        return tagValueMeets(key, [&pattern](const QByteArray &value) -> QByteArray {
            return "match(" + value + ", " + pattern + ")";
        });
    }
    case TagFilter::Op::Equals:
    case TagFilter::Op::NotEquals: {
        // Integer attributes compare as numbers in the store ("0200" finds 200): offer the
        // canonical form too.
        QByteArray values = "IN (" + q(tag.value);
        bool ok = false;
        const qint64 n = tag.value.toLongLong(&ok);
        if (ok && QString::number(n) != tag.value)
            values += ", " + q(QString::number(n));
        values += ')';
        return tagValueMeets(key, [&values](const QByteArray &value) -> QByteArray {
            return value + " " + values;
        });
    }
    }
    return "0";
}

QByteArray orderBy(TraceSort sort)
{
    switch (sort) {
    case TraceSort::Oldest: return "ts ASC, trace_id DESC";
    case TraceSort::Slowest: return "dur DESC, ts DESC, trace_id DESC";
    case TraceSort::Fastest: return "dur ASC, ts DESC, trace_id DESC";
    case TraceSort::MostSpans: return "n DESC, ts DESC, trace_id DESC";
    case TraceSort::Newest: break;
    }
    return "ts DESC, trace_id DESC";
}
} // namespace

ClickHouseReader::ClickHouseReader(const ClickHouseConfig &config) : m_client(config) {}

QByteArray ClickHouseReader::table(const char *name) const
{
    return m_client.config().database.toUtf8() + '.' + name;
}

std::vector<QList<QByteArray>> ClickHouseReader::rows(const QByteArray &sql) const
{
    const QByteArray body = m_client.query(sql + " FORMAT TabSeparated");
    std::vector<QList<QByteArray>> out;
    for (const QByteArray &line : body.split('\n')) {
        if (line.isEmpty())
            continue;
        QList<QByteArray> fields = line.split('\t');
        for (QByteArray &field : fields)
            field = unescape(field);
        out.push_back(std::move(fields));
    }
    return out;
}

std::vector<Span> ClickHouseReader::decodeSpans(const std::vector<QList<QByteArray>> &rows,
                                                int column) const
{
    QByteArray json("{\"spans\":[");
    for (std::size_t i = 0; i < rows.size(); ++i) {
        if (i > 0)
            json += ',';
        json += rows[i].value(column);
    }
    json += "]}";
    DecodedBatch batch;
    QString error;
    if (!TraceflowJson::decode(std::string_view(json.constData(), std::size_t(json.size())),
                               &batch, &error))
        throw ClickHouseError(502, QStringLiteral("unreadable spans in ClickHouse: ") + error);
    return std::move(batch.spans);
}

QByteArray ClickHouseReader::searchSql(const TraceQuery &query, bool withLimit) const
{
    // What one span must meet at once (TraceMatcher::traceHasMatchingSpan): its service and
    // operation, and with DurationScope::Span its duration and its start in the window.
    const bool spanScope = query.durationScope == DurationScope::Span;
    QList<QByteArray> span;
    if (!query.service.isEmpty())
        span << "service = " + q(query.service);
    if (!query.operation.isEmpty())
        span << "operation = " + q(query.operation);
    if (spanScope) {
        if (query.minDurationNs)
            span << "duration_ns >= " + QByteArray::number(*query.minDurationNs);
        if (query.maxDurationNs)
            span << "duration_ns <= " + QByteArray::number(*query.maxDurationNs);
        if (query.startNs)
            span << "start_ns >= " + QByteArray::number(*query.startNs);
        if (query.endNs)
            span << "start_ns <= " + QByteArray::number(*query.endNs);
    }

    // Candidates: traces with a span that any match needs. With the window on the trace,
    // start >= from holds for every span of a matching trace (the trace starts at its earliest
    // span), start <= to only for the earliest one, so it narrows the scan only when nothing
    // else is asked of that span.
    QList<QByteArray> candidate = span;
    QList<QByteArray> having;
    if (!spanScope) {
        if (query.startNs)
            candidate << "start_ns >= " + QByteArray::number(*query.startNs);
        if (query.endNs && candidate.size() == (query.startNs ? 1 : 0))
            candidate << "start_ns <= " + QByteArray::number(*query.endNs);
        if (query.startNs)
            having << "ts >= " + QByteArray::number(*query.startNs);
        if (query.endNs)
            having << "ts <= " + QByteArray::number(*query.endNs);
        if (query.minDurationNs)
            having << "dur >= " + QByteArray::number(*query.minDurationNs);
        if (query.maxDurationNs)
            having << "dur <= " + QByteArray::number(*query.maxDurationNs);
    }
    if (!span.isEmpty())
        having << "countIf(" + span.join(" AND ") + ") > 0";
    if (query.status == StatusFilter::Error)
        having << "errors > 0";
    else if (query.status == StatusFilter::Ok)
        having << "errors = 0";
    for (const TagFilter &tag : query.tags) {
        // "key!=value" excludes traces where any span has key=value, as in the store.
        having << "countIf(" + spanHasTag(tag) + ")"
                + (tag.op == TagFilter::Op::NotEquals ? " = 0" : " > 0");
    }

    QByteArray sql = "SELECT trace_id, min(start_ns) AS ts, max(start_ns + duration_ns) - ts AS dur, "
                     "count() AS n, countIf(status = "
        + QByteArray::number(ClickHouseSchema::statusCode(StatusCode::Error)) + ") AS errors FROM "
        + table("spans");
    if (!candidate.isEmpty())
        sql += " WHERE trace_id IN (SELECT trace_id FROM " + table("spans") + " WHERE "
            + candidate.join(" AND ") + ')';
    sql += " GROUP BY trace_id";
    if (!having.isEmpty())
        sql += " HAVING " + having.join(" AND ");
    if (withLimit) {
        sql += " ORDER BY " + orderBy(query.sort);
        if (query.limit > 0)
            sql += " LIMIT " + QByteArray::number(query.limit);
    }
    return sql;
}

QueryResult ClickHouseReader::query(const TraceQuery &query) const
{
    TraceStore page;
    return search(query, &page);
}

std::vector<std::vector<Span>> ClickHouseReader::traces(const TraceQuery &query) const
{
    TraceStore page;
    std::vector<std::vector<Span>> out;
    for (const TraceSummary &summary : search(query, &page).traces)
        out.push_back(page.trace(summary.traceId));
    return out;
}

QueryResult ClickHouseReader::search(const TraceQuery &query, TraceStore *page) const
{
    QueryResult result;
    const std::vector<QList<QByteArray>> found = rows(searchSql(query, true));
    if (query.limit > 0 && found.size() >= std::size_t(query.limit)) {
        const auto count = rows("SELECT count() FROM (" + searchSql(query, false) + ')');
        result.total = count.empty() ? 0 : count.front().value(0).toInt();
    } else {
        result.total = int(found.size());
    }
    if (found.empty())
        return result;

    // The page's spans, summarised by the store's own code.
    QByteArray ids;
    qint64 from = std::numeric_limits<qint64>::max();
    qint64 to = std::numeric_limits<qint64>::min();
    for (const QList<QByteArray> &row : found) {
        ids += (ids.isEmpty() ? "" : ", ") + q(QString::fromUtf8(row.value(0)));
        const qint64 start = row.value(1).toLongLong();
        from = std::min(from, start);
        to = std::max(to, start + row.value(2).toLongLong());
    }
    const auto spanRows = rows("SELECT span_json FROM " + table("spans") + " WHERE trace_id IN ("
                               + ids + ") AND start_ns >= " + QByteArray::number(from)
                               + " AND start_ns <= " + QByteArray::number(to)
                               + " ORDER BY start_ns, span_id");
    page->insert(decodeSpans(spanRows, 0));
    for (const QList<QByteArray> &row : found) {
        const TraceId id = TraceId::fromString(QString::fromUtf8(row.value(0)));
        if (std::optional<TraceSummary> summary = page->summary(id))
            result.traces.push_back(std::move(*summary));
    }
    return result;
}

std::vector<Span> ClickHouseReader::trace(const TraceId &id) const
{
    const QByteArray quoted = q(id.toString());
    const auto range = rows("SELECT count(), min(start_ns), max(end_ns) FROM "
                            + table("trace_index") + " WHERE trace_id = " + quoted);
    if (range.empty() || range.front().value(0).toLongLong() == 0)
        return {};
    const auto spanRows = rows("SELECT span_json FROM " + table("spans") + " WHERE trace_id = "
                               + quoted + " AND start_ns >= " + range.front().value(1)
                               + " AND start_ns <= " + range.front().value(2)
                               + " ORDER BY start_ns, span_id");
    TraceStore store;
    store.insert(decodeSpans(spanRows, 0));
    return store.trace(id);
}

QStringList ClickHouseReader::services() const
{
    QStringList names;
    for (const QList<QByteArray> &row : rows("SELECT DISTINCT service FROM " + table("spans")))
        names.append(QString::fromUtf8(row.value(0)));
    names.sort();
    return names;
}

QStringList ClickHouseReader::operations(const QString &service) const
{
    QStringList names;
    for (const QList<QByteArray> &row : rows("SELECT DISTINCT operation FROM " + table("spans")
                                             + " WHERE service = " + q(service)))
        names.append(QString::fromUtf8(row.value(0)));
    names.sort();
    return names;
}

std::vector<ServiceEdge> ClickHouseReader::calls(std::optional<qint64> fromNs,
                                                std::optional<qint64> toNs, bool entries) const
{
    // The store files a call under the minute its child span started in (floor division).
    QByteArray window;
    const QByteArray minute = "intDiv(start_ns, " + QByteArray::number(ServiceGraph::BucketNs) + ")";
    if (fromNs)
        window += " AND " + minute + " >= " + QByteArray::number(minuteIndex(*fromNs));
    if (toNs) // buckets starting at or before toNs
        window += " AND " + minute + " * " + QByteArray::number(ServiceGraph::BucketNs)
            + " <= " + QByteArray::number(*toNs);
    const QByteArray error = QByteArray::number(ClickHouseSchema::statusCode(StatusCode::Error));
    // The store keeps windowed figures in coarser per-minute sketches: match them.
    const double accuracy = fromNs || toNs ? ServiceGraph::BucketAccuracy
                                           : DDSketch().relativeAccuracy();
    // A span whose parent is of another service is one call parent -> child, as in the store.
    QByteArray sql =
        "SELECT parent, child, " + bucketExpression("duration_ns", accuracy)
        + " AS bucket, count(), countIf(status = " + error + ") FROM ("
        + "SELECT trace_id, parent_span_id AS join_id, service AS child, duration_ns, status FROM "
        + table("spans") + " WHERE parent_span_id != '' AND parent_span_id != span_id" + window
        + ") ANY INNER JOIN (SELECT trace_id, span_id AS join_id, service AS parent FROM "
        + table("spans") + ") USING (trace_id, join_id) WHERE parent != child "
        + "GROUP BY parent, child, bucket";
    if (entries) {
        sql += " UNION ALL SELECT '' AS parent, service AS child, "
            + bucketExpression("duration_ns", accuracy)
            + " AS bucket, count(), countIf(status = " + error + ") FROM " + table("spans")
            + " WHERE parent_span_id = ''" + window + " GROUP BY child, bucket";
    }
    std::map<std::pair<QString, QString>, ServiceEdge> edges;
    for (const QList<QByteArray> &row : rows(sql)) {
        const QString parent = QString::fromUtf8(row.value(0));
        const QString child = QString::fromUtf8(row.value(1));
        auto [it, inserted] = edges.try_emplace({parent, child});
        ServiceEdge &edge = it->second;
        if (inserted) {
            edge.parent = parent;
            edge.child = child;
            edge.latency = DDSketch(accuracy);
        }
        const auto count = row.value(3).toULongLong();
        edge.callCount += count;
        edge.errorCount += row.value(4).toULongLong();
        edge.latency.add(bucketValue(row.value(2).toInt(), accuracy), count);
    }
    std::vector<ServiceEdge> out;
    out.reserve(edges.size());
    for (auto &[key, edge] : edges)
        out.push_back(std::move(edge));
    return out;
}

std::vector<ServiceEdge> ClickHouseReader::dependencies() const
{
    return calls(std::nullopt, std::nullopt, false);
}

ServiceGraphData ClickHouseReader::serviceGraph(std::optional<qint64> fromNs,
                                                std::optional<qint64> toNs) const
{
    return ServiceGraphData::fromCalls(calls(fromNs, toNs, true));
}

LatencyIndex::Snapshot ClickHouseReader::latency() const
{
    const QByteArray sql = "SELECT service, operation, " + bucketExpression("duration_ns")
        + " AS bucket, count(), countIf(status = "
        + QByteArray::number(ClickHouseSchema::statusCode(StatusCode::Error))
        + "), countIf(parent_span_id = '') FROM " + table("spans")
        + " GROUP BY service, operation, bucket";
    std::map<std::pair<QString, QString>, LatencyIndex::Stats> perOperation;
    for (const QList<QByteArray> &row : rows(sql)) {
        LatencyIndex::Stats &stats =
            perOperation[{QString::fromUtf8(row.value(0)), QString::fromUtf8(row.value(1))}];
        const auto count = row.value(3).toULongLong();
        stats.count += count;
        stats.errors += row.value(4).toULongLong();
        stats.roots += row.value(5).toULongLong();
        stats.sketch.add(bucketValue(row.value(2).toInt()), count);
    }
    // Shaped as LatencyIndex::snapshot(): services and operations sorted by name.
    LatencyIndex::Snapshot snapshot;
    for (const auto &[key, stats] : perOperation) {
        snapshot.total.add(stats);
        if (snapshot.services.empty() || snapshot.services.back().service != key.first)
            snapshot.services.push_back({key.first, QString(), LatencyIndex::Stats()});
        snapshot.services.back().stats.add(stats);
        snapshot.operations.push_back({key.first, key.second, stats});
    }
    return snapshot;
}

StatsReport ClickHouseReader::statistics(const StatsRequest &request) const
{
    // The figures of the memory store's StatsReport::build(), grouped by ClickHouse as coarsely
    // as each part needs (never one row per minute: over weeks of spans that is millions of
    // rows), with the same window, step and trend slices.
    StatsReport report;
    const StoreCounters c = counters();
    report.traces = c.traces;
    report.spans = c.spans;
    report.spansInserted = c.spansInserted;
    report.serviceCount = int(services().size());
    qint64 first = 0;
    qint64 last = 0;
    if (!request.fromNs || !request.toNs) {
        const auto held =
            rows("SELECT count(), min(start_ns), max(start_ns) FROM " + table("spans"));
        if (held.empty() || held.front().value(0).toLongLong() == 0)
            return report;
        first = held.front().value(1).toLongLong();
        last = held.front().value(2).toLongLong();
    }
    const std::optional<StatsWindow> held = StatsWindow::of(request, first, last);
    if (!held)
        return report;
    const StatsWindow &window = *held;
    report.setWindow(window);

    const QByteArray where = " FROM " + table("spans") +
                             " WHERE start_ns >= " + QByteArray::number(window.fromNs) +
                             " AND start_ns < " + QByteArray::number(window.toNs);
    const QByteArray figures = bucketExpression("duration_ns") +
                               " AS bucket, count(), countIf(status = " +
                               QByteArray::number(ClickHouseSchema::statusCode(StatusCode::Error)) +
                               "), countIf(parent_span_id = '')";
    // Adds a row's "bucket, count, errors, roots" (from column) to stats.
    auto add = [](LatencyIndex::Stats &stats, const QList<QByteArray> &row, int column) {
        const auto count = row.value(column + 1).toULongLong();
        stats.count += count;
        stats.errors += row.value(column + 2).toULongLong();
        stats.roots += row.value(column + 3).toULongLong();
        stats.sketch.add(bucketValue(row.value(column).toInt()), count);
    };

    // Per operation over the window: the table, the totals and the histogram.
    std::map<std::pair<QString, QString>, StatsOperation> perOperation;
    for (const QList<QByteArray> &row : rows("SELECT service, operation, " + figures + where +
                                             " GROUP BY service, operation, bucket")) {
        StatsOperation &o =
            perOperation[{QString::fromUtf8(row.value(0)), QString::fromUtf8(row.value(1))}];
        add(o.stats, row, 2);
    }
    // Spans per trend slice: the minute m of the window goes to slice (m + shift) / perSlice.
    const QByteArray slice = "intDiv(intDiv(start_ns - " + QByteArray::number(window.fromNs) +
                             ", " + QByteArray::number(MinuteNs) + ") + " +
                             QByteArray::number(window.shift) + ", " +
                             QByteArray::number(window.perSlice) + ')';
    for (const QList<QByteArray> &row :
         rows("SELECT service, operation, " + slice + " AS slice, count()" + where +
              " GROUP BY service, operation, slice")) {
        const auto it =
            perOperation.find({QString::fromUtf8(row.value(0)), QString::fromUtf8(row.value(1))});
        const auto index = row.value(2).toULongLong();
        if (it == perOperation.end() || index >= window.slices)
            continue;
        if (it->second.trend.empty())
            it->second.trend.assign(window.slices, 0);
        it->second.trend[index] += row.value(3).toULongLong();
    }
    std::vector<StatsOperation> operations;
    operations.reserve(perOperation.size());
    for (auto &[names, o] : perOperation) {
        o.service = names.first;
        o.operation = names.second;
        operations.push_back(std::move(o));
    }
    report.setOperations(operations, request);

    // The chosen service/operation per step of the grid (floor division, as minuteIndex()).
    const QByteArray stepNs = QByteArray::number(window.stepNs);
    QByteArray chosen;
    if (!request.service.isEmpty())
        chosen += " AND service = " + q(request.service);
    if (!request.operation.isEmpty())
        chosen += " AND operation = " + q(request.operation);
    LatencyIndex::Stats point;
    for (const QList<QByteArray> &row :
         rows("SELECT intDiv(start_ns, " + stepNs + ") - if(start_ns % " + stepNs +
              " < 0, 1, 0) AS step, " + figures + where + chosen +
              " GROUP BY step, bucket ORDER BY step")) {
        const qint64 startNs = row.value(0).toLongLong() * window.stepNs;
        if (report.series.empty() || report.series.back().startNs != startNs) {
            if (!report.series.empty())
                report.series.back().figures = StatsFigures::from(point);
            report.series.push_back(StatsPoint{startNs, {}});
            point = LatencyIndex::Stats();
        }
        add(point, row, 1);
    }
    if (!report.series.empty())
        report.series.back().figures = StatsFigures::from(point);
    return report;
}

StoreCounters ClickHouseReader::counters() const
{
    StoreCounters c;
    const auto row = rows("SELECT uniqExact(trace_id), count() FROM " + table("spans"));
    if (!row.empty()) {
        c.traces = row.front().value(0).toULongLong();
        c.spans = row.front().value(1).toULongLong();
        c.spansInserted = c.spans;
    }
    return c;
}

} // namespace traceflow
