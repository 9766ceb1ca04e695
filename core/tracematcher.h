// SPDX-License-Identifier: MIT
#pragma once

#include "tracequery.h"
#include "stringpool.h"

#include <string>
#include <vector>

namespace traceflow {

class Attributes;
class TraceEntry;

// A TraceQuery with its names resolved to pool ids once, checked against many traces.
// Names the pool has never seen cannot match anything, which settles many queries at once.
class TraceMatcher
{
public:
    explicit TraceMatcher(const TraceQuery &query);

    bool impossible() const { return m_impossible; }
    StringPool::Id serviceId() const { return m_service; }
    // False when every condition can be checked on the store index's row alone.
    bool needsTrace() const
    {
        return m_service || m_operation || !m_tags.empty() || m_caller || spanConditions();
    }
    // The duration bounds or the time window apply to one span (DurationScope::Span), which
    // only the trace's spans can tell, not the index row.
    bool spanConditions() const
    {
        return m_query.durationScope == DurationScope::Span &&
               (m_query.minDurationNs || m_query.maxDurationNs || m_query.startNs || m_query.endNs);
    }
    bool matches(const TraceEntry &entry) const;

private:
    struct Tag
    {
        const TagFilter *filter;
        StringPool::Id key;
        StringPool::Id pooledValue; // 0 when the value was never pooled
        std::string valueUtf8;
    };
    bool spanHasTag(const Attributes &attributes, const Tag &tag) const;
    bool traceHasTag(const TraceEntry &entry, const Tag &tag) const;
    bool traceHasCall(const TraceEntry &entry) const;
    bool traceHasMatchingSpan(const TraceEntry &entry) const;

    const TraceQuery &m_query;
    StringPool::Id m_service = 0;
    StringPool::Id m_operation = 0;
    StringPool::Id m_caller = 0; // the call filter's services
    StringPool::Id m_callee = 0;
    std::vector<Tag> m_tags;
    bool m_impossible = false;
};

} // namespace traceflow
