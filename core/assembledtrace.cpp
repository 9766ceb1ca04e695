// SPDX-License-Identifier: MIT
#include "assembledtrace.h"

#include "clockskew.h"
#include "criticalpath.h"
#include "spantree.h"

#include <algorithm>
#include <limits>
#include <unordered_map>
#include <unordered_set>
#include <utility>

namespace traceflow {

namespace {

// Duration minus the union of the children's intervals clipped to the span. Children are
// sorted by adjusted start, so their clipped starts are sorted too and one merge pass does.
qint64 selfTime(const std::vector<AssembledSpan> &spans, const AssembledSpan &s)
{
    const qint64 from = s.startNs();
    const qint64 to = s.endNs();
    qint64 covered = 0;
    qint64 runStart = 0;
    qint64 runEnd = std::numeric_limits<qint64>::min();
    for (int child : s.children) {
        const qint64 cs = std::max(spans[child].startNs(), from);
        const qint64 ce = std::min(spans[child].endNs(), to);
        if (cs >= ce)
            continue;
        if (cs > runEnd) {
            if (runEnd > runStart)
                covered += runEnd - runStart;
            runStart = cs;
            runEnd = ce;
        } else {
            runEnd = std::max(runEnd, ce);
        }
    }
    if (runEnd > runStart)
        covered += runEnd - runStart;
    return std::max<qint64>(0, s.span.durationNs - covered);
}

void summarise(AssembledTrace &trace)
{
    qint64 first = std::numeric_limits<qint64>::max();
    qint64 last = std::numeric_limits<qint64>::min();
    bool anyOk = false;
    std::unordered_set<StringPool::Id> services;
    std::unordered_map<quint64, std::size_t> callIndex; // parent << 32 | child service -> call
    for (AssembledSpan &s : trace.spans) {
        first = std::min(first, s.startNs());
        last = std::max(last, s.endNs());
        s.selfTimeNs = selfTime(trace.spans, s);
        if (s.span.isError())
            ++trace.errorCount;
        anyOk = anyOk || s.span.status == StatusCode::Ok;
        if (s.orphan)
            ++trace.orphanCount;
        if (services.insert(s.span.serviceId).second)
            trace.servicePath.append(s.span.service());
        // An orphan's real caller is unknown: the span it hangs under did not call it.
        if (s.parent < 0 || s.orphan)
            continue;
        const StringPool::Id parentService = trace.spans[s.parent].span.serviceId;
        if (parentService == s.span.serviceId)
            continue;
        const quint64 key = quint64(parentService) << 32 | s.span.serviceId;
        const auto [it, added] = callIndex.try_emplace(key, trace.serviceCalls.size());
        if (added)
            trace.serviceCalls.push_back({trace.spans[s.parent].span.service(), s.span.service()});
        ServiceCall &call = trace.serviceCalls[it->second];
        ++call.count;
        if (s.span.isError())
            ++call.errors;
    }
    trace.startNs = first;
    trace.endNs = last;
    trace.status = trace.errorCount > 0 ? StatusCode::Error
        : anyOk                         ? StatusCode::Ok
                                        : StatusCode::Unset;
}

} // namespace

AssembledTrace AssembledTrace::assemble(std::vector<Span> spans)
{
    AssembledTrace trace;
    if (spans.empty())
        return trace;
    trace.spans.resize(spans.size());
    for (std::size_t i = 0; i < spans.size(); ++i)
        trace.spans[i].span = std::move(spans[i]);
    spans = {};

    trace.roots = linkSpanTree(trace.spans);
    trace.skewAdjustedCount = adjustClockSkew(trace.spans, trace.roots);
    trace.maxDepth = orderPreorder(trace.spans, trace.roots);
    summarise(trace);

    trace.criticalPath = computeCriticalPath(trace.spans, trace.roots.front());
    for (const CriticalSection &section : trace.criticalPath) {
        AssembledSpan &s = trace.spans[section.span];
        if (!s.onCriticalPath) {
            s.onCriticalPath = true;
            trace.criticalSpans.push_back(section.span);
        }
    }
    return trace;
}

int AssembledTrace::indexOf(const SpanId &id) const
{
    const auto it = std::find_if(spans.begin(), spans.end(),
                                 [&id](const AssembledSpan &s) { return s.span.spanId == id; });
    return it == spans.end() ? -1 : int(it - spans.begin());
}

QString AssembledTrace::rootService() const
{
    return roots.empty() ? QString() : spans[roots.front()].span.service();
}

QString AssembledTrace::rootOperation() const
{
    return roots.empty() ? QString() : spans[roots.front()].span.operation();
}

} // namespace traceflow
