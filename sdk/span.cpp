// SPDX-License-Identifier: MIT
#include "span.h"

#include "spanprocessor.h"

namespace traceflow::sdk {

Span::Span(const SpanContext &context, std::unique_ptr<SpanData> data,
           std::shared_ptr<SpanProcessor> processor)
    : m_context(context), m_data(std::move(data)), m_processor(std::move(processor)),
      m_steadyStart(std::chrono::steady_clock::now()),
      m_anchorUnixNs(std::chrono::duration_cast<std::chrono::nanoseconds>(
                         std::chrono::system_clock::now().time_since_epoch())
                         .count())
{
}

Span::~Span()
{
    end();
}

Span::Span(Span &&other) noexcept
    : m_context(std::move(other.m_context)), m_data(std::move(other.m_data)),
      m_processor(std::move(other.m_processor)), m_steadyStart(other.m_steadyStart),
      m_anchorUnixNs(other.m_anchorUnixNs)
{
}

Span &Span::operator=(Span &&other) noexcept
{
    if (this != &other) {
        end();
        m_context = std::move(other.m_context);
        m_data = std::move(other.m_data);
        m_processor = std::move(other.m_processor);
        m_steadyStart = other.m_steadyStart;
        m_anchorUnixNs = other.m_anchorUnixNs;
    }
    return *this;
}

// The wall clock is read once when the span starts: later times add the monotonic clock's
// elapsed time, so a clock step during the span cannot make its duration negative.
qint64 Span::nowUnixNs() const
{
    const auto elapsed = std::chrono::steady_clock::now() - m_steadyStart;
    return m_anchorUnixNs
         + std::chrono::duration_cast<std::chrono::nanoseconds>(elapsed).count();
}

void Span::setAttribute(const QString &key, const QVariant &value)
{
    if (!m_data)
        return;
    if (m_data->attributes.size() >= SpanData::MaxAttributes
        && !attributeValue(m_data->attributes, key).isValid()) {
        ++m_data->droppedAttributes;
        return;
    }
    sdk::setAttribute(m_data->attributes, key, value);
}

void Span::addEvent(const QString &name, const Attributes &attributes)
{
    if (!m_data)
        return;
    if (m_data->events.size() >= SpanData::MaxEvents) {
        ++m_data->droppedEvents;
        return;
    }
    m_data->events.append({name, nowUnixNs(), attributes});
}

void Span::addLink(const SpanContext &context, const Attributes &attributes)
{
    if (!m_data || !context.isValid())
        return;
    if (m_data->links.size() >= SpanData::MaxLinks) {
        ++m_data->droppedLinks;
        return;
    }
    m_data->links.append({context, attributes});
}

void Span::recordException(const QString &type, const QString &message)
{
    addEvent(QStringLiteral("exception"),
             {{QStringLiteral("exception.type"), type},
              {QStringLiteral("exception.message"), message}});
}

void Span::setStatus(StatusCode code, const QString &message)
{
    if (!m_data || code == StatusCode::Unset || m_data->status == StatusCode::Ok)
        return;
    m_data->status = code;
    m_data->statusMessage = code == StatusCode::Error ? message : QString();
}

void Span::updateName(const QString &name)
{
    if (m_data)
        m_data->name = name;
}

void Span::end()
{
    if (!m_data)
        return;
    m_data->endUnixNs = nowUnixNs();
    std::unique_ptr<SpanData> data = std::move(m_data);
    if (m_processor)
        m_processor->onEnd(std::move(*data));
}

} // namespace traceflow::sdk
