// SPDX-License-Identifier: MIT
#pragma once

#include "assembledtrace.h"

#include <QFuture>
#include <QObject>

#include <memory>
#include <vector>

namespace traceflow {

class TaskProgress;

// Opens traces for the trace view: takes the spans being fetched from a source, assembles
// them off the GUI thread and follows the work in the status bar's progress. Only the latest
// request counts: an older one finishing later, or a cancelled one, is dropped.
class TraceLoader : public QObject
{
    Q_OBJECT
public:
    explicit TraceLoader(TaskProgress *progress, QObject *parent = nullptr);

    // what: the trace as named in messages; select: a span to select once shown.
    void load(QFuture<std::vector<Span>> spans, const QString &what, const SpanId &select = {});
    // Drops the request in flight, if any.
    void cancel() { ++m_ticket; }

Q_SIGNALS:
    void loaded(std::shared_ptr<const traceflow::AssembledTrace> trace,
                const traceflow::SpanId &select);
    void notFound(const QString &what);

private:
    TaskProgress *m_progress = nullptr;
    quint64 m_ticket = 0;
};

} // namespace traceflow
