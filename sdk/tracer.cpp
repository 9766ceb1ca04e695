// SPDX-License-Identifier: MIT
#include "tracer.h"

#include "spanprocessor.h"

#include <QCoreApplication>
#include <QSysInfo>

#include <chrono>

namespace traceflow::sdk {

Tracer::Tracer(const QString &serviceName, std::shared_ptr<SpanProcessor> processor,
               const TracerOptions &options)
    : m_processor(std::move(processor)), m_sampler(options.sampler)
{
    auto resource = std::make_shared<Resource>();
    setAttribute(resource->attributes, QStringLiteral("service.name"), serviceName);
    setAttribute(resource->attributes, QStringLiteral("telemetry.sdk.name"),
                 QStringLiteral("traceflow"));
    setAttribute(resource->attributes, QStringLiteral("telemetry.sdk.language"),
                 QStringLiteral("cpp"));
    setAttribute(resource->attributes, QStringLiteral("telemetry.sdk.version"),
                 QStringLiteral(TRACEFLOW_VERSION));
    setAttribute(resource->attributes, QStringLiteral("host.name"),
                 QSysInfo::machineHostName());
    setAttribute(resource->attributes, QStringLiteral("process.pid"),
                 QCoreApplication::applicationPid());
    for (const Attribute &attribute : options.resourceAttributes)
        setAttribute(resource->attributes, attribute.key, attribute.value);
    m_resource = std::move(resource);
    m_scope = std::make_shared<const InstrumentationScope>(
        InstrumentationScope{options.scopeName, options.scopeVersion});
}

QString Tracer::serviceName() const
{
    return m_resource->serviceName();
}

Span Tracer::startSpan(const QString &name, SpanKind kind) const
{
    SpanOptions options;
    options.kind = kind;
    return startSpan(name, options);
}

Span Tracer::startSpan(const QString &name, SpanKind kind, const SpanContext &parent) const
{
    SpanOptions options;
    options.kind = kind;
    options.parent = Context::current().withSpan(parent);
    return startSpan(name, options);
}

Span Tracer::startSpan(const QString &name, const SpanOptions &options) const
{
    const SpanContext parent = options.parent ? options.parent->span()
                                              : Context::current().span();
    SpanContext context;
    if (parent.isValid()) {
        context.traceId = parent.traceId;
        context.traceState = parent.traceState;
    } else {
        context.traceId = TraceId::random();
    }
    context.spanId = SpanId::random();

    if (m_sampler.shouldSample(parent, context.traceId) == Sampler::Decision::Drop)
        return Span(context, nullptr, nullptr);
    context.traceFlags = SpanContext::SampledFlag;

    auto data = std::make_unique<SpanData>();
    data->traceId = context.traceId;
    data->spanId = context.spanId;
    if (parent.isValid()) {
        data->parentSpanId = parent.spanId;
        data->parentIsRemote = parent.remote;
    }
    data->traceFlags = context.traceFlags;
    data->traceState = context.traceState;
    data->name = name;
    data->kind = options.kind;
    data->startUnixNs = options.startUnixNs != 0
                            ? options.startUnixNs
                            : std::chrono::duration_cast<std::chrono::nanoseconds>(
                                  std::chrono::system_clock::now().time_since_epoch())
                                  .count();
    data->resource = m_resource;
    data->scope = m_scope;
    Span span(context, std::move(data), m_processor);
    for (const Attribute &attribute : options.attributes)
        span.setAttribute(attribute.key, attribute.value);
    for (const SpanLink &link : options.links)
        span.addLink(link.context, link.attributes);
    return span;
}

bool Tracer::forceFlush(std::chrono::milliseconds timeout) const
{
    return m_processor ? m_processor->forceFlush(timeout) : true;
}

void Tracer::shutdown() const
{
    if (m_processor)
        m_processor->shutdown();
}

} // namespace traceflow::sdk
