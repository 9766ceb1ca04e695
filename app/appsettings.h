// SPDX-License-Identifier: MIT
#pragma once

#include "tracestore.h"

#include <QSettings>
#include <QString>
#include <QStringList>

#include <memory>

namespace traceflow {

enum class Theme
{
    System,
    Light,
    Dark
};

// The app's persistent settings, over QSettings, with their defaults in one place.
class AppSettings
{
public:
    AppSettings(); // the user's settings (organisation TraceFlow, application traceflow)
    explicit AppSettings(const QString &iniPath); // a settings file of its own (tests)

    QSettings &settings() { return *m_settings; }

    quint16 apiPort() const;
    void setApiPort(quint16 port);
    quint16 otlpPort() const;
    void setOtlpPort(quint16 port);
    StoreLimits storeLimits() const;
    void setStoreLimits(const StoreLimits &limits);
    // Keep traces between sessions in a store file: on by default for the user's settings
    // (in the user's data folder, e.g. ~/.local/share/TraceFlow/traces.db), off for a
    // settings file of its own (tests), whose store file would sit next to it.
    bool keepTraces() const;
    void setKeepTraces(bool keep);
    QString storeFilePath() const;
    Qt::TimeSpec timeSpec() const; // Qt::LocalTime or Qt::UTC
    void setTimeSpec(Qt::TimeSpec spec);
    Theme theme() const;
    void setTheme(Theme theme);
    int demoBasePort() const;
    void setDemoBasePort(int port);
    QString remoteUrl() const;
    void setRemoteUrl(const QString &url);

    // Most recent first, at most MaxRecentFiles.
    QStringList recentFiles() const;
    void addRecentFile(const QString &path);
    void removeRecentFile(const QString &path);

    static constexpr int MaxRecentFiles = 10;

private:
    std::unique_ptr<QSettings> m_settings;
    bool m_ownFile = false; // constructed with an ini path
};

} // namespace traceflow
