// SPDX-License-Identifier: MIT
#pragma once

#include "assembledtrace.h"
#include "servicegraphcanvas.h"

#include <memory>

namespace traceflow {

// The service graph of one trace, for the trace view: its services (requests = spans entering
// each service) and its calls, with counts, errors and p95 durations. Clicking a service or a
// call asks for the first span of it, so the view can show that span in the waterfall.
class TraceServiceGraph : public ServiceGraphCanvas
{
    Q_OBJECT
public:
    explicit TraceServiceGraph(QWidget *parent = nullptr);

    // nullptr clears; O(spans).
    void setTrace(const std::shared_ptr<const AssembledTrace> &trace);

Q_SIGNALS:
    void spanRequested(const traceflow::SpanId &span);

private:
    // The earliest span of child whose parent is of parent (parent empty: of child at all).
    void requestSpan(const QString &parent, const QString &child);

    std::shared_ptr<const AssembledTrace> m_trace;
};

} // namespace traceflow
