// SPDX-License-Identifier: MIT
#pragma once

#include <QFuture>
#include <QWidget>

#include <functional>
#include <vector>

class QLabel;
class QProgressBar;
class QTimer;
class QToolButton;
template<typename T> class QFutureWatcher;

namespace traceflow {

// The status bar's progress indicator for work running off the GUI thread: the latest
// running task's name, its progress (busy when it reports none) and a cancel button. Shown
// only once a task has run for a moment, so quick work does not flicker.
class TaskProgress : public QWidget
{
    Q_OBJECT
public:
    explicit TaskProgress(QWidget *parent = nullptr);
    ~TaskProgress() override;

    // Follows a future until it finishes. onCancel defaults to cancelling the future.
    void track(const QFuture<void> &future, const QString &label,
               std::function<void()> onCancel = {});
    template<typename T>
    void track(const QFuture<T> &future, const QString &label, std::function<void()> onCancel = {})
    {
        track(QFuture<void>(future), label, std::move(onCancel));
    }
    int runningCount() const { return static_cast<int>(m_tasks.size()); }
    QString currentLabel() const;
    // Cancels the task shown and stops showing it.
    void cancelCurrent();

private:
    struct Task
    {
        QFutureWatcher<void> *watcher = nullptr;
        QString label;
        std::function<void()> cancel;
    };
    void refresh();

    std::vector<Task> m_tasks;
    QLabel *m_label = nullptr;
    QProgressBar *m_bar = nullptr;
    QToolButton *m_cancel = nullptr;
    QTimer *m_showDelay = nullptr;
};

} // namespace traceflow
