// SPDX-License-Identifier: MIT
#include "storeloader.h"

#include "filestore.h"

#include <QFutureWatcher>
#include <QLocale>
#include <QtConcurrent/QtConcurrentRun>

#include <algorithm>
#include <climits>

namespace traceflow {

namespace {
int progressInt(qint64 value)
{
    return int(std::clamp<qint64>(value, 0, INT_MAX));
}
} // namespace

StoreLoader::StoreLoader(QObject *parent)
    : QObject(parent), m_watcher(new QFutureWatcher<bool>(this))
{
    m_pool.setMaxThreadCount(1);
    m_pool.setObjectName(QStringLiteral("storeLoader"));
    connect(m_watcher, &QFutureWatcherBase::finished, this, &StoreLoader::onFinished);
}

StoreLoader::~StoreLoader()
{
    m_watcher->disconnect(this);
    cancel();
    m_pool.waitForDone();
    // m_fileStore goes last: an open that was canceled never started writing, and one that
    // succeeded but was not taken commits nothing it has not been given.
}

void StoreLoader::start(const QString &path, TraceStore &store)
{
    Q_ASSERT(!m_loading && !m_fileStore);
    FileStore::Options options;
    options.path = path;
    m_fileStore = std::make_unique<FileStore>(options);
    m_loading = true;
    // The thread touches only the FileStore, the (thread-safe) memory store and m_cancel;
    // the GUI thread reads the FileStore again only after the future finished.
    m_future = QtConcurrent::run(&m_pool, [this, file = m_fileStore.get(),
                                           target = &store](QPromise<bool> &promise) {
        const QLocale locale;
        int range = 0;
        const bool ok = file->open(*target, [&](qint64 loaded, qint64 total) {
            if (total > 0) {
                // Once: setting the range resets the value, and the bar would flicker.
                if (range != progressInt(total)) {
                    range = progressInt(total);
                    promise.setProgressRange(0, range);
                }
                promise.setProgressValueAndText(
                    progressInt(loaded), tr("Loading stored traces\u2026 %1 of %2 spans")
                                             .arg(locale.toString(loaded), locale.toString(total)));
            }
            return !m_cancel.load();
        });
        promise.addResult(ok);
    });
    m_watcher->setFuture(m_future);
}

void StoreLoader::cancel()
{
    m_cancel.store(true);
}

std::unique_ptr<FileStore> StoreLoader::takeFileStore()
{
    Q_ASSERT(!m_loading);
    return std::move(m_fileStore);
}

void StoreLoader::onFinished()
{
    m_loading = false;
    const bool ok = m_future.resultCount() > 0 && m_future.result();
    if (ok) {
        m_messages = m_fileStore->messages(QLocale()); // for a person: "1,000,000 spans"
    } else {
        m_error = m_fileStore->error();
        m_fileStore.reset(); // releases the lock
    }
    Q_EMIT finished(ok);
}

} // namespace traceflow
