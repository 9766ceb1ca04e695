// SPDX-License-Identifier: MIT
#pragma once

#include "spandata.h"

#include <QList>

namespace traceflow::sdk {

enum class ExportResult { Success, Failure };

// Sends a batch of ended spans somewhere. A processor never calls exportSpans()
// concurrently on the same exporter, but may call it from a different thread each time.
class SpanExporter
{
public:
    virtual ~SpanExporter() = default;

    virtual ExportResult exportSpans(const QList<SpanData> &spans) = 0;
    virtual void shutdown() {}
};

} // namespace traceflow::sdk
