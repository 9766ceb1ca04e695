// SPDX-License-Identifier: MIT
#pragma once

#include "assembledtrace.h"
#include "spanfile.h"
#include "tracequery.h"

#include <QFuture>
#include <QObject>

#include <functional>
#include <memory>
#include <optional>
#include <vector>

class QAction;
class QMenu;
class QWidget;

namespace traceflow {

class AppSettings;
class TaskProgress;
class TraceSource;

// File > Open (and dropped files), Open Recent and the three exports. Reading, decoding,
// gathering and writing run off the GUI thread, followed by the status bar's progress, and
// can be cancelled. A file that cannot be imported leaves the store as it was and says why.
class FileActions : public QObject
{
    Q_OBJECT
public:
    // What the window provides, asked for when an action runs.
    struct Context
    {
        std::function<TraceSource *()> source;
        std::function<std::shared_ptr<const AssembledTrace>()> openTrace;
        std::function<std::vector<TraceId>()> selectedTraces;
        std::function<std::optional<TraceQuery>()> currentQuery;
    };

    FileActions(AppSettings &settings, TaskProgress *progress, Context context, QWidget *window);

    QAction *openAction() const { return m_open; }
    QMenu *recentMenu() const { return m_recent; }
    QAction *exportTraceAction() const { return m_exportTrace; }
    QAction *exportSelectedAction() const { return m_exportSelected; }
    QAction *exportMatchingAction() const { return m_exportMatching; }
    // Enables the exports that have something to export.
    void updateActions(bool traceOpen, bool selection, bool results);

    // Imports a span file into the current source. The future finishes once the spans are
    // stored and holds the outcome (error set when nothing was imported; the spans themselves
    // went into the store, so `spans` is empty). Problems are shown in a message box.
    QFuture<ImportResult> importFile(const QString &path);
    // The future holds an empty string on success, else what went wrong (also shown).
    QFuture<QString> exportSpans(std::vector<Span> spans, const QString &path, ExportFormat format);
    QFuture<QString> exportTraces(const std::vector<TraceId> &ids, const QString &path,
                                  ExportFormat format);
    QFuture<QString> exportMatching(const QString &path, ExportFormat format);

Q_SIGNALS:
    // Spans went into the store; traces: the distinct trace ids of the file.
    void imported(const QString &path, int spans, const std::vector<traceflow::TraceId> &traces);
    void exported(const QString &path, int spans);

private:
    void openDialog();
    void rebuildRecentMenu();
    // Asks where and in which format; false when the user cancelled.
    bool askExportPath(const QString &suggestedName, QString *path, ExportFormat *format);
    void showProblem(const QString &title, const QString &text, const QString &details = {});

    AppSettings &m_settings;
    TaskProgress *m_progress = nullptr;
    Context m_context;
    QWidget *m_window = nullptr;
    QAction *m_open = nullptr;
    QMenu *m_recent = nullptr;
    QAction *m_exportTrace = nullptr;
    QAction *m_exportSelected = nullptr;
    QAction *m_exportMatching = nullptr;
};

} // namespace traceflow
