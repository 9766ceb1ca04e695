// SPDX-License-Identifier: MIT
// traceflow-collector: the collector without the desktop app.
#include "collector.h"
#include "commandline.h"
#include "filestore.h"
#include "signalwatcher.h"
#include "tracestore.h"

#include <QCoreApplication>

#include <csignal>
#include <cstdio>

using namespace traceflow;

namespace {
QString endpoint(const QHostAddress &address, quint16 port)
{
    const QString host = address.protocol() == QAbstractSocket::IPv6Protocol
        ? QStringLiteral("[%1]").arg(address.toString())
        : address.toString();
    return host + u':' + QString::number(port);
}
} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("traceflow-collector"));
    QCoreApplication::setApplicationVersion(QStringLiteral(TRACEFLOW_VERSION));

    CollectorConfig config;
    QString error;
    if (!CommandLine::parse(app, &config, &error)) {
        std::fprintf(stderr, "traceflow-collector: %s\n", qUtf8Printable(error));
        return 1;
    }
    if (!config.samplingFile.isEmpty()) {
        config.sampling = SamplingConfig::fromFile(config.samplingFile, &error);
        if (!config.sampling) {
            std::fprintf(stderr, "traceflow-collector: invalid sampling configuration: %s\n",
                         qUtf8Printable(error));
            return 2;
        }
    }

    // Installed before the ports are announced: whoever reads the announcement may signal.
    SignalWatcher signalWatcher({SIGINT, SIGTERM});
    TraceStore store(config.storeLimits);
    // Declared between the store it logs and the collector whose last spans it must commit.
    std::unique_ptr<FileStore> fileStore;
    if (config.storage == StorageKind::File) {
        fileStore = std::make_unique<FileStore>(FileStore::optionsFromConfig(config));
        const bool opened = fileStore->open(store);
        for (const QString &line : fileStore->messages())
            std::fprintf(stderr, "traceflow-collector: %s\n", qUtf8Printable(line));
        if (!opened) {
            std::fprintf(stderr, "traceflow-collector: %s\n", qUtf8Printable(fileStore->error()));
            return 1;
        }
    }
    Collector collector(config, store);
    collector.setFileStore(fileStore.get());
    // Stop accepting, finish what is in flight, store what is queued, exit 0.
    QObject::connect(&signalWatcher, &SignalWatcher::signalReceived, &collector,
                     [&collector](int) { collector.shutdown(); });
    if (!collector.start()) {
        std::fprintf(stderr, "traceflow-collector: %s\n", qUtf8Printable(collector.errorString()));
        return 1;
    }
    std::printf("traceflow-collector listening on %s (api) and %s (otlp)\n",
                qUtf8Printable(endpoint(collector.address(), collector.apiPort())),
                qUtf8Printable(endpoint(collector.address(), collector.otlpPort())));
    std::fflush(stdout);

    QObject::connect(&collector, &Collector::stopped, &app, &QCoreApplication::quit,
                     Qt::QueuedConnection);
    return app.exec();
}
