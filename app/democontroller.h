// SPDX-License-Identifier: MIT
#pragma once

#include <QObject>
#include <QString>
#include <QUrl>

#include <optional>

class QProcess;
class QTimer;

namespace traceflow {

// Runs the demo services (`traceflow-demo all`) and load (`traceflow-demo load`) as child
// processes. The children never outlive the app: they are stopped on destruction and, should
// the app die first, the kernel sends them SIGTERM (PR_SET_PDEATHSIG).
class DemoController : public QObject
{
    Q_OBJECT
public:
    enum class State
    {
        Stopped,
        Starting,
        Running,
        Stopping
    };
    Q_ENUM(State)

    explicit DemoController(QObject *parent = nullptr);
    ~DemoController() override;

    // traceflow-demo next to the app, then in the build tree (../demo/), then on PATH; empty
    // when there is none.
    static QString findProgram();
    QString program() const { return m_program; }
    void setProgram(const QString &path) { m_program = path; }
    // checkout's port; inventory and payment listen on the next two.
    int basePort() const { return m_basePort; }
    void setBasePort(int port) { m_basePort = port; }

    State state() const { return m_state; }
    bool isGenerating() const { return m_load != nullptr; }
    double errorRate() const { return m_errorRate; }
    QString lastError() const { return m_error; }

    // Starts the three services exporting OTLP to collector (e.g. http://127.0.0.1:4318).
    // False when no binary was found or it is already running.
    bool start(const QUrl &collector, double errorRate = 0);
    // Drives `requests` checkouts. With an error rate other than the services', they are
    // restarted with it first. False when the services are not running or starting.
    bool generateTraffic(int requests, std::optional<double> errorRate = std::nullopt);
    void stop();

Q_SIGNALS:
    void stateChanged(traceflow::DemoController::State state);
    void generatingChanged(bool generating);
    // The load run's summary line(s), or why it failed.
    void trafficFinished(const QString &summary, bool ok);
    void errorOccurred(const QString &message);

private:
    QProcess *spawn(const QStringList &arguments);
    void setState(State state);
    void onServicesOutput();
    void onServicesFinished();
    void startLoad(int requests);
    static void terminate(QProcess *process);

    QString m_program;
    int m_basePort = 9001;
    QUrl m_collector;
    double m_errorRate = 0;
    State m_state = State::Stopped;
    QProcess *m_services = nullptr;
    QProcess *m_load = nullptr;
    QTimer *m_startTimeout = nullptr;
    QByteArray m_servicesOutput;
    QByteArray m_loadOutput; // the last few KiB
    QString m_error;
    int m_listening = 0;
    std::optional<int> m_pendingRequests; // load to run once restarted
    std::optional<double> m_restartRate;  // restart with this rate once stopped
};

} // namespace traceflow
