// SPDX-License-Identifier: MIT
#pragma once

#include "assembledtrace.h"
#include "tracediff.h"

#include <QWidget>

#include <memory>

class QCheckBox;
class QLabel;
class QPushButton;
class QSpinBox;
class QTreeView;

namespace traceflow {

class TraceCompareModel;

// Two traces side by side as one tree (Jaeger's TraceDiff): a header naming A and B with a
// summary of the change, a swap button, an "only changed" filter with a threshold, and the
// tree of (service, operation) paths with both sides' counts and durations. Comparing runs
// off the GUI thread; double-click (or the context menu) opens a row's span in A or B.
class TraceCompareView : public QWidget
{
    Q_OBJECT
public:
    explicit TraceCompareView(QWidget *parent = nullptr);

    // Compares b against a (the baseline) off the GUI thread; comparisonShown() follows.
    void setTraces(std::shared_ptr<const AssembledTrace> a,
                   std::shared_ptr<const AssembledTrace> b);
    // Shows a message instead of a comparison (loading, or why there is none).
    void showMessage(const QString &text);
    void swap();
    void setTimeSpec(Qt::TimeSpec spec);

    std::shared_ptr<const AssembledTrace> traceA() const { return m_a; }
    std::shared_ptr<const AssembledTrace> traceB() const { return m_b; }
    TraceCompareModel *model() const { return m_model; }
    QTreeView *tree() const { return m_tree; }
    QPushButton *swapButton() const { return m_swap; }
    QCheckBox *onlyChangedBox() const { return m_onlyChanged; }
    QSpinBox *thresholdBox() const { return m_threshold; }
    QLabel *summaryLabel() const { return m_summary; }
    // "A checkout: GET /checkout" etc., for a tab title.
    QString title() const;
    // Opens the row's span: in B when the row is only in B or b is true, else in A.
    void openRow(const QModelIndex &index, bool b);

Q_SIGNALS:
    void comparisonShown();
    void openSpanRequested(const traceflow::TraceId &trace, const traceflow::SpanId &span);

private:
    void showDiff(std::shared_ptr<const TraceDiff> diff);
    void applyFilter();
    void updateHeader();
    void showTreeMenu(const QPoint &position);
    QString sideHtml(const QString &letter, const AssembledTrace &trace) const;

    std::shared_ptr<const AssembledTrace> m_a;
    std::shared_ptr<const AssembledTrace> m_b;
    quint64 m_ticket = 0;
    Qt::TimeSpec m_timeSpec = Qt::LocalTime;
    QLabel *m_sideA = nullptr;
    QLabel *m_sideB = nullptr;
    QLabel *m_summary = nullptr;
    QPushButton *m_swap = nullptr;
    QCheckBox *m_onlyChanged = nullptr;
    QSpinBox *m_threshold = nullptr;
    QTreeView *m_tree = nullptr;
    TraceCompareModel *m_model = nullptr;
};

} // namespace traceflow
