// SPDX-License-Identifier: MIT
#include "clickhousesink.h"

#include "clickhouseschema.h"
#include "prometheustext.h"
#include "spillqueue.h"

#include <QDate>
#include <QDateTime>

#include <algorithm>
#include <chrono>

namespace traceflow {

namespace {
constexpr int FirstBackoffMs = 250;
constexpr int MaxBackoffMs = 5000;
constexpr int MemoryAttempts = 3; // before a batch goes to disk
constexpr qint64 RetentionEveryMs = 3'600'000;

qint64 nowMs()
{
    return QDateTime::currentMSecsSinceEpoch();
}

} // namespace

ClickHouseSink::ClickHouseSink(const ClickHouseConfig &config)
    : m_config(config)
    , m_client(config)
    , m_spill(std::make_unique<SpillQueue>(config.effectiveSpillDir(), config.spillMaxBytes))
    , m_maxQueued(std::max<std::size_t>(std::size_t(config.batchSpans) * 5, 100'000))
{
}

ClickHouseSink::~ClickHouseSink()
{
    if (m_worker.joinable()) {
        {
            std::lock_guard lock(m_mutex);
            m_stop = true;
        }
        m_wake.notify_all();
        m_room.notify_all();
        m_overflowWake.notify_all();
        if (m_spillWriter.joinable()) // the overflow goes to disk whatever the worker does
            m_spillWriter.join();
        m_worker.join();
    }
}

bool ClickHouseSink::start(QString *error)
{
    {
        std::lock_guard lock(m_spillMutex);
        if (!m_spill->open(error))
            return false;
        updateSpillGauges();
    }
    m_worker = std::thread([this] { run(); });
    m_spillWriter = std::thread([this] { writeOverflow(); });
    return true;
}

void ClickHouseSink::push(const std::vector<Span> &spans)
{
    if (spans.empty())
        return;
    bool wake = false;
    {
        std::unique_lock lock(m_mutex);
        // Back-pressure rather than loss: the worker always makes room (into ClickHouse or onto
        // disk), and while the caller (the ingest worker) waits, the ingest queue fills and the
        // collector answers 429/503, which exporters retry.
        if (!m_queue.empty() && m_queue.size() + spans.size() > m_maxQueued) {
            ++m_backpressure;
            m_wake.notify_one();
            m_room.wait(lock, [&] {
                return m_stop || m_queue.empty() || m_queue.size() + spans.size() <= m_maxQueued;
            });
        }
        wake = enqueue(spans);
    }
    if (wake)
        m_wake.notify_one();
}

void ClickHouseSink::pushOrSpill(const std::vector<Span> &spans)
{
    if (spans.empty())
        return;
    {
        std::lock_guard lock(m_mutex);
        // Room as push() counts it, so that both ways in share one bound on memory.
        if (m_queue.empty() || m_queue.size() + spans.size() <= m_maxQueued) {
            const bool wake = enqueue(spans);
            if (wake)
                m_wake.notify_one();
            return;
        }
        // The queue is full because the worker is busy with ClickHouse: the spans go to disk
        // instead. The spill writer does that, since a spill file is synced to disk (tens of
        // milliseconds on a slow one) and the caller is the event loop. The older spans still
        // queued follow them onto the spill (deliverOrSpill sends nothing past a waiting
        // spill), so they reach ClickHouse after these; rows have no arrival order there
        // (tables are ordered by their own keys).
        m_overflow += quint64(spans.size());
        if (m_spillWriter.joinable() &&
            (m_overflowQueue.empty() || m_overflowQueue.size() + spans.size() <= m_maxQueued)) {
            m_overflowQueue.insert(m_overflowQueue.end(), spans.begin(), spans.end());
            m_overflowWake.notify_one();
            return;
        }
    }
    // The writer is a whole queue behind (the disk is slower than the kept spans): rather
    // than hold more in memory, write here.
    spillNow(spans);
}

void ClickHouseSink::spillNow(const std::vector<Span> &spans)
{
    QByteArray rows;
    ClickHouseSchema::appendRows(spans, &rows);
    appendToSpill(rows, qint64(spans.size()));
    {
        // The worker looks at the spill under m_mutex before it sleeps: taking it here means
        // that it either sees this segment or is asleep and gets the notification.
        std::lock_guard lock(m_mutex);
    }
    m_wake.notify_one();
}

void ClickHouseSink::writeOverflow()
{
    std::unique_lock lock(m_mutex);
    for (;;) {
        m_overflowWake.wait(lock, [this] { return m_stop || !m_overflowQueue.empty(); });
        if (m_overflowQueue.empty())
            return; // stopping, and everything handed over is on disk
        std::vector<Span> spans;
        spans.swap(m_overflowQueue);
        m_overflowBusy = true;
        lock.unlock();
        spillNow(spans);
        lock.lock();
        m_overflowBusy = false;
    }
}

bool ClickHouseSink::enqueue(const std::vector<Span> &spans)
{
    // The first span starts the flush timer, a full batch goes at once.
    const bool wake =
        m_queue.empty() || m_queue.size() + spans.size() >= std::size_t(m_config.batchSpans);
    if (m_queue.empty())
        m_queueSinceMs = nowMs();
    m_queue.insert(m_queue.end(), spans.begin(), spans.end());
    return wake;
}

bool ClickHouseSink::flush(int timeoutMs)
{
    std::unique_lock lock(m_mutex);
    m_flushNow = true;
    m_wake.notify_one();
    const bool done = m_idle.wait_for(lock, std::chrono::milliseconds(timeoutMs), [this] {
        return m_queue.empty() && !m_busy && m_overflowQueue.empty() && !m_overflowBusy &&
               m_spillSpans == 0 && m_schemaReady;
    });
    m_flushNow = false;
    return done;
}

void ClickHouseSink::run()
{
    std::unique_lock lock(m_mutex);
    for (;;) {
        const qint64 now = nowMs();
        const bool spillWaiting = !spillIsEmpty();
        const bool batchDue = !m_queue.empty()
            && (m_queue.size() >= std::size_t(m_config.batchSpans) || m_flushNow || m_stop
                || now - m_queueSinceMs >= m_config.flushMs);
        const bool retryDue = (spillWaiting || !m_schemaReady) && now >= m_nextRetryMs && !m_stop;
        if (!batchDue && !retryDue) {
            if (m_stop)
                return;
            if (m_queue.empty() && !spillWaiting && m_schemaReady)
                m_idle.notify_all();
            qint64 wakeAt = now + RetentionEveryMs;
            if (!m_queue.empty())
                wakeAt = std::min(wakeAt, m_queueSinceMs + m_config.flushMs);
            if (spillWaiting || !m_schemaReady)
                wakeAt = std::min(wakeAt, m_nextRetryMs);
            m_wake.wait_for(lock, std::chrono::milliseconds(std::max<qint64>(1, wakeAt - now)));
            continue;
        }
        std::vector<Span> batch;
        if (batchDue) {
            const std::size_t n = std::min(m_queue.size(), std::size_t(m_config.batchSpans));
            if (n == m_queue.size()) {
                batch.swap(m_queue);
                m_queueSinceMs = 0;
            } else {
                batch.assign(std::make_move_iterator(m_queue.begin()),
                             std::make_move_iterator(m_queue.begin() + std::ptrdiff_t(n)));
                m_queue.erase(m_queue.begin(), m_queue.begin() + std::ptrdiff_t(n));
                m_queueSinceMs = now; // the rest came later than this, but not much
            }
        }
        m_busy = true;
        const bool stopping = m_stop;
        m_room.notify_all();
        lock.unlock();
        if (retryDue && !m_schemaReady)
            ensureSchema();
        if (retryDue && m_schemaReady)
            drainSpill();
        if (!batch.empty())
            deliverOrSpill(std::move(batch));
        if (!stopping && m_schemaReady && m_config.retentionDays > 0 && now >= m_nextRetentionMs)
            applyRetention();
        lock.lock();
        m_busy = false;
    }
}

bool ClickHouseSink::ensureSchema()
{
    for (const QByteArray &statement : ClickHouseSchema::createStatements(m_config.database)) {
        const ClickHouseClient::Reply reply = m_client.execute(statement);
        if (!reply.ok()) {
            ++m_failures;
            m_up = false;
            setError(QStringLiteral("creating the ClickHouse schema failed: ") + reply.error);
            m_backoffMs = std::clamp(m_backoffMs * 2, FirstBackoffMs, MaxBackoffMs);
            m_nextRetryMs = nowMs() + m_backoffMs;
            return false;
        }
    }
    m_schemaReady = true;
    reportUp();
    m_backoffMs = 0;
    return true;
}

bool ClickHouseSink::insert(const QByteArray &rows)
{
    const ClickHouseClient::Reply reply =
        m_client.execute(ClickHouseSchema::insertStatement(m_config.database), rows);
    if (reply.ok()) {
        reportUp();
        return true;
    }
    ++m_failures;
    m_up = false;
    setError(reply.error);
    // Code 60/81: the table or database is gone (dropped by hand): create it again.
    if (reply.body.startsWith("Code: 60,") || reply.body.startsWith("Code: 81,"))
        m_schemaReady = false;
    return false;
}

void ClickHouseSink::deliverOrSpill(std::vector<Span> batch)
{
    QByteArray rows;
    ClickHouseSchema::appendRows(batch, &rows);
    const auto count = qint64(batch.size());
    batch = {};
    // Behind spilled batches, a new one waits its turn on disk: ClickHouse gets spans in order.
    if (spillIsEmpty() && m_schemaReady) {
        for (int attempt = 0; attempt < MemoryAttempts; ++attempt) {
            if (attempt > 0) {
                {
                    std::unique_lock lock(m_mutex);
                    if (m_stop)
                        break; // shutting down: to disk at once
                    m_wake.wait_for(lock, std::chrono::milliseconds(FirstBackoffMs << (attempt - 1)));
                }
                ++m_retries;
            }
            if (insert(rows)) {
                m_written += quint64(count);
                ++m_batches;
                return;
            }
            if (!m_schemaReady)
                break;
        }
    }
    spill(rows, count);
}

void ClickHouseSink::spill(const QByteArray &rows, qint64 spans)
{
    if (appendToSpill(rows, spans)) {
        m_backoffMs = std::clamp(m_backoffMs * 2, FirstBackoffMs, MaxBackoffMs);
        m_nextRetryMs = nowMs() + m_backoffMs;
    }
}

bool ClickHouseSink::appendToSpill(const QByteArray &rows, qint64 spans)
{
    QString error;
    bool wasEmpty = false;
    {
        std::lock_guard lock(m_spillMutex);
        wasEmpty = m_spill->isEmpty();
        if (m_spill->append(rows, spans, &error)) {
            m_spilled += quint64(spans);
            updateSpillGauges();
            return wasEmpty;
        }
    }
    m_droppedSpill += quint64(spans);
    setError(QStringLiteral("spans dropped: ") + error); // takes m_mutex: outside m_spillMutex
    return false;
}

bool ClickHouseSink::spillIsEmpty() const
{
    std::lock_guard lock(m_spillMutex);
    return m_spill->isEmpty();
}

void ClickHouseSink::updateSpillGauges()
{
    m_spillSpans = quint64(m_spill->spans());
    m_spillBytes = quint64(m_spill->bytes());
    m_spillOldestMs = m_spill->isEmpty() ? 0 : m_spill->head()->createdMs;
}

void ClickHouseSink::drainSpill()
{
    for (;;) {
        {
            std::lock_guard lock(m_mutex);
            if (m_stop)
                return;
        }
        // The head stays ours while ClickHouse takes it: pushOrSpill() only appends.
        std::optional<SpillQueue::Segment> headSegment;
        std::optional<QByteArray> rows;
        QString error;
        {
            std::lock_guard lock(m_spillMutex);
            headSegment = m_spill->head();
            if (!headSegment)
                break;
            rows = m_spill->readHead(&error);
        }
        const SpillQueue::Segment &head = *headSegment;
        ++m_retries;
        if (!rows) {
            // An unreadable segment would block the queue for good: count it and move on.
            m_droppedUnreadable += quint64(head.spans);
            setError(QStringLiteral("spans dropped: ") + error);
        } else if (!insert(*rows)) {
            m_backoffMs = std::clamp(m_backoffMs * 2, FirstBackoffMs, MaxBackoffMs);
            m_nextRetryMs = nowMs() + m_backoffMs;
            return;
        } else {
            m_written += quint64(head.spans);
            ++m_batches;
        }
        std::lock_guard lock(m_spillMutex);
        m_spill->removeHead();
        updateSpillGauges();
    }
    m_backoffMs = 0;
}

void ClickHouseSink::applyRetention()
{
    m_nextRetentionMs = nowMs() + RetentionEveryMs;
    const ClickHouseClient::Reply reply =
        m_client.execute(ClickHouseSchema::partitionsQuery(m_config.database));
    if (!reply.ok()) {
        setError(QStringLiteral("listing partitions for retention failed: ") + reply.error);
        return;
    }
    const QString oldest = QDateTime::currentDateTimeUtc()
                               .date()
                               .addDays(-m_config.retentionDays)
                               .toString(Qt::ISODate);
    for (const QByteArray &row : reply.body.split('\n')) {
        const QList<QByteArray> fields = row.split('\t');
        if (fields.size() != 2)
            continue;
        const QString day = QString::fromUtf8(fields[1]);
        if (day.size() == 10 && day < oldest) { // ISO dates order as text
            const ClickHouseClient::Reply dropped = m_client.execute(ClickHouseSchema::dropPartition(
                m_config.database, QString::fromUtf8(fields[0]), day));
            if (!dropped.ok())
                setError(QStringLiteral("dropping partition %1 failed: %2").arg(day, dropped.error));
        }
    }
}

void ClickHouseSink::setError(const QString &error)
{
    {
        std::lock_guard lock(m_mutex);
        m_lastError = error;
    }
    // Once per outage in the log, not once per retry.
    if (!m_reportedDown.exchange(true)) {
        qWarning("ClickHouse write-through: %s (spans wait in %s)", qUtf8Printable(error),
                 qUtf8Printable(m_spill->directory()));
    }
}

void ClickHouseSink::reportUp()
{
    m_up = true;
    if (m_reportedDown.exchange(false)) {
        qInfo("ClickHouse write-through: ClickHouse at %s is available again",
              qUtf8Printable(m_config.url.toString()));
    }
}

QString ClickHouseSink::lastError() const
{
    std::lock_guard lock(m_mutex);
    return m_lastError;
}

ClickHouseSink::Counters ClickHouseSink::counters() const
{
    Counters c;
    c.writtenSpans = m_written;
    c.writtenBatches = m_batches;
    c.retries = m_retries;
    c.failures = m_failures;
    c.spilledSpans = m_spilled;
    c.droppedUnreadable = m_droppedUnreadable;
    c.backpressure = m_backpressure;
    c.overflowSpans = m_overflow;
    c.droppedSpillFull = m_droppedSpill;
    c.spillSpans = m_spillSpans;
    c.spillBytes = m_spillBytes;
    c.up = m_up;
    c.schemaReady = m_schemaReady;
    qint64 oldest = m_spillSpans > 0 ? m_spillOldestMs.load() : 0;
    {
        std::lock_guard lock(m_mutex);
        c.queuedSpans = m_queue.size();
        if (!m_queue.empty() && (oldest == 0 || m_queueSinceMs < oldest))
            oldest = m_queueSinceMs;
    }
    c.lagSeconds = oldest > 0 ? double(std::max<qint64>(0, nowMs() - oldest)) / 1000.0 : 0.0;
    return c;
}

QByteArray ClickHouseSink::prometheus() const
{
    using namespace prometheus;
    const Counters c = counters();
    QByteArray out;
    metric(out, "traceflow_clickhouse_written_spans_total", "counter",
           "Spans inserted into ClickHouse.", c.writtenSpans);
    metric(out, "traceflow_clickhouse_written_batches_total", "counter",
           "INSERTs that ClickHouse accepted.", c.writtenBatches);
    metric(out, "traceflow_clickhouse_retries_total", "counter",
           "Attempts to insert a batch that failed before (memory retries and spill replays).",
           c.retries);
    metric(out, "traceflow_clickhouse_failures_total", "counter",
           "Failed requests to ClickHouse (inserts and schema creation).", c.failures);
    metric(out, "traceflow_clickhouse_spilled_spans_total", "counter",
           "Spans written to the on-disk spill queue while ClickHouse was unavailable.",
           c.spilledSpans);
    const char *dropped = "traceflow_clickhouse_dropped_spans_total";
    header(out, dropped, "counter",
           "Spans that never reach ClickHouse, by reason (spill_full: the spill budget was "
           "exhausted; spill_unreadable: a spill file could not be read back).");
    sample(out, dropped, QByteArrayLiteral("reason=\"spill_full\""), c.droppedSpillFull);
    sample(out, dropped, QByteArrayLiteral("reason=\"spill_unreadable\""), c.droppedUnreadable);
    metric(out, "traceflow_clickhouse_backpressure_total", "counter",
           "Times ingestion waited for the ClickHouse queue to make room.", c.backpressure);
    metric(out, "traceflow_clickhouse_overflow_spans_total", "counter",
           "Spans kept by tail sampling that found the memory queue full and went straight to "
           "the spill queue (or were dropped, spill_full, when it was full too).",
           c.overflowSpans);
    metric(out, "traceflow_clickhouse_queued_spans", "gauge",
           "Spans in memory waiting for the next batch.", c.queuedSpans);
    metric(out, "traceflow_clickhouse_spill_spans", "gauge", "Spans waiting in the spill queue.",
           c.spillSpans);
    metric(out, "traceflow_clickhouse_spill_bytes", "gauge", "Bytes of the spill queue on disk.",
           c.spillBytes);
    metric(out, "traceflow_clickhouse_lag_seconds", "gauge",
           "Age of the oldest span not yet in ClickHouse (0 when all are delivered).",
           c.lagSeconds);
    metric(out, "traceflow_clickhouse_up", "gauge",
           "1 when the last request to ClickHouse succeeded.", c.up ? 1 : 0);
    return out;
}

} // namespace traceflow
