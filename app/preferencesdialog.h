// SPDX-License-Identifier: MIT
#pragma once

#include "appsettings.h"
#include "tracestore.h"

#include <QDialog>

class QCheckBox;
class QComboBox;
class QSpinBox;

namespace traceflow {

struct Preferences
{
    quint16 apiPort = 9411;
    quint16 otlpPort = 4318;
    StoreLimits limits;
    bool keepTraces = true;
    QString storeFile; // shown, not edited
    Qt::TimeSpec timeSpec = Qt::LocalTime;
    Theme theme = Theme::System;
    int demoBasePort = 9001;

    static Preferences load(const AppSettings &settings);
    void save(AppSettings &settings) const;
};

// Edit > Preferences: collector ports, store limits, time zone, theme, demo ports.
class PreferencesDialog : public QDialog
{
    Q_OBJECT
public:
    explicit PreferencesDialog(const Preferences &current, QWidget *parent = nullptr);

    Preferences preferences() const;
    // Fills the port fields with the first free ports from the current values on.
    void suggestFreePorts();
    void focusPorts();

    // The first port >= from (and != except) that 127.0.0.1 can listen on; 0 when none.
    static quint16 freePort(quint16 from, quint16 except = 0);

private:
    QSpinBox *m_apiPort = nullptr;
    QSpinBox *m_otlpPort = nullptr;
    QSpinBox *m_maxSpans = nullptr;
    QSpinBox *m_maxMegabytes = nullptr;
    QCheckBox *m_keepTraces = nullptr;
    QString m_storeFile;
    QComboBox *m_timeZone = nullptr;
    QComboBox *m_theme = nullptr;
    QSpinBox *m_demoPort = nullptr;
};

} // namespace traceflow
