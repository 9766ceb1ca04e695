// SPDX-License-Identifier: MIT
#pragma once

#include <QObject>

#include <initializer_list>

class QSocketNotifier;

namespace traceflow {

// Turns Unix signals into a Qt signal, via a self-pipe: the handler only writes the signal
// number to a pipe, which a QSocketNotifier reads in the event loop. That lets the command-line
// binaries (the collector, the demo services) answer SIGINT/SIGTERM by stopping their servers
// and flushing what they hold before they exit. One instance per process.
class SignalWatcher : public QObject
{
    Q_OBJECT
public:
    explicit SignalWatcher(std::initializer_list<int> signalNumbers, QObject *parent = nullptr);
    ~SignalWatcher() override;

Q_SIGNALS:
    void signalReceived(int signalNumber);

private:
    static void handle(int signalNumber);
    void readPipe();

    QSocketNotifier *m_notifier = nullptr;
};

} // namespace traceflow
