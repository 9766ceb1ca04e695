// SPDX-License-Identifier: MIT
#include "taskprogress.h"

#include <QFutureWatcher>
#include <QHBoxLayout>
#include <QLabel>
#include <QProgressBar>
#include <QTimer>
#include <QToolButton>

namespace traceflow {

namespace {
constexpr int ShowDelayMs = 250;
}

TaskProgress::TaskProgress(QWidget *parent)
    : QWidget(parent), m_label(new QLabel), m_bar(new QProgressBar), m_cancel(new QToolButton),
      m_showDelay(new QTimer(this))
{
    m_bar->setMaximumWidth(160);
    m_bar->setMaximumHeight(fontMetrics().height());
    m_bar->setTextVisible(false);
    m_cancel->setText(tr("Cancel"));
    m_cancel->setToolTip(tr("Cancel this task"));
    m_cancel->setAutoRaise(true);
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_label);
    layout->addWidget(m_bar);
    layout->addWidget(m_cancel);
    connect(m_cancel, &QToolButton::clicked, this, &TaskProgress::cancelCurrent);
    m_showDelay->setSingleShot(true);
    m_showDelay->setInterval(ShowDelayMs);
    connect(m_showDelay, &QTimer::timeout, this, [this] { setVisible(!m_tasks.empty()); });
    hide();
}

TaskProgress::~TaskProgress()
{
    for (Task &task : m_tasks)
        task.watcher->disconnect(this);
}

void TaskProgress::track(const QFuture<void> &future, const QString &label,
                         std::function<void()> onCancel)
{
    if (future.isFinished())
        return;
    auto *watcher = new QFutureWatcher<void>(this);
    if (!onCancel)
        onCancel = [future = future]() mutable { future.cancel(); };
    m_tasks.push_back({watcher, label, std::move(onCancel)});
    connect(watcher, &QFutureWatcherBase::progressRangeChanged, this, &TaskProgress::refresh);
    connect(watcher, &QFutureWatcherBase::progressValueChanged, this, &TaskProgress::refresh);
    connect(watcher, &QFutureWatcherBase::progressTextChanged, this, &TaskProgress::refresh);
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher] {
        std::erase_if(m_tasks, [watcher](const Task &t) { return t.watcher == watcher; });
        watcher->deleteLater();
        refresh();
    });
    watcher->setFuture(future);
    if (!isVisible() && !m_showDelay->isActive())
        m_showDelay->start();
    refresh();
}

QString TaskProgress::currentLabel() const
{
    return m_tasks.empty() ? QString() : m_tasks.back().label;
}

void TaskProgress::cancelCurrent()
{
    if (m_tasks.empty())
        return;
    // Forgotten at once: work that cannot stop mid-way finishes unseen and is dropped.
    Task task = std::move(m_tasks.back());
    m_tasks.pop_back();
    task.watcher->disconnect(this);
    task.watcher->deleteLater();
    task.cancel();
    refresh();
}

void TaskProgress::refresh()
{
    if (m_tasks.empty()) {
        m_showDelay->stop();
        hide();
        return;
    }
    const Task &task = m_tasks.back();
    // A task that tells how far it is ("… 2,000 of 9,000 spans") says so instead of its label.
    const QString progressText = task.watcher->progressText();
    QString text = progressText.isEmpty() ? task.label : progressText;
    if (m_tasks.size() > 1)
        text += tr(" (+%1 more)").arg(m_tasks.size() - 1);
    m_label->setText(text);
    const int minimum = task.watcher->progressMinimum();
    const int maximum = task.watcher->progressMaximum();
    if (maximum > minimum) {
        m_bar->setRange(minimum, maximum);
        m_bar->setValue(task.watcher->progressValue());
    } else {
        m_bar->setRange(0, 0); // busy
    }
}

} // namespace traceflow
