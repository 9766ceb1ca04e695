// SPDX-License-Identifier: MIT
#include "tracecomparecontroller.h"

#include "taskprogress.h"
#include "tracecompareview.h"
#include "tracesource.h"

#include <QAction>
#include <QInputDialog>
#include <QStyle>
#include <QTabBar>
#include <QTabWidget>
#include <QToolButton>

namespace traceflow {

namespace {
struct TracePair
{
    std::shared_ptr<const AssembledTrace> a;
    std::shared_ptr<const AssembledTrace> b;
    bool cancelled = false;
};

std::shared_ptr<const AssembledTrace> assembled(QFuture<std::vector<Span>> future)
{
    // A failed or cancelled fetch has no result; the source has reported why.
    if (future.isCanceled() || future.resultCount() == 0)
        return {};
    std::vector<Span> spans = future.takeResult();
    if (spans.empty())
        return {};
    return std::make_shared<const AssembledTrace>(AssembledTrace::assemble(std::move(spans)));
}
} // namespace

TraceCompareController::TraceCompareController(TaskProgress *progress, Context context,
                                               QObject *parent)
    : QObject(parent), m_progress(progress), m_context(std::move(context))
{
    m_compare = new QAction(tr("Co&mpare Traces"), this);
    m_compare->setObjectName(QStringLiteral("compareTraces"));
    m_compare->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_D));
    m_compare->setToolTip(tr("Compare the two selected traces span by span"));
    m_compare->setEnabled(false);
    connect(m_compare, &QAction::triggered, this, [this] {
        const std::vector<TraceId> ids = m_context.selectedTraces();
        if (ids.size() == 2)
            compare(ids[0], ids[1]);
        else
            Q_EMIT message(tr("Select exactly two traces to compare them"));
    });

    m_page = new QAction(tr("Compare"), this);
    m_page->setObjectName(QStringLiteral("showCompare"));
    m_page->setEnabled(false);
    connect(m_page, &QAction::triggered, this, [this] {
        if (m_view && m_context.views)
            m_context.views->setCurrentWidget(m_view);
    });

    m_compareWith = new QAction(tr("Compare &with\u2026"), this);
    m_compareWith->setObjectName(QStringLiteral("compareWith"));
    m_compareWith->setToolTip(tr("Compare the trace shown with another trace by its id"));
    m_compareWith->setEnabled(false);
    connect(m_compareWith, &QAction::triggered, this, [this] {
        QWidget *window = m_context.views ? m_context.views->window() : nullptr;
        bool ok = false;
        const QString text = QInputDialog::getText(
            window, tr("Compare with Trace"),
            tr("Trace ID to compare the shown trace (A) with (B):"), QLineEdit::Normal, {}, &ok);
        if (ok && !text.trimmed().isEmpty())
            compareWith(text);
    });
}

TraceCompareView *TraceCompareController::view() const
{
    return m_view;
}

void TraceCompareController::updateActions()
{
    m_compare->setEnabled(m_context.selectedTraces().size() == 2);
    const auto shown = m_context.shownTrace();
    m_compareWith->setEnabled(shown && !shown->spans.empty());
}

void TraceCompareController::compare(const TraceId &a, const TraceId &b, bool ordered)
{
    TraceSource *source = m_context.source();
    compareSpans(source->trace(a), source->trace(b),
                 tr("%1 and %2").arg(a.toString().left(16), b.toString().left(16)), ordered);
}

void TraceCompareController::compareWith(const QString &text)
{
    const auto shown = m_context.shownTrace();
    if (!shown || shown->spans.empty())
        return;
    TraceSource *source = m_context.source();
    compareSpans(source->trace(shown->spans.front().span.traceId), source->findTrace(text),
                 text.trimmed(), true);
}

void TraceCompareController::compareSpans(QFuture<std::vector<Span>> a,
                                          QFuture<std::vector<Span>> b, const QString &what,
                                          bool ordered)
{
    const quint64 ticket = ++m_ticket;
    showPage();
    m_view->showMessage(tr("Fetching and assembling traces %1\u2026").arg(what));
    // Each trace is assembled on the thread pool as soon as its spans are in; the pair meets
    // on the GUI thread.
    const auto assemble = [](QFuture<std::vector<Span>> spans) {
        return spans.then(QtFuture::Launch::Async, &assembled);
    };
    QFuture<std::shared_ptr<const AssembledTrace>> first = assemble(a);
    QFuture<std::shared_ptr<const AssembledTrace>> second = assemble(b);
    const auto cancel = [this, ticket] {
        if (m_ticket == ticket)
            ++m_ticket;
    };
    m_progress->track(first, tr("Comparing traces"), cancel);
    m_progress->track(second, tr("Comparing traces"), cancel);
    QFuture<TracePair> pair =
        first
            .then(this,
                  [second](std::shared_ptr<const AssembledTrace> a) mutable {
                      return second.then([a](std::shared_ptr<const AssembledTrace> b) {
                          return TracePair{a, b};
                      });
                  })
            .unwrap()
            .onCanceled(this, [] {
                return TracePair{{}, {}, true};
            });
    pair.then(this, [this, ticket, what, ordered](TracePair traces) {
        if (ticket != m_ticket || !m_view)
            return;
        if (traces.cancelled) {
            m_view->showMessage(tr("The comparison was cancelled."));
            return;
        }
        if (!traces.a || !traces.b) {
            const QString missing = !traces.a && !traces.b ? tr("Neither trace was found")
                                    : !traces.a            ? tr("Trace A was not found")
                                                           : tr("Trace B was not found");
            m_view->showMessage(
                tr("%1 (%2) in %3.").arg(missing, what, m_context.source()->address()));
            Q_EMIT message(missing);
            return;
        }
        // Unordered pairs (a list selection): the faster trace is the baseline.
        if (!ordered && traces.b->durationNs() < traces.a->durationNs())
            std::swap(traces.a, traces.b);
        m_view->setTimeSpec(m_context.timeSpec());
        m_view->setTraces(traces.a, traces.b);
    });
}

void TraceCompareController::showPage()
{
    QTabWidget *views = m_context.views;
    if (!m_view) {
        m_view = new TraceCompareView;
        m_view->setObjectName(QStringLiteral("traceCompare"));
        connect(m_view, &TraceCompareView::openSpanRequested, this,
                [this](const TraceId &trace, const SpanId &span) {
                    if (m_context.openSpan)
                        m_context.openSpan(trace, span);
                });
        connect(m_view, &TraceCompareView::comparisonShown, this, [this] {
            if (m_context.views && m_view)
                m_context.views->setTabText(m_context.views->indexOf(m_view), m_view->title());
        });
        m_page->setEnabled(true);
        connect(m_view, &QObject::destroyed, m_page, [this] { m_page->setEnabled(false); });
        const int at = views->addTab(m_view, tr("Compare"));
        // Only this page closes: the window's own pages stay.
        auto *close = new QToolButton;
        close->setObjectName(QStringLiteral("closeCompare"));
        close->setAutoRaise(true);
        close->setIcon(close->style()->standardIcon(QStyle::SP_TitleBarCloseButton));
        close->setIconSize(QSize(12, 12));
        close->setToolTip(tr("Close the comparison"));
        views->tabBar()->setTabButton(at, QTabBar::RightSide, close);
        connect(close, &QToolButton::clicked, this, [this] {
            ++m_ticket;
            if (m_view)
                m_view->deleteLater(); // QTabWidget drops the page when it is destroyed
        });
    }
    views->setCurrentWidget(m_view);
}

} // namespace traceflow
