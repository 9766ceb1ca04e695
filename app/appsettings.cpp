// SPDX-License-Identifier: MIT
#include "appsettings.h"

#include <QDir>
#include <QFileInfo>
#include <QStandardPaths>

namespace traceflow {

namespace {
const QString ApiPortKey = QStringLiteral("collector/apiPort");
const QString OtlpPortKey = QStringLiteral("collector/otlpPort");
const QString MaxSpansKey = QStringLiteral("store/maxSpans");
const QString MaxMegabytesKey = QStringLiteral("store/maxMegabytes");
const QString KeepTracesKey = QStringLiteral("store/keepTraces");
const QString StoreFileKey = QStringLiteral("store/file");
const QString TimeZoneKey = QStringLiteral("view/timeZone");
const QString ThemeKey = QStringLiteral("view/theme");
const QString DemoPortKey = QStringLiteral("demo/basePort");
const QString RemoteUrlKey = QStringLiteral("remote/url");
const QString RecentFilesKey = QStringLiteral("recentFiles");

quint16 port(const QSettings &settings, const QString &key, quint16 fallback)
{
    bool ok = false;
    const int value = settings.value(key, fallback).toInt(&ok);
    return ok && value >= 0 && value <= 65535 ? quint16(value) : fallback;
}
} // namespace

AppSettings::AppSettings() : m_settings(std::make_unique<QSettings>()) {}

AppSettings::AppSettings(const QString &iniPath)
    : m_settings(std::make_unique<QSettings>(iniPath, QSettings::IniFormat)), m_ownFile(true)
{
}

quint16 AppSettings::apiPort() const
{
    return port(*m_settings, ApiPortKey, 9411);
}
void AppSettings::setApiPort(quint16 port)
{
    m_settings->setValue(ApiPortKey, port);
}
quint16 AppSettings::otlpPort() const
{
    return port(*m_settings, OtlpPortKey, 4318);
}
void AppSettings::setOtlpPort(quint16 port)
{
    m_settings->setValue(OtlpPortKey, port);
}

StoreLimits AppSettings::storeLimits() const
{
    StoreLimits limits;
    const qulonglong spans =
        m_settings->value(MaxSpansKey, qulonglong(limits.maxSpans)).toULongLong();
    const qulonglong megabytes =
        m_settings->value(MaxMegabytesKey, qulonglong(limits.maxBytes >> 20)).toULongLong();
    if (spans > 0)
        limits.maxSpans = spans;
    if (megabytes > 0)
        limits.maxBytes = std::size_t(megabytes) << 20;
    return limits;
}

void AppSettings::setStoreLimits(const StoreLimits &limits)
{
    m_settings->setValue(MaxSpansKey, qulonglong(limits.maxSpans));
    m_settings->setValue(MaxMegabytesKey, qulonglong(limits.maxBytes >> 20));
}

bool AppSettings::keepTraces() const
{
    return m_settings->value(KeepTracesKey, !m_ownFile).toBool();
}

void AppSettings::setKeepTraces(bool keep)
{
    m_settings->setValue(KeepTracesKey, keep);
}

QString AppSettings::storeFilePath() const
{
    const QString folder = m_ownFile
        ? QFileInfo(m_settings->fileName()).absolutePath()
        : QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
    return m_settings->value(StoreFileKey, QDir(folder).filePath(QStringLiteral("traces.db")))
        .toString();
}

Qt::TimeSpec AppSettings::timeSpec() const
{
    return m_settings->value(TimeZoneKey).toString() == u"utc" ? Qt::UTC : Qt::LocalTime;
}

void AppSettings::setTimeSpec(Qt::TimeSpec spec)
{
    m_settings->setValue(TimeZoneKey,
                         spec == Qt::UTC ? QStringLiteral("utc") : QStringLiteral("local"));
}

Theme AppSettings::theme() const
{
    const QString name = m_settings->value(ThemeKey).toString();
    return name == u"dark" ? Theme::Dark : name == u"light" ? Theme::Light : Theme::System;
}

void AppSettings::setTheme(Theme theme)
{
    m_settings->setValue(ThemeKey, theme == Theme::Dark    ? QStringLiteral("dark")
                                   : theme == Theme::Light ? QStringLiteral("light")
                                                           : QStringLiteral("system"));
}

int AppSettings::demoBasePort() const
{
    const int value = m_settings->value(DemoPortKey, 9001).toInt();
    return value > 0 && value <= 65533 ? value : 9001;
}

void AppSettings::setDemoBasePort(int port)
{
    m_settings->setValue(DemoPortKey, port);
}

QString AppSettings::remoteUrl() const
{
    return m_settings->value(RemoteUrlKey, QStringLiteral("http://127.0.0.1:9411")).toString();
}

void AppSettings::setRemoteUrl(const QString &url)
{
    m_settings->setValue(RemoteUrlKey, url);
}

QStringList AppSettings::recentFiles() const
{
    return m_settings->value(RecentFilesKey).toStringList().mid(0, MaxRecentFiles);
}

void AppSettings::addRecentFile(const QString &path)
{
    const QString absolute = QFileInfo(path).absoluteFilePath();
    QStringList files = recentFiles();
    files.removeAll(absolute);
    files.prepend(absolute);
    m_settings->setValue(RecentFilesKey, files.mid(0, MaxRecentFiles));
}

void AppSettings::removeRecentFile(const QString &path)
{
    QStringList files = recentFiles();
    files.removeAll(path);
    m_settings->setValue(RecentFilesKey, files);
}

} // namespace traceflow
