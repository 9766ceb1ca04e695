// SPDX-License-Identifier: MIT
#pragma once

#include <QMenu>

namespace traceflow {

class SearchBar;
class TraceCompareController;

// Edit: copy the shown trace's id, go to a trace id or the tag search, compare, preferences.
class EditMenu : public QMenu
{
    Q_OBJECT
public:
    EditMenu(SearchBar *searchBar, TraceCompareController *compare, QWidget *parent = nullptr);

Q_SIGNALS:
    void copyTraceIdRequested();
    void preferencesRequested();
};

} // namespace traceflow
