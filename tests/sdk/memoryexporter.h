// SPDX-License-Identifier: MIT
#pragma once

#include "spanexporter.h"

#include <QMutex>

// Keeps exported spans in memory so a test can inspect what the SDK produced.
class MemoryExporter final : public traceflow::sdk::SpanExporter
{
public:
    traceflow::sdk::ExportResult exportSpans(const QList<traceflow::sdk::SpanData> &spans) override
    {
        const QMutexLocker lock(&m_mutex);
        m_spans.append(spans);
        return traceflow::sdk::ExportResult::Success;
    }
    QList<traceflow::sdk::SpanData> spans() const
    {
        const QMutexLocker lock(&m_mutex);
        return m_spans;
    }
    // The span of that name; fails the lookup with an empty SpanData if there is none.
    traceflow::sdk::SpanData span(const QString &name) const
    {
        const QMutexLocker lock(&m_mutex);
        for (const auto &span : m_spans) {
            if (span.name == name)
                return span;
        }
        return {};
    }
    void clear()
    {
        const QMutexLocker lock(&m_mutex);
        m_spans.clear();
    }

private:
    mutable QMutex m_mutex;
    QList<traceflow::sdk::SpanData> m_spans;
};
