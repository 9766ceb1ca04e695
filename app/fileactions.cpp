// SPDX-License-Identifier: MIT
#include "fileactions.h"

#include "appsettings.h"
#include "taskprogress.h"
#include "tracesource.h"

#include <QAction>
#include <QFileDialog>
#include <QFileInfo>
#include <QMenu>
#include <QMessageBox>
#include <QPromise>
#include <QStandardPaths>
#include <QtConcurrent/QtConcurrentRun>

#include <unordered_set>

namespace traceflow {

namespace {
const QString ExportDirKey = QStringLiteral("export/directory");
const QString ImportDirKey = QStringLiteral("import/directory");
constexpr int ProgressSteps = 1000;

int steps(qint64 done, qint64 total)
{
    return total > 0 ? static_cast<int>(done * ProgressSteps / total) : 0;
}

using Done = std::shared_ptr<QPromise<QString>>;

Done makeDone()
{
    auto done = std::make_shared<QPromise<QString>>();
    done->start();
    return done;
}

void finish(const Done &done, const QString &error)
{
    done->addResult(error);
    done->finish();
}
} // namespace

FileActions::FileActions(AppSettings &settings, TaskProgress *progress, Context context,
                         QWidget *window)
    : QObject(window), m_settings(settings), m_progress(progress), m_context(std::move(context)),
      m_window(window)
{
    m_open =
        new QAction(QIcon::fromTheme(QStringLiteral("document-open")), tr("&Open\u2026"), this);
    m_open->setShortcut(QKeySequence::Open);
    m_open->setStatusTip(tr("Import TraceFlow JSON, OTLP JSON, Zipkin v2 or Jaeger JSON files"));
    connect(m_open, &QAction::triggered, this, &FileActions::openDialog);
    m_recent = new QMenu(tr("Open &Recent"), window);
    connect(m_recent, &QMenu::aboutToShow, this, &FileActions::rebuildRecentMenu);

    m_exportTrace = new QAction(QIcon::fromTheme(QStringLiteral("document-save-as")),
                                tr("&Export Open Trace\u2026"), this);
    m_exportTrace->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_E));
    connect(m_exportTrace, &QAction::triggered, this, [this] {
        const std::shared_ptr<const AssembledTrace> trace = m_context.openTrace();
        QString path;
        ExportFormat format;
        if (!trace || trace->spans.empty() ||
            !askExportPath(
                QStringLiteral("trace-%1.json").arg(trace->spans.front().span.traceId.toString()),
                &path, &format))
            return;
        std::vector<Span> spans;
        spans.reserve(trace->spans.size());
        for (const AssembledSpan &s : trace->spans)
            spans.push_back(s.span);
        exportSpans(std::move(spans), path, format);
    });
    m_exportSelected = new QAction(tr("Export &Selected Traces\u2026"), this);
    connect(m_exportSelected, &QAction::triggered, this, [this] {
        const std::vector<TraceId> ids = m_context.selectedTraces();
        QString path;
        ExportFormat format;
        if (!ids.empty() && askExportPath(QStringLiteral("traces.json"), &path, &format))
            exportTraces(ids, path, format);
    });
    m_exportMatching = new QAction(tr("Export &All Matching Traces\u2026"), this);
    connect(m_exportMatching, &QAction::triggered, this, [this] {
        QString path;
        ExportFormat format;
        if (askExportPath(QStringLiteral("traces.json"), &path, &format))
            exportMatching(path, format);
    });
    updateActions(false, false, false);
}

void FileActions::updateActions(bool traceOpen, bool selection, bool results)
{
    m_exportTrace->setEnabled(traceOpen);
    m_exportSelected->setEnabled(selection);
    m_exportMatching->setEnabled(results);
}

void FileActions::openDialog()
{
    const QString dir = m_settings.settings().value(ImportDirKey).toString();
    const QStringList paths = QFileDialog::getOpenFileNames(
        m_window, tr("Open Span Files"), dir, tr("Span files (*.json);;All files (*)"));
    for (const QString &path : paths)
        importFile(path);
    if (!paths.isEmpty())
        m_settings.settings().setValue(ImportDirKey, QFileInfo(paths.front()).absolutePath());
}

void FileActions::rebuildRecentMenu()
{
    m_recent->clear();
    const QStringList files = m_settings.recentFiles();
    for (const QString &path : files) {
        QAction *action = m_recent->addAction(QFileInfo(path).fileName());
        action->setToolTip(path);
        action->setStatusTip(path);
        connect(action, &QAction::triggered, this, [this, path] { importFile(path); });
    }
    if (files.isEmpty())
        m_recent->addAction(tr("No recent files"))->setEnabled(false);
    m_recent->addSeparator();
    QAction *clear = m_recent->addAction(tr("Clear Recent Files"));
    clear->setEnabled(!files.isEmpty());
    connect(clear, &QAction::triggered, this, [this] {
        for (const QString &path : m_settings.recentFiles())
            m_settings.removeRecentFile(path);
    });
}

QFuture<ImportResult> FileActions::importFile(const QString &path)
{
    auto done = std::make_shared<QPromise<ImportResult>>();
    done->start();
    QFuture<ImportResult> result = done->future();
    QFuture<ImportResult> read = QtConcurrent::run([path](QPromise<ImportResult> &promise) {
        promise.setProgressRange(0, ProgressSteps);
        ImportResult r = SpanFile::read(path, [&promise](qint64 doneBytes, qint64 total) {
            promise.setProgressValue(steps(doneBytes, total));
            if (doneBytes == total)
                promise.setProgressRange(0, 0); // decoding: no progress to tell
            return !promise.isCanceled();
        });
        promise.addResult(std::move(r));
    });
    const QString name = QFileInfo(path).fileName();
    m_progress->track(read, tr("Opening %1").arg(name));
    read.then(this,
              [this, done, path, name](ImportResult r) {
                  if (r.canceled) {
                      done->addResult(std::move(r));
                      done->finish();
                      return;
                  }
                  if (!r.error.isEmpty()) {
                      if (QFileInfo::exists(path))
                          m_settings.addRecentFile(path);
                      else
                          m_settings.removeRecentFile(path);
                      showProblem(tr("Cannot Import %1").arg(name), r.error);
                      done->addResult(std::move(r));
                      done->finish();
                      return;
                  }
                  m_settings.addRecentFile(path);
                  if (r.rejected > 0)
                      showProblem(
                          tr("Some Spans Were Not Imported"),
                          tr("%1 of the spans in %2 were not valid and were left out; the other %3 "
                             "were imported.")
                              .arg(r.rejected)
                              .arg(name)
                              .arg(r.spans.size()),
                          r.errors.join(u'\n'));
                  std::vector<TraceId> traces;
                  std::unordered_set<TraceId> seen;
                  for (const Span &span : r.spans) {
                      if (seen.insert(span.traceId).second)
                          traces.push_back(span.traceId);
                  }
                  const int count = static_cast<int>(r.spans.size());
                  QFuture<int> insert = m_context.source()->insert(std::move(r.spans));
                  r.spans.clear();
                  m_progress->track(insert, tr("Storing %1 spans").arg(count));
                  insert.then(this,
                              [this, done, path, r = std::move(r), traces, count](int) mutable {
                                  Q_EMIT imported(path, count, traces);
                                  done->addResult(std::move(r));
                                  done->finish();
                              });
              })
        .onCanceled(this, [done] {
            ImportResult r;
            r.canceled = true;
            done->addResult(std::move(r));
            done->finish();
        });
    return result;
}

QFuture<QString> FileActions::exportSpans(std::vector<Span> spans, const QString &path,
                                          ExportFormat format)
{
    const int count = static_cast<int>(spans.size());
    QFuture<QString> write =
        QtConcurrent::run([spans = std::move(spans), path, format](QPromise<QString> &promise) {
            promise.setProgressRange(0, ProgressSteps);
            promise.addResult(
                SpanFile::write(path, spans, format, [&promise](qint64 done, qint64 total) {
                    promise.setProgressValue(steps(done, total));
                    return !promise.isCanceled();
                }));
        });
    const QString name = QFileInfo(path).fileName();
    m_progress->track(write, tr("Exporting %1").arg(name));
    write.then(this, [this, path, name, count](const QString &error) {
        if (error.isEmpty())
            Q_EMIT exported(path, count);
        else
            showProblem(tr("Cannot Export %1").arg(name), error);
    });
    return write;
}

QFuture<QString> FileActions::exportTraces(const std::vector<TraceId> &ids, const QString &path,
                                           ExportFormat format)
{
    const Done done = makeDone();
    QFuture<QString> result = done->future();
    QFuture<std::vector<Span>> gather = m_context.source()->traces(ids);
    m_progress->track(gather, tr("Collecting %1 traces").arg(ids.size()));
    gather
        .then(this,
              [this, done, path, format](std::vector<Span> spans) {
                  exportSpans(std::move(spans), path, format)
                      .then(this, [done](const QString &error) { finish(done, error); })
                      .onCanceled(this, [done] { finish(done, tr("Export cancelled.")); });
              })
        .onCanceled(this, [done] { finish(done, tr("Export cancelled.")); });
    return result;
}

QFuture<QString> FileActions::exportMatching(const QString &path, ExportFormat format)
{
    std::optional<TraceQuery> query = m_context.currentQuery();
    if (!query) {
        showProblem(tr("Cannot Export"), tr("The search has an invalid field."));
        return QtFuture::makeReadyFuture(tr("The search has an invalid field."));
    }
    query->limit = 0; // every match, not only the page shown
    const Done done = makeDone();
    QFuture<QString> result = done->future();
    m_context.source()->query(*query).then(this, [this, done, path, format](const QueryResult &r) {
        std::vector<TraceId> ids;
        ids.reserve(r.traces.size());
        for (const TraceSummary &t : r.traces)
            ids.push_back(t.traceId);
        exportTraces(ids, path, format).then(this, [done](const QString &error) {
            finish(done, error);
        });
    });
    return result;
}

bool FileActions::askExportPath(const QString &suggestedName, QString *path, ExportFormat *format)
{
    QString dir = m_settings.settings().value(ExportDirKey).toString();
    if (dir.isEmpty())
        dir = QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation);
    const QString traceflow = SpanFile::filter(ExportFormat::TraceflowJson);
    const QString otlp = SpanFile::filter(ExportFormat::OtlpJson);
    QString selected = traceflow;
    QString chosen =
        QFileDialog::getSaveFileName(m_window, tr("Export Traces"), dir + u'/' + suggestedName,
                                     traceflow + QStringLiteral(";;") + otlp, &selected);
    if (chosen.isEmpty())
        return false;
    if (QFileInfo(chosen).suffix().isEmpty())
        chosen += QStringLiteral(".json");
    m_settings.settings().setValue(ExportDirKey, QFileInfo(chosen).absolutePath());
    *path = chosen;
    *format = selected == otlp ? ExportFormat::OtlpJson : ExportFormat::TraceflowJson;
    return true;
}

void FileActions::showProblem(const QString &title, const QString &text, const QString &details)
{
    // Window-modal and not blocking: the window keeps drawing, live updates go on.
    auto *box = new QMessageBox(QMessageBox::Warning, title, text, QMessageBox::Ok, m_window);
    box->setObjectName(QStringLiteral("fileProblem"));
    box->setAttribute(Qt::WA_DeleteOnClose);
    if (!details.isEmpty())
        box->setDetailedText(details);
    box->open();
}

} // namespace traceflow
