// SPDX-License-Identifier: MIT
#include "appsettings.h"
#include "collectorhost.h"
#include "mainwindow.h"
#include "testtraces.h"
#include "testwindow.h"
#include "tracecomparecontroller.h"
#include "tracecomparemodel.h"
#include "tracecompareview.h"
#include "tracelistmodel.h"
#include "tracelistview.h"
#include "traceview.h"

#include <QAction>
#include <QCheckBox>
#include <QLabel>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStatusBar>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>
#include <QTreeView>

using namespace traceflow;
using namespace Qt::StringLiterals;

namespace {
constexpr qint64 Ms = 1'000'000;

TraceId traceId(int n)
{
    return TraceId::fromHex(QStringView(TestTraces::traceHex(n)));
}

SpanId spanId(int trace, int n)
{
    const QString hex =
        TestTraces::traceHex(trace).right(8) + QStringLiteral("%1").arg(n, 8, 16, QLatin1Char('0'));
    return SpanId::fromHex(QStringView(hex));
}

// TestTraces' checkout, 120 ms long, with the inventory calls as long as in a 40 ms checkout,
// the payment call retried (spans 6 and 7) and a database insert under the first payment
// server span (span 8).
std::vector<Span> slowCheckout(int n, qint64 startNs)
{
    std::vector<Span> spans =
        TestTraces::checkout(TestTraces::traceHex(n), startNs, false, 120 * Ms);
    spans[1].durationNs = 12 * Ms;
    spans[2].durationNs = 8 * Ms;
    Span retryClient = spans[3];
    retryClient.spanId = spanId(n, 6);
    retryClient.startNs += 2 * Ms;
    Span retryServer = spans[4];
    retryServer.spanId = spanId(n, 7);
    retryServer.parentSpanId = retryClient.spanId;
    retryServer.startNs += 2 * Ms;
    Span query = spans[4];
    query.spanId = spanId(n, 8);
    query.parentSpanId = spans[4].spanId;
    query.setOperation(u"INSERT charge");
    query.kind = SpanKind::Client;
    query.startNs += Ms;
    query.durationNs = 5 * Ms;
    spans.insert(spans.end(), {retryClient, retryServer, query});
    return spans;
}

// The rows of a tree as "indent operation [A|B|A B]" lines, in view order.
QStringList rows(const QTreeView *tree)
{
    QStringList out;
    const QAbstractItemModel *model = tree->model();
    std::vector<std::pair<QModelIndex, int>> stack;
    for (int r = model->rowCount() - 1; r >= 0; --r)
        stack.emplace_back(model->index(r, 0), 0);
    while (!stack.empty()) {
        const auto [index, depth] = stack.back();
        stack.pop_back();
        out << QString(depth * 2, u' ') + index.data(TraceCompareModel::OperationRole).toString() +
                   u' ' + index.siblingAtColumn(TraceCompareModel::CountAColumn).data().toString() +
                   u'/' + index.siblingAtColumn(TraceCompareModel::CountBColumn).data().toString();
        for (int r = model->rowCount(index) - 1; r >= 0; --r)
            stack.emplace_back(model->index(r, 0, index), depth + 1);
    }
    return out;
}
} // namespace

class TstTraceCompare : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void actionNeedsTwoSelected();
    void compareSelectedTraces();
    void filterAndSwap();
    void doubleClickOpensSpan();
    void compareWithTypedId();
    void missingTrace();
    void closePage();

private:
    QUrl apiUrl() const { return TestWindow::apiUrl(*m_window); }
    TraceCompareView *page() const { return m_window->traceCompare()->view(); }

    QTemporaryDir m_dir;
    std::unique_ptr<AppSettings> m_settings;
    std::unique_ptr<MainWindow> m_window;
};

void TstTraceCompare::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_settings = TestWindow::settings(m_dir);
    m_window = TestWindow::show(*m_settings);
    QVERIFY(m_window);
    const qint64 t0 = (QDateTime::currentMSecsSinceEpoch() - 60'000) * Ms;
    QCOMPARE(TestTraces::post(apiUrl(),
                              TestTraces::checkout(TestTraces::traceHex(1), t0, false, 40 * Ms)),
             202);
    QCOMPARE(TestTraces::post(apiUrl(), slowCheckout(2, t0 + 1000 * Ms)), 202);
    QTRY_COMPARE_WITH_TIMEOUT(m_window->traceList()->traceModel()->rowCount(), 2, 5000);
}

void TstTraceCompare::cleanupTestCase()
{
    m_window.reset();
}

void TstTraceCompare::actionNeedsTwoSelected()
{
    TraceListView *list = m_window->traceList();
    QAction *compare = m_window->traceCompare()->compareAction();
    QVERIFY(!compare->isEnabled());
    const QRect first = list->visualRect(list->model()->index(0, TraceListModel::OperationColumn));
    QTest::mouseClick(list->viewport(), Qt::LeftButton, {}, first.center());
    QCOMPARE(list->selectedTraceIds().size(), std::size_t(1));
    QVERIFY(!compare->isEnabled());
    // The trace is shown: it can be compared with another one by id.
    QTRY_VERIFY_WITH_TIMEOUT(m_window->traceCompare()->compareWithAction()->isEnabled(), 5000);
}

void TstTraceCompare::compareSelectedTraces()
{
    TraceListView *list = m_window->traceList();
    const QRect second = list->visualRect(list->model()->index(1, TraceListModel::OperationColumn));
    QTest::mouseClick(list->viewport(), Qt::LeftButton, Qt::ControlModifier, second.center());
    QCOMPARE(list->selectedTraceIds().size(), std::size_t(2));
    QAction *compare = m_window->traceCompare()->compareAction();
    QVERIFY(compare->isEnabled());
    const int pages = m_window->views()->count();
    // The shortcut, as a user would press it in the list.
    list->setFocus();
    QTest::keyClick(list, Qt::Key_D, Qt::ControlModifier);
    QTRY_VERIFY_WITH_TIMEOUT(page() != nullptr, 5000);
    QCOMPARE(m_window->views()->count(), pages + 1);
    QCOMPARE(m_window->views()->currentWidget(), page());
    QTRY_COMPARE_WITH_TIMEOUT(page()->model()->visibleCount(), 6, 5000);
    // The faster trace is the baseline A, whatever the list order.
    QCOMPARE(page()->traceA()->spans.front().span.traceId, traceId(1));
    QCOMPARE(page()->traceB()->spans.front().span.traceId, traceId(2));
    QCOMPARE(rows(page()->tree()),
             (QStringList{u"GET /checkout 1/1"_s, u"  GET inventory 1/1"_s,
                          u"    GET /inventory 1/1"_s, u"  POST payment 1/2"_s,
                          u"    POST /pay 1/2"_s, u"      INSERT charge \u2013/1"_s}));
    QVERIFY2(page()->summaryLabel()->text().contains(u"80.0 ms slower"_s),
             qPrintable(page()->summaryLabel()->text()));
    QVERIFY(page()->summaryLabel()->text().contains(u"1 only in B"_s));
    QVERIFY(m_window->views()->tabText(m_window->views()->currentIndex()).contains(u"120 ms"_s));
    // Every row is expanded.
    const QModelIndex insert = page()->model()->indexOfNode(5);
    QCOMPARE(insert.data(TraceCompareModel::PresenceTextRole).toString(), u"only in B"_s);
    QVERIFY(page()->tree()->visualRect(insert).isValid());
}

void TstTraceCompare::filterAndSwap()
{
    TraceCompareView *view = page();
    QVERIFY(view);
    // The inventory calls took as long in both: "only changed" hides them.
    QVERIFY(!view->thresholdBox()->isEnabled());
    QTest::mouseClick(view->onlyChangedBox(), Qt::LeftButton);
    QVERIFY(view->onlyChangedBox()->isChecked());
    QVERIFY(view->thresholdBox()->isEnabled());
    QCOMPARE(rows(view->tree()),
             (QStringList{u"GET /checkout 1/1"_s, u"  POST payment 1/2"_s, u"    POST /pay 1/2"_s,
                          u"      INSERT charge \u2013/1"_s}));
    // Above the root's +200% it stays only as the parent of the changed payment rows.
    view->thresholdBox()->setValue(1000);
    QCOMPARE(view->model()->visibleCount(), 4);
    QTest::mouseClick(view->onlyChangedBox(), Qt::LeftButton);
    QCOMPARE(view->model()->visibleCount(), 6);

    QSignalSpy shown(view, &TraceCompareView::comparisonShown);
    QTest::mouseClick(view->swapButton(), Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(shown.count(), 1, 5000);
    QCOMPARE(view->traceA()->spans.front().span.traceId, traceId(2));
    QVERIFY(view->summaryLabel()->text().contains(u"80.0 ms faster"_s));
    QCOMPARE(view->model()->indexOfNode(5).data(TraceCompareModel::PresenceTextRole).toString(),
             u"only in A"_s);
    QTest::mouseClick(view->swapButton(), Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(shown.count(), 2, 5000);
    QCOMPARE(view->traceA()->spans.front().span.traceId, traceId(1));
}

void TstTraceCompare::doubleClickOpensSpan()
{
    TraceCompareView *view = page();
    QTreeView *tree = view->tree();
    QSignalSpy shown(m_window.get(), &MainWindow::traceShown);
    // The B-only insert: opens in the slow trace, with the span selected.
    const QModelIndex insert = view->model()->indexOfNode(5);
    const QRect rect = tree->visualRect(insert);
    QSignalSpy open(view, &TraceCompareView::openSpanRequested);
    // A double-click is a press and release, then the double-click event.
    QTest::mouseClick(tree->viewport(), Qt::LeftButton, {}, rect.center());
    QTest::mouseDClick(tree->viewport(), Qt::LeftButton, {}, rect.center());
    QCOMPARE(open.count(), 1);
    QCOMPARE(open.first().at(1).value<SpanId>(), spanId(2, 8));
    QTRY_VERIFY_WITH_TIMEOUT(m_window->traceView()->selectedSpan() == spanId(2, 8), 5000);
    QCOMPARE(m_window->shownTrace()->spans.front().span.traceId, traceId(2));
    QCOMPARE(m_window->views()->currentIndex(), 0); // back on the Traces page

    // A row in both, double-clicked on its A duration: the span in the fast trace.
    m_window->views()->setCurrentWidget(view);
    const QModelIndex pay = view->model()->indexOfNode(4, TraceCompareModel::DurationAColumn);
    QCOMPARE(pay.data(TraceCompareModel::OperationRole).toString(), u"POST /pay"_s);
    QTest::mouseClick(tree->viewport(), Qt::LeftButton, {}, tree->visualRect(pay).center());
    QTest::mouseDClick(tree->viewport(), Qt::LeftButton, {}, tree->visualRect(pay).center());
    QTRY_VERIFY_WITH_TIMEOUT(m_window->traceView()->selectedSpan() == spanId(1, 5), 5000);
    QCOMPARE(m_window->shownTrace()->spans.front().span.traceId, traceId(1));

    // The keyboard: Return on the current row.
    m_window->views()->setCurrentWidget(view);
    tree->setFocus();
    tree->setCurrentIndex(view->model()->indexOfNode(5));
    QTest::keyClick(tree, Qt::Key_Return);
    QTRY_VERIFY_WITH_TIMEOUT(m_window->traceView()->selectedSpan() == spanId(2, 8), 5000);
    // Back to A for the next test.
    m_window->openTrace(traceId(1));
    QTRY_VERIFY(m_window->shownTrace()->spans.front().span.traceId == traceId(1));
}

void TstTraceCompare::compareWithTypedId()
{
    // The fast trace is shown; compare it with the slow one typed in capitals.
    QTRY_VERIFY(m_window->shownTrace() &&
                m_window->shownTrace()->spans.front().span.traceId == traceId(1));
    QSignalSpy shown(page(), &TraceCompareView::comparisonShown);
    m_window->traceCompare()->compareWith(TestTraces::traceHex(2).toUpper());
    QTRY_COMPARE_WITH_TIMEOUT(shown.count(), 1, 5000);
    QCOMPARE(page()->traceA()->spans.front().span.traceId, traceId(1));
    QCOMPARE(page()->traceB()->spans.front().span.traceId, traceId(2));
    QCOMPARE(m_window->views()->currentWidget(), page());
}

void TstTraceCompare::missingTrace()
{
    m_window->traceCompare()->compareWith(QStringLiteral("feedfacefeedface"));
    QTRY_VERIFY_WITH_TIMEOUT(page()->summaryLabel()->text().contains(u"Trace B was not found"_s),
                             5000);
    QCOMPARE(page()->model()->rowCount(), 0);
    QVERIFY(!page()->swapButton()->isEnabled());
    QVERIFY(m_window->statusBar()->currentMessage().contains(u"not found"_s));
}

void TstTraceCompare::closePage()
{
    // The View menu's entry for the page (Ctrl+4) goes to it while it is open.
    auto *go = m_window->findChild<QAction *>(QStringLiteral("showCompare"));
    QVERIFY(go);
    QCOMPARE(go->shortcut(), QKeySequence(Qt::CTRL | Qt::Key_4));
    QVERIFY(go->isEnabled());
    m_window->views()->setCurrentIndex(0);
    QTest::keyClick(m_window.get(), Qt::Key_4, Qt::ControlModifier);
    QCOMPARE(m_window->views()->currentWidget(), page());

    const int pages = m_window->views()->count();
    auto *close = m_window->views()->findChild<QToolButton *>(QStringLiteral("closeCompare"));
    QVERIFY(close);
    QTest::mouseClick(close, Qt::LeftButton);
    QTRY_COMPARE(m_window->views()->count(), pages - 1);
    QTRY_VERIFY(page() == nullptr);
    QVERIFY(!go->isEnabled());
    // Comparing again brings a new page.
    m_window->traceCompare()->compare(traceId(1), traceId(2));
    QTRY_VERIFY(page() != nullptr);
    QTRY_COMPARE_WITH_TIMEOUT(page()->model()->visibleCount(), 6, 5000);
    QCOMPARE(m_window->views()->count(), pages);
    QVERIFY(go->isEnabled());
}

QTEST_MAIN(TstTraceCompare)
#include "tst_tracecompare.moc"
