// SPDX-License-Identifier: MIT
#pragma once

#include "assembledtrace.h"
#include "waterfallrows.h"

#include <QColor>
#include <QStringList>

#include <memory>
#include <utility>
#include <vector>

namespace traceflow {

// What a waterfall shows of one trace, prepared once per trace in O(spans) and read by the
// painter, the minimap and input handling: the rows (with collapsed subtrees), each span's
// service colour, its critical-path sections and whether find matched it. Holds no widgets
// and no per-span objects, so a million-span trace costs a few arrays.
class WaterfallScene
{
public:
    void setTrace(std::shared_ptr<const AssembledTrace> trace);
    const std::shared_ptr<const AssembledTrace> &tracePointer() const { return m_trace; }
    // nullptr when no trace is set.
    const AssembledTrace *trace() const { return m_trace.get(); }
    bool isEmpty() const { return !m_trace || m_trace->spans.empty(); }
    int spanCount() const { return m_trace ? int(m_trace->spans.size()) : 0; }
    const AssembledSpan &span(int index) const { return m_trace->spans[std::size_t(index)]; }
    // The trace's duration, at least 1 ns so that a view range is never empty.
    qint64 duration() const;
    // A span's start and end as offsets from the trace start.
    qint64 startOffset(int index) const { return span(index).startNs() - m_trace->startNs; }
    qint64 endOffset(int index) const { return span(index).endNs() - m_trace->startNs; }

    WaterfallRows &rows() { return m_rows; }
    const WaterfallRows &rows() const { return m_rows; }

    QColor serviceColor(int index) const { return m_colors[m_colorIndex[std::size_t(index)]]; }
    int colorIndex(int index) const { return m_colorIndex[std::size_t(index)]; }
    // Services in order of first appearance with their colour and span count (the legend).
    struct Service
    {
        QString name;
        QColor color;
        int spans = 0;
        int errors = 0;
    };
    const std::vector<Service> &services() const { return m_services; }

    // The critical-path sections inside span index, in the trace's (backwards) order.
    std::pair<const CriticalSection *, const CriticalSection *> criticalSections(int index) const;

    // Find results: span indexes, ascending (which is row order).
    void setMatches(std::vector<int> matches);
    const std::vector<int> &matches() const { return m_matches; }
    bool isMatch(int index) const { return !m_matched.empty() && m_matched[std::size_t(index)]; }

private:
    std::shared_ptr<const AssembledTrace> m_trace;
    WaterfallRows m_rows;
    std::vector<unsigned char> m_colorIndex; // per span, into m_colors
    std::vector<QColor> m_colors;            // palette colours, by slot
    std::vector<Service> m_services;
    std::vector<CriticalSection> m_critical; // sorted by span
    std::vector<int> m_criticalStart;        // per span + 1: first section in m_critical
    std::vector<int> m_matches;
    std::vector<unsigned char> m_matched;
};

} // namespace traceflow
