// SPDX-License-Identifier: MIT
#include "scope.h"

#include "span.h"

#include <QDebug>

namespace traceflow::sdk {

namespace {
thread_local int t_depth = 0;
}

Scope::Scope(const Span &span) : Scope(Context::current().withSpan(span.context())) {}

Scope::Scope(const Context &context) : m_previous(Context::current()), m_depth(++t_depth)
{
    Context::currentRef() = context;
}

Scope::~Scope()
{
    if (m_depth != t_depth)
        qWarning("traceflow::sdk::Scope destroyed out of order (depth %d, expected %d)",
                 m_depth, t_depth);
    --t_depth;
    Context::currentRef() = m_previous;
}

} // namespace traceflow::sdk
