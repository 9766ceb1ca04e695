// SPDX-License-Identifier: MIT
#include "tracematcher.h"

#include "attributes.h"
#include "traceentry.h"

#include <algorithm>
#include <limits>

namespace traceflow {

TraceMatcher::TraceMatcher(const TraceQuery &query)
    : m_query(query)
{
    const StringPool &pool = StringPool::instance();
    if (!query.service.isEmpty()) {
        m_service = pool.find(query.service);
        m_impossible |= m_service == 0;
    }
    if (!query.operation.isEmpty()) {
        m_operation = pool.find(query.operation);
        m_impossible |= m_operation == 0;
    }
    if (query.call) {
        m_caller = pool.find(query.call->parent);
        m_callee = pool.find(query.call->child);
        m_impossible |= m_caller == 0 || m_callee == 0 || m_caller == m_callee;
    }
    for (const TagFilter &f : query.tags) {
        const StringPool::Id key = pool.find(f.key);
        // An unknown key cannot be present; "key!=value" then holds for every trace.
        if (!key && f.op != TagFilter::Op::NotEquals)
            m_impossible = true;
        if (key) {
            const QByteArray utf8 = f.value.toUtf8();
            m_tags.push_back({&f, key, pool.find(f.value), utf8.toStdString()});
        }
    }
}

bool TraceMatcher::spanHasTag(const Attributes &attributes, const Tag &tag) const
{
    const int i = attributes.indexOf(tag.key);
    if (i < 0)
        return false;
    switch (tag.filter->op) {
    case TagFilter::Op::Exists:
        return true;
    case TagFilter::Op::Equals:
    case TagFilter::Op::NotEquals:
        return attributes.valueEquals(i, tag.pooledValue, tag.valueUtf8, tag.filter->value);
    case TagFilter::Op::Matches:
        return tag.filter->regex.match(attributes.valueAt(i).toString()).hasMatch();
    }
    return false;
}

bool TraceMatcher::traceHasTag(const TraceEntry &entry, const Tag &tag) const
{
    return std::any_of(entry.spans.begin(), entry.spans.end(), [&](const Span &s) {
        return spanHasTag(s.attributes, tag) || spanHasTag(s.resource(), tag);
    });
}

bool TraceMatcher::traceHasCall(const TraceEntry &entry) const
{
    if (!std::binary_search(entry.services.begin(), entry.services.end(), m_caller)
        || !std::binary_search(entry.services.begin(), entry.services.end(), m_callee))
        return false;
    return std::any_of(entry.spans.begin(), entry.spans.end(), [&](const Span &s) {
        if (s.serviceId != m_callee || s.isRoot())
            return false;
        const int parent = entry.find(s.parentSpanId);
        return parent >= 0 && entry.spans[std::size_t(parent)].serviceId == m_caller;
    });
}

// A span of the query's service and operation (each only when set) lasting within the bounds
// and starting in the window: all on the same span (DurationScope::Span).
bool TraceMatcher::traceHasMatchingSpan(const TraceEntry &entry) const
{
    const qint64 min = m_query.minDurationNs.value_or(std::numeric_limits<qint64>::min());
    const qint64 max = m_query.maxDurationNs.value_or(std::numeric_limits<qint64>::max());
    const qint64 from = m_query.startNs.value_or(std::numeric_limits<qint64>::min());
    const qint64 to = m_query.endNs.value_or(std::numeric_limits<qint64>::max());
    return std::any_of(entry.spans.begin(), entry.spans.end(), [&](const Span &s) {
        return (!m_service || s.serviceId == m_service) &&
               (!m_operation || s.operationId == m_operation) && s.durationNs >= min &&
               s.durationNs <= max && s.startNs >= from && s.startNs <= to;
    });
}

bool TraceMatcher::matches(const TraceEntry &entry) const
{
    if (m_impossible || entry.spans.empty())
        return false;
    if (m_query.durationScope == DurationScope::Trace) {
        const qint64 duration = entry.durationNs();
        if (m_query.minDurationNs && duration < *m_query.minDurationNs)
            return false;
        if (m_query.maxDurationNs && duration > *m_query.maxDurationNs)
            return false;
        if (m_query.startNs && entry.startNs < *m_query.startNs)
            return false;
        if (m_query.endNs && entry.startNs > *m_query.endNs)
            return false;
    } else if (spanConditions() && !traceHasMatchingSpan(entry)) {
        return false;
    }
    if (m_query.status == StatusFilter::Error && entry.errorCount == 0)
        return false;
    if (m_query.status == StatusFilter::Ok && entry.errorCount > 0)
        return false;
    if (m_service && !std::binary_search(entry.services.begin(), entry.services.end(), m_service))
        return false;
    if (m_operation && !entry.hasOperation(m_service, m_operation))
        return false;
    if (m_caller && !traceHasCall(entry))
        return false;
    for (const Tag &tag : m_tags) {
        // "key!=value" excludes traces where any span has key=value (e.g. health checks).
        const bool has = traceHasTag(entry, tag);
        if (has == (tag.filter->op == TagFilter::Op::NotEquals))
            return false;
    }
    return true;
}

} // namespace traceflow
