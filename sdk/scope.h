// SPDX-License-Identifier: MIT
#pragma once

#include "context.h"

#include <QtGlobal>

namespace traceflow::sdk {

class Span;

// Makes a span (or a whole context) current on this thread until the Scope is destroyed,
// then restores the previous context. Scopes must nest (destroyed in reverse order of
// creation, on the thread that created them); a violation is reported with qWarning.
// Nested event loops keep that order, so a handler that waits in a local QEventLoop
// while another request runs on the same thread is safe.
class Scope
{
public:
    // Keeps the current baggage, replaces the active span.
    explicit Scope(const Span &span);
    explicit Scope(const Context &context);
    ~Scope();
    Q_DISABLE_COPY_MOVE(Scope)

private:
    Context m_previous;
    int m_depth = 0;
};

} // namespace traceflow::sdk
