// SPDX-License-Identifier: MIT
#pragma once

#include "spanexporter.h"

#include <QFile>

#include <mutex>

namespace traceflow::sdk {

// Appends spans to a JSON-lines file: one TraceFlow JSON span object per line (the
// objects of TraceFlowJsonEncoder), flushed after every batch.
class FileSpanExporter final : public SpanExporter
{
public:
    explicit FileSpanExporter(const QString &path);

    // False when the file could not be opened for appending; exports then fail.
    bool isOpen() const { return m_file.isOpen(); }
    QString errorString() const { return m_file.errorString(); }

    ExportResult exportSpans(const QList<SpanData> &spans) override;
    void shutdown() override;

private:
    std::mutex m_mutex;
    QFile m_file;
};

} // namespace traceflow::sdk
