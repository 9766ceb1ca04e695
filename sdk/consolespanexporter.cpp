// SPDX-License-Identifier: MIT
#include "consolespanexporter.h"

#include "traceflowjsonencoder.h"

#include <QJsonDocument>

namespace traceflow::sdk {

QByteArray ConsoleSpanExporter::format(const SpanData &span)
{
    const QString service = span.resource ? span.resource->serviceName() : QString();
    const double durationMs = double(span.endUnixNs - span.startUnixNs) / 1e6;
    QByteArray line = '[' + service.toUtf8() + "] " + span.name.toUtf8() + ' '
                    + spanKindName(span.kind).toUtf8() + ' '
                    + QByteArray::number(durationMs, 'f', 3) + " ms "
                    + statusName(span.status).toUtf8() + " trace=" + span.traceId.toHex()
                    + " span=" + span.spanId.toHex() + " parent="
                    + (span.parentSpanId.isValid() ? span.parentSpanId.toHex() : QByteArray("-"));
    if (!span.statusMessage.isEmpty())
        line += " (" + span.statusMessage.toUtf8() + ')';
    line += '\n';
    if (!span.attributes.isEmpty()) {
        line += "    attributes " + QJsonDocument(TraceFlowJsonEncoder::attributesObject(
                                                      span.attributes))
                                        .toJson(QJsonDocument::Compact)
              + '\n';
    }
    for (const SpanEvent &event : span.events) {
        line += "    event " + event.name.toUtf8() + ' '
              + QJsonDocument(TraceFlowJsonEncoder::attributesObject(event.attributes))
                    .toJson(QJsonDocument::Compact)
              + '\n';
    }
    return line;
}

ExportResult ConsoleSpanExporter::exportSpans(const QList<SpanData> &spans)
{
    QByteArray text;
    for (const SpanData &span : spans)
        text += format(span);
    const std::lock_guard lock(m_mutex);
    const bool ok = std::fwrite(text.constData(), 1, std::size_t(text.size()), m_stream)
                    == std::size_t(text.size());
    std::fflush(m_stream);
    return ok ? ExportResult::Success : ExportResult::Failure;
}

} // namespace traceflow::sdk
