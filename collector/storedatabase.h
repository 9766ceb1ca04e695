// SPDX-License-Identifier: MIT
#pragma once

#include "ids.h"

#include <QByteArray>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QString>

namespace traceflow {

// One SQLite connection to a TraceFlow store file, usable only in the thread that made it
// (QtSql connections are per thread): the loader and the writer each have their own. Knows the
// schema: one row per chunk, i.e. the spans of one trace that arrived in one flush interval,
// encoded with SpanCodec; seq (the rowid) is the arrival order.
class StoreDatabase
{
public:
    // SQLite's primary result codes that the store tells apart.
    static constexpr int Corrupt = 11;
    static constexpr int Full = 13;
    static constexpr int NotADatabase = 26;
    // "TFlw": marks a file as a TraceFlow store, so a foreign SQLite file is never mistaken
    // for one (nor renamed as corrupt).
    static constexpr int ApplicationId = 0x54466c77;
    static constexpr int SchemaVersion = 1;

    explicit StoreDatabase(const QString &path);
    ~StoreDatabase(); // closes and removes the connection
    StoreDatabase(const StoreDatabase &) = delete;
    StoreDatabase &operator=(const StoreDatabase &) = delete;

    // Opens the file (creating it), sets WAL mode, creates the schema when the file is new and
    // checks it otherwise. False with error() and errorCode() set.
    bool open(bool quickCheck);
    // Runs one statement; false with error() and errorCode() set.
    bool exec(const QString &sql);
    // Rolls the open transaction back, keeping error() and errorCode() of what failed.
    void rollback();
    QSqlQuery query() const { return QSqlQuery(m_db); }
    QSqlDatabase &db() { return m_db; }
    // Records a failed query's error as error()/errorCode(); always false.
    bool fail(const QSqlQuery &query, const QString &what);
    // A single integer result (PRAGMA page_count, SELECT count(*) ...); -1 on error.
    qint64 scalar(const QString &sql);
    // Bytes in use: (page_count - freelist_count) * page_size.
    qint64 usedBytes();

    QString error() const { return m_error; }
    int errorCode() const { return m_code; }
    bool isCorrupt() const { return m_code == Corrupt || m_code == NotADatabase; }
    bool isFull() const { return m_code == Full; }

    // The key a trace's rows are found by: the raw bytes of a hex id, 0x00 + UTF-8 otherwise.
    static QByteArray traceKey(const TraceId &id);

private:
    bool createOrCheckSchema(bool quickCheck);

    QString m_connection;
    QSqlDatabase m_db;
    QString m_error;
    int m_code = 0;
};

} // namespace traceflow
