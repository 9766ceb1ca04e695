// SPDX-License-Identifier: MIT
#include "editmenu.h"

#include "searchbar.h"
#include "tracecomparecontroller.h"

#include <QLineEdit>

namespace traceflow {

namespace {
void focusAll(QLineEdit *edit)
{
    edit->setFocus();
    edit->selectAll();
}
} // namespace

EditMenu::EditMenu(SearchBar *searchBar, TraceCompareController *compare, QWidget *parent)
    : QMenu(tr("&Edit"), parent)
{
    addAction(tr("&Copy Trace ID"), this, &EditMenu::copyTraceIdRequested)
        ->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_C));
    addAction(tr("&Go to Trace ID\u2026"), this, [searchBar] {
        focusAll(searchBar->traceIdEdit());
    })->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_L));
    addAction(tr("&Search Tags"), this, [searchBar] {
        focusAll(searchBar->tagsEdit());
    })->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_F));
    addSeparator();
    addAction(compare->compareAction());
    addAction(compare->compareWithAction());
    addSeparator();
    QAction *preferences =
        addAction(tr("&Preferences\u2026"), this, &EditMenu::preferencesRequested);
    preferences->setShortcut(QKeySequence::Preferences);
    preferences->setMenuRole(QAction::PreferencesRole);
}

} // namespace traceflow
