// SPDX-License-Identifier: MIT
#pragma once

#include "span.h"
#include "spanformat.h"

#include <QString>
#include <QStringList>

#include <functional>
#include <vector>

namespace traceflow {

enum class ExportFormat
{
    TraceflowJson,
    OtlpJson
};

struct ImportResult
{
    std::vector<Span> spans;
    SpanFormat format = SpanFormat::Unknown;
    int rejected = 0;   // spans that failed validation (the others are kept)
    QStringList errors; // why, for the first few rejected spans
    QString error;      // set when nothing could be read: the file, the JSON, the format
    bool canceled = false;
};

// Reading and writing span files (File > Open, File > Export). Blocking: call from a worker
// thread. Progress callbacks get bytes done out of a total and return false to cancel.
class SpanFile
{
public:
    using Progress = std::function<bool(qint64 done, qint64 total)>;

    // Any of TraceFlow JSON, OTLP JSON, Zipkin v2 JSON and Jaeger JSON (see decodeAnyJson).
    static ImportResult read(const QString &path, const Progress &progress = {});
    // Writes atomically: a failed or cancelled export leaves any existing file untouched.
    // Returns an empty string on success, otherwise what went wrong.
    static QString write(const QString &path, const std::vector<Span> &spans, ExportFormat format,
                         const Progress &progress = {});
    static QByteArray encode(const std::vector<Span> &spans, ExportFormat format);
    // "TraceFlow JSON (*.json)", for QFileDialog filters.
    static QString filter(ExportFormat format);
};

} // namespace traceflow
