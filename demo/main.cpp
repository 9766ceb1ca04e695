// SPDX-License-Identifier: MIT
// traceflow-demo: three traced services (checkout -> inventory, payment) and a load driver,
// built on the TraceFlow SDK the way a user's own Qt service would be.
#include "demoservice.h"
#include "loadgenerator.h"
#include "signalwatcher.h"

#include <QCommandLineParser>
#include <QCoreApplication>

#include <csignal>
#include <cstdio>
#include <memory>
#include <vector>

using namespace traceflow::demo;

namespace {

int usageError(const QCommandLineParser &parser, const QString &message)
{
    std::fprintf(stderr, "traceflow-demo: %s\n\n%s", qPrintable(message), qPrintable(parser.helpText()));
    return 2;
}

bool readInt(const QCommandLineParser &parser, const QString &name, int minimum, int maximum,
             int *value)
{
    if (!parser.isSet(name))
        return true;
    bool ok = false;
    const int parsed = parser.value(name).toInt(&ok);
    if (!ok || parsed < minimum || parsed > maximum)
        return false;
    *value = parsed;
    return true;
}

bool readUrl(const QCommandLineParser &parser, const QString &name, QUrl *url)
{
    if (!parser.isSet(name))
        return true;
    const QUrl parsed(parser.value(name), QUrl::StrictMode);
    if (!parsed.isValid() || (parsed.scheme() != u"http" && parsed.scheme() != u"https")
        || parsed.host().isEmpty())
        return false;
    *url = parsed;
    return true;
}

int runServices(QCoreApplication &app, const QString &command, ServiceOptions base, int port)
{
    std::vector<ServiceKind> kinds;
    if (command == u"all")
        kinds = {ServiceKind::Inventory, ServiceKind::Payment, ServiceKind::Checkout};
    else
        kinds = {command == u"checkout"    ? ServiceKind::Checkout
                 : command == u"inventory" ? ServiceKind::Inventory
                                           : ServiceKind::Payment};
    if (command == u"all") {
        // One base port: checkout on it, inventory and payment on the next two; 0 lets each
        // pick a free port (checkout is started last and told where the others are).
        port = port >= 0 ? port : DemoService::defaultPort(ServiceKind::Checkout);
        if (port > 65533) {
            std::fprintf(stderr, "traceflow-demo: `all` needs a base port below 65534\n");
            return 2;
        }
    }

    // Installed before the servers start, so an early SIGTERM still ends with a flush.
    traceflow::SignalWatcher watcher({SIGINT, SIGTERM});
    QObject::connect(&watcher, &traceflow::SignalWatcher::signalReceived, &app,
                     &QCoreApplication::quit);
    std::vector<std::unique_ptr<DemoService>> services;
    for (const ServiceKind kind : kinds) {
        ServiceOptions options = base;
        options.kind = kind;
        if (command != u"all")
            options.port = quint16(port >= 0 ? port : DemoService::defaultPort(kind));
        else if (port > 0)
            options.port = quint16(port + (kind == ServiceKind::Inventory ? 1
                                           : kind == ServiceKind::Payment ? 2 : 0));
        if (command == u"all" && kind == ServiceKind::Checkout) {
            options.inventoryUrl = QUrl(QStringLiteral("http://127.0.0.1:%1").arg(services[0]->port()));
            options.paymentUrl = QUrl(QStringLiteral("http://127.0.0.1:%1").arg(services[1]->port()));
        }
        auto service = std::make_unique<DemoService>(options);
        if (!service->startListening()) {
            std::fprintf(stderr, "traceflow-demo: %s cannot listen on port %d: %s\n",
                         qPrintable(service->name()), options.port, qPrintable(service->errorString()));
            return 1;
        }
        std::printf("%s listening on http://127.0.0.1:%d\n", qPrintable(service->name()), service->port());
        services.push_back(std::move(service));
    }
    std::printf("exporting spans to %s (%s)\n", qPrintable(base.collector.toString()),
                qPrintable(base.exporter));
    std::fflush(stdout);

    const int code = app.exec();
    // Stop serving first, then flush: the last requests' spans are exported before exit.
    for (auto &service : services)
        service->stop();
    return code;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("traceflow-demo"));
    QCoreApplication::setApplicationVersion(QStringLiteral(TRACEFLOW_VERSION));

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Demo services traced with the TraceFlow SDK: checkout (GET /checkout) calls inventory\n"
        "(GET /inventory) then payment (POST /pay). `load` drives checkouts and prints latencies."));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addPositionalArgument(QStringLiteral("command"),
                                 QStringLiteral("checkout | inventory | payment | all | load"));
    const QList<QCommandLineOption> options = {
        {QStringLiteral("port"), QStringLiteral("Port to listen on (defaults 9001, 9002, 9003). For `all`: "
                                                "checkout's port, the others follow; 0 picks free ports."),
         QStringLiteral("N")},
        {QStringLiteral("collector"), QStringLiteral("Collector base URL (default http://127.0.0.1:4318)."),
         QStringLiteral("URL")},
        {QStringLiteral("exporter"), QStringLiteral("otlp (protobuf, default), otlp-json, traceflow, "
                                                    "console or none."), QStringLiteral("KIND")},
        {QStringLiteral("latency-ms"), QStringLiteral("Simulated work per request (default 10)."),
         QStringLiteral("N")},
        {QStringLiteral("jitter-ms"), QStringLiteral("Random extra latency, 0..N (default 5)."),
         QStringLiteral("N")},
        {QStringLiteral("error-rate"), QStringLiteral("Probability of an injected failure, 0..1."),
         QStringLiteral("P")},
        {QStringLiteral("inventory-url"), QStringLiteral("checkout: inventory base URL "
                                                         "(default http://127.0.0.1:9002)."), QStringLiteral("URL")},
        {QStringLiteral("payment-url"), QStringLiteral("checkout: payment base URL "
                                                       "(default http://127.0.0.1:9003)."), QStringLiteral("URL")},
        {QStringLiteral("target"), QStringLiteral("load: checkout URL (default "
                                                  "http://127.0.0.1:9001/checkout)."), QStringLiteral("URL")},
        {QStringLiteral("requests"), QStringLiteral("load: number of checkouts (default 20)."),
         QStringLiteral("N")},
        {QStringLiteral("concurrency"), QStringLiteral("load: checkouts in flight (default 4)."),
         QStringLiteral("C")},
    };
    parser.addOptions(options);
    parser.process(app);

    const QStringList positional = parser.positionalArguments();
    const QStringList commands = {QStringLiteral("checkout"), QStringLiteral("inventory"),
                                  QStringLiteral("payment"), QStringLiteral("all"), QStringLiteral("load")};
    if (positional.size() != 1 || !commands.contains(positional.front()))
        return usageError(parser, QStringLiteral("expected one command"));
    const QString command = positional.front();

    if (command == u"load") {
        QUrl target(QStringLiteral("http://127.0.0.1:9001/checkout"));
        int requests = 20;
        int concurrency = 4;
        if (!readUrl(parser, QStringLiteral("target"), &target))
            return usageError(parser, QStringLiteral("--target must be an http(s) URL"));
        if (!readInt(parser, QStringLiteral("requests"), 0, 10'000'000, &requests)
            || !readInt(parser, QStringLiteral("concurrency"), 1, 1000, &concurrency))
            return usageError(parser, QStringLiteral("--requests and --concurrency must be positive integers"));
        LoadGenerator load(target, requests, concurrency);
        QObject::connect(&load, &LoadGenerator::finished, &app, &QCoreApplication::exit);
        load.start();
        return requests == 0 ? 0 : app.exec();
    }

    ServiceOptions base;
    int port = -1;
    if (!readInt(parser, QStringLiteral("port"), 0, 65535, &port))
        return usageError(parser, QStringLiteral("--port must be 0..65535"));
    if (!readUrl(parser, QStringLiteral("collector"), &base.collector)
        || !readUrl(parser, QStringLiteral("inventory-url"), &base.inventoryUrl)
        || !readUrl(parser, QStringLiteral("payment-url"), &base.paymentUrl))
        return usageError(parser, QStringLiteral("URLs must be http(s) URLs with a host"));
    if (!readInt(parser, QStringLiteral("latency-ms"), 0, 600'000, &base.latencyMs)
        || !readInt(parser, QStringLiteral("jitter-ms"), 0, 600'000, &base.jitterMs))
        return usageError(parser, QStringLiteral("--latency-ms and --jitter-ms must be 0..600000"));
    if (parser.isSet(QStringLiteral("error-rate"))) {
        bool ok = false;
        base.errorRate = parser.value(QStringLiteral("error-rate")).toDouble(&ok);
        if (!ok || base.errorRate < 0 || base.errorRate > 1)
            return usageError(parser, QStringLiteral("--error-rate must be between 0 and 1"));
    }
    if (parser.isSet(QStringLiteral("exporter"))) {
        base.exporter = parser.value(QStringLiteral("exporter"));
        const QStringList exporters = {QStringLiteral("otlp"), QStringLiteral("otlp-json"),
                                       QStringLiteral("traceflow"), QStringLiteral("console"),
                                       QStringLiteral("none")};
        if (!exporters.contains(base.exporter))
            return usageError(parser, QStringLiteral("unknown --exporter ") + base.exporter);
    }
    return runServices(app, command, base, port);
}
