// SPDX-License-Identifier: MIT
#include "traceloader.h"

#include "taskprogress.h"

namespace traceflow {

TraceLoader::TraceLoader(TaskProgress *progress, QObject *parent)
    : QObject(parent), m_progress(progress)
{
}

void TraceLoader::load(QFuture<std::vector<Span>> spans, const QString &what, const SpanId &select)
{
    const quint64 ticket = ++m_ticket;
    QFuture<std::shared_ptr<const AssembledTrace>> assembled =
        spans.then(QtFuture::Launch::Async,
                   [](std::vector<Span> found) -> std::shared_ptr<const AssembledTrace> {
                       if (found.empty())
                           return {};
                       return std::make_shared<const AssembledTrace>(
                           AssembledTrace::assemble(std::move(found)));
                   });
    // Assembly cannot be interrupted; cancelling lets it finish and drops the result.
    m_progress->track(assembled, tr("Opening trace %1").arg(what.left(16)), [this, ticket] {
        if (m_ticket == ticket)
            cancel();
    });
    assembled.then(this, [this, ticket, what, select](std::shared_ptr<const AssembledTrace> trace) {
        if (ticket != m_ticket)
            return;
        if (trace)
            Q_EMIT loaded(std::move(trace), select);
        else
            Q_EMIT notFound(what);
    });
}

} // namespace traceflow
