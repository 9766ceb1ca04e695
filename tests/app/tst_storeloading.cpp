// SPDX-License-Identifier: MIT
// The window shows at once while the store file loads on a thread of its own: the progress
// indicator says how far it is, the list fills in, the collector starts once the stored
// traces are in, and closing the window mid-way leaves the file as it was.
#include "appsettings.h"
#include "collectorhost.h"
#include "filestore.h"
#include "localsource.h"
#include "mainwindow.h"
#include "statuspanel.h"
#include "taskprogress.h"
#include "testtraces.h"
#include "testwindow.h"
#include "tracelistmodel.h"
#include "tracelistview.h"
#include "tracestore.h"

#include <QDateTime>
#include <QLabel>
#include <QLocale>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>

using namespace traceflow;

namespace {
// 600,000 spans: loading takes about a second here, several times the progress indicator's
// show delay, so the window is up and the indicator shows long before the last span is in.
constexpr int StoredTraces = 120'000;
constexpr int BatchTraces = 500;

qint64 storedSpans(const QString &path)
{
    TraceStore store(StoreLimits{std::size_t(10'000'000), std::size_t(8) << 30});
    FileStore file({path});
    if (!file.open(store))
        return -1;
    return file.loadReport().loadedSpans;
}
} // namespace

class TstStoreLoading : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void windowShowsWhileLoading();
    void closingWhileLoading_data();
    void closingWhileLoading();
    void cancelKeepsMemoryOnly();
    void storeInUseKeepsMemoryOnly();

private:
    std::unique_ptr<AppSettings> settingsFor(const QString &name);
    static TaskProgress *progressOf(const MainWindow &window);

    QTemporaryDir m_dir;
    QString m_storePath; // the store every test starts from
    qint64 m_spans = 0;
    qint64 m_startNs = 0;
};

void TstStoreLoading::initTestCase()
{
    // Counts in the status bar are for a person: digit groups, as the user's locale writes them.
    QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));
    QVERIFY(m_dir.isValid());
    m_storePath = m_dir.filePath(QStringLiteral("template.db"));
    m_startNs = (QDateTime::currentMSecsSinceEpoch() - 3'600'000) * 1'000'000;
    TraceStore unused;
    FileStore file({m_storePath});
    QVERIFY2(file.open(unused), qPrintable(file.error()));
    unused.setObserver(nullptr); // the batches go to the writer directly
    for (int first = 0; first < StoredTraces; first += BatchTraces) {
        std::vector<Span> batch;
        for (int t = first; t < first + BatchTraces; ++t) {
            std::vector<Span> trace =
                TestTraces::checkout(TestTraces::traceHex(t + 1), m_startNs + qint64(t) * 1000);
            batch.insert(batch.end(), trace.begin(), trace.end());
        }
        m_spans += qint64(batch.size());
        file.spansStored(std::move(batch));
    }
    QVERIFY(file.flush());
}

std::unique_ptr<AppSettings> TstStoreLoading::settingsFor(const QString &name)
{
    // Each test gets its own copy of the store, so that what one test appends cannot
    // change what the next one loads.
    const QString path = m_dir.filePath(name + QStringLiteral(".db"));
    QFile::remove(path);
    if (!QFile::copy(m_storePath, path))
        return {};
    auto settings = TestWindow::settings(m_dir);
    settings->setKeepTraces(true);
    settings->settings().setValue(QStringLiteral("store/file"), path);
    StoreLimits limits = settings->storeLimits();
    limits.maxSpans = std::max<std::size_t>(limits.maxSpans, std::size_t(m_spans) * 2);
    settings->setStoreLimits(limits);
    return settings;
}

TaskProgress *TstStoreLoading::progressOf(const MainWindow &window)
{
    return window.statusBar()->findChild<TaskProgress *>();
}

void TstStoreLoading::windowShowsWhileLoading()
{
    std::unique_ptr<AppSettings> settings = settingsFor(QStringLiteral("shows"));
    QVERIFY(settings);
    QCOMPARE(storedSpans(settings->storeFilePath()), m_spans);
    const QString path = settings->storeFilePath();
    const QString imported = TestTraces::traceHex(StoredTraces + 1);
    const QString fresh = TestTraces::traceHex(StoredTraces + 2);
    const std::vector<Span> importSpans =
        TestTraces::checkout(imported, m_startNs + 3'600'000'000'000);
    const std::vector<Span> posted = TestTraces::checkout(fresh, m_startNs + 7'200'000'000'000);
    const qint64 added = qint64(importSpans.size() + posted.size());
    {
        MainWindow window(*settings);
        // The constructor is back before the spans are: it only started the loading thread.
        // Nothing below lets the event loop run before these checks, so the window cannot have
        // heard of the end of the load yet.
        QVERIFY(window.isLoadingStore());
        QVERIFY(window.store().counters().spans < std::uint64_t(m_spans));
        QCOMPARE(window.fileStore(), nullptr);
        // The collector listens at once but holds new spans until the stored traces are in
        // (see MainWindow::openFileStore), and says so.
        QVERIFY(window.collector().isRunning());
        auto *collectorStatus =
            window.statusPanel()->findChild<QLabel *>(QStringLiteral("collectorStatus"));
        QVERIFY(collectorStatus);
        QVERIFY2(collectorStatus->text().contains(QStringLiteral("new spans wait for loading")),
                 qPrintable(collectorStatus->text()));
        // A sender is answered while loading; its spans go in after the stored ones.
        QCOMPARE(TestTraces::post(TestWindow::apiUrl(window), posted), 202);
        const bool storedEarly = window.store().contains(TraceId::fromString(fresh));
        if (window.isLoadingStore()) // still held when storedEarly was read
            QVERIFY(!storedEarly);
        TaskProgress *progress = progressOf(window);
        QVERIFY(progress);
        QVERIFY2(progress->currentLabel().startsWith(QStringLiteral("Loading stored traces")),
                 qPrintable(progress->currentLabel()));
        // An import (a file given on the command line) waits for the stored traces, so that the
        // file store logs it.
        QFuture<int> import = window.source()->insert(importSpans);
        QVERIFY(!import.isFinished());

        window.resize(1400, 900);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));

        // The indicator comes up and counts the spans while they arrive.
        QString seenWhileLoading;
        std::uint64_t spansThen = 0;
        QTRY_VERIFY_WITH_TIMEOUT(
            [&] {
                auto *label = progress->findChild<QLabel *>();
                if (!progress->isVisible() || !label ||
                    !label->text().contains(QStringLiteral(" spans")))
                    return false;
                seenWhileLoading = label->text();
                spansThen = window.store().counters().spans;
                return true;
            }(),
            30'000);
        QVERIFY2(seenWhileLoading.startsWith(QStringLiteral("Loading stored traces\u2026 ")),
                 qPrintable(seenWhileLoading));
        QCOMPARE(m_spans, 600'000);
        QVERIFY2(seenWhileLoading.endsWith(QStringLiteral(" of 600,000 spans")),
                 qPrintable(seenWhileLoading));
        QVERIFY(spansThen < std::uint64_t(m_spans));

        QTRY_VERIFY_WITH_TIMEOUT(!window.isLoadingStore(), 60'000);
        QTRY_VERIFY(import.isFinished());
        QCOMPARE(import.result(), int(importSpans.size()));
        QTRY_VERIFY(window.store().contains(TraceId::fromString(fresh)));
        QCOMPARE(window.store().counters().spans, std::uint64_t(m_spans + added));
        QTRY_VERIFY(!progress->isVisible());
        QVERIFY(window.fileStore());
        QVERIFY2(window.statusBar()->currentMessage().startsWith(
                     QStringLiteral("loaded 600,000 spans from ")),
                 qPrintable(window.statusBar()->currentMessage()));
        QVERIFY(window.collector().isRunning());
        QVERIFY(collectorStatus->text().contains(QStringLiteral("127.0.0.1")));
        QTRY_COMPARE(window.traceList()->traceModel()->rowCount() > 0, true);

        window.close();
    } // closing commits what is pending
    // The stored spans were not appended again; the import and the posted trace were, once.
    QCOMPARE(storedSpans(path), m_spans + added);
}

void TstStoreLoading::closingWhileLoading_data()
{
    QTest::addColumn<bool>("afterFirstBatch");
    QTest::addRow("at once") << false;
    QTest::addRow("after the first batch") << true;
}

void TstStoreLoading::closingWhileLoading()
{
    QFETCH(bool, afterFirstBatch);
    std::unique_ptr<AppSettings> settings = settingsFor(QStringLiteral("closing"));
    QVERIFY(settings);
    const QString path = settings->storeFilePath();
    {
        std::unique_ptr<MainWindow> window = TestWindow::show(*settings);
        QVERIFY(window);
        if (afterFirstBatch)
            QTRY_VERIFY(window->store().counters().spans > 0 || !window->isLoadingStore());
        window->close();
    } // the destructor cancels the loading and waits for the batch in hand
    // The file is whole and holds exactly what it held: nothing was appended or lost, and
    // the lock is free again.
    QCOMPARE(storedSpans(path), m_spans);
}

void TstStoreLoading::cancelKeepsMemoryOnly()
{
    std::unique_ptr<AppSettings> settings = settingsFor(QStringLiteral("cancel"));
    QVERIFY(settings);
    const QString path = settings->storeFilePath();
    {
        std::unique_ptr<MainWindow> window = TestWindow::show(*settings);
        QVERIFY(window);
        TaskProgress *progress = progressOf(*window);
        QTRY_VERIFY_WITH_TIMEOUT(progress->isVisible(), 30'000);
        auto *cancel = progress->findChild<QToolButton *>();
        QVERIFY(cancel);
        QTest::mouseClick(cancel, Qt::LeftButton);
        QVERIFY(!progress->isVisible());
        QTRY_VERIFY(!window->isLoadingStore());
        // What was loaded stays; this session goes on in memory only, with its collector.
        QCOMPARE(window->fileStore(), nullptr);
        QVERIFY(window->store().counters().spans < std::uint64_t(m_spans));
        const QString message = window->statusBar()->currentMessage();
        QVERIFY2(message.contains(QStringLiteral("kept in memory only")), qPrintable(message));
        QVERIFY2(message.contains(QStringLiteral("was canceled")), qPrintable(message));
        QVERIFY(window->collector().isRunning());
        QCOMPARE(TestTraces::post(
                     TestWindow::apiUrl(*window),
                     TestTraces::checkout(TestTraces::traceHex(StoredTraces + 3), m_startNs)),
                 202);
    }
    QCOMPARE(storedSpans(path), m_spans); // untouched: nothing was written this session
}

void TstStoreLoading::storeInUseKeepsMemoryOnly()
{
    std::unique_ptr<AppSettings> settings = settingsFor(QStringLiteral("inuse"));
    QVERIFY(settings);
    TraceStore other;
    FileStore holder({settings->storeFilePath()});
    QVERIFY(holder.open(other));

    std::unique_ptr<MainWindow> window = TestWindow::show(*settings);
    QVERIFY(window);
    QTRY_VERIFY(!window->isLoadingStore());
    QCOMPARE(window->fileStore(), nullptr);
    const QString message = window->statusBar()->currentMessage();
    QVERIFY2(message.startsWith(QStringLiteral("Traces are kept in memory only this session: ")),
             qPrintable(message));
    QVERIFY2(message.contains(QStringLiteral("in use by another process")), qPrintable(message));
    QVERIFY(window->collector().isRunning());
    QCOMPARE(window->store().counters().spans, std::uint64_t(0));
}

QTEST_MAIN(TstStoreLoading)
#include "tst_storeloading.moc"
