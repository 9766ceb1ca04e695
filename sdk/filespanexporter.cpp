// SPDX-License-Identifier: MIT
#include "filespanexporter.h"

#include "traceflowjsonencoder.h"

namespace traceflow::sdk {

FileSpanExporter::FileSpanExporter(const QString &path) : m_file(path)
{
    m_file.open(QIODevice::WriteOnly | QIODevice::Append);
}

ExportResult FileSpanExporter::exportSpans(const QList<SpanData> &spans)
{
    QByteArray lines;
    for (const SpanData &span : spans)
        lines += TraceFlowJsonEncoder::toLine(span) + '\n';
    const std::lock_guard lock(m_mutex);
    if (!m_file.isOpen())
        return ExportResult::Failure;
    const bool ok = m_file.write(lines) == lines.size() && m_file.flush();
    return ok ? ExportResult::Success : ExportResult::Failure;
}

void FileSpanExporter::shutdown()
{
    const std::lock_guard lock(m_mutex);
    m_file.close();
}

} // namespace traceflow::sdk
