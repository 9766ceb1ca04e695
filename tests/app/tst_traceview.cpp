// SPDX-License-Identifier: MIT
#include "minimap.h"
#include "spandetailsmodel.h"
#include "spandetailsview.h"
#include "traceheader.h"
#include "traceview.h"
#include "waterfall.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QClipboard>
#include <QLabel>
#include <QLineEdit>
#include <QSignalSpy>
#include <QTest>
#include <QToolButton>
#include <QTreeView>

using namespace traceflow;

namespace {

constexpr qint64 Ms = 1'000'000;
constexpr qint64 T0 = 1'715'680'000'000'000'000; // 2024-05-14 09:46:40 UTC
const TraceId Trace = TraceId::fromHex(std::string_view("4bf92f3577b34da6a3ce929d0e0e4736"));
const TraceId OtherTrace = TraceId::fromHex(std::string_view("0af7651916cd43dd8448eb211c80319c"));

SpanId id(const char *text)
{
    return SpanId::fromString(std::string_view(text));
}

// checkout POST /checkout                 0..100ms
//   checkout validate                     2..10
//   checkout call inventory              12..50
//     inventory reserve                  14..48   sku=BOOK-42
//       inventory SELECT stock           16..30
//   checkout call payment                52..98   error
//     payment charge                     54..96   error "card declined", event, two links
std::shared_ptr<const AssembledTrace> checkoutTrace()
{
    std::vector<Span> spans;
    const auto add = [&spans](const char *span, const char *parent, const char *service,
                              const char *operation, qint64 startMs, qint64 endMs) -> Span & {
        Span s;
        s.traceId = Trace;
        s.spanId = id(span);
        if (*parent)
            s.parentSpanId = id(parent);
        s.setService(QString::fromUtf8(service));
        s.setOperation(QString::fromUtf8(operation));
        s.startNs = T0 + startMs * Ms;
        s.durationNs = (endMs - startMs) * Ms;
        spans.push_back(s);
        return spans.back();
    };
    // Out of order on purpose: assembly sorts them.
    Span &charge = add("charge", "pay", "payment", "charge", 54, 96);
    charge.status = StatusCode::Error;
    charge.kind = SpanKind::Server;
    charge.setStatusMessage(QStringLiteral("card declined"));
    charge.attributes.insert(QStringLiteral("payment.amount"), 129.9);
    charge.addEvent({T0 + 90 * Ms,
                     QStringLiteral("declined"),
                     {{QStringLiteral("code"), QStringLiteral("51")}}});
    charge.addLink({OtherTrace, id("remote"), QString(), {}});
    charge.addLink({Trace, id("reserve"), QString(), {}});
    QSharedDataPointer<SpanOrigin> origin(new SpanOrigin);
    origin->resource.insert(QStringLiteral("host.name"), QStringLiteral("pay-1"));
    origin->scopeName = QStringLiteral("demo");
    charge.setOrigin(origin);
    add("root", "", "checkout", "POST /checkout", 0, 100).kind = SpanKind::Server;
    add("validate", "root", "checkout", "validate", 2, 10);
    add("inv", "root", "checkout", "call inventory", 12, 50).kind = SpanKind::Client;
    add("reserve", "inv", "inventory", "reserve", 14, 48)
        .attributes.insert(QStringLiteral("sku"), QStringLiteral("BOOK-42"));
    add("select", "reserve", "inventory", "SELECT stock", 16, 30);
    add("pay", "root", "checkout", "call payment", 52, 98).status = StatusCode::Error;
    return std::make_shared<const AssembledTrace>(AssembledTrace::assemble(std::move(spans)));
}

int indexOf(const TraceView &view, const char *span)
{
    return view.trace()->indexOf(id(span));
}

QString selectedOperation(const TraceView &view)
{
    const int index = view.waterfall()->selectedSpan();
    return index < 0 ? QString() : view.trace()->spans[std::size_t(index)].span.operation();
}

QString field(const SpanDetailsModel *model, const QString &key)
{
    return model->fieldIndex(key).siblingAtColumn(SpanDetailsModel::ValueColumn).data().toString();
}

// Sends the keys named in a space-separated list ("f", "]", "Up", "shift+a") to w.
void pressKeys(QWidget *w, const QString &keys)
{
    for (const QString &name : keys.split(u' ', Qt::SkipEmptyParts)) {
        const QKeySequence sequence(name);
        const QKeyCombination combination = sequence[0];
        QTest::keyClick(w, combination.key(), combination.keyboardModifiers());
    }
}

} // namespace

class TstTraceView : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<TraceView> m_view;

    TraceView &view()
    {
        m_view = std::make_unique<TraceView>();
        m_view->resize(1200, 800);
        m_view->setTrace(checkoutTrace());
        m_view->show();
        if (!QTest::qWaitForWindowExposed(m_view.get()))
            qWarning("window not exposed");
        return *m_view;
    }

private slots:
    void cleanup() { m_view.reset(); }

    void rowsAndHeader()
    {
        TraceView &v = view();
        QCOMPARE(v.waterfall()->rows().rowCount(), 7);
        QCOMPARE(v.trace()->spans.size(), std::size_t(7));
        const TraceHeader *header = v.header();
        QCOMPARE(header->titleText(), QStringLiteral("checkout: POST /checkout"));
        QCOMPARE(header->traceIdText(), Trace.toString());
        const QString stats = header->statsText();
        for (const char *part : {"Duration 100ms", "Spans 7", "Services 3", "Depth 4", "Errors 2"})
            QVERIFY2(stats.contains(QLatin1String(part)), qPrintable(stats));
        const QString services = header->servicesText();
        QVERIFY2(services.indexOf(u"checkout") < services.indexOf(u"inventory") &&
                     services.indexOf(u"inventory") < services.indexOf(u"payment"),
                 qPrintable(services));
        QVERIFY(services.contains(QString::fromUtf8("\u2192")));
        // Three services, three different colours.
        const auto &legend = v.waterfall()->scene().services();
        QCOMPARE(legend.size(), std::size_t(3));
        QVERIFY(legend[0].color != legend[1].color && legend[1].color != legend[2].color &&
                legend[0].color != legend[2].color);
        QCOMPARE(legend[0].spans, 4);
        QCOMPARE(legend[2].errors, 1);
    }

    void timeZone()
    {
        TraceView &v = view();
        v.setTimeZone(Qt::UTC);
        QVERIFY2(v.header()->statsText().contains(QStringLiteral("2024-05-14 09:46:40.000 UTC")),
                 qPrintable(v.header()->statsText()));
        v.selectSpan(id("charge"));
        QCOMPARE(field(v.details()->model(), QStringLiteral("Start time")),
                 QStringLiteral("2024-05-14 09:46:40.054 UTC"));
        v.setTimeZone(Qt::LocalTime);
        QVERIFY(!v.header()->statsText().contains(QStringLiteral("UTC")));
    }

    void collapseByClickingTheArrow_data()
    {
        QTest::addColumn<QString>("span");
        QTest::addColumn<int>("rows");
        QTest::addRow("root hides everything") << QStringLiteral("root") << 1;
        QTest::addRow("call inventory hides two") << QStringLiteral("inv") << 5;
        QTest::addRow("reserve hides one") << QStringLiteral("reserve") << 6;
        QTest::addRow("call payment hides one") << QStringLiteral("pay") << 6;
    }
    void collapseByClickingTheArrow()
    {
        QFETCH(QString, span);
        QFETCH(int, rows);
        TraceView &v = view();
        Waterfall *w = v.waterfall();
        const int index = v.trace()->indexOf(SpanId::fromString(span));
        const QRect arrow = w->expanderRect(index);
        QVERIFY(!arrow.isEmpty());
        QSignalSpy rowsChanged(w, &Waterfall::rowsChanged);
        QTest::mouseClick(w->viewport(), Qt::LeftButton, {}, arrow.center());
        QCOMPARE(w->rows().rowCount(), rows);
        QVERIFY(w->rows().isCollapsed(index));
        QCOMPARE(rowsChanged.count(), 1);
        QCOMPARE(w->selectedSpan(), -1); // the arrow does not select
        QTest::mouseClick(w->viewport(), Qt::LeftButton, {}, w->expanderRect(index).center());
        QCOMPARE(w->rows().rowCount(), 7);
        // A leaf has no arrow.
        QVERIFY(w->expanderRect(indexOf(v, "select")).isEmpty());
    }

    void clickRowSelectsAndShowsDetails()
    {
        TraceView &v = view();
        QSignalSpy selected(&v, &TraceView::spanSelected);
        Waterfall *w = v.waterfall();
        const QRect row = w->rowRect(indexOf(v, "charge"));
        QTest::mouseClick(w->viewport(), Qt::LeftButton, {},
                          QPoint(w->width() / 2, row.center().y()));
        QCOMPARE(selected.count(), 1);
        QCOMPARE(selected.at(0).at(0).value<SpanId>(), id("charge"));
        QCOMPARE(v.selectedSpan(), id("charge"));
        QCOMPARE(v.details()->title(), QStringLiteral("charge"));
        QCOMPARE(field(v.details()->model(), QStringLiteral("Service")), QStringLiteral("payment"));
        // Escape clears the selection and the pane.
        QTest::keyClick(w, Qt::Key_Escape);
        QCOMPARE(v.selectedSpan(), SpanId());
        QCOMPARE(v.details()->model()->rowCount(), 0);
    }

    void keyboard_data()
    {
        QTest::addColumn<QString>("keys");
        QTest::addColumn<QString>("selected");
        QTest::addColumn<int>("rows");
        QTest::addRow("f selects the first row")
            << QStringLiteral("f") << QStringLiteral("POST /checkout") << 7;
        QTest::addRow("f f selects the second")
            << QStringLiteral("f f") << QStringLiteral("validate") << 7;
        QTest::addRow("b goes back")
            << QStringLiteral("f f f b") << QStringLiteral("validate") << 7;
        QTest::addRow("b from nothing selects the last row")
            << QStringLiteral("b") << QStringLiteral("charge") << 7;
        QTest::addRow("f stops at the last row")
            << QStringLiteral("b f") << QStringLiteral("charge") << 7;
        QTest::addRow("] collapses all") << QStringLiteral("]") << QString() << 1;
        QTest::addRow("[ expands all") << QStringLiteral("] [") << QString() << 7;
        QTest::addRow("o expands one level") << QStringLiteral("] o") << QString() << 4;
        QTest::addRow("p collapses one level") << QStringLiteral("p") << QString() << 5;
        QTest::addRow("f walks shown rows only")
            << QStringLiteral("] o f f f f") << QStringLiteral("call payment") << 4;
        QTest::addRow("enter toggles the selected subtree")
            << QStringLiteral("f f f Return") << QStringLiteral("call inventory") << 5;
    }
    void keyboard()
    {
        QFETCH(QString, keys);
        QFETCH(QString, selected);
        QFETCH(int, rows);
        TraceView &v = view();
        pressKeys(v.waterfall(), keys);
        QCOMPARE(selectedOperation(v), selected);
        QCOMPARE(v.waterfall()->rows().rowCount(), rows);
    }

    void zoomAndPanKeys()
    {
        TraceView &v = view();
        Waterfall *w = v.waterfall();
        const ViewRange whole = w->viewRange();
        QCOMPARE(whole.length(), 100 * Ms);
        pressKeys(w, QStringLiteral("Up"));
        QVERIFY(w->viewRange().length() < whole.length());
        const ViewRange zoomed = w->viewRange();
        pressKeys(w, QStringLiteral("d"));
        QVERIFY(w->viewRange().start > zoomed.start);
        QCOMPARE(w->viewRange().length(), zoomed.length());
        pressKeys(w, QStringLiteral("a a a a a a a a a a a a"));
        QCOMPARE(w->viewRange().start, 0);
        pressKeys(w, QStringLiteral("Down Down Down"));
        QCOMPARE(w->viewRange(), whole);
        pressKeys(w, QStringLiteral("Up Up 0"));
        QCOMPARE(w->viewRange(), whole);
        // The minimap follows.
        pressKeys(w, QStringLiteral("Up"));
        QCOMPARE(w->minimap()->viewRange(), w->viewRange());
    }

    void ctrlWheelZoomsAtThePointer()
    {
        TraceView &v = view();
        Waterfall *w = v.waterfall();
        const WaterfallGeometry g = w->viewGeometry();
        const double x = g.xOf(25 * Ms);
        const QPointF pos(x, g.rulerHeight + 5);
        QWheelEvent wheel(pos, w->viewport()->mapToGlobal(pos), QPoint(), QPoint(0, 240),
                          Qt::NoButton, Qt::ControlModifier, Qt::NoScrollPhase, false);
        QApplication::sendEvent(w->viewport(), &wheel);
        const ViewRange r = w->viewRange();
        QVERIFY(r.length() < 100 * Ms);
        // The time under the pointer stays under it.
        QVERIFY(qAbs(w->viewGeometry().offsetAt(x) - 25 * Ms) < Ms / 10);
    }

    void dragOnTheMinimapSelectsARange()
    {
        TraceView &v = view();
        Minimap *m = v.waterfall()->minimap();
        const int y = int(m->selectorRect().center().y());
        // Dragging the selector's right edge resizes it.
        const QPoint rightEdge(int(m->selectorRect().right()), y);
        QTest::mousePress(m, Qt::LeftButton, {}, rightEdge);
        QMouseEvent move(QEvent::MouseMove, QPointF(m->xOf(80 * Ms), y),
                         m->mapToGlobal(QPointF(m->xOf(80 * Ms), y)), Qt::NoButton, Qt::LeftButton,
                         Qt::NoModifier);
        QApplication::sendEvent(m, &move);
        QTest::mouseRelease(m, Qt::LeftButton, {}, QPoint(int(m->xOf(80 * Ms)), y));
        QCOMPARE(v.waterfall()->viewRange().start, 0);
        QVERIFY(qAbs(v.waterfall()->viewRange().end - 80 * Ms) < Ms);

        // Dragging outside the selector selects a new range.
        QTest::mousePress(m, Qt::LeftButton, {}, QPoint(int(m->xOf(90 * Ms)), y));
        QMouseEvent drag(QEvent::MouseMove, QPointF(m->xOf(95 * Ms), y),
                         m->mapToGlobal(QPointF(m->xOf(95 * Ms), y)), Qt::NoButton, Qt::LeftButton,
                         Qt::NoModifier);
        QApplication::sendEvent(m, &drag);
        QTest::mouseRelease(m, Qt::LeftButton, {}, QPoint(int(m->xOf(95 * Ms)), y));
        QVERIFY(qAbs(v.waterfall()->viewRange().start - 90 * Ms) < Ms);
        QVERIFY(qAbs(v.waterfall()->viewRange().end - 95 * Ms) < Ms);

        // Dragging inside it pans, keeping its length.
        const ViewRange before = v.waterfall()->viewRange();
        const QPoint inside(int(m->selectorRect().center().x()), y);
        QTest::mousePress(m, Qt::LeftButton, {}, inside);
        QMouseEvent pan(QEvent::MouseMove, QPointF(inside.x() - m->xOf(30 * Ms) + m->xOf(0), y),
                        m->mapToGlobal(QPointF(inside.x() - m->xOf(30 * Ms) + m->xOf(0), y)),
                        Qt::NoButton, Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(m, &pan);
        QTest::mouseRelease(m, Qt::LeftButton, {}, inside);
        QCOMPARE(v.waterfall()->viewRange().length(), before.length());
        QVERIFY(qAbs(v.waterfall()->viewRange().start - (before.start - 30 * Ms)) < Ms);

        // Double-click shows the whole trace again.
        QTest::mouseDClick(m, Qt::LeftButton, {}, inside);
        QCOMPARE(v.waterfall()->viewRange(), (ViewRange{0, 100 * Ms}));
    }

    void detailsModel()
    {
        TraceView &v = view();
        SpanDetailsModel *model = v.details()->model();
        QAbstractItemModelTester tester(model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        v.selectSpan(id("charge"));
        QCOMPARE(model->spanIndex(), indexOf(v, "charge"));
        QCOMPARE(model->columnCount(), int(SpanDetailsModel::ColumnCount));
        QCOMPARE(field(model, QStringLiteral("Operation")), QStringLiteral("charge"));
        QCOMPARE(field(model, QStringLiteral("Service")), QStringLiteral("payment"));
        QCOMPARE(field(model, QStringLiteral("Kind")), QStringLiteral("server"));
        QCOMPARE(field(model, QStringLiteral("Status")), QStringLiteral("error"));
        QCOMPARE(field(model, QStringLiteral("Status message")), QStringLiteral("card declined"));
        QCOMPARE(field(model, QStringLiteral("Start")), QStringLiteral("+54ms"));
        QCOMPARE(field(model, QStringLiteral("Duration")), QStringLiteral("42ms"));
        QCOMPARE(field(model, QStringLiteral("Self time")), QStringLiteral("42ms (100%)"));
        QCOMPARE(field(model, QStringLiteral("Span ID")), QStringLiteral("charge"));
        QCOMPARE(field(model, QStringLiteral("Parent ID")), QStringLiteral("pay"));
        QCOMPARE(field(model, QStringLiteral("Scope")), QStringLiteral("demo"));
        const QModelIndex spanId = model->fieldIndex(QStringLiteral("Span ID"));
        QCOMPARE(spanId.data(SpanDetailsModel::CopyTextRole).toString(), QStringLiteral("charge"));
        QCOMPARE(spanId.data(SpanDetailsModel::SpanIdRole).value<SpanId>(), id("charge"));
        QCOMPARE(spanId.data(SpanDetailsModel::ItemKindRole).value<SpanDetailsModel::ItemKind>(),
                 SpanDetailsModel::ItemKind::Field);

        const QModelIndex attributes = model->sectionIndex(QStringLiteral("Attributes"));
        QCOMPARE(model->rowCount(attributes), 1);
        QCOMPARE(model->index(0, SpanDetailsModel::KeyColumn, attributes).data().toString(),
                 QStringLiteral("payment.amount"));
        QCOMPARE(model->index(0, SpanDetailsModel::ValueColumn, attributes).data().toString(),
                 QStringLiteral("129.9"));
        const QModelIndex resource = model->sectionIndex(QStringLiteral("Resource"));
        QCOMPARE(model->rowCount(resource), 1);
        const QModelIndex events = model->sectionIndex(QStringLiteral("Events"));
        QCOMPARE(model->rowCount(events), 1);
        const QModelIndex event = model->index(0, SpanDetailsModel::KeyColumn, events);
        QCOMPARE(event.data().toString(), QStringLiteral("+36ms"));
        QCOMPARE(event.siblingAtColumn(SpanDetailsModel::ValueColumn).data().toString(),
                 QStringLiteral("declined"));
        QCOMPARE(event.data(SpanDetailsModel::EventOffsetRole).toLongLong(), 36 * Ms);
        QCOMPARE(model->rowCount(event), 1); // the event's attribute
        const QModelIndex links = model->sectionIndex(QStringLiteral("Links"));
        QCOMPARE(model->rowCount(links), 2);
        QCOMPARE(model->index(0, 0, links).data(SpanDetailsModel::LinkTraceIdRole).value<TraceId>(),
                 OtherTrace);

        // A span without events, links or resource leaves those sections out.
        v.selectSpan(id("validate"));
        QVERIFY(!model->sectionIndex(QStringLiteral("Events")).isValid());
        QVERIFY(!model->sectionIndex(QStringLiteral("Links")).isValid());
        QCOMPARE(field(model, QStringLiteral("Parent ID")), QStringLiteral("root"));
        v.setTrace(nullptr);
        QCOMPARE(model->rowCount(), 0);
    }

    void clickingLinks()
    {
        TraceView &v = view();
        v.selectSpan(id("charge"));
        SpanDetailsModel *model = v.details()->model();
        QTreeView *tree = v.details()->view();
        QSignalSpy activated(&v, &TraceView::linkActivated);
        const QModelIndex links = model->sectionIndex(QStringLiteral("Links"));
        const auto click = [tree](const QModelIndex &index) {
            tree->scrollTo(index);
            QTest::mouseClick(tree->viewport(), Qt::LeftButton, {},
                              tree->visualRect(index).center());
        };
        click(model->index(0, SpanDetailsModel::ValueColumn, links));
        QCOMPARE(activated.count(), 1);
        QCOMPARE(activated.at(0).at(0).value<TraceId>(), OtherTrace);
        QCOMPARE(activated.at(0).at(1).value<SpanId>(), id("remote"));
        // A link into this trace selects the span instead.
        click(model->index(1, SpanDetailsModel::ValueColumn, links));
        QCOMPARE(activated.count(), 1);
        QCOMPARE(v.selectedSpan(), id("reserve"));
    }

    void copyIds()
    {
        TraceView &v = view();
        QApplication::clipboard()->clear();
        QTest::mouseClick(v.header()->copyButton(), Qt::LeftButton);
        QCOMPARE(QApplication::clipboard()->text(), Trace.toString());
        v.selectSpan(id("charge"));
        QTreeView *tree = v.details()->view();
        tree->setFocus();
        tree->setCurrentIndex(v.details()->model()->fieldIndex(QStringLiteral("Parent ID")));
        QTest::keyClick(tree, Qt::Key_C, Qt::ControlModifier);
        QCOMPARE(QApplication::clipboard()->text(), QStringLiteral("pay"));
    }

    void findInTrace_data()
    {
        QTest::addColumn<QString>("query");
        QTest::addColumn<QStringList>("steps"); // operation selected after each Enter
        QTest::addColumn<QString>("label");
        QTest::addRow("service and operation matches, wrapping")
            << QStringLiteral("inventory")
            << QStringList{QStringLiteral("call inventory"), QStringLiteral("reserve"),
                           QStringLiteral("SELECT stock"), QStringLiteral("call inventory")}
            << QStringLiteral("1 of 3");
        QTest::addRow("attribute value")
            << QStringLiteral("book-42") << QStringList{QStringLiteral("reserve")}
            << QStringLiteral("1 of 1");
        QTest::addRow("key=value")
            << QStringLiteral("sku=BOOK") << QStringList{QStringLiteral("reserve")}
            << QStringLiteral("1 of 1");
        QTest::addRow("no match") << QStringLiteral("nothing-like-this") << QStringList{QString()}
                                  << QStringLiteral("No matches");
    }
    void findInTrace()
    {
        QFETCH(QString, query);
        QFETCH(QStringList, steps);
        QFETCH(QString, label);
        TraceView &v = view();
        QLineEdit *edit = v.findEdit();
        edit->setFocus();
        QTest::keyClicks(edit, query);
        for (const QString &expected : steps) {
            QTest::keyClick(edit, Qt::Key_Return);
            QCOMPARE(selectedOperation(v), expected);
        }
        QCOMPARE(v.matchLabel()->text(), label);
        for (int span : v.matches())
            QVERIFY(v.waterfall()->scene().isMatch(span));
        QTest::keyClick(edit, Qt::Key_Escape);
        QVERIFY(v.matches().empty());
        QVERIFY(edit->text().isEmpty());
    }

    void findRevealsCollapsedMatches()
    {
        TraceView &v = view();
        v.waterfall()->collapseAll();
        QCOMPARE(v.waterfall()->rows().rowCount(), 1);
        QCOMPARE(v.find(QStringLiteral("select")), 1);
        v.nextMatch();
        QCOMPARE(selectedOperation(v), QStringLiteral("SELECT stock"));
        QVERIFY(v.waterfall()->rows().rowOf(indexOf(v, "select")) >= 0);
        // Root, its three children (call payment still collapsed), reserve and select.
        QCOMPARE(v.waterfall()->rows().rowCount(), 6);
        v.previousMatch();
        QCOMPARE(selectedOperation(v), QStringLiteral("SELECT stock"));
    }

    void findRunsAfterTyping()
    {
        TraceView &v = view();
        QTest::keyClicks(v.findEdit(), QStringLiteral("pay"));
        QTRY_COMPARE(v.matches().size(), std::size_t(2)); // call payment, charge (service payment)
    }

    // The painter draws what the scene says: the bar of a leaf in its service colour, an
    // error span outlined in red.
    void paintsBars()
    {
        TraceView &v = view();
        Waterfall *w = v.waterfall();
        const QImage image = w->viewport()->grab().toImage();
        const WaterfallGeometry g = w->viewGeometry();
        const auto barPixel = [&](const char *span, double fraction, int dy) {
            const int index = indexOf(v, span);
            const qint64 start = w->scene().startOffset(index);
            const qint64 end = w->scene().endOffset(index);
            const int x = int(g.xOf(start + qint64(double(end - start) * fraction)));
            const QRect row = w->rowRect(index);
            const int barHeight = std::max(6, row.height() - 12);
            const int top = row.top() + (row.height() - barHeight) / 2;
            return image.pixelColor(x, top + dy);
        };
        QCOMPARE(barPixel("select", 0.5, 1), w->scene().serviceColor(indexOf(v, "select")));
        const QColor outline = barPixel("charge", 0.5, 0);
        QVERIFY2(outline.red() > 150 && outline.green() < 90 && outline.blue() < 90,
                 qPrintable(outline.name()));
        // Where a child runs, the parent's bar is lighter than where it runs itself.
        const QColor self = barPixel("root", 0.005, 2);
        const QColor covered = barPixel("root", 0.3, 2);
        QVERIFY2(covered.lightness() > self.lightness(), qPrintable(self.name() + covered.name()));
    }

    void orphansAreMarked()
    {
        TraceView &v = view();
        std::vector<Span> spans;
        for (const char *span : {"a", "b"}) {
            Span s;
            s.traceId = Trace;
            s.spanId = id(span);
            if (span[0] == 'b')
                s.parentSpanId = id("never-arrived");
            s.setService(u"svc");
            s.startNs = T0 + (span[0] == 'b' ? 5 : 0) * Ms;
            s.durationNs = 10 * Ms;
            spans.push_back(s);
        }
        v.setTrace(
            std::make_shared<const AssembledTrace>(AssembledTrace::assemble(std::move(spans))));
        QVERIFY2(v.header()->statsText().contains(QStringLiteral("Orphans 1")),
                 qPrintable(v.header()->statsText()));
        v.selectSpan(id("b"));
        QCOMPARE(field(v.details()->model(), QStringLiteral("Orphan")),
                 QStringLiteral("parent never-arrived never arrived"));
        v.selectSpan(id("a"));
        QVERIFY(!v.details()->model()->fieldIndex(QStringLiteral("Orphan")).isValid());
    }

    void hoverAndClear()
    {
        TraceView &v = view();
        Waterfall *w = v.waterfall();
        QTest::mouseMove(w->viewport(),
                         QPoint(w->width() / 2, w->rowRect(indexOf(v, "reserve")).center().y()));
        QTRY_COMPARE(w->hoveredSpan(), indexOf(v, "reserve"));
        v.setTrace(nullptr);
        QCOMPARE(w->rows().rowCount(), 0);
        QCOMPARE(w->hoveredSpan(), -1);
        QCOMPARE(v.header()->titleText(), QStringLiteral("No trace selected"));
        QVERIFY(w->viewport()->grab().toImage().width() > 0); // paints the empty state
    }
};

QTEST_MAIN(TstTraceView)
#include "tst_traceview.moc"
