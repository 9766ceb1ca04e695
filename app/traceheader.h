// SPDX-License-Identifier: MIT
#pragma once

#include "waterfallscene.h"

#include <QWidget>

#include <memory>

class QLabel;
class QToolButton;

namespace traceflow {

// The trace page's header: root service and operation, the trace id (selectable, with a copy
// button), start time in the chosen time zone, duration, span/service/depth/error counts, and
// the services in order of appearance, each with its waterfall colour (the legend).
class TraceHeader : public QWidget
{
    Q_OBJECT

public:
    explicit TraceHeader(QWidget *parent = nullptr);

    // services: the waterfall's legend (names, colours, counts); a null trace clears.
    void setTrace(const std::shared_ptr<const AssembledTrace> &trace,
                  const std::vector<WaterfallScene::Service> &services);
    void setTimeZone(Qt::TimeSpec spec);

    // Plain text of the parts, whitespace simplified, for tests.
    QString titleText() const;
    QString statsText() const;
    QString servicesText() const;
    QString traceIdText() const;
    QToolButton *copyButton() const { return m_copy; }

protected:
    void changeEvent(QEvent *event) override;

private:
    void refresh();

    QLabel *m_title = nullptr;
    QLabel *m_traceId = nullptr;
    QToolButton *m_copy = nullptr;
    QLabel *m_stats = nullptr;
    QLabel *m_services = nullptr;
    std::shared_ptr<const AssembledTrace> m_trace;
    std::vector<WaterfallScene::Service> m_legend;
    Qt::TimeSpec m_timeSpec = Qt::LocalTime;
};

} // namespace traceflow
