// SPDX-License-Identifier: MIT
#include "filestorewriter.h"

#include "spancodec.h"
#include "storedatabase.h"

#include <QDateTime>
#include <QSqlQuery>
#include <QVariant>
#include <QtConcurrent/QtConcurrentMap>

#include <unordered_map>

namespace traceflow {

namespace {
// Retention waits this long after the start, so that it does not compete with loading.
constexpr int FirstRetentionDelayMs = 2000;
// Size retention deletes down to this share of the limit, so it does not run on every pass.
constexpr double SizeLowWater = 0.9;

TraceId traceFromKey(const QByteArray &key)
{
    if (!key.isEmpty() && key.at(0) == '\0')
        return TraceId::fromString(QStringView(QString::fromUtf8(key.mid(1))));
    return TraceId::fromBytes(key.constData(), std::size_t(key.size()));
}
} // namespace

FileStoreWriter::FileStoreWriter(Settings settings,
                                 std::function<void(const std::vector<TraceId> &)> onRetention)
    : m_settings(std::move(settings)), m_onRetention(std::move(onRetention)),
      m_maxPageCount(m_settings.maxPageCount), m_maxPageCountChanged(m_settings.maxPageCount > 0)
{
}

FileStoreWriter::~FileStoreWriter()
{
    if (!m_thread.joinable())
        return;
    {
        std::lock_guard lock(m_mutex);
        m_stop = true;
    }
    m_wake.notify_all();
    m_thread.join();
}

bool FileStoreWriter::start()
{
    std::unique_lock lock(m_startMutex);
    m_thread = std::thread([this] { run(); });
    m_startCv.wait(lock, [this] { return m_started; });
    if (!m_startError.isEmpty()) {
        m_thread.join();
        return false;
    }
    return true;
}

void FileStoreWriter::push(Op op)
{
    {
        std::lock_guard lock(m_mutex);
        if (m_pending.empty())
            m_firstPending = Clock::now();
        m_pendingSpans += op.spans.size();
        m_pending.push_back(std::move(op));
        dropOverflow();
    }
    m_wake.notify_one();
}

void FileStoreWriter::addSpans(std::vector<Span> spans)
{
    push({OpKind::Spans, std::move(spans), {}});
}

void FileStoreWriter::removeTrace(const TraceId &id)
{
    push({OpKind::Remove, {}, id});
}

void FileStoreWriter::clear()
{
    push({OpKind::Clear, {}, {}});
}

// Called with m_mutex held. Only while writes fail can the backlog grow this far.
void FileStoreWriter::dropOverflow()
{
    while (m_pendingSpans - m_inFlightSpans > m_settings.maxPendingSpans) {
        auto it = m_pending.begin();
        while (it != m_pending.end() && it->kind != OpKind::Spans)
            ++it;
        if (it == m_pending.end())
            return;
        m_pendingSpans -= it->spans.size();
        m_counters.droppedSpans += it->spans.size();
        m_pending.erase(it);
    }
}

bool FileStoreWriter::flush()
{
    std::unique_lock lock(m_mutex);
    const std::uint64_t failuresBefore = m_counters.writeErrors;
    m_flushRequested = true;
    m_wake.notify_one();
    m_done.wait(lock, [&] {
        return (m_pending.empty() && !m_busy) || m_counters.writeErrors > failuresBefore
            || !m_thread.joinable();
    });
    return m_pending.empty() && !m_busy;
}

void FileStoreWriter::runRetention()
{
    std::unique_lock lock(m_mutex);
    const std::uint64_t passes = m_retentionPasses;
    m_retentionRequested = true;
    m_wake.notify_one();
    m_done.wait(lock, [&] { return m_retentionPasses > passes; });
}

void FileStoreWriter::setMaxPageCount(qint64 pages)
{
    {
        std::lock_guard lock(m_mutex);
        m_maxPageCount = pages;
        m_maxPageCountChanged = true;
    }
    m_wake.notify_one();
}

FileStoreCounters FileStoreWriter::counters() const
{
    std::lock_guard lock(m_mutex);
    FileStoreCounters c = m_counters;
    c.pendingSpans = m_pendingSpans;
    c.writable = m_writable.load();
    return c;
}

void FileStoreWriter::run()
{
    StoreDatabase db(m_settings.path);
    {
        std::lock_guard lock(m_startMutex);
        if (!db.open(false))
            m_startError = db.error();
        m_started = true;
    }
    m_startCv.notify_all();
    if (!m_startError.isEmpty())
        return;

    const auto interval = std::chrono::milliseconds(m_settings.flushIntervalMs);
    const bool retains = m_settings.retentionAgeMs > 0 || m_settings.retentionBytes > 0;
    auto nextRetention = Clock::now() + std::chrono::milliseconds(FirstRetentionDelayMs);
    auto nextRetry = Clock::now();
    std::unique_lock lock(m_mutex);
    for (;;) {
        if (m_maxPageCountChanged) {
            m_maxPageCountChanged = false;
            // SQLite never lowers the cap below the current size; 2^31 - 2 is its maximum.
            db.scalar(QStringLiteral("PRAGMA max_page_count=%1")
                          .arg(m_maxPageCount > 0 ? m_maxPageCount : 0xfffffffe));
        }
        const auto now = Clock::now();
        const bool urgent = m_stop || m_flushRequested;
        const bool due = !m_pending.empty()
            && (urgent || interval.count() == 0 || now >= m_firstPending + interval)
            && (urgent || m_writable || now >= nextRetry);
        const bool retentionDue = m_retentionRequested || (retains && now >= nextRetention);
        if (!due && !retentionDue) {
            if (m_stop)
                break;
            auto wake = retains ? nextRetention : now + std::chrono::hours(1);
            if (!m_pending.empty())
                wake = std::min(wake, std::max(m_firstPending + interval, m_writable ? now : nextRetry));
            m_wake.wait_until(lock, wake);
            continue;
        }
        if (due) {
            std::deque<Op> ops;
            ops.swap(m_pending);
            std::size_t spans = 0;
            for (const Op &op : ops)
                spans += op.spans.size();
            m_inFlightSpans = spans;
            m_busy = true;
            lock.unlock();
            const bool ok = write(db, ops);
            const qint64 used = ok ? db.usedBytes() : -1;
            lock.lock();
            m_busy = false;
            m_inFlightSpans = 0;
            if (ok) {
                m_pendingSpans -= spans;
                m_counters.writtenSpans += spans;
                ++m_counters.commits;
                m_counters.lastCommitMs = QDateTime::currentMSecsSinceEpoch();
                if (used >= 0)
                    m_counters.usedBytes = used;
                m_counters.error.clear();
                m_writable.store(true, std::memory_order_release);
                if (!m_pending.empty())
                    m_firstPending = Clock::now();
            } else {
                // Back in front, in order: the next try writes exactly these spans again.
                for (auto it = ops.rbegin(); it != ops.rend(); ++it)
                    m_pending.push_front(std::move(*it));
                m_firstPending = Clock::now();
                ++m_counters.writeErrors;
                m_counters.error = db.isFull()
                    ? QStringLiteral("the disk is full (%1)").arg(db.error())
                    : db.error();
                m_writable.store(false, std::memory_order_release);
                nextRetry = Clock::now() + std::chrono::milliseconds(RetryMs);
                dropOverflow();
            }
            if (m_pending.empty() || !ok)
                m_flushRequested = false;
            m_done.notify_all();
            if (m_stop && !ok)
                break; // one last try was made; what is left is lost, as after a crash
            continue;
        }
        m_retentionRequested = false;
        m_busy = true;
        lock.unlock();
        retention(db);
        lock.lock();
        m_busy = false;
        ++m_retentionPasses;
        nextRetention = Clock::now() + std::chrono::milliseconds(m_settings.retentionPeriodMs);
        m_done.notify_all();
    }
    m_done.notify_all();
}

bool FileStoreWriter::write(StoreDatabase &db, const std::deque<Op> &ops)
{
    if (!db.exec(QStringLiteral("BEGIN")))
        return false;
    const qint64 nowMs = QDateTime::currentMSecsSinceEpoch();
    std::vector<const Span *> run;
    bool ok = true;
    for (const Op &op : ops) {
        if (op.kind == OpKind::Spans) {
            for (const Span &s : op.spans)
                run.push_back(&s);
            continue;
        }
        ok = writeSpans(db, run, nowMs);
        run.clear();
        if (!ok)
            break;
        QSqlQuery q = db.query();
        if (op.kind == OpKind::Remove) {
            q.prepare(QStringLiteral("DELETE FROM chunks WHERE trace_id = ?"));
            q.addBindValue(StoreDatabase::traceKey(op.trace));
            ok = q.exec() || db.fail(q, QStringLiteral("cannot delete a trace"));
        } else {
            ok = q.exec(QStringLiteral("DELETE FROM chunks"))
                || db.fail(q, QStringLiteral("cannot clear the store"));
        }
        if (!ok)
            break;
    }
    if (ok)
        ok = writeSpans(db, run, nowMs);
    if (ok)
        ok = db.exec(QStringLiteral("COMMIT"));
    if (!ok)
        db.rollback();
    return ok;
}

bool FileStoreWriter::writeSpans(StoreDatabase &db, const std::vector<const Span *> &spans,
                                 qint64 nowMs)
{
    if (spans.empty())
        return true;
    // One chunk per trace (split when huge), in the order the traces first arrived.
    std::unordered_map<TraceId, std::size_t> groupOf;
    std::vector<std::vector<const Span *>> groups;
    for (const Span *s : spans) {
        auto [it, added] = groupOf.try_emplace(s->traceId, groups.size());
        if (added)
            groups.emplace_back();
        groups[it->second].push_back(s);
    }
    struct Chunk
    {
        const Span *const *spans;
        std::size_t count;
    };
    std::vector<Chunk> chunks;
    for (const std::vector<const Span *> &group : groups) {
        for (std::size_t first = 0; first < group.size(); first += MaxChunkSpans)
            chunks.push_back({group.data() + first, std::min(MaxChunkSpans, group.size() - first)});
    }
    // Encoding is most of the CPU a write costs, and chunks encode independently.
    const QList<QByteArray> blobs = QtConcurrent::blockingMapped<QList<QByteArray>>(
        chunks, [](const Chunk &c) { return SpanCodec::encode(c.spans, c.count); });
    QSqlQuery insert = db.query();
    if (!insert.prepare(QStringLiteral("INSERT INTO chunks(trace_id, stored_ms, spans, data) "
                                       "VALUES(?, ?, ?, ?)")))
        return db.fail(insert, QStringLiteral("cannot prepare a write"));
    for (std::size_t i = 0; i < chunks.size(); ++i) {
        insert.bindValue(0, StoreDatabase::traceKey(chunks[i].spans[0]->traceId));
        insert.bindValue(1, nowMs);
        insert.bindValue(2, qint64(chunks[i].count));
        insert.bindValue(3, blobs[qsizetype(i)]);
        if (!insert.exec())
            return db.fail(insert, QStringLiteral("cannot write spans"));
    }
    return true;
}

void FileStoreWriter::retention(StoreDatabase &db)
{
    std::vector<TraceId> deleted;
    if (m_settings.retentionAgeMs > 0) {
        // Rows are in arrival order, so the old ones are a prefix: read until a new one.
        const qint64 cutoff = QDateTime::currentMSecsSinceEpoch() - m_settings.retentionAgeMs;
        QSqlQuery q = db.query();
        q.setForwardOnly(true);
        qint64 boundary = -1;
        if (q.exec(QStringLiteral("SELECT seq, stored_ms FROM chunks ORDER BY seq"))) {
            qint64 last = 0;
            while (q.next()) {
                last = q.value(0).toLongLong();
                if (q.value(1).toLongLong() >= cutoff) {
                    boundary = last;
                    break;
                }
            }
            if (boundary < 0 && last > 0)
                boundary = last + 1; // every row is old
        }
        q.finish();
        if (boundary > 0) {
            std::uint64_t spans = 0;
            const std::vector<TraceId> ids = deleteOldest(db, boundary, &spans);
            std::lock_guard lock(m_mutex);
            m_counters.retentionAgeTraces += ids.size();
            m_counters.retentionAgeSpans += spans;
            deleted.insert(deleted.end(), ids.begin(), ids.end());
        }
    }
    // Pages are freed only once empty, so one pass may free less than estimated: go again.
    for (int round = 0; round < 8 && m_settings.retentionBytes > 0; ++round) {
        const qint64 used = db.usedBytes();
        const qint64 blobs = db.scalar(QStringLiteral("SELECT coalesce(sum(length(data)), 0) FROM chunks"));
        if (used > m_settings.retentionBytes && blobs > 0) {
            // Pages hold more than the blobs (row headers, the index, free space in pages):
            // scale each row's blob by that overhead to estimate what deleting it frees.
            const double overhead = double(used) / double(blobs);
            const double excess = double(used) - SizeLowWater * double(m_settings.retentionBytes);
            QSqlQuery q = db.query();
            q.setForwardOnly(true);
            qint64 boundary = -1;
            double freed = 0;
            if (q.exec(QStringLiteral("SELECT seq, length(data) FROM chunks ORDER BY seq"))) {
                while (q.next()) {
                    freed += double(q.value(1).toLongLong()) * overhead;
                    if (freed >= excess) {
                        boundary = q.value(0).toLongLong() + 1;
                        break;
                    }
                }
            }
            q.finish();
            if (boundary > 0) {
                std::uint64_t spans = 0;
                const std::vector<TraceId> ids = deleteOldest(db, boundary, &spans);
                std::lock_guard lock(m_mutex);
                m_counters.retentionSizeTraces += ids.size();
                m_counters.retentionSizeSpans += spans;
                deleted.insert(deleted.end(), ids.begin(), ids.end());
                if (!ids.empty())
                    continue;
            }
        }
        break;
    }
    if (const qint64 used = db.usedBytes(); used >= 0) {
        std::lock_guard lock(m_mutex);
        m_counters.usedBytes = used;
    }
    if (!deleted.empty() && m_onRetention)
        m_onRetention(deleted);
}

// Deletes, whole, every trace with a row older than beforeSeq: a trace is as old as its
// first spans, as in the memory store's eviction.
std::vector<TraceId> FileStoreWriter::deleteOldest(StoreDatabase &db, qint64 beforeSeq,
                                                   std::uint64_t *spans)
{
    std::vector<TraceId> ids;
    if (!db.exec(QStringLiteral("BEGIN")))
        return ids;
    QSqlQuery select = db.query();
    select.setForwardOnly(true);
    select.prepare(QStringLiteral("SELECT DISTINCT trace_id FROM chunks WHERE seq < ?"));
    select.addBindValue(beforeSeq);
    std::vector<QByteArray> keys;
    if (select.exec()) {
        while (select.next())
            keys.push_back(select.value(0).toByteArray());
    }
    select.finish();
    QSqlQuery remove = db.query();
    remove.prepare(QStringLiteral("DELETE FROM chunks WHERE trace_id = ? RETURNING spans"));
    std::uint64_t count = 0;
    bool ok = true;
    for (const QByteArray &key : keys) {
        remove.bindValue(0, key);
        if (!remove.exec()) {
            ok = db.fail(remove, QStringLiteral("retention cannot delete"));
            break;
        }
        while (remove.next())
            count += remove.value(0).toULongLong();
        ids.push_back(traceFromKey(key));
    }
    remove.finish();
    if (ok && db.exec(QStringLiteral("COMMIT"))) {
        *spans = count;
        return ids;
    }
    db.rollback();
    return {};
}

} // namespace traceflow
