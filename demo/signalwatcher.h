// SPDX-License-Identifier: MIT
#pragma once

#include <QObject>

#include <initializer_list>

QT_BEGIN_NAMESPACE
class QSocketNotifier;
QT_END_NAMESPACE

namespace traceflow::demo {

// Turns SIGINT/SIGTERM into a Qt signal through a self-pipe (the handler only writes a
// byte), so the demo can stop its servers and flush its spans before exiting.
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

} // namespace traceflow::demo
