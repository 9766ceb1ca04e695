// SPDX-License-Identifier: MIT
#include "storeindex.h"

#include "traceentry.h"
#include "tracematcher.h"

#include <algorithm>
#include <cstring>
#include <limits>

namespace traceflow {

namespace {
// a's text form sorts after b's, bytewise (ClickHouse's string order). Lowercase hex orders
// as the bytes it spells, so hex ids compare without being formatted.
bool textAfter(const TraceId &a, const TraceId &b)
{
    if (a.isHex() && b.isHex()) {
        const std::size_t common = std::min(a.size(), b.size());
        if (const int c = std::memcmp(a.bytes(), b.bytes(), common); c != 0)
            return c > 0;
        return a.size() > b.size();
    }
    return a.toStdString() > b.toStdString();
}
} // namespace

void StoreIndex::update(TraceEntry &entry)
{
    if (entry.indexRow < 0) {
        entry.indexRow = static_cast<int>(m_rows.size());
        m_rows.emplace_back();
    }
    Row &row = m_rows[static_cast<std::size_t>(entry.indexRow)];
    row.startNs = entry.startNs;
    row.durationNs = entry.durationNs();
    row.serviceMask = 0;
    for (StringPool::Id service : entry.services)
        row.serviceMask |= maskOf(service);
    row.spanCount = static_cast<std::int32_t>(entry.spans.size());
    row.errorCount = entry.errorCount;
    row.entry = &entry;
}

void StoreIndex::remove(TraceEntry &entry)
{
    if (entry.indexRow < 0)
        return;
    const auto at = static_cast<std::size_t>(entry.indexRow);
    if (at + 1 != m_rows.size()) {
        m_rows[at] = m_rows.back();
        const_cast<TraceEntry *>(m_rows[at].entry)->indexRow = static_cast<int>(at);
    }
    m_rows.pop_back();
    entry.indexRow = -1;
}

QueryResult StoreIndex::query(const TraceQuery &query) const
{
    QueryResult result;
    const TraceMatcher matcher(query);
    if (matcher.impossible())
        return result;
    // Span-scoped bounds are the matcher's: a row only knows the trace's start and duration.
    // The window still prunes rows: no span starts before its trace or after its end (every
    // decoder refuses a negative duration), so a trace starting after the window or ending
    // before it cannot hold a span starting in it; one starting before the window can.
    const bool traceScope = query.durationScope == DurationScope::Trace;
    const qint64 windowFrom = query.startNs.value_or(std::numeric_limits<qint64>::min());
    const qint64 from = traceScope ? windowFrom : std::numeric_limits<qint64>::min();
    const qint64 endFrom = traceScope ? std::numeric_limits<qint64>::min() : windowFrom;
    const qint64 to = query.endNs.value_or(std::numeric_limits<qint64>::max());
    const qint64 minDuration =
        traceScope ? query.minDurationNs.value_or(std::numeric_limits<qint64>::min())
                   : std::numeric_limits<qint64>::min();
    const qint64 maxDuration =
        traceScope ? query.maxDurationNs.value_or(std::numeric_limits<qint64>::max())
                   : std::numeric_limits<qint64>::max();
    const std::uint64_t mask = matcher.serviceId() ? maskOf(matcher.serviceId()) : 0;
    const bool needsEntry = matcher.needsTrace();

    std::vector<const Row *> matched;
    for (const Row &row : m_rows) {
        if (row.startNs < from || row.startNs > to || row.startNs + row.durationNs < endFrom ||
            row.durationNs < minDuration || row.durationNs > maxDuration ||
            (row.serviceMask & mask) != mask)
            continue;
        if (query.status == StatusFilter::Error && row.errorCount == 0)
            continue;
        if (query.status == StatusFilter::Ok && row.errorCount > 0)
            continue;
        if (needsEntry && !matcher.matches(*row.entry))
            continue;
        matched.push_back(&row);
    }
    result.total = static_cast<int>(matched.size());

    auto before = [sort = query.sort](const Row *a, const Row *b) {
        switch (sort) {
        case TraceSort::Oldest:
            if (a->startNs != b->startNs)
                return a->startNs < b->startNs;
            break;
        case TraceSort::Slowest:
            if (a->durationNs != b->durationNs)
                return a->durationNs > b->durationNs;
            break;
        case TraceSort::Fastest:
            if (a->durationNs != b->durationNs)
                return a->durationNs < b->durationNs;
            break;
        case TraceSort::MostSpans:
            if (a->spanCount != b->spanCount)
                return a->spanCount > b->spanCount;
            break;
        case TraceSort::Newest:
            break;
        }
        // Newest first, then equal starts by trace id as text, descending: ClickHouse's
        // "ORDER BY ..., trace_id DESC" (collector/clickhousereader.cpp), so both stores, and
        // every collector sharing one database, list ties alike (arrival order would not).
        if (a->startNs != b->startNs)
            return a->startNs > b->startNs;
        return textAfter(a->entry->id, b->entry->id);
    };
    const std::size_t limit = query.limit > 0 ? static_cast<std::size_t>(query.limit)
                                              : std::numeric_limits<std::size_t>::max();
    const std::size_t n = std::min(limit, matched.size());
    std::partial_sort(matched.begin(), matched.begin() + static_cast<std::ptrdiff_t>(n),
                      matched.end(), before);
    result.traces.reserve(n);
    for (std::size_t i = 0; i < n; ++i)
        result.traces.push_back(matched[i]->entry->summary());
    return result;
}

} // namespace traceflow
