// SPDX-License-Identifier: MIT
#include "traceservicegraph.h"

namespace traceflow {

TraceServiceGraph::TraceServiceGraph(QWidget *parent) : ServiceGraphCanvas(parent)
{
    setObjectName(QStringLiteral("traceServiceGraph"));
    setEmptyText(tr("No trace shown"));
    connect(this, &ServiceGraphCanvas::serviceClicked, this,
            [this](const QString &service) { requestSpan(QString(), service); });
    connect(this, &ServiceGraphCanvas::callClicked, this, &TraceServiceGraph::requestSpan);
}

void TraceServiceGraph::setTrace(const std::shared_ptr<const AssembledTrace> &trace)
{
    m_trace = trace;
    setGraph(trace ? ServiceGraphData::fromTrace(*trace) : ServiceGraphData());
    fitToView(); // another trace: start from the whole of it
}

void TraceServiceGraph::requestSpan(const QString &parent, const QString &child)
{
    if (!m_trace)
        return;
    const AssembledSpan *best = nullptr;
    for (const AssembledSpan &s : m_trace->spans) {
        if (s.span.service() != child)
            continue;
        if (!parent.isEmpty()
            && (s.parent < 0 || s.orphan
                || m_trace->spans[std::size_t(s.parent)].span.service() != parent))
            continue;
        if (!best || s.startNs() < best->startNs())
            best = &s;
    }
    if (best)
        Q_EMIT spanRequested(best->span.spanId);
}

} // namespace traceflow
