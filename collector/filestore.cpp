// SPDX-License-Identifier: MIT
#include "filestore.h"

#include "collectorconfig.h"
#include "prometheustext.h"
#include "spancodec.h"
#include "storedatabase.h"
#include "tracestore.h"

#include <QDateTime>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QFuture>
#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>
#include <QtConcurrent/QtConcurrentRun>

#include <deque>

namespace traceflow {

namespace {
using prometheus::header;
using prometheus::metric;
using prometheus::sample;

// Spans decoded per task while loading, and tasks in flight: enough to keep both cores busy
// decoding while this thread reads rows and inserts.
constexpr qint64 LoadBatchSpans = 16'384;
constexpr std::size_t LoadTasksInFlight = 4;

// Set while retention removes its traces from the memory store, so that the removals are not
// logged back to the file they were just deleted from.
thread_local bool t_retentionRemoving = false;

struct Decoded
{
    std::vector<Span> spans;
    qint64 unreadable = 0;
};

Decoded decodeAll(const QList<QByteArray> &blobs, qint64 spanHint)
{
    Decoded d;
    d.spans.reserve(std::size_t(spanHint));
    for (const QByteArray &blob : blobs) {
        if (!SpanCodec::decode(blob, &d.spans))
            ++d.unreadable;
    }
    return d;
}

} // namespace

FileStore::Options FileStore::optionsFromConfig(const CollectorConfig &config)
{
    Options o;
    o.path = config.storagePath;
    o.flushIntervalMs = config.flushIntervalMs;
    o.retentionAgeMs = config.retentionAgeMs;
    o.retentionBytes = config.retentionBytes;
    return o;
}

FileStore::FileStore(Options options)
    : m_options(std::move(options)), m_lock(m_options.path + QStringLiteral(".lock"))
{
    m_lock.setStaleLockTime(0); // stale only when its process is gone (e.g. after kill -9)
}

FileStore::~FileStore()
{
    if (m_store)
        m_store->setObserver(nullptr);
    m_writer.reset(); // commits what is pending
}

bool FileStore::open(TraceStore &store, LoadProgress progress)
{
    m_progress = std::move(progress);
    m_canceled = false;
    const QFileInfo info(m_options.path);
    if (!QDir().mkpath(info.absolutePath())) {
        m_error = QStringLiteral("cannot create the folder %1").arg(info.absolutePath());
        return false;
    }
    if (!m_lock.tryLock(0)) {
        qint64 pid = 0;
        QString host, app;
        m_lock.getLockInfo(&pid, &host, &app);
        m_error = m_lock.error() == QLockFile::LockFailedError
            ? QStringLiteral("%1 is in use by another process (%2, pid %3)")
                  .arg(m_options.path, app.isEmpty() ? QStringLiteral("unknown") : app)
                  .arg(pid)
            : QStringLiteral("cannot create the lock file %1.lock").arg(m_options.path);
        return false;
    }
    QString why;
    Attempt attempt = tryOpen(store, &why);
    if (attempt == Attempt::Unreadable) {
        store.clear(); // whatever was loaded before the damage showed
        m_report = {};
        QString aside;
        if (!moveAside(&aside)) {
            m_error = QStringLiteral("%1 is unreadable (%2) and cannot be moved aside")
                          .arg(m_options.path, why);
            m_lock.unlock(); // a failed open leaves the file to others
            return false;
        }
        m_report.movedAside = aside;
        m_messages.append(QStringLiteral("the store %1 is unreadable (%2); it was kept as %3 "
                                         "and an empty store was started")
                              .arg(m_options.path, why, aside));
        attempt = tryOpen(store, &why);
    }
    m_progress = nullptr; // it may refer to the caller's state
    if (attempt != Attempt::Ok) {
        m_error = m_canceled
                      ? QStringLiteral("loading the store %1 was canceled").arg(m_options.path)
                      : QStringLiteral("cannot open the store %1: %2").arg(m_options.path, why);
        m_lock.unlock();
        return false;
    }

    m_store = &store;
    m_writer =
        std::make_unique<FileStoreWriter>(m_options, [this](const std::vector<TraceId> &ids) {
            t_retentionRemoving = true;
            for (const TraceId &id : ids)
                m_store->removeTrace(id);
            t_retentionRemoving = false;
        });
    if (!m_writer->start()) {
        m_error = QStringLiteral("cannot write the store %1: %2")
                      .arg(m_options.path, m_writer->startError());
        m_writer.reset();
        m_store = nullptr;
        m_lock.unlock();
        return false;
    }
    store.setObserver(this);
    return true;
}

FileStore::Attempt FileStore::tryOpen(TraceStore &store, QString *why)
{
    StoreDatabase db(m_options.path);
    // quick_check reads every page once; loading reads them all anyway, so the file is in
    // the page cache by then and the check costs little.
    const bool ok = db.open(true) && load(store, db);
    if (ok)
        return Attempt::Ok;
    if (m_canceled)
        return Attempt::Failed;
    *why = db.error();
    // Only damage is moved aside. Foreign or newer files, permissions, locks and I/O errors
    // are reported: the file is someone's data, or the problem is not in the file.
    return db.isCorrupt() ? Attempt::Unreadable : Attempt::Failed;
}

bool FileStore::load(TraceStore &store, StoreDatabase &db)
{
    QElapsedTimer timer;
    timer.start();
    QSqlQuery q = db.query();
    q.setForwardOnly(true);
    if (!q.exec(QStringLiteral("SELECT coalesce(sum(spans), 0) FROM chunks")) || !q.next())
        return db.fail(q, QStringLiteral("cannot read the store"));
    m_report.storedSpans = q.value(0).toLongLong();
    q.finish();

    // When the file holds more than memory may, load the newest rows that fit.
    qint64 firstSeq = 0;
    const auto maxSpans = qint64(store.limits().maxSpans);
    qint64 toLoad = m_report.storedSpans;
    if (m_report.storedSpans > maxSpans) {
        if (!q.exec(QStringLiteral("SELECT seq, spans FROM chunks ORDER BY seq DESC")))
            return db.fail(q, QStringLiteral("cannot read the store"));
        qint64 total = 0;
        while (q.next()) {
            total += q.value(1).toLongLong();
            if (total > maxSpans)
                break;
            firstSeq = q.value(0).toLongLong();
            toLoad = total;
        }
        q.finish();
    }

    q.prepare(QStringLiteral("SELECT spans, data FROM chunks WHERE seq >= ? ORDER BY seq"));
    q.addBindValue(firstSeq);
    if (!q.exec())
        return db.fail(q, QStringLiteral("cannot read the store"));
    std::deque<QFuture<Decoded>> tasks;
    auto insertOldest = [&] {
        Decoded d = tasks.front().takeResult();
        tasks.pop_front();
        m_report.loadedSpans += qint64(d.spans.size());
        m_report.unreadableChunks += d.unreadable;
        store.insert(std::move(d.spans));
        if (m_progress && !m_progress(m_report.loadedSpans, toLoad))
            m_canceled = true;
    };
    if (m_progress && !m_progress(0, toLoad))
        m_canceled = true;
    QList<QByteArray> blobs;
    qint64 batchSpans = 0;
    auto submit = [&] {
        tasks.push_back(QtConcurrent::run(decodeAll, std::move(blobs), batchSpans));
        blobs = {};
        batchSpans = 0;
        if (tasks.size() >= LoadTasksInFlight)
            insertOldest();
    };
    while (!m_canceled && q.next()) {
        batchSpans += q.value(0).toLongLong();
        blobs.append(q.value(1).toByteArray());
        if (batchSpans >= LoadBatchSpans)
            submit();
    }
    const bool readAll = !q.lastError().isValid();
    if (m_canceled) {
        // The decoding tasks own their data: they finish unseen and their spans are dropped.
        tasks.clear();
        return false;
    }
    if (!blobs.isEmpty())
        submit();
    while (!m_canceled && !tasks.empty())
        insertOldest();
    if (m_canceled)
        return false;
    if (!readAll)
        return db.fail(q, QStringLiteral("cannot read the store"));
    q.finish();
    m_report.seconds = double(timer.nsecsElapsed()) / 1e9;

    m_report.maxSpans = maxSpans;
    m_loaded = true;
    return true;
}

QStringList FileStore::messages(const QLocale &locale) const
{
    QStringList lines = m_messages;
    if (!m_loaded)
        return lines;
    if (m_report.storedSpans > 0) {
        lines.append(QStringLiteral("loaded %1 spans from %2 in %3 s")
                         .arg(locale.toString(m_report.loadedSpans), m_options.path,
                              locale.toString(m_report.seconds, 'f', 2)));
    }
    if (m_report.loadedSpans < m_report.storedSpans) {
        // Neutral about where the limit is set: --max-spans, or the app's Preferences.
        lines.append(
            QStringLiteral("the store holds %1 spans; the memory limit of %2 spans "
                           "keeps the newest")
                .arg(locale.toString(m_report.storedSpans), locale.toString(m_report.maxSpans)));
    }
    if (m_report.unreadableChunks > 0) {
        lines.append(QStringLiteral("%1 stored chunk(s) could not be decoded and were skipped")
                         .arg(locale.toString(m_report.unreadableChunks)));
    }
    return lines;
}

bool FileStore::moveAside(QString *aside)
{
    const QString stamp = QDateTime::currentDateTime().toString(QStringLiteral("yyyyMMdd-HHmmss"));
    QString target = m_options.path + QStringLiteral(".corrupt-") + stamp;
    for (int n = 2; QFileInfo::exists(target); ++n)
        target = m_options.path + QStringLiteral(".corrupt-") + stamp + u'-' + QString::number(n);
    if (!QFile::rename(m_options.path, target))
        return false;
    // The WAL belongs with its database: keep them together, or drop a stale shared index.
    for (const QLatin1StringView suffix : {QLatin1StringView("-wal"), QLatin1StringView("-shm")}) {
        if (QFileInfo::exists(m_options.path + suffix)) {
            if (suffix == QLatin1StringView("-shm"))
                QFile::remove(m_options.path + suffix);
            else
                QFile::rename(m_options.path + suffix, target + suffix);
        }
    }
    *aside = target;
    return true;
}

QString FileStore::writeError() const
{
    if (!m_writer || m_writer->writable())
        return {};
    return m_writer->counters().error;
}

bool FileStore::flush()
{
    return m_writer ? m_writer->flush() : true;
}

void FileStore::runRetention()
{
    if (m_writer)
        m_writer->runRetention();
}

void FileStore::setMaxPageCount(qint64 pages)
{
    if (m_writer)
        m_writer->setMaxPageCount(pages);
}

FileStoreCounters FileStore::counters() const
{
    return m_writer ? m_writer->counters() : FileStoreCounters();
}

void FileStore::spansStored(std::vector<Span> spans)
{
    if (m_writer)
        m_writer->addSpans(std::move(spans));
}

void FileStore::traceRemoved(const TraceId &id)
{
    if (m_writer && !t_retentionRemoving)
        m_writer->removeTrace(id);
}

void FileStore::storeCleared()
{
    if (m_writer)
        m_writer->clear();
}

QByteArray FileStore::prometheus() const
{
    const FileStoreCounters c = counters();
    const qint64 fileBytes = QFileInfo(m_options.path).size()
        + QFileInfo(m_options.path + QStringLiteral("-wal")).size();
    QByteArray out;
    metric(out, "traceflow_storage_file_bytes", "gauge",
           "Size of the store file and its write-ahead log on disk.", double(fileBytes));
    metric(out, "traceflow_storage_used_bytes", "gauge",
           "Bytes of the store file in use (what size retention counts).", double(c.usedBytes));
    metric(out, "traceflow_storage_retention_bytes", "gauge", "The size retention limit (0: none).",
           double(m_options.retentionBytes));
    metric(out, "traceflow_storage_pending_spans", "gauge",
           "Spans accepted but not yet committed to the file.", double(c.pendingSpans));
    metric(out, "traceflow_storage_written_spans_total", "counter", "Spans committed to the file.",
           double(c.writtenSpans));
    metric(out, "traceflow_storage_commits_total", "counter", "Transactions committed.",
           double(c.commits));
    metric(out, "traceflow_storage_last_commit_timestamp_seconds", "gauge",
           "When the last transaction was committed (Unix time; 0 before the first).",
           double(c.lastCommitMs) / 1000);
    metric(out, "traceflow_storage_write_errors_total", "counter",
           "Transactions that failed (disk full, I/O errors) and were retried.",
           double(c.writeErrors));
    metric(out, "traceflow_storage_writable", "gauge",
           "1 while writes succeed; 0 while they fail (ingest answers 503).",
           c.writable ? 1.0 : 0.0);
    metric(out, "traceflow_storage_dropped_spans_total", "counter",
           "Spans lost because writes kept failing and the backlog overflowed.",
           double(c.droppedSpans));
    metric(out, "traceflow_storage_loaded_spans", "gauge", "Spans loaded from the file at start.",
           double(m_report.loadedSpans));
    header(out, "traceflow_storage_retention_deleted_traces_total", "counter",
           "Traces deleted from the file by retention.");
    sample(out, "traceflow_storage_retention_deleted_traces_total", "reason=\"age\"",
           double(c.retentionAgeTraces));
    sample(out, "traceflow_storage_retention_deleted_traces_total", "reason=\"size\"",
           double(c.retentionSizeTraces));
    header(out, "traceflow_storage_retention_deleted_spans_total", "counter",
           "Spans deleted from the file by retention.");
    sample(out, "traceflow_storage_retention_deleted_spans_total", "reason=\"age\"",
           double(c.retentionAgeSpans));
    sample(out, "traceflow_storage_retention_deleted_spans_total", "reason=\"size\"",
           double(c.retentionSizeSpans));
    return out;
}

} // namespace traceflow
