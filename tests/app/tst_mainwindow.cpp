// SPDX-License-Identifier: MIT
#include "appsettings.h"
#include "collectorbanner.h"
#include "collectorhost.h"
#include "democontroller.h"
#include "demomenu.h"
#include "fileactions.h"
#include "mainwindow.h"
#include "searchbar.h"
#include "searchcontroller.h"
#include "spanfile.h"
#include "statuspanel.h"
#include "testtraces.h"
#include "testwindow.h"
#include "tracelistmodel.h"
#include "tracelistview.h"
#include "tracestore.h"
#include "traceview.h"
#include "waterfall.h"

#include <QAction>
#include <QComboBox>
#include <QHeaderView>
#include <QLineEdit>
#include <QMessageBox>
#include <QMimeData>
#include <QPushButton>
#include <QScrollBar>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

using namespace traceflow;

namespace {
constexpr qint64 Second = 1'000'000'000;

template<typename T> T await(QFuture<T> future)
{
    QElapsedTimer clock;
    clock.start();
    while (!future.isFinished() && clock.elapsed() < 20000)
        QCoreApplication::processEvents(QEventLoop::AllEvents, 20);
    if (!future.isFinished() || future.isCanceled() || future.resultCount() == 0)
        return T();
    return future.result();
}

// Compares span sets whatever their order, and says why they differ.
#define VERIFY_SAME_SPANS(a, b)                                                                    \
    do {                                                                                           \
        QString why;                                                                               \
        QVERIFY2(TestTraces::sameSpans((a), (b), &why), qPrintable(why));                          \
    } while (false)

std::vector<Span> spansOf(const AssembledTrace &trace)
{
    std::vector<Span> spans;
    for (const AssembledSpan &s : trace.spans)
        spans.push_back(s.span);
    return spans;
}

TraceId traceId(int n)
{
    return TraceId::fromHex(QStringView(TestTraces::traceHex(n)));
}

// Three consecutive free ports from a random start, for the demo services.
int freeBasePort()
{
    for (int base = 20000 + int(QCoreApplication::applicationPid() % 20000); base < 65000;
         base += 7) {
        QTcpServer a, b, c;
        if (a.listen(QHostAddress::LocalHost, quint16(base)) &&
            b.listen(QHostAddress::LocalHost, quint16(base + 1)) &&
            c.listen(QHostAddress::LocalHost, quint16(base + 2)))
            return base;
    }
    return 0;
}
} // namespace

class TstMainWindow : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void collectorRunsOnFreePorts();
    void postedTracesAppear();
    void clickShowsTrace();
    void keyboardMovesThroughTraces();
    void openTraceById();
    void searchFilters_data();
    void searchFilters();
    void headerSortAndBack();
    void exportAndReimport_data();
    void exportAndReimport();
    void exportSelectedTraces();
    void badFileKeepsStore();
    void droppedFileIsImported();
    void openTraceFollowsLateSpans();
    void liveUpdatesKeepSelectionAndScroll();
    void busyPortShowsBanner();
    void remoteCollector();
    void demoFromMenu();

private:
    QUrl apiUrl() const { return TestWindow::apiUrl(*m_window); }
    void resetSearch();

    QTemporaryDir m_dir;
    std::unique_ptr<AppSettings> m_settings;
    std::unique_ptr<MainWindow> m_window;
    qint64 m_t0 = 0;
};

void TstMainWindow::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_settings = TestWindow::settings(m_dir);
    m_window = TestWindow::show(*m_settings);
    QVERIFY(m_window);
    m_t0 = (QDateTime::currentMSecsSinceEpoch() - 60'000) * 1'000'000;
}

void TstMainWindow::cleanupTestCase()
{
    m_window.reset();
}

void TstMainWindow::resetSearch()
{
    SearchBar *bar = m_window->searchBar();
    bar->tagsEdit()->clear();
    bar->minDurationEdit()->clear();
    bar->maxDurationEdit()->clear();
    bar->statusBox()->setCurrentIndex(0);
    bar->serviceBox()->setCurrentIndex(0);
    bar->operationBox()->setCurrentIndex(0);
    bar->rangeBox()->setCurrentIndex(bar->rangeBox()->findData(int(SearchBar::Range::All)));
    m_window->search()->refresh();
}

void TstMainWindow::collectorRunsOnFreePorts()
{
    QVERIFY(m_window->collector().isRunning());
    QVERIFY(m_window->collector().apiPort() != 0);
    QVERIFY(m_window->collector().otlpPort() != 0);
    QVERIFY(!m_window->banner()->isVisible());
    QVERIFY2(m_window->statusPanel()->collectorText().contains(
                 QString::number(m_window->collector().apiPort())),
             qPrintable(m_window->statusPanel()->collectorText()));
    QCOMPARE(TestTraces::get(apiUrl(), QStringLiteral("/health")).contains("ok"), true);
}

void TstMainWindow::postedTracesAppear()
{
    for (int i = 1; i <= 3; ++i)
        QCOMPARE(TestTraces::post(apiUrl(),
                                  TestTraces::checkout(TestTraces::traceHex(i), m_t0 + i * Second,
                                                       i == 2, i * 20'000'000LL)),
                 202);
    TraceListModel *model = m_window->traceList()->traceModel();
    QTRY_COMPARE_WITH_TIMEOUT(model->rowCount(), 3, 5000);
    // Newest first by default.
    QCOMPARE(model->summary(0)->traceId, traceId(3));
    QCOMPARE(model->summary(2)->traceId, traceId(1));
    QCOMPARE(model->summary(1)->errorCount, 2);
    QCOMPARE(model->summary(0)->services,
             (QStringList{QStringLiteral("checkout"), QStringLiteral("inventory"),
                          QStringLiteral("payment")}));
    QTRY_VERIFY(m_window->statusPanel()->countsText().startsWith(QStringLiteral("3 traces")));
    QTRY_COMPARE(m_window->searchBar()->serviceBox()->count(), 4);
}

void TstMainWindow::clickShowsTrace()
{
    TraceListView *list = m_window->traceList();
    QSignalSpy shown(m_window.get(), &MainWindow::traceShown);
    const QRect row = list->visualRect(list->model()->index(1, TraceListModel::OperationColumn));
    QTest::mouseClick(list->viewport(), Qt::LeftButton, {}, row.center());
    QTRY_COMPARE_WITH_TIMEOUT(shown.count(), 1, 5000);
    QCOMPARE(shown.first().first().value<TraceId>(), traceId(2));
    const auto trace = m_window->shownTrace();
    QVERIFY(trace);
    QCOMPARE(trace->spans.size(), std::size_t(5));
    QCOMPARE(trace->rootService(), QStringLiteral("checkout"));
    QCOMPARE(trace->errorCount, 2);
    // The trace view shows it: one waterfall row per span.
    QCOMPARE(m_window->traceView()->trace(), trace);
    QCOMPARE(m_window->traceView()->waterfall()->rows().rowCount(), 5);
    VERIFY_SAME_SPANS(spansOf(*trace), m_window->store().trace(traceId(2)));
    QVERIFY(m_window->windowTitle().contains(QStringLiteral("GET /checkout")));
    QVERIFY(m_window->fileActions()->exportTraceAction()->isEnabled());
}

void TstMainWindow::keyboardMovesThroughTraces()
{
    TraceListView *list = m_window->traceList();
    list->setFocus();
    QSignalSpy shown(m_window.get(), &MainWindow::traceShown);
    // Key clicks process events, so the trace may be shown before they return.
    QTest::keyClick(list, Qt::Key_Down);
    QTRY_COMPARE_WITH_TIMEOUT(shown.count(), 1, 5000);
    QCOMPARE(shown.last().first().value<TraceId>(), traceId(1));
    QTest::keyClick(list, Qt::Key_Home, Qt::ControlModifier);
    QTRY_COMPARE_WITH_TIMEOUT(shown.count(), 2, 5000);
    QCOMPARE(shown.last().first().value<TraceId>(), traceId(3));
    // Shift extends the selection.
    QTest::keyClick(list, Qt::Key_Down, Qt::ShiftModifier);
    QTest::keyClick(list, Qt::Key_Down, Qt::ShiftModifier);
    QCOMPARE(list->selectedTraceIds().size(), std::size_t(3));
}

void TstMainWindow::openTraceById()
{
    QSignalSpy shown(m_window.get(), &MainWindow::traceShown);
    QLineEdit *box = m_window->searchBar()->traceIdEdit();
    box->clear();
    box->setFocus();
    QTest::keyClicks(box, TestTraces::traceHex(2).toUpper());
    QTest::keyClick(box, Qt::Key_Return);
    QTRY_COMPARE_WITH_TIMEOUT(shown.count(), 1, 5000);
    QCOMPARE(shown.last().first().value<TraceId>(), traceId(2));
    QCOMPARE(m_window->traceList()->currentTraceId(), traceId(2));
}

void TstMainWindow::searchFilters_data()
{
    QTest::addColumn<QString>("tags");
    QTest::addColumn<QString>("minDuration");
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("service");
    QTest::addColumn<QList<int>>("expected");
    QTest::addRow("tag equals") << QStringLiteral("http.response.status_code=500") << QString() << 0
                                << QString() << QList<int>{2};
    QTest::addRow("tag not equals") << QStringLiteral("http.response.status_code!=500") << QString()
                                    << 0 << QString() << QList<int>{3, 1};
    QTest::addRow("regex and present") << QStringLiteral("sku=~^sku-\\d+$ payment.amount")
                                       << QString() << 0 << QString() << QList<int>{3, 2, 1};
    QTest::addRow("minimum duration")
        << QString() << QStringLiteral("50ms") << 0 << QString() << QList<int>{3};
    QTest::addRow("errors only") << QString() << QString() << int(StatusFilter::Error) << QString()
                                 << QList<int>{2};
    QTest::addRow("ok only") << QString() << QString() << int(StatusFilter::Ok) << QString()
                             << QList<int>{3, 1};
    QTest::addRow("service") << QString() << QString() << 0 << QStringLiteral("payment")
                             << QList<int>{3, 2, 1};
    QTest::addRow("nothing matches")
        << QStringLiteral("sku=nope") << QString() << 0 << QString() << QList<int>();
}

void TstMainWindow::searchFilters()
{
    QFETCH(QString, tags);
    QFETCH(QString, minDuration);
    QFETCH(int, status);
    QFETCH(QString, service);
    QFETCH(QList<int>, expected);
    resetSearch();
    SearchBar *bar = m_window->searchBar();
    bar->tagsEdit()->setFocus();
    QTest::keyClicks(bar->tagsEdit(), tags);
    QTest::keyClick(bar->tagsEdit(), Qt::Key_Return);
    bar->minDurationEdit()->setText(minDuration);
    bar->statusBox()->setCurrentIndex(bar->statusBox()->findData(status));
    if (!service.isEmpty()) {
        const int index = bar->serviceBox()->findData(service);
        QVERIFY(index > 0);
        bar->serviceBox()->setCurrentIndex(index);
    }
    m_window->search()->refresh();
    TraceListModel *model = m_window->traceList()->traceModel();
    QList<TraceId> wanted;
    for (int n : expected)
        wanted.append(traceId(n));
    auto shown = [model] {
        QList<TraceId> ids;
        for (const TraceSummary &t : model->traces())
            ids.append(t.traceId);
        return ids;
    };
    QTRY_COMPARE_WITH_TIMEOUT(shown(), wanted, 5000);
    resetSearch();
    QTRY_COMPARE(model->rowCount(), 3);
}

void TstMainWindow::headerSortAndBack()
{
    TraceListView *list = m_window->traceList();
    TraceListModel *model = list->traceModel();
    QTRY_COMPARE(model->rowCount(), 3);
    QHeaderView *header = list->horizontalHeader();
    const QPoint duration(header->sectionViewportPosition(TraceListModel::DurationColumn) + 10,
                          header->height() / 2);
    QTest::mouseClick(header->viewport(), Qt::LeftButton, {}, duration);
    QCOMPARE(model->sortColumn(), int(TraceListModel::DurationColumn));
    const auto durations = [model] {
        QList<qint64> out;
        for (const TraceSummary &t : model->traces())
            out.append(t.durationNs);
        return out;
    };
    QList<qint64> sorted = durations();
    std::sort(sorted.begin(), sorted.end());
    if (header->sortIndicatorOrder() == Qt::DescendingOrder)
        std::reverse(sorted.begin(), sorted.end());
    QCOMPARE(durations(), sorted);
    // Picking the search's own order drops the column sort: newest first again.
    QComboBox *sort = m_window->searchBar()->sortBox();
    sort->setCurrentIndex(sort->findData(int(TraceSort::Newest)));
    Q_EMIT sort->activated(sort->currentIndex());
    QCOMPARE(model->sortColumn(), -1);
    QTRY_COMPARE(model->summary(0)->traceId, traceId(3));
    QCOMPARE(model->summary(2)->traceId, traceId(1));
}

void TstMainWindow::exportAndReimport_data()
{
    QTest::addColumn<int>("format");
    QTest::addRow("TraceFlow JSON") << int(ExportFormat::TraceflowJson);
    QTest::addRow("OTLP JSON") << int(ExportFormat::OtlpJson);
}

void TstMainWindow::exportAndReimport()
{
    QFETCH(int, format);
    m_window->openTrace(traceId(2));
    QTRY_VERIFY(m_window->shownTrace() &&
                m_window->shownTrace()->spans.front().span.traceId == traceId(2));
    const std::vector<Span> original = m_window->store().trace(traceId(2));
    const std::vector<Span> spans = spansOf(*m_window->shownTrace());
    const QString path = m_dir.filePath(QStringLiteral("export-%1.json").arg(format));
    QSignalSpy exported(m_window->fileActions(), &FileActions::exported);
    QCOMPARE(await(m_window->fileActions()->exportSpans(spans, path, ExportFormat(format))),
             QString());
    QTRY_COMPARE(exported.count(), 1);

    QVERIFY(m_window->store().removeTrace(traceId(2)));
    QTRY_COMPARE(m_window->traceList()->traceModel()->rowCount(), 2);
    QSignalSpy imported(m_window->fileActions(), &FileActions::imported);
    const ImportResult result = await(m_window->fileActions()->importFile(path));
    QVERIFY2(result.error.isEmpty(), qPrintable(result.error));
    QCOMPARE(imported.count(), 1);
    QCOMPARE(imported.first().at(1).toInt(), 5);
    VERIFY_SAME_SPANS(m_window->store().trace(traceId(2)), original);
    QTRY_COMPARE(m_window->traceList()->traceModel()->rowCount(), 3);
    QVERIFY(m_settings->recentFiles().contains(QFileInfo(path).absoluteFilePath()));
}

void TstMainWindow::exportSelectedTraces()
{
    TraceListView *list = m_window->traceList();
    list->setFocus();
    list->selectAll();
    QCOMPARE(list->selectedTraceIds().size(), std::size_t(3));
    QVERIFY(m_window->fileActions()->exportSelectedAction()->isEnabled());
    const QString path = m_dir.filePath(QStringLiteral("selected.json"));
    QCOMPARE(await(m_window->fileActions()->exportTraces(list->selectedTraceIds(), path,
                                                         ExportFormat::TraceflowJson)),
             QString());
    const ImportResult read = SpanFile::read(path);
    QCOMPARE(read.spans.size(), std::size_t(15));
    const QString matching = m_dir.filePath(QStringLiteral("matching.json"));
    m_window->searchBar()->statusBox()->setCurrentIndex(
        m_window->searchBar()->statusBox()->findData(int(StatusFilter::Error)));
    QCOMPARE(await(m_window->fileActions()->exportMatching(matching, ExportFormat::OtlpJson)),
             QString());
    const ImportResult errors = SpanFile::read(matching);
    QCOMPARE(errors.spans.size(), std::size_t(5));
    VERIFY_SAME_SPANS(errors.spans, m_window->store().trace(traceId(2)));
    resetSearch();
}

void TstMainWindow::badFileKeepsStore()
{
    const QString path = m_dir.filePath(QStringLiteral("broken.json"));
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(R"({"spans":[{"trace_id":)");
    file.close();
    const StoreCounters before = m_window->store().counters();
    const ImportResult result = await(m_window->fileActions()->importFile(path));
    QVERIFY(!result.error.isEmpty());
    QMessageBox *box = nullptr;
    QTRY_VERIFY((box = m_window->findChild<QMessageBox *>(QStringLiteral("fileProblem"))) &&
                box->isVisible());
    QVERIFY2(box->text().contains(QStringLiteral("broken.json")), qPrintable(box->text()));
    box->close();
    QCOMPARE(m_window->store().counters().spans, before.spans);
    QCOMPARE(m_window->store().counters().traces, before.traces);
}

void TstMainWindow::droppedFileIsImported()
{
    const QString path = m_dir.filePath(QStringLiteral("dropped.json"));
    const std::vector<Span> spans =
        TestTraces::checkout(TestTraces::traceHex(300), m_t0 - Second, true);
    QVERIFY(SpanFile::write(path, spans, ExportFormat::OtlpJson).isEmpty());
    QMimeData mime;
    mime.setUrls({QUrl::fromLocalFile(path)});
    QDragEnterEvent enter(QPoint(50, 50), Qt::CopyAction, &mime, Qt::LeftButton, {});
    QApplication::sendEvent(m_window.get(), &enter);
    QVERIFY(enter.isAccepted());
    QDropEvent drop(QPointF(50, 50), Qt::CopyAction, &mime, Qt::LeftButton, {});
    QApplication::sendEvent(m_window.get(), &drop);
    // A file holding one trace opens it.
    QTRY_VERIFY_WITH_TIMEOUT(m_window->shownTrace() &&
                                 m_window->shownTrace()->spans.front().span.traceId == traceId(300),
                             5000);
    VERIFY_SAME_SPANS(m_window->store().trace(traceId(300)), spans);
    QTRY_COMPARE(m_window->traceList()->currentTraceId(), traceId(300));

    QMimeData text;
    text.setText(QStringLiteral("not a file"));
    QDragEnterEvent refused(QPoint(50, 50), Qt::CopyAction, &text, Qt::LeftButton, {});
    QApplication::sendEvent(m_window.get(), &refused);
    QVERIFY(!refused.isAccepted());
}

void TstMainWindow::openTraceFollowsLateSpans()
{
    const std::vector<Span> spans =
        TestTraces::checkout(TestTraces::traceHex(310), m_t0 - 2 * Second);
    // checkout exports first; inventory and payment a moment later.
    std::vector<Span> early, late;
    for (const Span &span : spans)
        (span.service() == u"checkout" ? early : late).push_back(span);
    QCOMPARE(TestTraces::post(apiUrl(), early), 202);
    QTRY_VERIFY(m_window->traceList()->traceModel()->rowOf(traceId(310)) >= 0);
    m_window->openTrace(traceId(310));
    QTRY_VERIFY(m_window->shownTrace() &&
                m_window->shownTrace()->spans.front().span.traceId == traceId(310));
    QCOMPARE(m_window->shownTrace()->spans.size(), early.size());
    QCOMPARE(TestTraces::post(apiUrl(), late), 202);
    QTRY_COMPARE_WITH_TIMEOUT(m_window->shownTrace()->spans.size(), spans.size(), 5000);
    QCOMPARE(m_window->traceView()->trace(), m_window->shownTrace());
}

void TstMainWindow::liveUpdatesKeepSelectionAndScroll()
{
    TraceListView *list = m_window->traceList();
    TraceListModel *model = list->traceModel();
    std::vector<Span> batch;
    for (int i = 100; i < 160; ++i) {
        const std::vector<Span> trace =
            TestTraces::checkout(TestTraces::traceHex(i), m_t0 + i * Second);
        batch.insert(batch.end(), trace.begin(), trace.end());
    }
    const int before = model->rowCount();
    QCOMPARE(TestTraces::post(apiUrl(), batch), 202);
    QTRY_COMPARE_WITH_TIMEOUT(model->rowCount(), before + 60, 5000);

    list->scrollToTop();
    const int rowHeight = list->verticalHeader()->defaultSectionSize();
    list->verticalScrollBar()->setValue(rowHeight * 20);
    const int topRow = list->rowAt(0);
    QVERIFY(topRow > 0);
    const TraceId top = model->summary(topRow)->traceId;
    const int topOffset = list->rowViewportPosition(topRow);
    const QRect cell = list->visualRect(model->index(topRow + 2, TraceListModel::OperationColumn));
    QTest::mouseClick(list->viewport(), Qt::LeftButton, {}, cell.center());
    const TraceId selected = list->currentTraceId();
    QCOMPARE(selected, model->summary(topRow + 2)->traceId);

    std::vector<Span> newer;
    for (int i = 200; i < 205; ++i) {
        const std::vector<Span> trace =
            TestTraces::checkout(TestTraces::traceHex(i), m_t0 + i * Second);
        newer.insert(newer.end(), trace.begin(), trace.end());
    }
    QCOMPARE(TestTraces::post(apiUrl(), newer), 202);
    QTRY_COMPARE_WITH_TIMEOUT(model->rowCount(), before + 65, 5000);
    // The same rows stay in view, the selection stays, and the hint counts what arrived above.
    QCOMPARE(model->summary(list->rowAt(0))->traceId, top);
    QCOMPARE(list->rowViewportPosition(list->rowAt(0)), topOffset);
    QCOMPARE(list->currentTraceId(), selected);
    QCOMPARE(list->selectedTraceIds(), std::vector<TraceId>{selected});
    QCOMPARE(list->newTraceCount(), 5);
    auto *hint = list->findChild<QPushButton *>(QStringLiteral("newTracesHint"));
    QVERIFY(hint && hint->isVisible());
    QVERIFY2(hint->text().contains(QStringLiteral("5 new traces")), qPrintable(hint->text()));
    QTest::mouseClick(hint, Qt::LeftButton);
    QCOMPARE(list->verticalScrollBar()->value(), 0);
    QVERIFY(!hint->isVisible());
    QCOMPARE(model->summary(list->rowAt(0))->traceId, traceId(204));
}

void TstMainWindow::busyPortShowsBanner()
{
    QTcpServer squatter;
    QVERIFY(squatter.listen(QHostAddress::LocalHost));
    AppSettings settings(m_dir.filePath(QStringLiteral("busy.ini")));
    settings.setApiPort(squatter.serverPort());
    settings.setOtlpPort(0);
    MainWindow window(settings);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QVERIFY(!window.collector().isRunning());
    QVERIFY(window.banner()->isVisible());
    QVERIFY2(window.banner()->message().contains(QString::number(squatter.serverPort())),
             qPrintable(window.banner()->message()));
    QVERIFY(window.statusPanel()->collectorText().contains(QStringLiteral("not running")));
    QVERIFY(window.startCollector(0, 0));
    QVERIFY(!window.banner()->isVisible());
}

void TstMainWindow::remoteCollector()
{
    AppSettings settings(m_dir.filePath(QStringLiteral("remote.ini")));
    settings.setApiPort(0);
    settings.setOtlpPort(0);
    MainWindow viewer(settings);
    viewer.show();
    QVERIFY(QTest::qWaitForWindowExposed(&viewer));
    QSignalSpy changed(&viewer, &MainWindow::sourceChanged);
    viewer.connectToRemote(apiUrl());
    QVERIFY(changed.wait(5000));
    QVERIFY(viewer.source()->isRemote());
    QTRY_COMPARE_WITH_TIMEOUT(viewer.traceList()->traceModel()->rowCount(),
                              m_window->traceList()->traceModel()->rowCount(), 5000);
    QSignalSpy shown(&viewer, &MainWindow::traceShown);
    viewer.openTrace(traceId(2));
    QVERIFY(shown.wait(5000));
    VERIFY_SAME_SPANS(spansOf(*viewer.shownTrace()),
                      TestTraces::sortedAttributes(m_window->store().trace(traceId(2))));
    QTRY_VERIFY(viewer.statusPanel()->collectorText().contains(QStringLiteral("Remote collector")));
    viewer.useEmbeddedCollector();
    QVERIFY(!viewer.source()->isRemote());
    QTRY_COMPARE(viewer.traceList()->traceModel()->rowCount(), 0);
}

void TstMainWindow::demoFromMenu()
{
#ifndef TRACEFLOW_DEMO_BINARY
    QSKIP("traceflow-demo is not built");
#else
    DemoController *demo = m_window->demo();
    DemoMenu *menu = m_window->demoMenu();
    demo->setProgram(QStringLiteral(TRACEFLOW_DEMO_BINARY));
    const int base = freeBasePort();
    QVERIFY(base > 0);
    demo->setBasePort(base);
    QVERIFY(menu->startAction()->isEnabled());
    QVERIFY(!menu->stopAction()->isEnabled());
    QVERIFY(!menu->traffic10Action()->isEnabled());

    menu->startAction()->trigger();
    QTRY_COMPARE_WITH_TIMEOUT(demo->state(), DemoController::State::Running, 15000);
    QVERIFY(!menu->startAction()->isEnabled());
    QVERIFY(menu->stopAction()->isEnabled());
    QVERIFY(menu->traffic10Action()->isEnabled());

    const std::uint64_t before = m_window->store().counters().traces;
    QSignalSpy finished(demo, &DemoController::trafficFinished);
    menu->traffic10Action()->trigger();
    QVERIFY(!menu->traffic10Action()->isEnabled()); // one load at a time
    QVERIFY(finished.wait(30000));
    QVERIFY2(finished.first().at(1).toBool(), qPrintable(finished.first().at(0).toString()));
    // Ten checkouts, each a trace across the three services, arrive through OTLP.
    QTRY_VERIFY_WITH_TIMEOUT(m_window->store().counters().traces >= before + 10, 15000);
    TraceQuery query;
    query.service = QStringLiteral("inventory");
    query.limit = 0;
    QVERIFY(m_window->store().query(query).total >= 10);
    QVERIFY(menu->traffic10Action()->isEnabled());

    // Another error rate restarts the services with it before the load runs.
    finished.clear();
    QVERIFY(demo->generateTraffic(10, 0.5));
    QVERIFY(finished.wait(30000));
    QCOMPARE(demo->errorRate(), 0.5);
    QCOMPARE(demo->state(), DemoController::State::Running);
    TraceQuery errors;
    errors.status = StatusFilter::Error;
    errors.limit = 0;
    QTRY_VERIFY_WITH_TIMEOUT(m_window->store().query(errors).total >= 1, 10000);

    menu->stopAction()->trigger();
    QTRY_COMPARE_WITH_TIMEOUT(demo->state(), DemoController::State::Stopped, 10000);
    QVERIFY(menu->startAction()->isEnabled());
    QTcpServer port; // the services released their ports
    QVERIFY(port.listen(QHostAddress::LocalHost, quint16(base)));
#endif
}

QTEST_MAIN(TstMainWindow)
#include "tst_mainwindow.moc"
