// SPDX-License-Identifier: MIT
#pragma once

#include <QFuture>
#include <QObject>
#include <QString>
#include <QStringList>
#include <QThreadPool>

#include <atomic>
#include <memory>

template<typename T> class QFutureWatcher;

namespace traceflow {

class FileStore;
class TraceStore;

// Opens the store file (FileStore::open: the lock, the integrity check and loading every
// span into the memory store) on a thread of its own, so that the window shows at once and
// fills in while the spans arrive. The result is handed over on the GUI thread.
class StoreLoader : public QObject
{
    Q_OBJECT
public:
    explicit StoreLoader(QObject *parent = nullptr);
    // Cancels and waits for the loading thread: at most one batch of spans, or the integrity
    // check when it is still running. Nothing is written to the file before loading ends.
    ~StoreLoader() override;

    // Starts opening path into store, which must outlive the loader. Once.
    void start(const QString &path, TraceStore &store);
    // True from start() until finished() is emitted.
    bool isLoading() const { return m_loading; }
    // Finishes when the loading thread is done, and is never canceled (cancel() stops the
    // loading, not the future), so that work can be chained after it. Its progress text is
    // "Loading stored traces… N of M spans".
    QFuture<void> done() const { return QFuture<void>(m_future); }
    // Stops loading after the current batch; finished(false) follows.
    void cancel();

    // After finished(true): the open store, logging the memory store from now on.
    std::unique_ptr<FileStore> takeFileStore();
    // After finished(false): why there is no store file this session.
    QString error() const { return m_error; }
    // After finished(true): what happened while opening, one line each, with counts in the
    // user's locale (QLocale()), like the progress text.
    QStringList messages() const { return m_messages; }

Q_SIGNALS:
    void finished(bool ok);

private:
    void onFinished();

    QThreadPool m_pool; // one thread: the loading must not take a slot from searches
    std::unique_ptr<FileStore> m_fileStore; // used by the loading thread until it is done
    QFuture<bool> m_future;
    QFutureWatcher<bool> *m_watcher = nullptr;
    std::atomic<bool> m_cancel{false};
    bool m_loading = false;
    QString m_error;
    QStringList m_messages;
};

} // namespace traceflow
