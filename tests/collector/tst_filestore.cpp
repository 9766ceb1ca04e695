// SPDX-License-Identifier: MIT
// The durable file store: round trips, flush intervals, retention, damaged files, full disks.
#include "collector.h"
#include "filestore.h"
#include "httptestclient.h"
#include "testspans.h"
#include "tracestore.h"

#include <QDir>
#include <QFile>
#include <QLocale>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include <future>

using namespace traceflow;

namespace {
constexpr qint64 BaseNs = 1'763'800'000'000'000'000;

FileStore::Options options(const QString &path, int flushMs = 0)
{
    FileStore::Options o;
    o.path = path;
    o.flushIntervalMs = flushMs;
    o.retentionAgeMs = 0;
    o.retentionBytes = 0;
    return o;
}

std::vector<Span> traces(int count, int first = 0)
{
    std::vector<Span> spans;
    for (int i = first; i < first + count; ++i) {
        const std::vector<Span> t = TestSpans::checkoutTrace(QStringLiteral("trace-%1").arg(i),
                                                             BaseNs + qint64(i) * 1'000'000);
        spans.insert(spans.end(), t.begin(), t.end());
    }
    return spans;
}

TraceId traceId(int i)
{
    return TraceId::fromString(QStringLiteral("trace-%1").arg(i));
}
} // namespace

class TstFileStore : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init();
    void storageOptions_data();
    void storageOptions();
    void roundTripRebuildsTheStore();
    void removalsAndClearsAreLogged();
    void flushInterval_data();
    void flushInterval();
    void loadsTheNewestThatFit();
    void messagesWriteCountsInALocale_data();
    void messagesWriteCountsInALocale();
    void loadProgressAndCancel_data();
    void loadProgressAndCancel();
    void retentionByAge();
    void retentionBySize();
    void unreadableFileIsKeptAside_data();
    void unreadableFileIsKeptAside();
    void foreignDatabaseIsLeftAlone();
    void secondProcessIsRefused();
    void fullDiskAndRecovery();
    void ingestAnswers503WhileTheDiskIsFull();

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_path;
};

void TstFileStore::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_path = m_dir->filePath(QStringLiteral("sub/traces.db")); // the folder is created
}

void TstFileStore::storageOptions_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("value");
    QTest::addColumn<bool>("ok");
    QTest::addColumn<QString>("expected"); // kind|path or the figure
    QTest::addRow("memory") << "storage" << "memory" << true << "memory";
    QTest::addRow("file") << "storage" << "file:/var/lib/traceflow/t.db" << true
                          << "file|/var/lib/traceflow/t.db";
    QTest::addRow("clickhouse") << "storage" << "clickhouse" << true << "clickhouse";
    QTest::addRow("file without a path") << "storage" << "file:" << false << "";
    QTest::addRow("unknown kind") << "storage" << "disk" << false << "";
    QTest::addRow("flush ms") << "flush-interval" << "250" << true << "250";
    QTest::addRow("flush zero") << "flush-interval" << "0" << true << "0";
    QTest::addRow("flush seconds") << "flush_interval" << "2s" << true << "2000";
    QTest::addRow("flush negative") << "flush-interval" << "-1" << false << "";
    QTest::addRow("retention days") << "retention" << "7d" << true << "604800000";
    QTest::addRow("retention hours") << "retention" << "12h" << true << "43200000";
    QTest::addRow("retention off") << "retention" << "0" << true << "0";
    QTest::addRow("retention junk") << "retention" << "soon" << false << "";
    QTest::addRow("size G") << "retention-size" << "1G" << true << "1073741824";
    QTest::addRow("size MiB") << "retention-size" << "500MiB" << true << "524288000";
    QTest::addRow("size bytes") << "retention-size" << "4096" << true << "4096";
    QTest::addRow("size junk") << "retention-size" << "1X" << false << "";
}

void TstFileStore::storageOptions()
{
    QFETCH(QString, name);
    QFETCH(QString, value);
    QFETCH(bool, ok);
    QFETCH(QString, expected);
    CollectorConfig config;
    QString error;
    QCOMPARE(config.apply(name, value, &error), ok);
    if (!ok) {
        QVERIFY(error.contains(value));
        return;
    }
    QString got;
    if (name == u"storage") {
        got = config.storage == StorageKind::Memory ? QStringLiteral("memory")
            : config.storage == StorageKind::ClickHouse
            ? QStringLiteral("clickhouse")
            : QStringLiteral("file|") + config.storagePath;
    } else if (name.startsWith(u"flush")) {
        got = QString::number(config.flushIntervalMs);
    } else if (name == u"retention") {
        got = QString::number(config.retentionAgeMs);
    } else {
        got = QString::number(config.retentionBytes);
    }
    QCOMPARE(got, expected);
}

void TstFileStore::roundTripRebuildsTheStore()
{
    TraceStore original;
    {
        FileStore file(options(m_path, 1000));
        QVERIFY2(file.open(original), qPrintable(file.error()));
        original.insert(traces(50));
        original.insert(traces(5)); // duplicates: not stored twice
        QRandomGenerator random(7);
        original.insert(TestSpans::standardBatch(400, random, BaseNs));
        QVERIFY(file.flush());
        QCOMPARE(file.counters().writtenSpans, original.counters().spans);
    }
    TraceStore reopened;
    FileStore file(options(m_path));
    QVERIFY2(file.open(reopened), qPrintable(file.error()));
    QVERIFY(file.messages().join(u'\n').contains(u"loaded 550 spans"));
    QCOMPARE(file.loadReport().loadedSpans, 550);
    QCOMPARE(reopened.counters().spans, original.counters().spans);
    QCOMPARE(reopened.counters().traces, original.counters().traces);
    // Every field of every span, in arrival order.
    for (int i = 0; i < 50; ++i) {
        const std::vector<Span> a = original.trace(traceId(i));
        const std::vector<Span> b = reopened.trace(traceId(i));
        QCOMPARE(b.size(), 3u);
        QVERIFY(a == b);
        QCOMPARE(b[0].resource(), a[0].resource());
    }
    // The index, sketches and service graph are rebuilt.
    QCOMPARE(reopened.services(), original.services());
    QCOMPARE(reopened.latency().total.count, original.latency().total.count);
    QCOMPARE(reopened.latency().total.quantileMs(0.99), original.latency().total.quantileMs(0.99));
    QCOMPARE(reopened.dependencies().size(), original.dependencies().size());
    TraceQuery query;
    query.service = QStringLiteral("orders");
    query.limit = 1000;
    QCOMPARE(reopened.query(query).total, original.query(query).total);
}

void TstFileStore::removalsAndClearsAreLogged()
{
    {
        TraceStore store;
        FileStore file(options(m_path));
        QVERIFY(file.open(store));
        store.insert(traces(3));
        QVERIFY(store.removeTrace(traceId(1)));
        QVERIFY(file.flush());
    }
    {
        TraceStore store;
        FileStore file(options(m_path));
        QVERIFY(file.open(store));
        QVERIFY(store.contains(traceId(0)));
        QVERIFY(!store.contains(traceId(1)));
        QCOMPARE(store.counters().traces, 2u);
        store.clear();
        QVERIFY(file.flush());
    }
    TraceStore store;
    FileStore file(options(m_path));
    QVERIFY(file.open(store));
    QCOMPARE(store.counters().spans, 0u);
}

void TstFileStore::flushInterval_data()
{
    QTest::addColumn<int>("intervalMs");
    QTest::addRow("every batch (0)") << 0;
    QTest::addRow("400 ms") << 400;
}

void TstFileStore::flushInterval()
{
    QFETCH(int, intervalMs);
    TraceStore store;
    FileStore file(options(m_path, intervalMs));
    QVERIFY(file.open(store));
    QElapsedTimer clock;
    clock.start();
    store.insert(traces(10));
    if (intervalMs > 0) {
        // Held back until the interval is over, then committed without being asked.
        QThread::msleep(intervalMs / 4);
        QCOMPARE(file.counters().writtenSpans, 0u);
        QCOMPARE(file.counters().pendingSpans, 30u);
    }
    QTRY_COMPARE_WITH_TIMEOUT(file.counters().writtenSpans, 30u, 5000);
    if (intervalMs > 0)
        QVERIFY(clock.elapsed() >= intervalMs - 50);
    QCOMPARE(file.counters().pendingSpans, 0u);
    QCOMPARE(file.counters().commits, 1u);
    QVERIFY(file.counters().lastCommitMs > 0);
}

void TstFileStore::loadsTheNewestThatFit()
{
    {
        TraceStore store;
        FileStore file(options(m_path));
        QVERIFY(file.open(store));
        for (int i = 0; i < 10; ++i) {
            store.insert(traces(10, i * 10));
            QVERIFY(file.flush()); // one row per trace and commit
        }
    }
    TraceStore small(StoreLimits{60, std::size_t(512) << 20});
    FileStore file(options(m_path));
    QVERIFY(file.open(small));
    QCOMPARE(file.loadReport().storedSpans, 300);
    QCOMPARE(file.loadReport().loadedSpans, 60);
    QVERIFY(file.messages().join(u'\n').contains(u"keeps the newest"));
    QVERIFY(small.contains(traceId(99)));
    QVERIFY(small.contains(traceId(80)));
    QVERIFY(!small.contains(traceId(79)));
}

// The collector's log keeps plain digits; the app passes the user's locale.
void TstFileStore::messagesWriteCountsInALocale_data()
{
    QTest::addColumn<QLocale>("locale");
    QTest::addColumn<QString>("stored");
    QTest::addColumn<QString>("limit");
    QTest::addColumn<QString>("loadedPrefix"); // 1,000..1,200 spans are loaded
    QTest::addRow("log (C)") << QLocale::c() << QStringLiteral("1500") << QStringLiteral("1200")
                             << QStringLiteral("loaded 1");
    QTest::addRow("English") << QLocale(QLocale::English, QLocale::UnitedStates)
                             << QStringLiteral("1,500") << QStringLiteral("1,200")
                             << QStringLiteral("loaded 1,");
    QTest::addRow("German") << QLocale(QLocale::German, QLocale::Germany) << QStringLiteral("1.500")
                            << QStringLiteral("1.200") << QStringLiteral("loaded 1.");
}

void TstFileStore::messagesWriteCountsInALocale()
{
    QFETCH(QLocale, locale);
    QFETCH(QString, stored);
    QFETCH(QString, limit);
    QFETCH(QString, loadedPrefix);
    {
        TraceStore store;
        FileStore file(options(m_path));
        QVERIFY(file.open(store));
        for (int i = 0; i < 5; ++i) {
            store.insert(traces(100, i * 100));
            QVERIFY(file.flush());
        }
    }
    TraceStore small(StoreLimits{1200, std::size_t(512) << 20});
    FileStore file(options(m_path));
    QVERIFY(file.open(small));
    QCOMPARE(file.loadReport().storedSpans, 1500);
    const qint64 loaded = file.loadReport().loadedSpans;
    QVERIFY(loaded >= 1000 && loaded <= 1200);
    const QStringList lines = file.messages(locale);
    QCOMPARE(lines.size(), 2);
    const QString seconds = locale.toString(file.loadReport().seconds, 'f', 2);
    QCOMPARE(lines[0], QStringLiteral("loaded %1 spans from %2 in %3 s")
                           .arg(locale.toString(loaded), m_path, seconds));
    QVERIFY2(lines[0].startsWith(loadedPrefix) && lines[0].at(loadedPrefix.size()).isDigit(),
             qPrintable(lines[0]));
    QCOMPARE(lines[1], QStringLiteral("the store holds %1 spans; the memory limit of %2 spans "
                                      "keeps the newest")
                           .arg(stored, limit));
    QCOMPARE(file.messages(), file.messages(QLocale::c())); // the log's, by default
}

void TstFileStore::loadProgressAndCancel_data()
{
    QTest::addColumn<int>("cancelAt"); // the progress call that says stop; -1: none
    QTest::addColumn<int>("maxSpans"); // the memory store's limit; 0: the default
    QTest::addRow("to the end") << -1 << 0;
    QTest::addRow("to the end, the newest that fit") << -1 << 40'000;
    QTest::addRow("canceled before the first batch") << 0 << 0;
    QTest::addRow("canceled after the first batch") << 1 << 0;
}

void TstFileStore::loadProgressAndCancel()
{
    QFETCH(int, cancelAt);
    QFETCH(int, maxSpans);
    qint64 stored = 0;
    {
        TraceStore store;
        FileStore file(options(m_path));
        QVERIFY(file.open(store));
        store.setObserver(nullptr);
        // Several load batches (16,384 spans each), in several commits.
        for (int i = 0; i < 5; ++i) {
            std::vector<Span> spans = traces(4000, i * 4000);
            stored += qint64(spans.size());
            file.spansStored(std::move(spans));
            QVERIFY(file.flush());
        }
    }
    StoreLimits limits;
    if (maxSpans > 0)
        limits.maxSpans = std::size_t(maxSpans);
    TraceStore store(limits);
    FileStore file(options(m_path));
    std::vector<std::pair<qint64, qint64>> calls;
    const bool opened = file.open(store, [&](qint64 loaded, qint64 total) {
        calls.emplace_back(loaded, total);
        return cancelAt < 0 || int(calls.size()) <= cancelAt;
    });
    QVERIFY(!calls.empty());
    QCOMPARE(calls.front().first, 0);
    const qint64 total = calls.front().second;
    for (std::size_t i = 1; i < calls.size(); ++i) {
        QVERIFY(calls[i].first > calls[i - 1].first);
        QCOMPARE(calls[i].second, total);
    }
    if (cancelAt < 0) {
        QVERIFY2(opened, qPrintable(file.error()));
        QVERIFY(!file.wasCanceled());
        QVERIFY(calls.size() > 2);
        QCOMPARE(calls.back().first, total);
        QCOMPARE(total, file.loadReport().loadedSpans);
        QCOMPARE(total, maxSpans > 0 ? file.loadReport().loadedSpans : stored);
        QVERIFY(total <= qint64(limits.maxSpans));
        QCOMPARE(qint64(store.counters().spans), total);
        return;
    }
    QVERIFY(!opened);
    QVERIFY(file.wasCanceled());
    QVERIFY2(file.error().contains(u"was canceled"), qPrintable(file.error()));
    QCOMPARE(int(calls.size()), cancelAt + 1);
    QCOMPARE(qint64(store.counters().spans), calls.back().first); // what was loaded stays
    QVERIFY(qint64(store.counters().spans) < stored);
    // Nothing was written and the lock is free: the file opens again, whole.
    TraceStore again;
    FileStore reopened(options(m_path));
    QVERIFY2(reopened.open(again), qPrintable(reopened.error()));
    QCOMPARE(reopened.loadReport().loadedSpans, stored);
}

void TstFileStore::retentionByAge()
{
    TraceStore store;
    FileStore::Options o = options(m_path);
    o.retentionAgeMs = 600;
    o.retentionPeriodMs = 3'600'000; // only when asked
    FileStore file(o);
    QVERIFY(file.open(store));
    store.insert(traces(4));
    QVERIFY(file.flush());
    QThread::msleep(800);
    store.insert(traces(3, 100));
    store.insert(traces(1, 0)); // an old trace getting a late span is as old as its first
    QVERIFY(file.flush());
    file.runRetention();
    const FileStoreCounters c = file.counters();
    QCOMPARE(c.retentionAgeTraces, 4u);
    QCOMPARE(c.retentionAgeSpans, 12u);
    QCOMPARE(c.retentionSizeTraces, 0u);
    QVERIFY(file.prometheus().contains(
        "traceflow_storage_retention_deleted_spans_total{reason=\"age\"} 12\n"));
    // Gone from memory too, and from the file.
    QVERIFY(!store.contains(traceId(0)));
    QVERIFY(store.contains(traceId(100)));
    QCOMPARE(store.counters().traces, 3u);
}

void TstFileStore::retentionBySize()
{
    TraceStore store;
    FileStore::Options o = options(m_path);
    o.retentionBytes = 256 * 1024;
    o.retentionPeriodMs = 3'600'000;
    FileStore file(o);
    QVERIFY(file.open(store));
    for (int batch = 0; batch < 20; ++batch) {
        store.insert(traces(100, batch * 100));
        QVERIFY(file.flush());
    }
    QVERIFY(file.counters().usedBytes > o.retentionBytes);
    file.runRetention();
    const FileStoreCounters c = file.counters();
    QVERIFY(c.retentionSizeTraces > 0);
    QCOMPARE(c.retentionSizeSpans, 3 * c.retentionSizeTraces);
    QVERIFY2(c.usedBytes <= o.retentionBytes, qPrintable(QString::number(c.usedBytes)));
    // Oldest first: the first traces went, the last stayed.
    QVERIFY(!store.contains(traceId(0)));
    QVERIFY(store.contains(traceId(1999)));
    QCOMPARE(store.counters().traces, 2000u - c.retentionSizeTraces);
}

void TstFileStore::unreadableFileIsKeptAside_data()
{
    QTest::addColumn<bool>("garbage");
    QTest::addRow("garbage bytes") << true;
    QTest::addRow("truncated store") << false;
}

void TstFileStore::unreadableFileIsKeptAside()
{
    QFETCH(bool, garbage);
    QByteArray bytes;
    if (garbage) {
        for (int i = 0; i < 64 * 1024; ++i)
            bytes.append(char((i * 7919 + 13) % 251));
        QVERIFY(QDir().mkpath(QFileInfo(m_path).absolutePath()));
    } else {
        {
            TraceStore store;
            FileStore file(options(m_path));
            QVERIFY(file.open(store));
            store.insert(traces(2000));
            QVERIFY(file.flush());
        } // closed: checkpointed into the main file
        QFile f(m_path);
        QVERIFY(f.open(QIODevice::ReadOnly));
        bytes = f.readAll().left(f.size() / 2);
    }
    {
        QFile f(m_path);
        QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
        f.write(bytes);
    }
    TraceStore store;
    FileStore file(options(m_path));
    QVERIFY2(file.open(store), qPrintable(file.error()));
    const QString aside = file.loadReport().movedAside;
    QVERIFY(aside.startsWith(m_path + QStringLiteral(".corrupt-")));
    QVERIFY(file.messages().join(u'\n').contains(u"unreadable"));
    QVERIFY(file.messages().join(u'\n').contains(aside));
    QFile kept(aside);
    QVERIFY(kept.open(QIODevice::ReadOnly));
    QCOMPARE(kept.readAll(), bytes); // untouched, for whoever wants to recover it
    QCOMPARE(store.counters().spans, 0u);
    // The fresh store works.
    store.insert(traces(2));
    QVERIFY(file.flush());
    QCOMPARE(file.counters().writtenSpans, 6u);
}

void TstFileStore::foreignDatabaseIsLeftAlone()
{
    QVERIFY(QDir().mkpath(QFileInfo(m_path).absolutePath()));
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("foreign"));
        db.setDatabaseName(m_path);
        QVERIFY(db.open());
        QSqlQuery q(db);
        QVERIFY(q.exec(QStringLiteral("CREATE TABLE notes(text TEXT)")));
        db.close();
    }
    QSqlDatabase::removeDatabase(QStringLiteral("foreign"));
    const qint64 size = QFileInfo(m_path).size();
    TraceStore store;
    FileStore file(options(m_path));
    QVERIFY(!file.open(store));
    QVERIFY(file.error().contains(u"not a TraceFlow store"));
    QCOMPARE(QFileInfo(m_path).size(), size);
    QVERIFY(QDir(QFileInfo(m_path).absolutePath()).entryList({QStringLiteral("*corrupt*")}).isEmpty());
}

void TstFileStore::secondProcessIsRefused()
{
    TraceStore a;
    FileStore first(options(m_path));
    QVERIFY(first.open(a));
    TraceStore b;
    FileStore second(options(m_path));
    QVERIFY(!second.open(b));
    QVERIFY2(second.error().contains(u"in use"), qPrintable(second.error()));
}

void TstFileStore::fullDiskAndRecovery()
{
    // SQLite's max_page_count stands in for a full disk: writing beyond it fails with
    // SQLITE_FULL exactly as a full file system does.
    TraceStore store;
    FileStore::Options o = options(m_path);
    o.maxPageCount = 40; // 160 KiB with 4 KiB pages
    FileStore file(o);
    QVERIFY(file.open(store));
    store.insert(traces(10));
    QVERIFY(file.flush());
    QCOMPARE(file.writeError(), QString());
    store.insert(traces(3000, 10));
    QVERIFY(!file.flush());
    QVERIFY2(file.writeError().contains(u"disk is full"), qPrintable(file.writeError()));
    FileStoreCounters c = file.counters();
    QVERIFY(!c.writable);
    QVERIFY(c.writeErrors >= 1);
    QCOMPARE(c.pendingSpans, 9000u); // kept, to be retried
    QVERIFY(file.prometheus().contains("traceflow_storage_writable 0\n"));

    file.setMaxPageCount(0); // space returns
    QTRY_VERIFY_WITH_TIMEOUT(file.writeError().isEmpty(), 5000);
    QVERIFY(file.flush());
    c = file.counters();
    QCOMPARE(c.writtenSpans, 9030u);
    QCOMPARE(c.droppedSpans, 0u);
}

void TstFileStore::ingestAnswers503WhileTheDiskIsFull()
{
    TraceStore store;
    FileStore::Options o = options(m_path);
    o.maxPageCount = 40;
    FileStore file(o);
    QVERIFY(file.open(store));
    CollectorConfig config;
    config.apiPort = 0;
    config.otlpPort = 0;
    Collector collector(config, store);
    collector.setFileStore(&file);
    QVERIFY(collector.start());
    store.insert(traces(3000));
    QVERIFY(!file.flush());

    auto post = [port = collector.apiPort()] {
        HttpTestClient client(port);
        return client.post("/api/spans",
                           TestSpans::encode(TestSpans::Format::TraceflowJson, traces(1, 5000)),
                           "application/json");
    };
    std::future<HttpTestResponse> refused = std::async(std::launch::async, post);
    QTRY_VERIFY(refused.wait_for(std::chrono::seconds(0)) == std::future_status::ready);
    const HttpTestResponse r = refused.get();
    QCOMPARE(r.status, 503);
    QCOMPARE(r.header("Retry-After"), QByteArray("1"));
    QVERIFY2(r.json().value("error", std::string()).find("disk is full") != std::string::npos,
             r.body.constData());
    QVERIFY(!store.contains(traceId(5000)));

    file.setMaxPageCount(0);
    QTRY_VERIFY_WITH_TIMEOUT(file.writeError().isEmpty(), 5000);
    std::future<HttpTestResponse> accepted = std::async(std::launch::async, post);
    QTRY_VERIFY(accepted.wait_for(std::chrono::seconds(0)) == std::future_status::ready);
    QCOMPARE(accepted.get().status, 202);
    QTRY_VERIFY(store.contains(traceId(5000)));
    QVERIFY(file.flush());
    QCOMPARE(file.counters().writtenSpans, 9003u);
    collector.stop();
}

QTEST_GUILESS_MAIN(TstFileStore)
#include "tst_filestore.moc"
