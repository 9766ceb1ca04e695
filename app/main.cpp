// SPDX-License-Identifier: MIT
// traceflow: the desktop trace viewer with its embedded collector.
#include "appicon.h"
#include "appsettings.h"
#include "apptheme.h"
#include "fileactions.h"
#include "mainwindow.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QLocale>
#include <QUrl>

#include <cstdio>
#include <string_view>

using namespace traceflow;

namespace {

void setIdentity()
{
    QCoreApplication::setOrganizationName(QStringLiteral("TraceFlow"));
    QCoreApplication::setApplicationName(QStringLiteral("traceflow"));
    QCoreApplication::setApplicationVersion(QStringLiteral(TRACEFLOW_VERSION));
}

void describe(QCommandLineParser &parser)
{
    parser.setApplicationDescription(QStringLiteral(
        "TraceFlow: a desktop trace viewer with a bundled OpenTelemetry and Zipkin collector.\n"
        "The embedded collector listens on 127.0.0.1 (OTLP/HTTP on 4318, Zipkin v2 and the\n"
        "TraceFlow API on 9411 by default). Files given are imported at start."));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addOptions({
        {QStringLiteral("port"),
         QStringLiteral("Embedded collector API/Zipkin port for this run (0: any free port)."),
         QStringLiteral("N")},
        {QStringLiteral("otlp-port"),
         QStringLiteral("Embedded collector OTLP/HTTP port for this run (0: any free port)."),
         QStringLiteral("N")},
        {QStringLiteral("connect"),
         QStringLiteral("Read a remote traceflow-collector instead, e.g. http://host:9411."),
         QStringLiteral("URL")},
    });
    parser.addPositionalArgument(
        QStringLiteral("files"),
        QStringLiteral("Span files to open: TraceFlow JSON, OTLP JSON, Zipkin v2 or Jaeger JSON."),
        QStringLiteral("[files...]"));
}

std::optional<quint16> port(const QCommandLineParser &parser, const QString &name, bool *ok)
{
    if (!parser.isSet(name))
        return std::nullopt;
    const int value = parser.value(name).toInt(ok);
    *ok = *ok && value >= 0 && value <= 65535;
    return quint16(value);
}

// --help and --version print and exit without needing a display.
bool wantsTextOnly(int argc, char *argv[])
{
    for (int i = 1; i < argc; ++i) {
        const std::string_view arg(argv[i]);
        if (arg == "--help" || arg == "-h" || arg == "-?" || arg == "--help-all" ||
            arg == "--version" || arg == "-v")
            return true;
    }
    return false;
}

} // namespace

int main(int argc, char *argv[])
{
    if (wantsTextOnly(argc, argv)) {
        QCoreApplication app(argc, argv);
        setIdentity();
        QCommandLineParser parser;
        describe(parser);
        parser.process(app); // prints and exits
        return 0;
    }

    QApplication app(argc, argv);
    setIdentity();
    // Without a language (LANG=C, as in many containers and services) Qt's C locale writes
    // counts as "1000000"; the window writes them for a person: "1,000,000".
    if (QLocale().language() == QLocale::C) {
        QLocale grouped;
        grouped.setNumberOptions(grouped.numberOptions() & ~QLocale::OmitGroupSeparator);
        QLocale::setDefault(grouped);
    }
    // The installed .desktop file's name: Wayland compositors and docks match windows to it.
    QGuiApplication::setDesktopFileName(QStringLiteral("io.github.traceflow.TraceFlow"));
    QApplication::setWindowIcon(applicationIcon());
    QCommandLineParser parser;
    describe(parser);
    parser.process(app);

    bool apiOk = true;
    bool otlpOk = true;
    WindowOptions options;
    options.apiPort = port(parser, QStringLiteral("port"), &apiOk);
    options.otlpPort = port(parser, QStringLiteral("otlp-port"), &otlpOk);
    if (!apiOk || !otlpOk) {
        std::fprintf(stderr, "traceflow: ports must be 0..65535\n");
        return 2;
    }

    AppSettings settings;
    AppTheme::captureSystem();
    AppTheme::apply(settings.theme());
    MainWindow window(settings, options);
    window.show();
    if (parser.isSet(QStringLiteral("connect")))
        window.connectToRemote(QUrl::fromUserInput(parser.value(QStringLiteral("connect"))));
    for (const QString &file : parser.positionalArguments())
        window.fileActions()->importFile(file);
    return app.exec();
}
