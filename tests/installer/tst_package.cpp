// SPDX-License-Identifier: MIT
// The .deb and .tar.gz as a user gets them: built by installer/package.sh from this build tree,
// unpacked into a scratch root (dpkg-deb -x), and the installed programs run from there.
#include "collectorprocess.h"
#include "httptestclient.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace traceflow;

namespace {

const QString Version = QStringLiteral(TRACEFLOW_VERSION);
const QString AppId = QStringLiteral("io.github.traceflow.TraceFlow");
const QByteArray SpanBatch =
    R"({"spans":[{"trace_id":"trace-1","span_id":"span-1","service":"checkout",)"
    R"("operation":"checkout.request","start_unix_ms":1710000000000,"duration_ms":42,)"
    R"("status":"ok"}]})";

struct Run
{
    int code = -1; // -1: did not start, crashed or timed out
    QByteArray out;
    QByteArray err;
};

Run run(const QString &program, const QStringList &arguments, int timeoutMs = 60000,
        const QProcessEnvironment &environment = QProcessEnvironment::systemEnvironment())
{
    QProcess process;
    process.setProcessEnvironment(environment);
    process.start(program, arguments);
    Run result;
    if (!process.waitForStarted(timeoutMs) || !process.waitForFinished(timeoutMs)) {
        process.kill();
        process.waitForFinished(5000);
        result.err = process.errorString().toUtf8();
        return result;
    }
    result.out = process.readAllStandardOutput();
    result.err = process.readAllStandardError();
    if (process.exitStatus() == QProcess::NormalExit)
        result.code = process.exitCode();
    return result;
}

QString describe(const Run &result)
{
    return QStringLiteral("exit %1\n%2\n%3")
        .arg(result.code)
        .arg(QString::fromUtf8(result.out), QString::fromUtf8(result.err));
}

QByteArray readFile(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

// "Key=value" lines of a .desktop file or systemd unit; a repeated key keeps all its values.
QMultiHash<QString, QString> keyValues(const QByteArray &text)
{
    QMultiHash<QString, QString> values;
    for (const QByteArray &line : text.split('\n')) {
        const qsizetype equals = line.indexOf('=');
        if (equals <= 0 || line.startsWith('#'))
            continue;
        values.insert(QString::fromUtf8(line.left(equals)).trimmed(),
                      QString::fromUtf8(line.mid(equals + 1)).trimmed());
    }
    return values;
}

} // namespace

class TstPackage : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void packageNames();
    void installedFiles_data();
    void installedFiles();
    void binariesStripped_data();
    void binariesStripped();
    void control();
    void maintainerScripts();
    void changelogMatchesVersion();
    void lintianClean();
    void dpkgInstallAndPurge();
    void tarball();
    void versions_data();
    void versions();
    void collectorIngestAndQuery();
    void demoAgainstInstalledCollector();
    void desktopAppStarts();
    void desktopFile();
    void metainfo();
    void manPages_data();
    void manPages();
    void systemdUnit();

private:
    QString root(const QString &path) const { return m_work.filePath(QStringLiteral("root/") + path); }

    QTemporaryDir m_work;
    QString m_deb;
    QString m_tarball;
};

void TstPackage::initTestCase()
{
    QVERIFY(m_work.isValid());
    const QString output = m_work.filePath(QStringLiteral("packages"));
    const Run package = run(QStringLiteral("bash"),
                            {QStringLiteral(TRACEFLOW_SOURCE_DIR "/installer/package.sh"),
                             QStringLiteral("--no-build"), QStringLiteral("--build-dir"),
                             QStringLiteral(TRACEFLOW_BUILD_DIR), QStringLiteral("--output"), output},
                            300000);
    QVERIFY2(package.code == 0, qPrintable(describe(package)));
    m_deb = output + QStringLiteral("/traceflow_%1_amd64.deb").arg(Version);
    m_tarball = output + QStringLiteral("/traceflow-%1-linux-amd64.tar.gz").arg(Version);
    QVERIFY2(QFileInfo::exists(m_deb), qPrintable(describe(package)));

    const Run extract = run(QStringLiteral("dpkg-deb"), {QStringLiteral("-x"), m_deb, root({})});
    QVERIFY2(extract.code == 0, qPrintable(describe(extract)));
    const Run control = run(QStringLiteral("dpkg-deb"),
                            {QStringLiteral("-e"), m_deb, m_work.filePath(QStringLiteral("control"))});
    QVERIFY2(control.code == 0, qPrintable(describe(control)));
}

void TstPackage::packageNames()
{
    QVERIFY(QFileInfo(m_deb).size() > 0);
    QVERIFY(QFileInfo(m_tarball).size() > 0);
    qInfo("%s: %lld bytes; %s: %lld bytes", qPrintable(QFileInfo(m_deb).fileName()),
          QFileInfo(m_deb).size(), qPrintable(QFileInfo(m_tarball).fileName()),
          QFileInfo(m_tarball).size());
}

void TstPackage::installedFiles_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<bool>("executable");
    for (const char *program : {"traceflow", "traceflow-collector", "traceflow-demo"}) {
        QTest::addRow("%s", program) << QStringLiteral("usr/bin/") + QLatin1StringView(program) << true;
        QTest::addRow("%s man page", program)
            << QStringLiteral("usr/share/man/man1/%1.1.gz").arg(QLatin1StringView(program)) << false;
    }
    QTest::addRow("desktop entry") << QStringLiteral("usr/share/applications/%1.desktop").arg(AppId) << false;
    QTest::addRow("metainfo") << QStringLiteral("usr/share/metainfo/%1.metainfo.xml").arg(AppId) << false;
    for (int size : {16, 22, 24, 32, 48, 64, 128, 256, 512})
        QTest::addRow("icon %d", size)
            << QStringLiteral("usr/share/icons/hicolor/%1x%1/apps/traceflow.png").arg(size) << false;
    QTest::addRow("scalable icon") << QStringLiteral("usr/share/icons/hicolor/scalable/apps/traceflow.svg") << false;
    for (const char *name : {"keep-all.json", "errors-and-slow.json", "production.json", "README.md"})
        QTest::addRow("sampling %s", name)
            << QStringLiteral("usr/share/traceflow/sampling/") + QLatin1StringView(name) << false;
    for (const char *name : {"README.md", "LICENSE", "scaling.md", "copyright", "changelog.gz"})
        QTest::addRow("doc %s", name) << QStringLiteral("usr/share/doc/traceflow/") + QLatin1StringView(name) << false;
    QTest::addRow("service") << QStringLiteral("lib/systemd/system/traceflow-collector.service") << false;
    QTest::addRow("collector config") << QStringLiteral("etc/traceflow/collector.conf") << false;
}

void TstPackage::installedFiles()
{
    QFETCH(QString, path);
    QFETCH(bool, executable);
    const QFileInfo info(root(path));
    QVERIFY2(info.isFile() && info.size() > 0, qPrintable(path));
    QCOMPARE(info.isExecutable(), executable);
}

void TstPackage::binariesStripped_data()
{
    QTest::addColumn<QString>("program");
    for (const char *program : {"traceflow", "traceflow-collector", "traceflow-demo"})
        QTest::addRow("%s", program) << QString::fromLatin1(program);
}

void TstPackage::binariesStripped()
{
    QFETCH(QString, program);
    const Run sections = run(QStringLiteral("readelf"), {QStringLiteral("-S"), QStringLiteral("-W"),
                                                         root(QStringLiteral("usr/bin/") + program)});
    QVERIFY2(sections.code == 0, qPrintable(describe(sections)));
    QVERIFY(sections.out.contains(".text"));
    QVERIFY2(!sections.out.contains(".debug_info"), "debug information left in the package");
    QVERIFY2(!sections.out.contains(".symtab"), "symbol table left in the package");
}

void TstPackage::control()
{
    const Run fields = run(QStringLiteral("dpkg-deb"),
                           {QStringLiteral("-f"), m_deb, QStringLiteral("Package"),
                            QStringLiteral("Version"), QStringLiteral("Architecture"),
                            QStringLiteral("Depends")});
    QVERIFY2(fields.code == 0, qPrintable(describe(fields)));
    const QString text = QString::fromUtf8(fields.out);
    QVERIFY2(text.contains(u"Package: traceflow\n"), qPrintable(text));
    QVERIFY2(text.contains(QStringLiteral("Version: %1\n").arg(Version)), qPrintable(text));
    QVERIFY2(text.contains(u"Architecture: amd64\n"), qPrintable(text));
    // dpkg-shlibdeps' libraries, with versions, and what it cannot see (adduser for postinst).
    for (const char *dependency : {"adduser", "libc6 (>=", "libqt6core6 (>=", "libqt6widgets6 (>=",
                                   "libqt6charts6 (>=", "libqt6httpserver6 (>=", "libprotobuf"})
        QVERIFY2(text.contains(QLatin1StringView(dependency)), qPrintable(text));

    // Qt SQL loads the SQLite driver as a plugin, which dpkg-shlibdeps cannot see.
    const Run needed = run(QStringLiteral("objdump"), {QStringLiteral("-p"),
                                                       root(QStringLiteral("usr/bin/traceflow-collector"))});
    QVERIFY2(needed.code == 0, qPrintable(describe(needed)));
    if (needed.out.contains("libQt6Sql.so"))
        QVERIFY2(text.contains(u"libqt6sql6-sqlite"), qPrintable(text));

    const QByteArray conffiles = readFile(m_work.filePath(QStringLiteral("control/conffiles")));
    QCOMPARE(conffiles.trimmed(), QByteArray("/etc/traceflow/collector.conf"));
}

void TstPackage::maintainerScripts()
{
    for (const QString &name : {QStringLiteral("postinst"), QStringLiteral("prerm"), QStringLiteral("postrm")}) {
        const QString path = m_work.filePath(QStringLiteral("control/") + name);
        QVERIFY2(QFileInfo(path).isExecutable(), qPrintable(name));
        const Run syntax = run(QStringLiteral("sh"), {QStringLiteral("-n"), path});
        QVERIFY2(syntax.code == 0, qPrintable(name + u' ' + describe(syntax)));
    }
    // Installed disabled: postinst records the unit's state but never enables or starts it.
    const QString postinst = QString::fromUtf8(readFile(m_work.filePath(QStringLiteral("control/postinst"))));
    QVERIFY(postinst.contains(u"adduser --system"));
    QVERIFY(postinst.contains(u"deb-systemd-helper update-state"));
    static const QRegularExpression enables(QStringLiteral(
        R"((deb-systemd-helper|systemctl)\s+(--\S+\s+)*(enable|start)|deb-systemd-invoke\s+start)"));
    QVERIFY2(!enables.match(postinst).hasMatch(), qPrintable(enables.match(postinst).captured()));
}

void TstPackage::changelogMatchesVersion()
{
    const Run changelog = run(QStringLiteral("gzip"), {QStringLiteral("-dc"),
                                                      root(QStringLiteral("usr/share/doc/traceflow/changelog.gz"))});
    QVERIFY2(changelog.code == 0, qPrintable(describe(changelog)));
    // A version bump needs a changelog entry: its first line names the packaged version.
    const QByteArray first = changelog.out.left(changelog.out.indexOf('\n'));
    QVERIFY2(first.startsWith(QStringLiteral("traceflow (%1) ").arg(Version).toUtf8()), first.constData());
}

void TstPackage::lintianClean()
{
    // Errors and warnings fail; every tag the package overrides is explained in its overrides file.
    const Run lintian = run(QStringLiteral("lintian"),
                            {QStringLiteral("--fail-on"), QStringLiteral("error,warning"),
                             QStringLiteral("--display-info"), m_deb},
                            300000);
    qInfo("lintian:\n%s%s", lintian.out.constData(), lintian.err.constData());
    QVERIFY2(lintian.code == 0, qPrintable(describe(lintian)));
}

void TstPackage::dpkgInstallAndPurge()
{
    // The maintainer scripts for real: dpkg -i, the service's user running the collector with
    // the installed configuration, and dpkg --purge, in an overlay of this machine.
    const Run install = run(QStringLiteral("bash"),
                            {QStringLiteral(TRACEFLOW_SOURCE_DIR "/tests/installer/dpkg-install.sh"),
                             m_deb, m_work.filePath(QStringLiteral("dpkg"))},
                            120000);
    if (install.code == 77)
        QSKIP(install.out.trimmed().constData());
    QVERIFY2(install.code == 0, qPrintable(describe(install)));
}

void TstPackage::tarball()
{
    const Run list = run(QStringLiteral("tar"), {QStringLiteral("-tzf"), m_tarball});
    QVERIFY2(list.code == 0, qPrintable(describe(list)));
    const QStringList entries = QString::fromUtf8(list.out).split(u'\n', Qt::SkipEmptyParts);
    const QString top = QStringLiteral("traceflow-%1-linux-amd64/").arg(Version);
    for (const QString &entry : entries)
        QVERIFY2(entry.startsWith(top), qPrintable(entry));
    for (const char *path : {"bin/traceflow", "bin/traceflow-collector", "bin/traceflow-demo",
                             "share/man/man1/traceflow-collector.1.gz",
                             "share/traceflow/systemd/traceflow-collector.service",
                             "share/traceflow/systemd/collector.conf"})
        QVERIFY2(entries.contains(top + QLatin1StringView(path)), path);
    // Unpacks anywhere: nothing meant for the system's /etc or /lib.
    for (const QString &entry : entries)
        QVERIFY2(!entry.startsWith(top + u"etc") && !entry.startsWith(top + u"lib/systemd"), qPrintable(entry));
}

void TstPackage::versions_data()
{
    QTest::addColumn<QString>("program");
    for (const char *program : {"traceflow", "traceflow-collector", "traceflow-demo"})
        QTest::addRow("%s", program) << QString::fromLatin1(program);
}

void TstPackage::versions()
{
    QFETCH(QString, program);
    const Run version = run(root(QStringLiteral("usr/bin/") + program), {QStringLiteral("--version")});
    QVERIFY2(version.code == 0, qPrintable(describe(version)));
    QCOMPARE(version.out.trimmed(), (program + u' ' + Version).toUtf8());
}

void TstPackage::collectorIngestAndQuery()
{
    // The shipped /etc/traceflow/collector.conf, comments and all, with free ports for the test.
    CollectorProcess collector({QStringLiteral("--config"), root(QStringLiteral("etc/traceflow/collector.conf"))});
    collector.setProgram(root(QStringLiteral("usr/bin/traceflow-collector")));
    QVERIFY2(collector.start(), collector.standardError().constData());
    QVERIFY2(collector.standardOutput().contains("listening on 127.0.0.1:"), collector.standardOutput().constData());

    HttpTestClient client(collector.apiPort());
    const HttpTestResponse posted = client.post("/api/spans", SpanBatch, "application/json");
    QVERIFY2(posted.status == 200 || posted.status == 202, posted.body.constData());
    nlohmann::json trace;
    for (int attempt = 0; attempt < 50 && trace.is_null(); ++attempt) {
        const HttpTestResponse reply = client.get("/api/traces/trace-1");
        if (reply.status == 200)
            trace = reply.json();
        else
            QTest::qWait(20); // ingestion is queued; the span is stored a moment later
    }
    QVERIFY2(!trace.is_null(), "trace-1 was not found");
    const std::string text = trace.dump();
    QVERIFY2(text.find("\"span-1\"") != std::string::npos, text.c_str());
    QVERIFY2(text.find("\"checkout.request\"") != std::string::npos, text.c_str());
    QCOMPARE(collector.terminate(), 0);
}

void TstPackage::demoAgainstInstalledCollector()
{
    CollectorProcess collector;
    collector.setProgram(root(QStringLiteral("usr/bin/traceflow-collector")));
    QVERIFY(collector.start());

    // The services the desktop app's Demo menu starts, from the same directory as the app.
    QProcess services;
    services.start(root(QStringLiteral("usr/bin/traceflow-demo")),
                   {QStringLiteral("all"), QStringLiteral("--port"), QStringLiteral("0"),
                    QStringLiteral("--collector"),
                    QStringLiteral("http://127.0.0.1:%1").arg(collector.otlpPort())});
    QByteArray output;
    static const QRegularExpression checkoutLine(QStringLiteral(R"(checkout listening on (\S+))"));
    QRegularExpressionMatch match;
    for (int attempt = 0; attempt < 100 && !match.hasMatch(); ++attempt) {
        services.waitForReadyRead(100);
        output += services.readAllStandardOutput();
        match = checkoutLine.match(QString::fromUtf8(output));
    }
    QVERIFY2(match.hasMatch(), output.constData());

    const Run load = run(root(QStringLiteral("usr/bin/traceflow-demo")),
                         {QStringLiteral("load"), QStringLiteral("--requests"), QStringLiteral("3"),
                          QStringLiteral("--target"), match.captured(1) + QStringLiteral("/checkout")});
    QVERIFY2(load.code == 0, qPrintable(describe(load)));
    services.terminate(); // flushes the remaining spans
    QVERIFY(services.waitForFinished(10000));

    HttpTestClient client(collector.apiPort());
    std::string services_;
    for (int attempt = 0; attempt < 100; ++attempt) {
        services_ = client.get("/api/services").body.toStdString();
        if (services_.find("payment") != std::string::npos)
            break;
        QTest::qWait(50);
    }
    for (const char *service : {"checkout", "inventory", "payment"})
        QVERIFY2(services_.find(service) != std::string::npos, services_.c_str());
}

void TstPackage::desktopAppStarts()
{
    // The installed app with its plugins, offscreen, on free ports and with its own settings.
    QTemporaryDir config;
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
    environment.insert(QStringLiteral("XDG_CONFIG_HOME"), config.path());
    QProcess app;
    app.setProcessEnvironment(environment);
    app.start(root(QStringLiteral("usr/bin/traceflow")),
              {QStringLiteral("--port"), QStringLiteral("0"), QStringLiteral("--otlp-port"), QStringLiteral("0")});
    QVERIFY(app.waitForStarted(10000));
    QVERIFY2(!app.waitForFinished(2000), app.readAllStandardError().constData());
    app.terminate();
    QVERIFY(app.waitForFinished(10000));
}

void TstPackage::desktopFile()
{
    const QString path = root(QStringLiteral("usr/share/applications/%1.desktop").arg(AppId));
    const Run validate = run(QStringLiteral("desktop-file-validate"), {path});
    QVERIFY2(validate.code == 0 && validate.out.isEmpty(), qPrintable(describe(validate)));

    const QMultiHash<QString, QString> entry = keyValues(readFile(path));
    const QStringList categories = entry.value(QStringLiteral("Categories")).split(u';', Qt::SkipEmptyParts);
    QVERIFY(categories.contains(u"Development"));
    QVERIFY(categories.contains(u"Debugger"));
    const QString exec = entry.value(QStringLiteral("Exec")).section(u' ', 0, 0);
    QVERIFY2(QFileInfo(root(QStringLiteral("usr/bin/") + exec)).isExecutable(), qPrintable(exec));
    const QString icon = entry.value(QStringLiteral("Icon"));
    QVERIFY(QFileInfo::exists(root(QStringLiteral("usr/share/icons/hicolor/48x48/apps/%1.png").arg(icon))));
}

void TstPackage::metainfo()
{
    const QString path = root(QStringLiteral("usr/share/metainfo/%1.metainfo.xml").arg(AppId));
    const Run validate = run(QStringLiteral("appstreamcli"),
                             {QStringLiteral("validate"), QStringLiteral("--no-net"), path});
    QVERIFY2(validate.code == 0, qPrintable(describe(validate)));
    // Software centres show the newest <release>: it must be this version.
    const QByteArray text = readFile(path);
    const qsizetype release = text.indexOf("<release ");
    QVERIFY(release > 0);
    QVERIFY2(text.mid(release).startsWith(QStringLiteral("<release version=\"%1\"").arg(Version).toUtf8()),
             text.mid(release, 60).constData());
}

void TstPackage::manPages_data()
{
    versions_data();
}

void TstPackage::manPages()
{
    QFETCH(QString, program);
    const Run page = run(QStringLiteral("gzip"), {QStringLiteral("-dc"),
                                                 root(QStringLiteral("usr/share/man/man1/%1.1.gz").arg(program))});
    QVERIFY2(page.code == 0, qPrintable(describe(page)));
    QVERIFY(page.out.contains(QStringLiteral("TraceFlow %1").arg(Version).toUtf8()));
    QVERIFY(!page.out.contains("@VERSION@"));
    // groff's warnings (-ww) are what lintian reports as groff-message.
    QProcess groff;
    groff.start(QStringLiteral("groff"), {QStringLiteral("-man"), QStringLiteral("-Tutf8"),
                                          QStringLiteral("-ww"), QStringLiteral("-z")});
    QVERIFY(groff.waitForStarted());
    groff.write(page.out);
    groff.closeWriteChannel();
    QVERIFY(groff.waitForFinished());
    QCOMPARE(groff.exitCode(), 0);
    QCOMPARE(groff.readAllStandardError(), QByteArray());
}

void TstPackage::systemdUnit()
{
    const QMultiHash<QString, QString> unit =
        keyValues(readFile(root(QStringLiteral("lib/systemd/system/traceflow-collector.service"))));
    const QStringList exec = unit.value(QStringLiteral("ExecStart")).split(u' ', Qt::SkipEmptyParts);
    QCOMPARE(exec.value(0), QStringLiteral("/usr/bin/traceflow-collector"));
    QCOMPARE(exec.mid(1), QStringList({QStringLiteral("--config"), QStringLiteral("/etc/traceflow/collector.conf")}));
    QCOMPARE(unit.value(QStringLiteral("User")), QStringLiteral("traceflow"));
    QCOMPARE(unit.value(QStringLiteral("StateDirectory")), QStringLiteral("traceflow"));
    QCOMPARE(unit.value(QStringLiteral("NoNewPrivileges")), QStringLiteral("yes"));
    QCOMPARE(unit.value(QStringLiteral("ProtectSystem")), QStringLiteral("strict"));
    QCOMPARE(unit.value(QStringLiteral("PrivateTmp")), QStringLiteral("yes"));
    QCOMPARE(unit.value(QStringLiteral("WantedBy")), QStringLiteral("multi-user.target"));

    if (QStandardPaths::findExecutable(QStringLiteral("systemd-analyze")).isEmpty())
        QSKIP("systemd-analyze is not installed; the unit's directives are not checked");
    // systemd-analyze looks at a root with the unit, its binary and the system's targets (copied:
    // it resolves symbolic links inside the root).
    QTemporaryDir systemRoot;
    const QString units = systemRoot.filePath(QStringLiteral("lib/systemd/system"));
    QVERIFY(QDir().mkpath(units) && QDir().mkpath(systemRoot.filePath(QStringLiteral("usr/bin"))));
    QVERIFY(QFile::copy(root(QStringLiteral("usr/bin/traceflow-collector")),
                        systemRoot.filePath(QStringLiteral("usr/bin/traceflow-collector"))));
    QVERIFY(QFile::copy(root(QStringLiteral("lib/systemd/system/traceflow-collector.service")),
                        units + QStringLiteral("/traceflow-collector.service")));
    const QDir hostUnits(QStringLiteral("/lib/systemd/system"));
    for (const QString &target : hostUnits.entryList({QStringLiteral("*.target")}, QDir::Files))
        QFile::copy(hostUnits.filePath(target), units + u'/' + target);

    // Every directive known (an unknown one is only a warning on stderr) and ExecStart present.
    const Run verify = run(QStringLiteral("systemd-analyze"),
                           {QStringLiteral("verify"), QStringLiteral("--man=no"),
                            QStringLiteral("--root=") + systemRoot.path(),
                            units + QStringLiteral("/traceflow-collector.service")});
    QVERIFY2(verify.code == 0 && verify.err.isEmpty() && verify.out.isEmpty(), qPrintable(describe(verify)));
    // systemd's exposure score, 0 (locked down) to 10; the hardening keeps it below 2.
    const Run security = run(QStringLiteral("systemd-analyze"),
                             {QStringLiteral("security"), QStringLiteral("--offline=yes"),
                              QStringLiteral("--threshold=20"), QStringLiteral("--no-pager"),
                              QStringLiteral("--root=") + systemRoot.path(),
                              QStringLiteral("traceflow-collector.service")});
    qInfo("%s", security.out.mid(security.out.lastIndexOf("Overall")).trimmed().constData());
    QVERIFY2(security.code == 0, qPrintable(describe(security)));
}

QTEST_GUILESS_MAIN(TstPackage)
#include "tst_package.moc"
