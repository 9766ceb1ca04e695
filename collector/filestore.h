// SPDX-License-Identifier: MIT
#pragma once

#include "filestorewriter.h"
#include "storeobserver.h"

#include <QByteArray>
#include <QLocale>
#include <QLockFile>
#include <QString>
#include <QStringList>

#include <functional>
#include <memory>

namespace traceflow {

struct CollectorConfig;
class StoreDatabase;
class TraceStore;

// The durable store: a SQLite file (WAL mode) that keeps every span the TraceStore accepts,
// so that a restart finds them again. It observes the store (see StoreObserver), so HTTP
// ingest, the tail sampler and file imports are all logged, and a FileStoreWriter commits them
// once per flush interval: a kill -9 loses at most the last interval. On open it loads the
// file back into the memory store (the newest spans that fit its limits), rebuilding the
// index, sketches and service graph. Retention by age and size runs in the background. The
// TraceStore must outlive the FileStore.
class FileStore : public StoreObserver
{
public:
    // The writer takes them as they are.
    using Options = FileStoreWriter::Settings;
    static Options optionsFromConfig(const CollectorConfig &config);
    struct LoadReport
    {
        qint64 storedSpans = 0; // in the file
        qint64 loadedSpans = 0; // handed to the memory store
        qint64 unreadableChunks = 0;
        qint64 maxSpans = 0; // the memory store's limit: it kept the newest when below stored
        double seconds = 0;
        QString movedAside; // where an unreadable file went, empty when none
    };

    // Called on the opening thread after each batch of loaded spans is in the memory store,
    // with the spans loaded so far and those to load in all (both 0 before the first batch).
    // Returning false abandons the open: nothing is written to the file, open() returns false
    // and wasCanceled() is true. The spans loaded until then stay in the memory store.
    using LoadProgress = std::function<bool(qint64 loaded, qint64 total)>;

    explicit FileStore(Options options);
    ~FileStore() override; // stops observing, commits what is pending, closes the file

    // Opens (or creates, with its folder) the file, loads it into store and starts logging
    // store's changes. A corrupt or unreadable file is renamed to <path>.corrupt-<time>
    // and a fresh one started (messages() says so). False, with error(), only when no store
    // can be had: the folder is not writable, another process uses the file, or the file is
    // not a TraceFlow store, or progress asked to stop; the lock on the file is released
    // then. May run on any thread; the store is only observed once it returns true.
    bool open(TraceStore &store, LoadProgress progress = {});
    bool wasCanceled() const { return m_canceled; }
    QString error() const { return m_error; }
    // What happened while opening, one line each, with counts as locale writes them: plain
    // digits for the log ("loaded 1000000 spans"), grouped for a person when the app passes
    // the user's locale ("loaded 1,000,000 spans").
    QStringList messages(const QLocale &locale = QLocale::c()) const;
    LoadReport loadReport() const { return m_report; }
    QString path() const { return m_options.path; }

    // Empty while writes succeed; otherwise why they fail ("the disk is full ..."), and ingest
    // answers 503 until a retry succeeds.
    QString writeError() const;
    // Blocks until what the store reported so far is committed; false when a write failed.
    bool flush();
    void runRetention();
    void setMaxPageCount(qint64 pages);
    FileStoreCounters counters() const;
    // traceflow_storage_* in the Prometheus text format.
    QByteArray prometheus() const;

    void spansStored(std::vector<Span> spans) override;
    void traceRemoved(const TraceId &id) override;
    void storeCleared() override;

private:
    enum class Attempt { Ok, Unreadable, Failed };
    Attempt tryOpen(TraceStore &store, QString *why);
    bool load(TraceStore &store, StoreDatabase &db);
    bool moveAside(QString *aside);

    Options m_options;
    QLockFile m_lock;
    std::unique_ptr<FileStoreWriter> m_writer;
    TraceStore *m_store = nullptr;
    QString m_error;
    QStringList m_messages; // notes without counts (a file moved aside)
    LoadReport m_report;
    bool m_loaded = false; // the whole file was read: messages() reports m_report
    LoadProgress m_progress;
    bool m_canceled = false;
};

} // namespace traceflow
