// SPDX-License-Identifier: MIT
#include "simplespanprocessor.h"

#include "spanexporter.h"

namespace traceflow::sdk {

SimpleSpanProcessor::SimpleSpanProcessor(std::shared_ptr<SpanExporter> exporter)
    : m_exporter(std::move(exporter))
{
}

SimpleSpanProcessor::~SimpleSpanProcessor()
{
    shutdown();
}

void SimpleSpanProcessor::onEnd(SpanData &&span)
{
    const std::lock_guard lock(m_mutex);
    if (!m_shutdown)
        m_exporter->exportSpans({std::move(span)});
}

bool SimpleSpanProcessor::forceFlush(std::chrono::milliseconds)
{
    return true; // nothing is ever held back
}

void SimpleSpanProcessor::shutdown()
{
    const std::lock_guard lock(m_mutex);
    if (m_shutdown)
        return;
    m_shutdown = true;
    m_exporter->shutdown();
}

} // namespace traceflow::sdk
