// SPDX-License-Identifier: MIT
#include "viewmenu.h"

#include <QActionGroup>

namespace traceflow {

ViewMenu::ViewMenu(AppSettings &settings, QWidget *parent)
    : QMenu(tr("&View"), parent), m_settings(settings), m_zones(new QActionGroup(this)),
      m_themes(new QActionGroup(this))
{
    QAction *refresh = addAction(tr("&Refresh"), this, &ViewMenu::refreshRequested);
    refresh->setShortcut(QKeySequence::Refresh);
    m_beside = addAction(tr("Trace View &Beside List"));
    m_beside->setCheckable(true);
    connect(m_beside, &QAction::toggled, this, &ViewMenu::besideToggled);
    addSeparator();

    QMenu *zone = addMenu(tr("&Time Zone"));
    for (const auto &[label, spec] :
         {std::pair{tr("&Local Time"), Qt::LocalTime}, std::pair{tr("&UTC"), Qt::UTC}}) {
        QAction *action = zone->addAction(label, this, [this, spec = spec] {
            m_settings.setTimeSpec(spec);
            Q_EMIT timeSpecChosen(spec);
        });
        action->setCheckable(true);
        action->setData(int(spec));
        m_zones->addAction(action);
    }
    QMenu *theme = addMenu(tr("T&heme"));
    for (const auto &[label, value] :
         {std::pair{tr("Follow the &System"), Theme::System}, std::pair{tr("&Light"), Theme::Light},
          std::pair{tr("&Dark"), Theme::Dark}}) {
        QAction *action = theme->addAction(label, this, [this, value = value] {
            m_settings.setTheme(value);
            Q_EMIT themeChosen(value);
        });
        action->setCheckable(true);
        action->setData(int(value));
        m_themes->addAction(action);
    }
    syncWithSettings();
}

void ViewMenu::syncWithSettings()
{
    for (QAction *action : m_zones->actions())
        action->setChecked(action->data().toInt() == int(m_settings.timeSpec()));
    for (QAction *action : m_themes->actions())
        action->setChecked(action->data().toInt() == int(m_settings.theme()));
}

} // namespace traceflow
