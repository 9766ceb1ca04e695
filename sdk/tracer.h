// SPDX-License-Identifier: MIT
#pragma once

#include "context.h"
#include "sampler.h"
#include "span.h"

#include <chrono>
#include <memory>
#include <optional>

namespace traceflow::sdk {

class SpanProcessor;

struct TracerOptions
{
    // Added to the resource after the defaults (service.name, telemetry.sdk.*, host.name,
    // process.pid), replacing defaults with the same key.
    Attributes resourceAttributes;
    Sampler sampler = Sampler::parentBased(Sampler::alwaysOn());
    QString scopeName = QStringLiteral("traceflow.sdk");
    QString scopeVersion;
};

struct SpanOptions
{
    SpanKind kind = SpanKind::Internal;
    // Unset: the thread's Context::current(). Set: this parent; an invalid span context
    // (Context()) makes a new root whatever is current.
    std::optional<Context> parent;
    Attributes attributes; // visible to nothing but the exporters (samplers ignore them)
    QList<SpanLink> links;
    qint64 startUnixNs = 0; // 0: now
};

// Creates the spans of one service. A cheap copyable handle: copies share the resource,
// sampler and processor. Thread-safe.
class Tracer
{
public:
    Tracer(const QString &serviceName, std::shared_ptr<SpanProcessor> processor,
           const TracerOptions &options = {});

    Span startSpan(const QString &name, const SpanOptions &options = {}) const;
    Span startSpan(const QString &name, SpanKind kind) const;
    // Explicit parent: a child of `parent` whatever the current context is.
    Span startSpan(const QString &name, SpanKind kind, const SpanContext &parent) const;

    QString serviceName() const;
    const Resource &resource() const { return *m_resource; }
    const Sampler &sampler() const { return m_sampler; }
    const std::shared_ptr<SpanProcessor> &processor() const { return m_processor; }

    bool forceFlush(std::chrono::milliseconds timeout = std::chrono::seconds(30)) const;
    void shutdown() const;

private:
    std::shared_ptr<const Resource> m_resource;
    std::shared_ptr<const InstrumentationScope> m_scope;
    std::shared_ptr<SpanProcessor> m_processor;
    Sampler m_sampler;
};

} // namespace traceflow::sdk
