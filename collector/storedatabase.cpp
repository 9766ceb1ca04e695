// SPDX-License-Identifier: MIT
#include "storedatabase.h"

#include <QSqlError>
#include <QVariant>

#include <atomic>

namespace traceflow {

namespace {
std::atomic<int> g_connections{0};

int primaryCode(const QSqlError &error)
{
    bool ok = false;
    const int code = error.nativeErrorCode().toInt(&ok);
    return ok ? (code & 0xff) : 0;
}
} // namespace

StoreDatabase::StoreDatabase(const QString &path)
    : m_connection(QStringLiteral("traceflow-store-%1").arg(g_connections.fetch_add(1)))
{
    m_db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_connection);
    m_db.setDatabaseName(path);
    // Another process (or our own loader) may hold the write lock briefly.
    m_db.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=5000"));
}

StoreDatabase::~StoreDatabase()
{
    m_db.close();
    m_db = QSqlDatabase();
    QSqlDatabase::removeDatabase(m_connection);
}

bool StoreDatabase::fail(const QSqlQuery &query, const QString &what)
{
    const QSqlError e = query.lastError();
    m_code = primaryCode(e);
    m_error = what + QStringLiteral(": ") + (e.databaseText().isEmpty() ? e.text() : e.databaseText());
    return false;
}

bool StoreDatabase::exec(const QString &sql)
{
    QSqlQuery q(m_db);
    if (!q.exec(sql))
        return fail(q, sql.section(u' ', 0, 1));
    return true;
}

void StoreDatabase::rollback()
{
    const QString error = m_error;
    const int code = m_code;
    QSqlQuery(m_db).exec(QStringLiteral("ROLLBACK"));
    m_error = error;
    m_code = code;
}

qint64 StoreDatabase::scalar(const QString &sql)
{
    QSqlQuery q(m_db);
    if (!q.exec(sql) || !q.next()) {
        fail(q, sql);
        return -1;
    }
    return q.value(0).toLongLong();
}

qint64 StoreDatabase::usedBytes()
{
    const qint64 pages = scalar(QStringLiteral("PRAGMA page_count"));
    const qint64 free = scalar(QStringLiteral("PRAGMA freelist_count"));
    const qint64 size = scalar(QStringLiteral("PRAGMA page_size"));
    if (pages < 0 || free < 0 || size < 0)
        return -1;
    return (pages - free) * size;
}

bool StoreDatabase::open(bool quickCheck)
{
    if (!m_db.open()) {
        m_code = primaryCode(m_db.lastError());
        m_error = m_db.lastError().text();
        return false;
    }
    // WAL: readers never block the writer, and a commit is one sequential append.
    // synchronous=NORMAL: a commit is durable against a process crash (kill -9) at once, and
    // against power loss from the next checkpoint on, which is the usual trade for a log.
    QSqlQuery q(m_db);
    // 16 KiB pages for a new file: a chunk row is one to a few KiB, and 4 KiB pages would
    // waste a third of each page on what does not fit. Ignored for an existing file.
    if (!q.exec(QStringLiteral("PRAGMA page_size=16384")))
        return fail(q, QStringLiteral("cannot read the store"));
    if (!q.exec(QStringLiteral("PRAGMA journal_mode=WAL")) || !q.next())
        return fail(q, QStringLiteral("cannot read the store"));
    if (q.value(0).toString() != u"wal") {
        m_error = QStringLiteral("cannot switch the store to WAL mode");
        return false;
    }
    // A 64 MiB page cache keeps the trace id index hot while rows are appended; memory-mapped
    // reads spare a system call per page when loading.
    if (!exec(QStringLiteral("PRAGMA synchronous=NORMAL"))
        || !exec(QStringLiteral("PRAGMA cache_size=-65536"))
        || !exec(QStringLiteral("PRAGMA mmap_size=1073741824")))
        return false;
    return createOrCheckSchema(quickCheck);
}

bool StoreDatabase::createOrCheckSchema(bool quickCheck)
{
    const qint64 appId = scalar(QStringLiteral("PRAGMA application_id"));
    const qint64 tables = scalar(QStringLiteral("SELECT count(*) FROM sqlite_schema"));
    if (appId < 0 || tables < 0)
        return false;
    if (tables == 0) { // a new file
        return exec(QStringLiteral("PRAGMA application_id=%1").arg(ApplicationId))
            && exec(QStringLiteral("PRAGMA user_version=%1").arg(SchemaVersion))
            && exec(QStringLiteral("CREATE TABLE chunks(seq INTEGER PRIMARY KEY, "
                                   "trace_id BLOB NOT NULL, stored_ms INTEGER NOT NULL, "
                                   "spans INTEGER NOT NULL, data BLOB NOT NULL)"))
            && exec(QStringLiteral("CREATE INDEX chunks_trace ON chunks(trace_id)"));
    }
    if (appId != ApplicationId) {
        m_code = 0;
        m_error = QStringLiteral("not a TraceFlow store (a SQLite file of another program); "
                                 "left untouched");
        return false;
    }
    const qint64 version = scalar(QStringLiteral("PRAGMA user_version"));
    if (version != SchemaVersion) {
        m_code = 0;
        m_error = QStringLiteral("store format %1 is not supported (this TraceFlow reads "
                                 "format %2)").arg(version).arg(SchemaVersion);
        return false;
    }
    if (quickCheck) {
        QSqlQuery q(m_db);
        if (!q.exec(QStringLiteral("PRAGMA quick_check(1)")) || !q.next())
            return fail(q, QStringLiteral("cannot check the store"));
        if (const QString result = q.value(0).toString(); result != u"ok") {
            m_code = Corrupt;
            m_error = QStringLiteral("the store failed its integrity check: ") + result;
            return false;
        }
    }
    return true;
}

QByteArray StoreDatabase::traceKey(const TraceId &id)
{
    if (id.isHex())
        return QByteArray(reinterpret_cast<const char *>(id.bytes()), qsizetype(id.size()));
    return QByteArray(1, '\0') + id.toString().toUtf8();
}

} // namespace traceflow
