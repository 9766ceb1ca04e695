// SPDX-License-Identifier: MIT
#pragma once

#include "tracequery.h"
#include "stringpool.h"

#include <cstdint>
#include <vector>

namespace traceflow {

class TraceEntry;

// The TraceStore's search index: one dense row per trace with the figures most searches
// filter and sort on (start, duration, counts, a service bloom mask). A search scans the rows
// (contiguous, tens of bytes each: about a millisecond per 100k traces) and only visits the
// trace itself for the conditions rows cannot settle (operation, tags). Rows move on removal
// (swap with the last), so each entry remembers its row.
class StoreIndex
{
public:
    // Adds the entry's row or refreshes it after the entry changed.
    void update(TraceEntry &entry);
    void remove(TraceEntry &entry);
    void clear() { m_rows.clear(); }

    QueryResult query(const TraceQuery &query) const;

private:
    struct Row
    {
        qint64 startNs;
        qint64 durationNs;
        std::uint64_t serviceMask; // bit (service id % 64) for each service of the trace
        std::int32_t spanCount;
        std::int32_t errorCount;
        const TraceEntry *entry;
    };
    static std::uint64_t maskOf(StringPool::Id service) { return 1ull << (service % 64); }

    std::vector<Row> m_rows;
};

} // namespace traceflow
