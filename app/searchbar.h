// SPDX-License-Identifier: MIT
#pragma once

#include "tracequery.h"

#include <QStringList>
#include <QWidget>

#include <optional>
#include <vector>

class QComboBox;
class QDateTimeEdit;
class QLineEdit;
class QPushButton;
class QSettings;
class QSpinBox;
class QTimer;

namespace traceflow {

// The trace search form: service, operation, tags, min/max duration, status, time range,
// limit and sort, plus a trace id box that opens a trace directly. Invalid fields are marked
// and keep the last valid search running.
class SearchBar : public QWidget
{
    Q_OBJECT
public:
    enum class Range
    {
        Last5Minutes,
        Last15Minutes,
        LastHour,
        All,
        Custom
    };

    explicit SearchBar(QWidget *parent = nullptr);

    // The search the fields describe, relative ranges resolved against nowNs (epoch ns).
    // nullopt, with *error naming the field, when a field does not parse.
    std::optional<TraceQuery> query(qint64 nowNs, QString *error = nullptr) const;

    // Refills the combos, keeping the chosen entry (listed even when it went away).
    void setServices(const QStringList &services);
    void setOperations(const QStringList &operations);
    QString service() const;
    void setTimeSpec(Qt::TimeSpec spec);

    // Set a field from elsewhere in the window (a graph node, a chart point). Each one
    // searches again after the typing delay, so several in a row make one search.
    // An empty name means any; a service that is not listed yet is added.
    void setService(const QString &service);
    void setOperation(const QString &operation);
    // Switches the range to Custom: [startNs, endNs], epoch ns, shown to the second.
    void setTimeWindow(qint64 startNs, qint64 endNs);
    // scope: what the bounds measure, the trace or a span of the chosen service/operation.
    void setDurationRange(std::optional<qint64> minNs, std::optional<qint64> maxNs,
                          DurationScope scope = DurationScope::Trace);
    void setStatus(StatusFilter status);
    void setTags(const QString &text);
    // Only traces with this caller -> callee call (a service graph edge); shown as a
    // removable label, nullopt removes it. Also searches again.
    void setCall(const std::optional<CallFilter> &call);
    std::optional<CallFilter> call() const { return m_call; }
    QPushButton *callLabel() const { return m_callLabel; }

    void saveState(QSettings &settings) const;
    void restoreState(const QSettings &settings);

    // Splits the tags box at spaces; double quotes group ("http.url=\"/a b\""), a backslash
    // escapes the next character inside quotes.
    static QStringList splitTags(QStringView text);
    // Every condition of the tags box, or nullopt with *error for the first bad one.
    static std::optional<std::vector<TagFilter>> parseTags(QStringView text, QString *error);

    // The widgets, for tests and keyboard focus.
    QComboBox *serviceBox() const { return m_service; }
    QComboBox *operationBox() const { return m_operation; }
    QLineEdit *tagsEdit() const { return m_tags; }
    QLineEdit *minDurationEdit() const { return m_minDuration; }
    QLineEdit *maxDurationEdit() const { return m_maxDuration; }
    QComboBox *durationScopeBox() const { return m_durationOf; }
    QComboBox *statusBox() const { return m_status; }
    QComboBox *rangeBox() const { return m_range; }
    QSpinBox *limitBox() const { return m_limit; }
    QComboBox *sortBox() const { return m_sort; }
    QLineEdit *traceIdEdit() const { return m_traceId; }

Q_SIGNALS:
    // A field changed: search again. Typing is debounced.
    void queryChanged();
    void serviceChanged(const QString &service);
    void openTraceRequested(const QString &traceId);

private:
    void buildLayout();
    void connectFields();
    void validate();
    void markField(QWidget *field, const QString &error);

    QComboBox *m_service = nullptr;
    QComboBox *m_operation = nullptr;
    QLineEdit *m_tags = nullptr;
    QLineEdit *m_minDuration = nullptr;
    QLineEdit *m_maxDuration = nullptr;
    QComboBox *m_durationOf = nullptr; // DurationScope
    QComboBox *m_status = nullptr;
    QComboBox *m_range = nullptr;
    QDateTimeEdit *m_from = nullptr;
    QDateTimeEdit *m_to = nullptr;
    QSpinBox *m_limit = nullptr;
    QComboBox *m_sort = nullptr;
    QPushButton *m_search = nullptr;
    QLineEdit *m_traceId = nullptr;
    QTimer *m_typing = nullptr;
    QPushButton *m_callLabel = nullptr; // the call filter, click to remove
    std::optional<CallFilter> m_call;
};

} // namespace traceflow
