// SPDX-License-Identifier: MIT
#include "dashboardcharts.h"

#include "apptheme.h"
#include "displayformat.h"
#include "statschartdata.h"

#include <QBarCategoryAxis>
#include <QBarSeries>
#include <QBarSet>
#include <QCategoryAxis>
#include <QChart>
#include <QChartView>
#include <QCursor>
#include <QDateTime>
#include <QEvent>
#include <QFontMetrics>
#include <QGraphicsSimpleTextItem>
#include <QGridLayout>
#include <QLegendMarker>
#include <QLineSeries>
#include <QLocale>
#include <QMouseEvent>
#include <QToolTip>
#include <QValueAxis>

#include <algorithm>
#include <cmath>

namespace traceflow {

namespace {
constexpr int MarkerLimit = 90; // points beyond which markers only clutter the line

// Series colours that read on both a light and a dark background; red is kept for errors.
QColor lineColour(DashboardCharts::Chart chart, int index, bool dark)
{
    switch (chart) {
    case DashboardCharts::Chart::Latency: {
        static const QColor light[] = {QColor(0x3b, 0x82, 0xc4), QColor(0xe0, 0x8a, 0x1e),
                                       QColor(0x8e, 0x5b, 0xc8)};
        static const QColor darkSet[] = {QColor(0x6c, 0xb0, 0xf0), QColor(0xf5, 0xb0, 0x4d),
                                         QColor(0xc2, 0x94, 0xf5)};
        return dark ? darkSet[index] : light[index];
    }
    case DashboardCharts::Chart::Throughput:
        return index == 0 ? (dark ? QColor(0x5f, 0xc9, 0x8a) : QColor(0x2e, 0x9a, 0x5c))
                          : (dark ? QColor(0x6c, 0xb0, 0xf0) : QColor(0x3b, 0x82, 0xc4));
    case DashboardCharts::Chart::Errors:
        return dark ? QColor(0xff, 0x6b, 0x6b) : QColor(0xd6, 0x36, 0x36);
    case DashboardCharts::Chart::Distribution:
        return dark ? QColor(0x6c, 0xb0, 0xf0) : QColor(0x3b, 0x82, 0xc4);
    }
    return {};
}

QChartView *makeView(QChart *chart)
{
    chart->setMargins(QMargins(4, 4, 4, 4));
    chart->setBackgroundRoundness(6);
    chart->legend()->setAlignment(Qt::AlignTop);
    auto *view = new QChartView(chart);
    view->setRenderHint(QPainter::Antialiasing);
    view->setMinimumSize(320, 200);
    return view;
}
} // namespace

DashboardCharts::DashboardCharts(QWidget *parent)
    : QWidget(parent)
{
    m_latency = makeTimeChart(tr("Latency"), tr("ms"), {tr("p50"), tr("p95"), tr("p99")},
                              Chart::Latency);
    m_throughput = makeTimeChart(tr("Throughput"), tr("per second"),
                                 {tr("spans/s"), tr("traces/s")}, Chart::Throughput);
    m_errors = makeTimeChart(tr("Error rate"), tr("% of spans"), {tr("errors %")}, Chart::Errors);
    buildDistribution();

    auto *grid = new QGridLayout(this);
    grid->setContentsMargins(0, 0, 0, 0);
    grid->setSpacing(6);
    grid->addWidget(m_latency.view, 0, 0);
    grid->addWidget(m_throughput.view, 0, 1);
    grid->addWidget(m_errors.view, 1, 0);
    grid->addWidget(m_distributionView, 1, 1);
    applyTheme();
    setReport(StatsReport());
}

DashboardCharts::TimeChart DashboardCharts::makeTimeChart(const QString &title,
                                                          const QString &unit,
                                                          const QStringList &names, Chart kind)
{
    TimeChart c;
    c.chart = new QChart;
    c.chart->setTitle(title);
    // Not a QDateTimeAxis: it writes its labels in local time only, and a UTC axis made of
    // local times shifted by one offset reads an hour wrong across a daylight-saving change.
    c.x = new QCategoryAxis;
    c.x->setLabelsPosition(QCategoryAxis::AxisLabelsPositionOnValue);
    c.y = new QValueAxis;
    c.y->setTitleText(unit);
    c.y->setLabelFormat(QStringLiteral("%.4g"));
    c.y->setMin(0);
    c.chart->addAxis(c.x, Qt::AlignBottom);
    c.chart->addAxis(c.y, Qt::AlignLeft);
    c.kind = kind;
    for (const QString &name : names) {
        auto *series = new QLineSeries;
        series->setName(name);
        c.chart->addSeries(series);
        series->attachAxis(c.x);
        series->attachAxis(c.y);
        connect(series, &QLineSeries::hovered, this,
                [this, kind](const QPointF &point, bool state) {
                    showLineTooltip(kind, point, state);
                });
        const std::size_t line = c.lines.size();
        connect(series, &QLineSeries::clicked, this,
                [this, kind, line](const QPointF &point) { clickStep(kind, line, point); });
        c.lines.push_back(series);
    }
    c.empty = makePlaceholder(c.chart);
    c.view = makeView(c.chart);
    // Qt Charts 6.4 gives a line of one point nothing to click or hover: its presses and
    // tooltips are tested here.
    c.view->viewport()->installEventFilter(this);
    return c;
}

DurationScope DashboardCharts::lineScope(Chart chart, std::size_t line)
{
    return chart == Chart::Throughput && line == 1 ? DurationScope::Trace : DurationScope::Span;
}

void DashboardCharts::clickStep(Chart kind, std::size_t line, const QPointF &point)
{
    QToolTip::hideText(); // the page is about to change: it would linger over the list
    Q_EMIT stepClicked(StatsChartData::nearestStepNs(m_report, point.x()), kind == Chart::Errors,
                       lineScope(kind, line));
}

bool DashboardCharts::eventFilter(QObject *watched, QEvent *event)
{
    const bool press = event->type() == QEvent::MouseButtonPress &&
                       static_cast<QMouseEvent *>(event)->button() == Qt::LeftButton;
    if (!press && event->type() != QEvent::ToolTip)
        return QWidget::eventFilter(watched, event);
    const QPoint pos = press ? static_cast<QMouseEvent *>(event)->position().toPoint()
                             : static_cast<QHelpEvent *>(event)->pos();
    for (const TimeChart *c : {&m_latency, &m_throughput, &m_errors}) {
        if (c->view->viewport() != watched)
            continue;
        for (std::size_t i = 0; i < c->lines.size(); ++i) {
            QLineSeries *series = c->lines[i];
            if (series->count() != 1 || !series->isVisible())
                continue;
            const QPoint at = c->view->mapFromScene(
                c->chart->mapToScene(c->chart->mapToPosition(series->at(0), series)));
            if ((at - pos).manhattanLength() > 10)
                continue;
            if (press)
                clickStep(c->kind, i, series->at(0));
            else
                showLineTooltip(c->kind, series->at(0), true);
            return true;
        }
    }
    return QWidget::eventFilter(watched, event);
}

void DashboardCharts::buildDistribution()
{
    m_distribution = new QChart;
    m_distribution->setTitle(tr("Latency distribution"));
    m_barSet = new QBarSet(tr("spans"));
    m_barSeries = new QBarSeries;
    m_barSeries->append(m_barSet);
    m_barSeries->setBarWidth(0.9);
    m_distribution->addSeries(m_barSeries);
    m_barAxis = new QBarCategoryAxis;
    m_barAxis->setTitleText(tr("span duration (log-spaced buckets)"));
    m_countAxis = new QValueAxis;
    m_countAxis->setTitleText(tr("spans"));
    m_countAxis->setLabelFormat(QStringLiteral("%.0f"));
    m_distribution->addAxis(m_barAxis, Qt::AlignBottom);
    m_distribution->addAxis(m_countAxis, Qt::AlignLeft);
    m_barSeries->attachAxis(m_barAxis);
    m_barSeries->attachAxis(m_countAxis);
    m_distribution->legend()->setVisible(false);
    connect(m_barSet, &QBarSet::hovered, this, [this](bool status, int index) {
        // Hover news can arrive after a click moved the window to the trace list.
        const QString text =
            status && m_distributionView->isVisible() ? barToolTip(index) : QString();
        if (text.isEmpty())
            QToolTip::hideText();
        else
            QToolTip::showText(QCursor::pos(), text, m_distributionView);
    });
    connect(m_barSet, &QBarSet::clicked, this, [this](int index) {
        if (index >= 0 && index < int(m_report.histogram.size())) {
            QToolTip::hideText();
            const HistogramBar &bar = m_report.histogram[std::size_t(index)];
            Q_EMIT durationClicked(bar.lowerNs, bar.upperNs);
        }
    });
    m_distributionEmpty = makePlaceholder(m_distribution);
    m_distributionView = makeView(m_distribution);
}

// A line of text centred on the plot area, shown instead of an empty chart's data.
QGraphicsSimpleTextItem *DashboardCharts::makePlaceholder(QChart *chart)
{
    auto *item = new QGraphicsSimpleTextItem(chart);
    item->setZValue(10);
    item->setVisible(false);
    connect(chart, &QChart::plotAreaChanged, this, [item](const QRectF &area) {
        const QRectF text = item->boundingRect();
        item->setPos(area.center() - QPointF(text.width() / 2, text.height() / 2));
    });
    return item;
}

void DashboardCharts::setPlaceholder(QChart *chart, QGraphicsSimpleTextItem *item, bool empty)
{
    const QString text = !empty                ? QString()
                         : m_report.spans == 0 ? tr("No spans yet")
                                               : tr("No spans in this time range");
    item->setText(text);
    item->setVisible(empty);
    const QRectF area = chart->plotArea();
    const QRectF box = item->boundingRect();
    item->setPos(area.center() - QPointF(box.width() / 2, box.height() / 2));
}

QString DashboardCharts::placeholder(Chart chart) const
{
    const QGraphicsSimpleTextItem *item = chart == Chart::Latency      ? m_latency.empty
                                          : chart == Chart::Throughput ? m_throughput.empty
                                          : chart == Chart::Errors     ? m_errors.empty
                                                                       : m_distributionEmpty;
    return item->isVisible() ? item->text() : QString();
}

QCategoryAxis *DashboardCharts::timeAxis(Chart chart) const
{
    return chart == Chart::Latency      ? m_latency.x
           : chart == Chart::Throughput ? m_throughput.x
           : chart == Chart::Errors     ? m_errors.x
                                        : nullptr;
}

QString DashboardCharts::barToolTip(int index) const
{
    if (index < 0 || index >= int(m_report.histogram.size()))
        return {};
    const HistogramBar &bar = m_report.histogram[std::size_t(index)];
    // Says what the click filters on: traces holding a span of this duration.
    return tr("%1 spans lasted %2\nClick to list the traces holding a span of %2")
        .arg(QLocale().toString(qulonglong(bar.count)), StatsChartData::barRange(bar));
}

void DashboardCharts::setTimeSpec(Qt::TimeSpec spec)
{
    spec = spec == Qt::UTC ? Qt::UTC : Qt::LocalTime;
    if (spec == m_timeSpec)
        return;
    m_timeSpec = spec;
    const StatsReport report = m_report;
    setReport(report);
}

QChartView *DashboardCharts::view(Chart chart) const
{
    switch (chart) {
    case Chart::Latency: return m_latency.view;
    case Chart::Throughput: return m_throughput.view;
    case Chart::Errors: return m_errors.view;
    case Chart::Distribution: return m_distributionView;
    }
    return nullptr;
}

QLineSeries *DashboardCharts::line(Chart chart, int index) const
{
    const TimeChart *c = chart == Chart::Latency      ? &m_latency
                         : chart == Chart::Throughput ? &m_throughput
                         : chart == Chart::Errors     ? &m_errors
                                                      : nullptr;
    if (!c || index < 0 || index >= int(c->lines.size()))
        return nullptr;
    return c->lines[std::size_t(index)];
}

namespace {
// In on-value mode a category's label stands at its end, so the first tick gets a sliver of a
// category ending on it. The axis is rebuilt only when a label moves or reads differently, so a
// live update that keeps the window does not relayout the chart.
void setTimeLabels(QCategoryAxis *axis, const QList<StatsChartData::TimeLabel> &labels)
{
    QStringList texts;
    for (const StatsChartData::TimeLabel &label : labels)
        texts.append(label.text);
    const QStringList current = axis->categoriesLabels();
    bool same = current == texts;
    for (qsizetype i = 0; same && i < labels.size(); ++i)
        same = axis->endValue(texts[i]) == double(labels[i].ms);
    if (same)
        return;
    for (const QString &text : current)
        axis->remove(text);
    if (labels.isEmpty())
        return;
    axis->setStartValue(double(labels.front().ms - 1));
    for (const StatsChartData::TimeLabel &label : labels)
        axis->append(label.text, double(label.ms));
}

// QCategoryAxis keeps no room beside the plot for its labels (QDateTimeAxis does): the last
// one, centred on the plot's right edge, would be cut in half by the chart's edge.
void fitLastTimeLabel(QChart *chart, QCategoryAxis *axis)
{
    const QStringList labels = axis->categoriesLabels();
    const QFontMetrics metrics(axis->labelsFont());
    const int half = labels.isEmpty() ? 0 : metrics.horizontalAdvance(labels.last()) / 2 + 4;
    const QMargins margins(4, 4, std::max(4, half), 4);
    if (chart->margins() != margins)
        chart->setMargins(margins);
}
} // namespace

void DashboardCharts::updateTimeAxis(TimeChart &c, double maxY)
{
    qint64 fromMs = m_report.fromNs / 1'000'000;
    qint64 toMs = m_report.toNs / 1'000'000;
    if (toMs <= fromMs) { // nothing held: show the last quarter hour
        toMs = (QDateTime::currentMSecsSinceEpoch() / 60'000 + 1) * 60'000; // whole minutes
        fromMs = toMs - 15 * 60'000;
    }
    // Points sit at step starts: end the axis at the last step's (within the window). A lone
    // point would sit on the y axis itself: give it a minute of room on either side.
    const qint64 step = std::max<qint64>(m_report.stepNs, MinuteNs);
    qint64 lastPointMs =
        std::max(StatsWindow::stepStart(toMs * 1'000'000 - 1, step) / 1'000'000, fromMs);
    if (lastPointMs <= fromMs) {
        fromMs -= 60'000;
        lastPointMs = fromMs + 2 * 60'000;
    }
    const StatsChartData::TimeTicks ticks =
        StatsChartData::timeTicks(fromMs, lastPointMs, m_timeSpec);
    setTimeLabels(c.x, StatsChartData::timeLabels(fromMs, ticks, m_timeSpec));
    c.x->setRange(double(fromMs), double(ticks.endMs));
    fitLastTimeLabel(c.chart, c.x);
    const QString per = StatsChartData::stepName(step);
    c.x->setTitleText(m_timeSpec == Qt::UTC ? tr("time (UTC, per %1)").arg(per)
                                            : tr("time (local, per %1)").arg(per));
    c.view->setToolTip(tr("Click a point to list the traces of its %1").arg(per));
    setPlaceholder(c.chart, c.empty, m_report.series.empty());
    const double top = StatsChartData::niceMax(maxY);
    c.y->setRange(0, top);
    c.y->setTickCount(StatsChartData::tickCount(top));
}

void DashboardCharts::setReport(const StatsReport &report)
{
    m_report = report;
    auto maxOf = [](const QList<QPointF> &points, double floor) {
        double max = floor;
        for (const QPointF &p : points)
            max = std::max(max, p.y());
        return max;
    };
    auto fill = [](QLineSeries *series, const QList<QPointF> &points) {
        series->setPointsVisible(points.size() <= MarkerLimit);
        series->replace(points);
    };

    const QList<QPointF> p50 = StatsChartData::latency(report, &StatsFigures::p50Ms);
    const QList<QPointF> p95 = StatsChartData::latency(report, &StatsFigures::p95Ms);
    const QList<QPointF> p99 = StatsChartData::latency(report, &StatsFigures::p99Ms);
    fill(m_latency.lines[0], p50);
    fill(m_latency.lines[1], p95);
    fill(m_latency.lines[2], p99);
    updateTimeAxis(m_latency, maxOf(p99, 1.0));

    const QList<QPointF> spans = StatsChartData::spanRate(report);
    const QList<QPointF> traces = StatsChartData::traceRate(report);
    fill(m_throughput.lines[0], spans);
    fill(m_throughput.lines[1], traces);
    // No floor: a quiet service's rate (a span every few minutes) is far below 1/s and would
    // lie flat on the axis under one.
    updateTimeAxis(m_throughput, maxOf(spans, 0.0));

    const QList<QPointF> errors = StatsChartData::errorPercent(report);
    fill(m_errors.lines[0], errors);
    updateTimeAxis(m_errors, maxOf(errors, 1.0));

    // The bars change in place while their number holds, so a live update does not flash.
    QStringList labels;
    QList<qreal> counts;
    double maxCount = 0;
    for (const HistogramBar &bar : report.histogram) {
        labels.append(StatsChartData::barLabel(bar));
        counts.append(qreal(bar.count));
        maxCount = std::max(maxCount, double(bar.count));
    }
    if (m_barAxis->categories() != labels) {
        m_barSet->remove(0, m_barSet->count());
        m_barAxis->setCategories(labels);
        m_barSet->append(counts);
    } else {
        for (qsizetype i = 0; i < counts.size(); ++i) {
            if (m_barSet->at(int(i)) != counts[i])
                m_barSet->replace(int(i), counts[i]);
        }
    }
    // Counts are whole numbers: ticks on whole numbers only, or "0 0 1 1 2" for two spans.
    const StatsChartData::CountAxis axis = StatsChartData::countAxis(maxCount);
    m_countAxis->setRange(0, axis.top);
    m_countAxis->setTickCount(axis.ticks);
    // Without bars the category axis has no extent and Qt would draw its title in a corner.
    const bool empty = report.histogram.empty();
    m_barAxis->setVisible(!empty);
    m_countAxis->setVisible(!empty);
    setPlaceholder(m_distribution, m_distributionEmpty, empty);
}

void DashboardCharts::showLineTooltip(Chart kind, const QPointF &point, bool state)
{
    if (!state || !view(kind)->isVisible()) {
        QToolTip::hideText();
        return;
    }
    QToolTip::showText(QCursor::pos(),
                       pointToolTip(kind, StatsChartData::nearestStepNs(m_report, point.x())),
                       view(kind));
}

QString DashboardCharts::pointToolTip(Chart kind, qint64 stepStartNs) const
{
    const QString when = StatsChartData::pointText(m_report, stepStartNs, m_timeSpec);
    const auto it =
        std::find_if(m_report.series.begin(), m_report.series.end(),
                     [stepStartNs](const StatsPoint &p) { return p.startNs == stepStartNs; });
    const QLocale locale;
    QString text;
    if (it == m_report.series.end()) {
        text = tr("%1: no spans").arg(when);
    } else {
        const StatsFigures &f = it->figures;
        auto ms = [](double v) { return DisplayFormat::duration(qint64(std::llround(v * 1e6))); };
        text = tr("%1 \u2013 %2 spans, %3 traces\np50 %4 \u00b7 p95 %5 \u00b7 p99 %6\n"
                  "errors %7 % (%8)")
                   .arg(when, locale.toString(qulonglong(f.count)),
                        locale.toString(qulonglong(f.traces)), ms(f.p50Ms), ms(f.p95Ms),
                        ms(f.p99Ms), locale.toString(f.errorRate() * 100, 'f', 1),
                        locale.toString(qulonglong(f.errors)));
    }
    // "this minute", "this hour", "these 5 minutes".
    const qint64 step = std::max<qint64>(m_report.stepNs, MinuteNs);
    const bool oneUnit = step == MinuteNs || step == 60 * MinuteNs || step == 1440 * MinuteNs;
    const QString name = StatsChartData::stepName(step);
    text += kind == Chart::Errors ? (oneUnit ? tr("\nClick to list the failed traces of this %1")
                                             : tr("\nClick to list the failed traces of these %1"))
                                        .arg(name)
                                  : (oneUnit ? tr("\nClick to list the traces of this %1")
                                             : tr("\nClick to list the traces of these %1"))
                                        .arg(name);
    return text;
}

void DashboardCharts::applyTheme()
{
    const QPalette pal = palette();
    const bool dark = AppTheme::isDark(pal);
    const QColor text = pal.color(QPalette::Text);
    const QColor background = pal.color(QPalette::Base);
    QColor grid = text;
    grid.setAlphaF(dark ? 0.14f : 0.12f);
    QColor axisLine = text;
    axisLine.setAlphaF(0.35f);

    auto style = [&](QChart *chart) {
        chart->setTheme(dark ? QChart::ChartThemeDark : QChart::ChartThemeLight);
        chart->setBackgroundBrush(background);
        chart->setBackgroundPen(QPen(grid));
        chart->setTitleBrush(text);
        QFont title = font();
        title.setBold(true);
        if (font().pointSizeF() > 0)
            title.setPointSizeF(font().pointSizeF() * 1.1);
        chart->setTitleFont(title);
        chart->legend()->setLabelColor(text);
        chart->legend()->setFont(font());
        const auto axes = chart->axes();
        for (QAbstractAxis *axis : axes) {
            axis->setLabelsColor(text);
            axis->setLabelsFont(font());
            axis->setTitleBrush(text);
            QFont axisTitle = font();
            if (font().pointSizeF() > 0)
                axisTitle.setPointSizeF(font().pointSizeF() * 0.9);
            axis->setTitleFont(axisTitle);
            axis->setGridLineColor(grid);
            axis->setLinePenColor(axisLine);
        }
    };
    for (TimeChart *c : {&m_latency, &m_throughput, &m_errors}) {
        style(c->chart);
        const Chart kind = c == &m_latency      ? Chart::Latency
                           : c == &m_throughput ? Chart::Throughput
                                                : Chart::Errors;
        for (std::size_t i = 0; i < c->lines.size(); ++i) {
            QPen pen(lineColour(kind, int(i), dark));
            pen.setWidthF(2.0);
            c->lines[i]->setPen(pen);
            c->lines[i]->setBrush(pen.color());
        }
        c->view->setBackgroundBrush(pal.color(QPalette::Window));
        fitLastTimeLabel(c->chart, c->x); // the labels' font may have changed
    }
    QColor hint = text;
    hint.setAlphaF(0.6f);
    for (QGraphicsSimpleTextItem *item :
         {m_latency.empty, m_throughput.empty, m_errors.empty, m_distributionEmpty}) {
        item->setBrush(hint);
        item->setFont(font());
    }
    style(m_distribution);
    const QColor bar = lineColour(Chart::Distribution, 0, dark);
    m_barSet->setColor(bar);
    m_barSet->setBorderColor(bar.darker(dark ? 130 : 115));
    m_distributionView->setBackgroundBrush(pal.color(QPalette::Window));
}

void DashboardCharts::changeEvent(QEvent *event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange || event->type() == QEvent::FontChange)
        applyTheme();
}

} // namespace traceflow
