// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QString>

#include <deque>
#include <memory>
#include <optional>

class QLockFile;

namespace traceflow {

// Batches that could not be delivered yet, as files in a folder, delivered oldest first. Each
// batch is one segment file written whole under a temporary name and renamed, so a crash
// leaves either the complete batch or nothing; segments left by an earlier run are picked up
// by open(). A lock file keeps two collectors from sharing one folder. Bounded by a byte
// budget: append() refuses a batch that would exceed it. Not thread-safe (the sink guards it
// with a mutex).
class SpillQueue
{
public:
    struct Segment
    {
        QString path;
        qint64 spans = 0;
        qint64 bytes = 0;
        qint64 createdMs = 0; // when the batch was spilled (Unix ms), for the lag figure
    };

    SpillQueue(const QString &dir, qint64 maxBytes);
    ~SpillQueue();

    // Creates and locks the folder and lists the segments already in it.
    bool open(QString *error);
    // False with *error when the batch does not fit the budget or cannot be written.
    bool append(const QByteArray &rows, qint64 spans, QString *error);
    std::optional<Segment> head() const;
    // The head segment's rows; nullopt (with *error) when the file cannot be read.
    std::optional<QByteArray> readHead(QString *error) const;
    void removeHead();

    bool isEmpty() const { return m_segments.empty(); }
    qint64 spans() const { return m_spans; }
    qint64 bytes() const { return m_bytes; }
    std::size_t segmentCount() const { return m_segments.size(); }
    QString directory() const { return m_dir; }

private:
    QString m_dir;
    qint64 m_maxBytes = 0;
    std::unique_ptr<QLockFile> m_lock;
    std::deque<Segment> m_segments;
    qint64 m_spans = 0;
    qint64 m_bytes = 0;
    quint64 m_nextSequence = 1;
};

} // namespace traceflow
