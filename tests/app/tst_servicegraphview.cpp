// SPDX-License-Identifier: MIT
#include "appsettings.h"
#include "mainwindow.h"
#include "searchbar.h"
#include "searchcontroller.h"
#include "servicegraphcanvas.h"
#include "servicegraphview.h"
#include "testtraces.h"
#include "testwindow.h"
#include "tracelistmodel.h"
#include "tracelistview.h"
#include "traceservicegraph.h"
#include "tracestore.h"
#include "traceview.h"
#include "waterfall.h"

#include <QComboBox>
#include <QLabel>
#include <QPushButton>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>

using namespace traceflow;

namespace {
constexpr qint64 Ms = 1'000'000;
constexpr qint64 Hour = 3'600'000 * Ms;

TraceId traceId(int n)
{
    return TraceId::fromHex(QStringView(TestTraces::traceHex(n)));
}

Span span(int trace, int id, int parent, const QString &service, qint64 startNs, qint64 durationMs)
{
    Span s;
    s.traceId = traceId(trace);
    const QString hex = TestTraces::traceHex(trace).right(8);
    auto spanId = [&hex](int n) {
        const QString text = hex + QStringLiteral("%1").arg(n, 8, 16, QLatin1Char('0'));
        return SpanId::fromHex(QStringView(text));
    };
    s.spanId = spanId(id);
    if (parent > 0)
        s.parentSpanId = spanId(parent);
    s.setService(service);
    s.setOperation(QString(QStringLiteral("GET /") + service));
    s.startNs = startNs;
    s.durationNs = durationMs * Ms;
    s.status = StatusCode::Ok;
    return s;
}

QList<TraceId> listed(TraceListModel *model)
{
    QList<TraceId> ids;
    for (const TraceSummary &t : model->traces())
        ids.append(t.traceId);
    std::sort(ids.begin(), ids.end());
    return ids;
}

QList<TraceId> ids(std::initializer_list<int> numbers)
{
    QList<TraceId> out;
    for (int n : numbers)
        out.append(traceId(n));
    std::sort(out.begin(), out.end());
    return out;
}

QStringList services(const ServiceGraphData &graph)
{
    QStringList out;
    for (const ServiceNodeStats &n : graph.nodes)
        out << n.service;
    return out;
}
} // namespace

class TstServiceGraphView : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void emptyStore();
    void showsServicesAndCalls();
    void clickServiceListsItsTraces();
    void clickCallListsTracesWithThatCall();
    void callLabelRemovesFilter();
    void timeRangeFollowsSearchBar();
    void zoomSurvivesUpdatesAndFitRestores();
    void traceViewShowsTheTracesGraph();

private:
    void showGraph();
    void resetSearch();

    QTemporaryDir m_dir;
    std::unique_ptr<AppSettings> m_settings;
    std::unique_ptr<MainWindow> m_window;
    ServiceGraphView *m_page = nullptr;
    qint64 m_t0 = 0;
};

void TstServiceGraphView::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_settings = TestWindow::settings(m_dir);
    m_window = TestWindow::show(*m_settings);
    QVERIFY(m_window);
    m_page = m_window->views()->findChild<ServiceGraphView *>();
    QVERIFY(m_page);
    QCOMPARE(m_window->views()->tabText(m_window->views()->indexOf(m_page)),
             QStringLiteral("Service Graph"));
    m_t0 = (QDateTime::currentMSecsSinceEpoch() - 60'000) * Ms;
}

void TstServiceGraphView::cleanupTestCase()
{
    m_window.reset();
}

void TstServiceGraphView::showGraph()
{
    m_window->views()->setCurrentWidget(m_page);
    QVERIFY(QTest::qWaitForWindowExposed(m_page->canvas()));
}

void TstServiceGraphView::resetSearch()
{
    SearchBar *bar = m_window->searchBar();
    bar->setCall(std::nullopt);
    bar->serviceBox()->setCurrentIndex(0);
    bar->rangeBox()->setCurrentIndex(bar->rangeBox()->findData(int(SearchBar::Range::All)));
    m_window->search()->refresh();
}

void TstServiceGraphView::emptyStore()
{
    showGraph();
    QSignalSpy refreshed(m_page, &ServiceGraphView::refreshed);
    m_page->refresh();
    QTRY_VERIFY(refreshed.count() > 0);
    QVERIFY(m_page->canvas()->graph().isEmpty());
    QCOMPARE(m_page->canvas()->servicePosition(QStringLiteral("checkout")), QPoint(-1, -1));
}

void TstServiceGraphView::showsServicesAndCalls()
{
    // 1-3: checkout -> inventory, payment (2: payment fails); 4: frontend -> search;
    // 5: frontend -> checkout.
    for (int i = 1; i <= 3; ++i)
        m_window->store().insert(TestTraces::checkout(TestTraces::traceHex(i), m_t0 + i * 1000 * Ms,
                                                      i == 2));
    m_window->store().insert({span(4, 1, 0, QStringLiteral("frontend"), m_t0, 30),
                              span(4, 2, 1, QStringLiteral("search"), m_t0 + Ms, 20)});
    m_window->store().insert({span(5, 1, 0, QStringLiteral("frontend"), m_t0, 90),
                              span(5, 2, 1, QStringLiteral("checkout"), m_t0 + Ms, 80)});
    showGraph();
    ServiceGraphCanvas *canvas = m_page->canvas();
    // The page refreshes by itself as the store changes.
    QTRY_COMPARE_WITH_TIMEOUT(services(canvas->graph()),
                              (QStringList{QStringLiteral("checkout"), QStringLiteral("frontend"),
                                           QStringLiteral("inventory"), QStringLiteral("payment"),
                                           QStringLiteral("search")}),
                              5000);
    const ServiceGraphData &g = canvas->graph();
    QCOMPARE(g.calls.size(), std::size_t(4));
    const ServiceNodeStats &checkout = g.nodes[std::size_t(g.nodeIndex(QStringLiteral("checkout")))];
    QCOMPARE(checkout.requests, 4u); // three roots, one call from frontend
    const ServiceNodeStats &payment = g.nodes[std::size_t(g.nodeIndex(QStringLiteral("payment")))];
    QCOMPARE(payment.requests, 3u);
    QCOMPARE(payment.errors, 1u);
    QVERIFY(m_page->summary()->text().startsWith(QStringLiteral("5 services")));
    // Callers are drawn left of their callees.
    QVERIFY(canvas->servicePosition(QStringLiteral("frontend")).x()
            < canvas->servicePosition(QStringLiteral("checkout")).x());
    QVERIFY(canvas->servicePosition(QStringLiteral("checkout")).x()
            < canvas->servicePosition(QStringLiteral("payment")).x());
    // Everything is in view after the first fit.
    for (const QString &name : services(g))
        QVERIFY(canvas->rect().contains(canvas->servicePosition(name)));
}

void TstServiceGraphView::clickServiceListsItsTraces()
{
    showGraph();
    ServiceGraphCanvas *canvas = m_page->canvas();
    QSignalSpy clicked(canvas, &ServiceGraphCanvas::serviceClicked);
    QTest::mouseClick(canvas, Qt::LeftButton, {}, canvas->servicePosition(QStringLiteral("payment")));
    QCOMPARE(clicked.count(), 1);
    QCOMPARE(m_window->searchBar()->service(), QStringLiteral("payment"));
    QVERIFY(!m_window->searchBar()->call());
    QCOMPARE(m_window->views()->currentIndex(), 0); // the trace list came to the front
    QTRY_COMPARE_WITH_TIMEOUT(listed(m_window->traceList()->traceModel()), ids({1, 2, 3}), 5000);
}

void TstServiceGraphView::clickCallListsTracesWithThatCall()
{
    showGraph();
    ServiceGraphCanvas *canvas = m_page->canvas();
    const QPoint at = canvas->callPosition(QStringLiteral("frontend"), QStringLiteral("checkout"));
    QVERIFY(canvas->rect().contains(at));
    QTest::mouseClick(canvas, Qt::LeftButton, {}, at);
    SearchBar *bar = m_window->searchBar();
    QVERIFY(bar->call());
    QCOMPARE(bar->call()->parent, QStringLiteral("frontend"));
    QCOMPARE(bar->call()->child, QStringLiteral("checkout"));
    QCOMPARE(bar->service(), QString()); // the call alone decides
    QCOMPARE(m_window->views()->currentIndex(), 0);
    QVERIFY(bar->callLabel()->isVisible());
    QVERIFY(bar->callLabel()->text().contains(QStringLiteral("frontend \u2192 checkout")));
    // Trace 5 only: 1-3 have checkout but no caller, 4 has frontend calling search.
    QTRY_COMPARE_WITH_TIMEOUT(listed(m_window->traceList()->traceModel()), ids({5}), 5000);

    // Another call, through the checkout service's own client span.
    showGraph();
    QTest::mouseClick(canvas, Qt::LeftButton, {},
                      canvas->callPosition(QStringLiteral("checkout"), QStringLiteral("inventory")));
    QCOMPARE(bar->call()->child, QStringLiteral("inventory"));
    QTRY_COMPARE_WITH_TIMEOUT(listed(m_window->traceList()->traceModel()), ids({1, 2, 3}), 5000);
}

void TstServiceGraphView::callLabelRemovesFilter()
{
    SearchBar *bar = m_window->searchBar();
    QVERIFY(bar->call());
    QTest::mouseClick(bar->callLabel(), Qt::LeftButton);
    QVERIFY(!bar->call());
    QVERIFY(!bar->callLabel()->isVisible());
    QTRY_COMPARE_WITH_TIMEOUT(listed(m_window->traceList()->traceModel()), ids({1, 2, 3, 4, 5}),
                              5000);
}

void TstServiceGraphView::timeRangeFollowsSearchBar()
{
    resetSearch();
    // An old trace: legacy -> mainframe, two hours ago.
    m_window->store().insert({span(6, 1, 0, QStringLiteral("legacy"), m_t0 - 2 * Hour, 30),
                              span(6, 2, 1, QStringLiteral("mainframe"), m_t0 - 2 * Hour, 20)});
    showGraph();
    ServiceGraphCanvas *canvas = m_page->canvas();
    QTRY_VERIFY_WITH_TIMEOUT(services(canvas->graph()).contains(QStringLiteral("legacy")), 5000);
    SearchBar *bar = m_window->searchBar();
    bar->rangeBox()->setCurrentIndex(bar->rangeBox()->findData(int(SearchBar::Range::LastHour)));
    QTRY_VERIFY_WITH_TIMEOUT(!services(canvas->graph()).contains(QStringLiteral("legacy")), 5000);
    QCOMPARE(services(canvas->graph()).size(), 5);
    resetSearch();
    QTRY_VERIFY_WITH_TIMEOUT(services(canvas->graph()).contains(QStringLiteral("mainframe")), 5000);
}

void TstServiceGraphView::zoomSurvivesUpdatesAndFitRestores()
{
    showGraph();
    ServiceGraphCanvas *canvas = m_page->canvas();
    canvas->setFocus();
    QTest::keyClick(canvas, Qt::Key_F);
    const double fitted = canvas->scale();
    const QPointF center(canvas->width() / 2.0, canvas->height() / 2.0);
    canvas->zoomBy(2.0, center);
    const double zoomed = canvas->scale();
    QVERIFY(zoomed > fitted);
    QSignalSpy refreshed(m_page, &ServiceGraphView::refreshed);
    m_window->store().insert({span(7, 1, 0, QStringLiteral("frontend"), m_t0, 10),
                              span(7, 2, 1, QStringLiteral("recommendations"), m_t0, 5)});
    QTRY_VERIFY_WITH_TIMEOUT(services(canvas->graph()).contains(QStringLiteral("recommendations")),
                             5000);
    QCOMPARE(canvas->scale(), zoomed); // new data, same zoom
    QTest::keyClick(canvas, Qt::Key_F);
    QVERIFY(canvas->scale() <= 1.0);
    for (const QString &name : services(canvas->graph()))
        QVERIFY(canvas->rect().contains(canvas->servicePosition(name)));
}

void TstServiceGraphView::traceViewShowsTheTracesGraph()
{
    m_window->views()->setCurrentIndex(0);
    QSignalSpy shown(m_window.get(), &MainWindow::traceShown);
    m_window->openTrace(traceId(2));
    QTRY_COMPARE_WITH_TIMEOUT(shown.count(), 1, 5000);
    TraceView *view = m_window->traceView();
    QTest::mouseClick(view->servicesButton(), Qt::LeftButton);
    TraceServiceGraph *graph = view->serviceGraph();
    QVERIFY(QTest::qWaitForWindowExposed(graph));
    QCOMPARE(services(graph->graph()), (QStringList{QStringLiteral("checkout"),
                                                    QStringLiteral("inventory"),
                                                    QStringLiteral("payment")}));
    QCOMPARE(graph->graph().calls.size(), std::size_t(2));
    const ServiceNodeStats &payment =
        graph->graph().nodes[std::size_t(graph->graph().nodeIndex(QStringLiteral("payment")))];
    QCOMPARE(payment.requests, 1u);
    QCOMPARE(payment.errors, 1u);
    // A click on a call goes back to the timeline with the callee's span selected.
    QTest::mouseClick(graph, Qt::LeftButton, {},
                      graph->callPosition(QStringLiteral("checkout"), QStringLiteral("payment")));
    QVERIFY(!view->servicesButton()->isChecked());
    QVERIFY(view->waterfall()->isVisible());
    const SpanId selected = view->selectedSpan();
    const int index = view->trace()->indexOf(selected);
    QVERIFY(index >= 0);
    QCOMPARE(view->trace()->spans[std::size_t(index)].span.service(), QStringLiteral("payment"));
}

QTEST_MAIN(TstServiceGraphView)
#include "tst_servicegraphview.moc"
