// SPDX-License-Identifier: MIT
#pragma once

#include "spanprocessor.h"

#include <memory>
#include <mutex>

namespace traceflow::sdk {

class SpanExporter;

// Exports each span synchronously on the thread that ends it. Meant for the console and
// file exporters and for tests; use BatchSpanProcessor for anything that talks to a
// network, which must never block the traced code.
class SimpleSpanProcessor final : public SpanProcessor
{
public:
    explicit SimpleSpanProcessor(std::shared_ptr<SpanExporter> exporter);
    ~SimpleSpanProcessor() override;

    void onEnd(SpanData &&span) override;
    bool forceFlush(std::chrono::milliseconds timeout = std::chrono::seconds(30)) override;
    void shutdown() override;

private:
    std::mutex m_mutex;
    std::shared_ptr<SpanExporter> m_exporter;
    bool m_shutdown = false;
};

} // namespace traceflow::sdk
