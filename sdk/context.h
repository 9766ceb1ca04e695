// SPDX-License-Identifier: MIT
#pragma once

#include "baggage.h"
#include "spancontext.h"

namespace traceflow::sdk {

// What follows the call chain within one thread: the active span and the baggage.
// Context::current() is thread-local; a Scope changes it for the duration of a block, so
// spans started in nested calls become children without passing spans around.
class Context
{
public:
    Context() = default;
    explicit Context(const SpanContext &span, const Baggage &baggage = {})
        : m_span(span), m_baggage(baggage)
    {
    }

    const SpanContext &span() const { return m_span; }
    const Baggage &baggage() const { return m_baggage; }
    Context withSpan(const SpanContext &span) const { return Context(span, m_baggage); }
    Context withBaggage(const Baggage &baggage) const { return Context(m_span, baggage); }

    // The calling thread's context; empty (no span, no baggage) on a fresh thread.
    static const Context &current();

    friend bool operator==(const Context &, const Context &) = default;

private:
    friend class Scope;
    static Context &currentRef();

    SpanContext m_span;
    Baggage m_baggage;
};

} // namespace traceflow::sdk
