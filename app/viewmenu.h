// SPDX-License-Identifier: MIT
#pragma once

#include "appsettings.h"

#include <QMenu>

class QActionGroup;

namespace traceflow {

// View: refresh, trace view beside the list, time zone and theme. Choices are saved to the
// settings and announced; the window applies them.
class ViewMenu : public QMenu
{
    Q_OBJECT
public:
    ViewMenu(AppSettings &settings, QWidget *parent = nullptr);

    QAction *besideAction() const { return m_beside; }
    // Checks the entries that match the settings (after Preferences changed them).
    void syncWithSettings();

Q_SIGNALS:
    void refreshRequested();
    void besideToggled(bool beside);
    void timeSpecChosen(Qt::TimeSpec spec);
    void themeChosen(traceflow::Theme theme);

private:
    AppSettings &m_settings;
    QAction *m_beside = nullptr;
    QActionGroup *m_zones = nullptr;
    QActionGroup *m_themes = nullptr;
};

} // namespace traceflow
