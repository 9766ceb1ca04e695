// SPDX-License-Identifier: MIT
#include "spanfile.h"

#include "otlpjson.h"
#include "traceflowjson.h"

#include <QCoreApplication>
#include <QFile>
#include <QFileInfo>
#include <QSaveFile>

#include <string_view>

namespace traceflow {

namespace {
constexpr qint64 ChunkBytes = qint64(4) << 20;

QString tr(const char *text)
{
    return QCoreApplication::translate("traceflow::SpanFile", text);
}
} // namespace

ImportResult SpanFile::read(const QString &path, const Progress &progress)
{
    ImportResult result;
    const QString name = QFileInfo(path).fileName();
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        result.error = tr("Cannot open %1: %2").arg(name, file.errorString());
        return result;
    }
    const qint64 size = file.size();
    if (size == 0) {
        result.error = tr("%1 is empty.").arg(name);
        return result;
    }
    QByteArray data;
    data.reserve(size);
    while (!file.atEnd()) {
        const QByteArray chunk = file.read(ChunkBytes);
        if (chunk.isEmpty() && file.error() != QFileDevice::NoError) {
            result.error = tr("Cannot read %1: %2").arg(name, file.errorString());
            return result;
        }
        data += chunk;
        if (progress && !progress(data.size(), size)) {
            result.canceled = true;
            return result;
        }
    }
    DecodedBatch batch;
    QString error;
    if (!decodeAnyJson(std::string_view(data.constData(), static_cast<std::size_t>(data.size())),
                       &batch, &error, &result.format)) {
        result.error = tr("%1 is not a span file TraceFlow can read: %2").arg(name, error);
        return result;
    }
    result.rejected = batch.rejected;
    result.errors = batch.errors;
    if (batch.spans.empty()) {
        result.error = batch.rejected > 0
                           ? tr("%1 (%2) holds no valid span: %3")
                                 .arg(name, spanFormatName(result.format), batch.errors.value(0))
                           : tr("%1 (%2) holds no spans.").arg(name, spanFormatName(result.format));
        return result;
    }
    result.spans = std::move(batch.spans);
    return result;
}

QByteArray SpanFile::encode(const std::vector<Span> &spans, ExportFormat format)
{
    return format == ExportFormat::OtlpJson ? OtlpJson::encode(spans)
                                            : TraceflowJson::encode(spans);
}

QString SpanFile::write(const QString &path, const std::vector<Span> &spans, ExportFormat format,
                        const Progress &progress)
{
    const QByteArray data = encode(spans, format);
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return tr("Cannot write %1: %2").arg(path, file.errorString());
    for (qint64 done = 0; done < data.size();) {
        const qint64 n = std::min(ChunkBytes, data.size() - done);
        if (file.write(data.constData() + done, n) != n)
            return tr("Cannot write %1: %2").arg(path, file.errorString());
        done += n;
        if (progress && !progress(done, data.size())) {
            file.cancelWriting();
            return tr("Export cancelled.");
        }
    }
    if (!file.commit())
        return tr("Cannot write %1: %2").arg(path, file.errorString());
    return {};
}

QString SpanFile::filter(ExportFormat format)
{
    return format == ExportFormat::OtlpJson ? tr("OTLP JSON (*.json)")
                                            : tr("TraceFlow JSON (*.json)");
}

} // namespace traceflow
