// SPDX-License-Identifier: MIT
// The trace list's context menu: Open Trace, Copy Trace ID, then the actions the window adds.
#include "tracelistmodel.h"
#include "tracelistview.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QContextMenuEvent>
#include <QItemSelectionModel>
#include <QMenu>
#include <QSignalSpy>
#include <QTest>
#include <QTimer>

using namespace traceflow;

namespace {
TraceSummary trace(const char *id, qint64 startMs)
{
    TraceSummary s;
    s.traceId = TraceId::fromString(std::string_view(id));
    s.rootService = QStringLiteral("checkout");
    s.rootOperation = QStringLiteral("GET /");
    s.startNs = startMs * 1'000'000;
    s.durationNs = 10'000'000;
    s.spanCount = 1;
    s.services = {QStringLiteral("checkout")};
    return s;
}
} // namespace

class TstTraceListView : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void contextMenu()
    {
        TraceListView list;
        list.resize(900, 300);
        list.applyTraces({trace("a1", 3000), trace("b2", 2000), trace("c3", 1000)});
        QAction extra(QStringLiteral("Export Selected"));
        list.setMenuActions({nullptr, &extra});
        list.show();
        QVERIFY(QTest::qWaitForWindowExposed(&list));
        QVERIFY(list.selectTrace(TraceId::fromString(std::string_view("b2"))));
        list.selectionModel()->select(list.model()->index(0, 0),
                                      QItemSelectionModel::Select | QItemSelectionModel::Rows);
        const std::vector<TraceId> selected = list.selectedTraceIds();
        QCOMPARE(selected.size(), std::size_t(2));

        // Opens the menu at the first row, records its entries and triggers `text`.
        QStringList texts;
        auto choose = [&](const QString &text) {
            texts.clear();
            QTimer::singleShot(0, [&texts, text] {
                auto *menu = qobject_cast<QMenu *>(QApplication::activePopupWidget());
                QVERIFY(menu);
                QAction *chosen = nullptr;
                for (QAction *action : menu->actions()) {
                    texts.append(action->isSeparator() ? QStringLiteral("|") : action->text());
                    chosen = action->text() == text ? action : chosen;
                }
                QVERIFY(chosen && chosen->isEnabled());
                menu->hide();
                chosen->trigger();
            });
            const QPoint at = list.visualRect(list.model()->index(0, 0)).center();
            QContextMenuEvent event(QContextMenuEvent::Mouse, at, list.viewport()->mapToGlobal(at));
            QApplication::sendEvent(list.viewport(), &event);
        };

        QSignalSpy opened(&list, &TraceListView::openRequested);
        choose(QStringLiteral("&Copy Trace ID"));
        QStringList ids;
        for (const TraceId &id : selected)
            ids.append(id.toString());
        QCOMPARE(QApplication::clipboard()->text(), ids.join(u'\n'));
        QCOMPARE(texts, (QStringList{QStringLiteral("&Open Trace"),
                                     QStringLiteral("&Copy Trace ID"), QStringLiteral("|"),
                                     QStringLiteral("|"), QStringLiteral("Export Selected")}));

        choose(QStringLiteral("&Open Trace"));
        QCOMPARE(opened.size(), 1);
        QCOMPARE(opened.front().front().value<TraceId>(), list.currentTraceId());
    }
};

QTEST_MAIN(TstTraceListView)
#include "tst_tracelistview.moc"
