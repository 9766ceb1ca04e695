// SPDX-License-Identifier: MIT
#pragma once

#include "spandata.h"

#include <QtGlobal>

#include <chrono>
#include <memory>

namespace traceflow::sdk {

class SpanProcessor;

// A span in progress, as an RAII handle: it ends when destroyed unless end() was called.
// Move-only. A default-constructed Span, or one the sampler dropped, records nothing but
// still carries its context so children and outgoing requests stay in the same trace.
// Not thread-safe: use one Span from one thread at a time.
class Span
{
public:
    Span() = default;
    ~Span();
    Span(Span &&other) noexcept;
    // Ends the span held before taking over the other one.
    Span &operator=(Span &&other) noexcept;
    Q_DISABLE_COPY(Span)

    const SpanContext &context() const { return m_context; }
    // True until end() for a sampled span.
    bool isRecording() const { return m_data != nullptr; }

    void setAttribute(const QString &key, const QVariant &value);
    void addEvent(const QString &name, const Attributes &attributes = {});
    void addLink(const SpanContext &context, const Attributes &attributes = {});
    // An "exception" event with the semantic-convention attributes.
    void recordException(const QString &type, const QString &message);
    // OpenTelemetry rules: Unset is ignored, Ok is final, Error may be overridden by Ok.
    // The message is kept for Error only.
    void setStatus(StatusCode code, const QString &message = {});
    void updateName(const QString &name);
    // Idempotent; later calls to the setters are ignored.
    void end();

private:
    friend class Tracer;
    Span(const SpanContext &context, std::unique_ptr<SpanData> data,
         std::shared_ptr<SpanProcessor> processor);
    qint64 nowUnixNs() const;

    SpanContext m_context;
    std::unique_ptr<SpanData> m_data;
    std::shared_ptr<SpanProcessor> m_processor;
    std::chrono::steady_clock::time_point m_steadyStart;
    qint64 m_anchorUnixNs = 0; // wall clock when m_steadyStart was taken
};

} // namespace traceflow::sdk
