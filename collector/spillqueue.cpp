// SPDX-License-Identifier: MIT
#include "spillqueue.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QLockFile>
#include <QSaveFile>

#include <algorithm>

namespace traceflow {

namespace {
// "<sequence>-<created ms>-<spans>.tsv": the name carries what open() needs, and sorting by
// name (zero-padded sequence) is delivery order.
QString segmentName(quint64 sequence, qint64 createdMs, qint64 spans)
{
    return QStringLiteral("%1-%2-%3.tsv")
        .arg(sequence, 16, 10, QLatin1Char('0'))
        .arg(createdMs)
        .arg(spans);
}
} // namespace

SpillQueue::SpillQueue(const QString &dir, qint64 maxBytes) : m_dir(dir), m_maxBytes(maxBytes) {}

SpillQueue::~SpillQueue() = default;

bool SpillQueue::open(QString *error)
{
    if (!QDir().mkpath(m_dir)) {
        *error = QStringLiteral("cannot create the ClickHouse spill folder %1").arg(m_dir);
        return false;
    }
    m_lock = std::make_unique<QLockFile>(m_dir + QStringLiteral("/spill.lock"));
    m_lock->setStaleLockTime(0); // a lock is stale only when its process is gone
    if (!m_lock->tryLock(0)) {
        *error = QStringLiteral("the ClickHouse spill folder %1 is in use by another collector "
                                "(give each one its own --clickhouse-spill-dir)")
                     .arg(m_dir);
        m_lock.reset();
        return false;
    }
    const QDir dir(m_dir);
    QStringList names = dir.entryList({QStringLiteral("*.tsv")}, QDir::Files, QDir::Name);
    for (const QString &name : std::as_const(names)) {
        const QStringList parts = name.chopped(4).split(u'-');
        bool okSequence = false, okCreated = false, okSpans = false;
        if (parts.size() != 3)
            continue;
        const quint64 sequence = parts[0].toULongLong(&okSequence);
        Segment s;
        s.createdMs = parts[1].toLongLong(&okCreated);
        s.spans = parts[2].toLongLong(&okSpans);
        if (!okSequence || !okCreated || !okSpans)
            continue;
        s.path = dir.filePath(name);
        s.bytes = QFileInfo(s.path).size();
        m_segments.push_back(s);
        m_spans += s.spans;
        m_bytes += s.bytes;
        m_nextSequence = std::max(m_nextSequence, sequence + 1);
    }
    return true;
}

bool SpillQueue::append(const QByteArray &rows, qint64 spans, QString *error)
{
    if (m_bytes + rows.size() > m_maxBytes) {
        *error = QStringLiteral("the spill folder is full (%1 of %2 bytes)").arg(m_bytes).arg(m_maxBytes);
        return false;
    }
    Segment s;
    s.createdMs = QDateTime::currentMSecsSinceEpoch();
    s.spans = spans;
    s.bytes = rows.size();
    s.path = QDir(m_dir).filePath(segmentName(m_nextSequence, s.createdMs, spans));
    QSaveFile file(s.path); // written under a temporary name, renamed on commit
    if (!file.open(QIODevice::WriteOnly) || file.write(rows) != rows.size() || !file.commit()) {
        *error = QStringLiteral("cannot write %1: %2").arg(s.path, file.errorString());
        return false;
    }
    ++m_nextSequence;
    m_segments.push_back(s);
    m_spans += spans;
    m_bytes += s.bytes;
    return true;
}

std::optional<SpillQueue::Segment> SpillQueue::head() const
{
    if (m_segments.empty())
        return std::nullopt;
    return m_segments.front();
}

std::optional<QByteArray> SpillQueue::readHead(QString *error) const
{
    if (m_segments.empty())
        return std::nullopt;
    QFile file(m_segments.front().path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("cannot read %1: %2").arg(file.fileName(), file.errorString());
        return std::nullopt;
    }
    return file.readAll();
}

void SpillQueue::removeHead()
{
    if (m_segments.empty())
        return;
    const Segment s = m_segments.front();
    m_segments.pop_front();
    QFile::remove(s.path);
    m_spans -= s.spans;
    m_bytes -= s.bytes;
}

} // namespace traceflow
