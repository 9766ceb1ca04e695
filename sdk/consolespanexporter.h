// SPDX-License-Identifier: MIT
#pragma once

#include "spanexporter.h"

#include <cstdio>
#include <mutex>

namespace traceflow::sdk {

// Prints one human-readable line per span, for development:
//   [checkout] GET /checkout server 12.345 ms ok trace=<32 hex> span=<16 hex> parent=<16 hex|->
// followed by the attributes and events, indented.
class ConsoleSpanExporter final : public SpanExporter
{
public:
    explicit ConsoleSpanExporter(std::FILE *stream = stdout) : m_stream(stream) {}

    ExportResult exportSpans(const QList<SpanData> &spans) override;
    static QByteArray format(const SpanData &span);

private:
    std::mutex m_mutex;
    std::FILE *m_stream;
};

} // namespace traceflow::sdk
