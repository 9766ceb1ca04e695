// SPDX-License-Identifier: MIT
#include "traceview.h"

#include "spandetailsview.h"
#include "spanfinder.h"
#include "traceheader.h"
#include "traceservicegraph.h"
#include "waterfall.h"

#include <QAction>
#include <QFrame>
#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QSplitter>
#include <QStackedWidget>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>

#include <algorithm>

namespace traceflow {

namespace {
constexpr int FindDelayMs = 150;
} // namespace

TraceView::TraceView(QWidget *parent)
    : QWidget(parent), m_header(new TraceHeader(this)), m_toolbar(new QWidget(this)),
      m_findEdit(new QLineEdit(this)), m_matchLabel(new QLabel(this)),
      m_splitter(new QSplitter(Qt::Vertical, this)), m_waterfall(new Waterfall(this)),
      m_details(new SpanDetailsView(this)), m_findTimer(new QTimer(this))
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addWidget(m_header);

    auto *tools = new QHBoxLayout(m_toolbar);
    tools->setContentsMargins(10, 2, 10, 6);
    tools->setSpacing(4);
    m_findEdit->setPlaceholderText(tr("Find in trace: service, operation, key=value\u2026"));
    m_findEdit->setClearButtonEnabled(true);
    m_findEdit->setToolTip(tr("Spans matching every word are highlighted; Enter jumps to the next "
                              "(Shift+Enter: previous), Escape clears. Ctrl+F focuses this box."));
    m_findEdit->setMinimumWidth(260);
    m_findEdit->setMaximumWidth(420);
    m_findEdit->installEventFilter(this);
    tools->addWidget(m_findEdit, 1);
    QToolButton *previous = addTool(QStringLiteral("\u2191"), tr("Previous match (Shift+Enter)"));
    QToolButton *next = addTool(QStringLiteral("\u2193"), tr("Next match (Enter)"));
    tools->addWidget(previous);
    tools->addWidget(next);
    m_matchLabel->setMinimumWidth(90);
    m_matchLabel->setForegroundRole(QPalette::PlaceholderText);
    tools->addWidget(m_matchLabel);
    tools->addStretch(1);

    QToolButton *critical = addTool(tr("Critical path"), tr("Highlight the critical path: the spans "
                                                              "the trace's end waited on"));
    critical->setCheckable(true);
    critical->setChecked(m_waterfall->showsCriticalPath());
    QToolButton *collapse = addTool(tr("Collapse all"), tr("Collapse all (])"));
    QToolButton *expand = addTool(tr("Expand all"), tr("Expand all ([)"));
    QToolButton *less = addTool(tr("\u2212 Level"), tr("Collapse one level (P)"));
    QToolButton *more = addTool(tr("+ Level"), tr("Expand one level (O)"));
    QToolButton *reset = addTool(tr("Reset zoom"), tr("Show the whole trace (0, or double-click the "
                                                      "minimap)"));
    m_servicesButton = addTool(tr("Services"), tr("Show the trace's services and their calls "
                                                  "as a graph instead of the timeline"));
    m_servicesButton->setCheckable(true);
    for (QToolButton *button : {critical, collapse, expand, less, more, reset, m_servicesButton})
        tools->addWidget(button);
    layout->addWidget(m_toolbar);

    auto *line = new QFrame(this);
    line->setFrameShape(QFrame::HLine);
    line->setFrameShadow(QFrame::Plain);
    line->setForegroundRole(QPalette::Mid);
    layout->addWidget(line);

    m_splitter->addWidget(m_waterfall);
    m_splitter->addWidget(m_details);
    m_splitter->setStretchFactor(0, 3);
    m_splitter->setStretchFactor(1, 1);
    m_splitter->setChildrenCollapsible(false);
    m_splitter->setSizes({600, 220});
    m_serviceGraph = new TraceServiceGraph(this);
    m_pages = new QStackedWidget(this);
    m_pages->addWidget(m_splitter);
    m_pages->addWidget(m_serviceGraph);
    layout->addWidget(m_pages, 1);
    connect(m_servicesButton, &QToolButton::toggled, this, [this](bool on) {
        m_pages->setCurrentIndex(on ? 1 : 0);
    });
    // A service or call clicked in the graph: back to the timeline, at its first span.
    connect(m_serviceGraph, &TraceServiceGraph::spanRequested, this, [this](const SpanId &id) {
        m_servicesButton->setChecked(false);
        selectSpan(id);
    });

    m_findTimer->setSingleShot(true);
    m_findTimer->setInterval(FindDelayMs);
    connect(m_findTimer, &QTimer::timeout, this, &TraceView::runFind);
    connect(m_findEdit, &QLineEdit::textChanged, m_findTimer, qOverload<>(&QTimer::start));
    connect(m_findEdit, &QLineEdit::returnPressed, this, &TraceView::nextMatch);
    connect(next, &QToolButton::clicked, this, &TraceView::nextMatch);
    connect(previous, &QToolButton::clicked, this, &TraceView::previousMatch);
    connect(critical, &QToolButton::toggled, m_waterfall, &Waterfall::setShowCriticalPath);
    connect(collapse, &QToolButton::clicked, m_waterfall, &Waterfall::collapseAll);
    connect(expand, &QToolButton::clicked, m_waterfall, &Waterfall::expandAll);
    connect(less, &QToolButton::clicked, m_waterfall, &Waterfall::collapseOneLevel);
    connect(more, &QToolButton::clicked, m_waterfall, &Waterfall::expandOneLevel);
    connect(reset, &QToolButton::clicked, m_waterfall, &Waterfall::resetZoom);
    connect(m_waterfall, &Waterfall::spanSelected, this, &TraceView::showSpanDetails);
    connect(m_details, &SpanDetailsView::linkActivated, this, &TraceView::followLink);

    auto *focusFind = new QAction(this);
    focusFind->setShortcuts({QKeySequence::Find, QKeySequence(Qt::CTRL | Qt::Key_B)});
    focusFind->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    connect(focusFind, &QAction::triggered, this, [this] {
        m_findEdit->setFocus(Qt::ShortcutFocusReason);
        m_findEdit->selectAll();
    });
    addAction(focusFind);
    updateMatchLabel();
}

QToolButton *TraceView::addTool(const QString &text, const QString &toolTip)
{
    auto *button = new QToolButton(m_toolbar);
    button->setText(text);
    button->setToolTip(toolTip);
    button->setAutoRaise(true);
    button->setFocusPolicy(Qt::NoFocus);
    return button;
}

void TraceView::setTrace(std::shared_ptr<const AssembledTrace> trace)
{
    if (trace == m_trace)
        return;
    m_trace = std::move(trace);
    m_waterfall->setTrace(m_trace);
    m_serviceGraph->setTrace(m_trace);
    m_header->setTrace(m_trace, m_waterfall->scene().services());
    m_details->setSpan(nullptr, -1);
    m_currentMatch = -1;
    if (!m_findEdit->text().trimmed().isEmpty())
        runFind();
    else
        updateMatchLabel();
}

void TraceView::setTimeZone(Qt::TimeSpec spec)
{
    m_timeSpec = spec;
    m_header->setTimeZone(spec);
    m_details->setTimeZone(spec);
}

void TraceView::selectSpan(const SpanId &id)
{
    m_waterfall->setSelectedSpan(m_trace && !id.isEmpty() ? m_trace->indexOf(id) : -1);
}

SpanId TraceView::selectedSpan() const
{
    const int index = m_waterfall->selectedSpan();
    return m_trace && index >= 0 ? m_trace->spans[std::size_t(index)].span.spanId : SpanId();
}

void TraceView::showSpanDetails(int index)
{
    m_details->setSpan(m_trace, index, index >= 0 ? m_waterfall->scene().serviceColor(index) : QColor());
    emit spanSelected(index >= 0 ? m_trace->spans[std::size_t(index)].span.spanId : SpanId());
}

void TraceView::followLink(const TraceId &trace, const SpanId &span)
{
    if (m_trace && !m_trace->spans.empty() && m_trace->spans.front().span.traceId == trace) {
        const int index = m_trace->indexOf(span);
        if (index >= 0) {
            m_waterfall->setSelectedSpan(index);
            return;
        }
    }
    emit linkActivated(trace, span);
}

int TraceView::find(const QString &query)
{
    if (m_findEdit->text() != query) {
        const QSignalBlocker blocker(m_findEdit);
        m_findEdit->setText(query);
    }
    runFind();
    return int(matches().size());
}

const std::vector<int> &TraceView::matches() const
{
    return m_waterfall->scene().matches();
}

void TraceView::runFind()
{
    m_findTimer->stop();
    m_currentMatch = -1;
    const SpanFinder finder(m_findEdit->text());
    m_waterfall->setMatches(m_trace ? finder.findAll(*m_trace) : std::vector<int>());
    updateMatchLabel();
}

void TraceView::nextMatch()
{
    stepMatch(1);
}

void TraceView::previousMatch()
{
    stepMatch(-1);
}

// Steps from the selected span (so Enter continues from wherever the user clicked), wrapping.
void TraceView::stepMatch(int direction)
{
    if (m_findTimer->isActive())
        runFind();
    const std::vector<int> &found = matches();
    if (found.empty())
        return;
    const int from = m_waterfall->selectedSpan();
    int position = 0;
    if (direction > 0) {
        const auto it = std::upper_bound(found.begin(), found.end(), from);
        position = it == found.end() ? 0 : int(it - found.begin());
    } else {
        const auto it = std::lower_bound(found.begin(), found.end(), from < 0 ? INT_MAX : from);
        position = it == found.begin() ? int(found.size()) - 1 : int(it - found.begin()) - 1;
    }
    m_currentMatch = position;
    m_waterfall->setCurrentMatch(found[std::size_t(position)]);
    m_waterfall->setSelectedSpan(found[std::size_t(position)]);
    updateMatchLabel();
}

void TraceView::updateMatchLabel()
{
    const std::size_t count = matches().size();
    if (m_findEdit->text().trimmed().isEmpty())
        m_matchLabel->clear();
    else if (count == 0)
        m_matchLabel->setText(tr("No matches"));
    else if (m_currentMatch >= 0)
        m_matchLabel->setText(tr("%1 of %2").arg(m_currentMatch + 1).arg(count));
    else
        m_matchLabel->setText(count == 1 ? tr("1 match") : tr("%1 matches").arg(count));
}

bool TraceView::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_findEdit && event->type() == QEvent::KeyPress) {
        const auto *key = static_cast<QKeyEvent *>(event);
        const bool enter = key->key() == Qt::Key_Return || key->key() == Qt::Key_Enter;
        if (enter && (key->modifiers() & Qt::ShiftModifier)) {
            previousMatch();
            return true;
        }
        if (key->key() == Qt::Key_Escape) {
            m_findEdit->clear();
            runFind();
            m_waterfall->setFocus(Qt::OtherFocusReason);
            return true;
        }
    }
    return QWidget::eventFilter(watched, event);
}

} // namespace traceflow
