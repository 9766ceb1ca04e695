// SPDX-License-Identifier: MIT
#include "statisticspage.h"

#include "dashboardcharts.h"
#include "mainwindow.h"
#include "minutebucket.h"
#include "searchbar.h"
#include "sparklinedelegate.h"
#include "statstablemodel.h"
#include "statstiles.h"
#include "statuspanel.h"
#include "tracesource.h"

#include <QComboBox>
#include <QDateTime>
#include <QFile>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>
#include <QSaveFile>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QTabWidget>
#include <QTableView>
#include <QVBoxLayout>

namespace traceflow {

namespace {
constexpr qint64 SecondNs = 1'000'000'000;
constexpr qint64 RateWindowMs = 900; // as the status bar: shorter intervals jitter

qint64 nowNs()
{
    return QDateTime::currentMSecsSinceEpoch() * 1'000'000;
}
} // namespace

StatisticsPage::StatisticsPage(MainWindow *window)
    : StatisticsPage(window->searchBar(), window)
{
    connect(window, &MainWindow::sourceChanged, this, [this, window] { setSource(window->source()); });
    connect(this, &StatisticsPage::showTracesRequested, window, &MainWindow::showTraceList);
    connect(window, &MainWindow::timeSpecChanged, this, &StatisticsPage::setTimeSpec);
}

StatisticsPage::StatisticsPage(SearchBar *searchBar, QWidget *parent)
    : QWidget(parent), m_searchBar(searchBar)
{
    setObjectName(QStringLiteral("statisticsPage"));
    build();
    m_timer.setInterval(RefreshMs);
    connect(&m_timer, &QTimer::timeout, this, &StatisticsPage::refresh);
}

void StatisticsPage::build()
{
    m_tiles = new StatsTiles;
    m_charts = new DashboardCharts;
    m_charts->setObjectName(QStringLiteral("dashboardCharts"));

    m_service = new QComboBox;
    m_service->setObjectName(QStringLiteral("statsService"));
    m_service->addItem(tr("All services"), QString());
    m_service->setMinimumContentsLength(16);
    m_operation = new QComboBox;
    m_operation->setObjectName(QStringLiteral("statsOperation"));
    m_operation->addItem(tr("All operations"), QString());
    m_operation->setMinimumContentsLength(20);
    m_operation->setEnabled(false);
    m_range = new QComboBox;
    m_range->setObjectName(QStringLiteral("statsRange"));
    m_range->addItem(tr("Last 15 minutes"), int(Range::Last15Minutes));
    m_range->addItem(tr("Last hour"), int(Range::LastHour));
    m_range->addItem(tr("Last 6 hours"), int(Range::Last6Hours));
    m_range->addItem(tr("Everything held"), int(Range::Everything));
    m_range->setCurrentIndex(int(Range::Everything));
    m_subject = new QLabel;
    m_subject->setObjectName(QStringLiteral("statsSubject"));
    m_export = new QPushButton(tr("Export CSV\u2026"));
    m_export->setObjectName(QStringLiteral("statsExport"));
    m_export->setToolTip(tr("Save the table of the shown tab, in its shown order, as CSV"));

    auto *chooser = new QHBoxLayout;
    chooser->addWidget(new QLabel(tr("Charts for")));
    chooser->addWidget(m_service);
    chooser->addWidget(m_operation);
    chooser->addSpacing(12);
    chooser->addWidget(new QLabel(tr("Time range")));
    chooser->addWidget(m_range);
    chooser->addSpacing(12);
    chooser->addWidget(m_subject, 1);
    chooser->addWidget(m_export);

    m_serviceModel = new StatsTableModel(StatsTableModel::Level::Services, this);
    m_operationModel = new StatsTableModel(StatsTableModel::Level::Operations, this);
    m_serviceProxy = new QSortFilterProxyModel(this);
    m_operationProxy = new QSortFilterProxyModel(this);
    m_serviceView = makeTable(m_serviceModel, m_serviceProxy);
    m_serviceView->setObjectName(QStringLiteral("statsServices"));
    m_serviceView->setColumnHidden(StatsTableModel::Operation, true);
    m_operationView = makeTable(m_operationModel, m_operationProxy);
    m_operationView->setObjectName(QStringLiteral("statsOperations"));
    m_tables = new QTabWidget;
    m_tables->setObjectName(QStringLiteral("statsTables"));
    m_tables->setDocumentMode(true);
    m_tables->addTab(m_serviceView, tr("Services"));
    m_tables->addTab(m_operationView, tr("Operations"));

    m_splitter = new QSplitter(Qt::Vertical);
    m_splitter->setObjectName(QStringLiteral("statsSplitter"));
    m_splitter->addWidget(m_charts);
    m_splitter->addWidget(m_tables);
    m_splitter->setStretchFactor(0, 3);
    m_splitter->setStretchFactor(1, 2);
    m_splitter->setSizes({560, 330});
    m_splitter->setChildrenCollapsible(false);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(8, 8, 8, 8);
    layout->setSpacing(8);
    layout->addWidget(m_tiles);
    layout->addLayout(chooser);
    layout->addWidget(m_splitter, 1);

    connect(m_service, &QComboBox::activated, this, [this] {
        refillChooser();
        m_operation->setCurrentIndex(0);
        refresh();
    });
    connect(m_operation, &QComboBox::activated, this, &StatisticsPage::refresh);
    connect(m_range, &QComboBox::activated, this, &StatisticsPage::refresh);
    connect(m_export, &QPushButton::clicked, this, &StatisticsPage::promptExport);
    connect(m_charts, &DashboardCharts::stepClicked, this, &StatisticsPage::openStep);
    connect(m_charts, &DashboardCharts::durationClicked, this, &StatisticsPage::openDurations);
}

QTableView *StatisticsPage::makeTable(StatsTableModel *model, QSortFilterProxyModel *proxy)
{
    proxy->setSourceModel(model);
    proxy->setSortRole(StatsTableModel::SortRole);
    proxy->setSortCaseSensitivity(Qt::CaseInsensitive);
    proxy->setDynamicSortFilter(true);
    auto *view = new QTableView;
    view->setModel(proxy);
    view->setSortingEnabled(true);
    view->sortByColumn(StatsTableModel::Spans, Qt::DescendingOrder);
    view->setSelectionBehavior(QAbstractItemView::SelectRows);
    view->setSelectionMode(QAbstractItemView::SingleSelection);
    view->setAlternatingRowColors(true);
    view->setWordWrap(false);
    view->verticalHeader()->hide();
    view->horizontalHeader()->setHighlightSections(false);
    view->horizontalHeader()->setSectionResizeMode(QHeaderView::Interactive);
    view->horizontalHeader()->setStretchLastSection(true);
    view->setItemDelegateForColumn(StatsTableModel::Trend, new SparklineDelegate(view));
    view->setColumnWidth(StatsTableModel::Service, 160);
    view->setColumnWidth(StatsTableModel::Operation, 220);
    for (int c = StatsTableModel::Spans; c < StatsTableModel::Trend; ++c)
        view->setColumnWidth(c, 90);
    view->setToolTip(tr("Double-click a row to chart it"));
    connect(view, &QTableView::doubleClicked, this, &StatisticsPage::chooseRow);
    return view;
}

void StatisticsPage::setSource(TraceSource *source)
{
    if (m_source == source)
        return;
    m_source = source;
    ++m_generation;
    m_pending = false;
    m_lastInserted.reset();
    m_rate.reset();
    if (isVisible())
        refresh();
}

void StatisticsPage::setTimeSpec(Qt::TimeSpec spec)
{
    m_charts->setTimeSpec(spec);
}

StatsRequest StatisticsPage::request(qint64 now) const
{
    StatsRequest r;
    r.service = m_service->currentData().toString();
    r.operation = r.service.isEmpty() ? QString() : m_operation->currentData().toString();
    qint64 minutes = 0;
    switch (Range(m_range->currentData().toInt())) {
    case Range::Last15Minutes: minutes = 15; break;
    case Range::LastHour: minutes = 60; break;
    case Range::Last6Hours: minutes = 360; break;
    case Range::Everything: break;
    }
    if (minutes > 0) {
        // Whole minutes ending with the current one, so the last point is "now".
        r.toNs = now;
        r.fromNs = now - (minutes - 1) * MinuteNs;
    }
    return r;
}

void StatisticsPage::refresh()
{
    if (!m_source)
        return;
    if (m_pending) {
        m_again = true;
        return;
    }
    m_pending = true;
    m_again = false;
    const int generation = m_generation;
    m_source->statistics(request(nowNs())).then(this, [this, generation](const StatsReport &report) {
        if (generation != m_generation)
            return;
        m_pending = false;
        apply(report);
        if (m_again)
            refresh();
    });
}

void StatisticsPage::apply(const StatsReport &report)
{
    m_report = report;
    if (report.spansInserted) {
        if (!m_lastInserted || m_sinceLastInserted.elapsed() >= RateWindowMs) {
            if (m_lastInserted)
                m_rate = StatusPanel::rate(*m_lastInserted, *report.spansInserted,
                                           m_sinceLastInserted.elapsed());
            m_lastInserted = report.spansInserted;
            m_sinceLastInserted.start();
        }
    }
    m_tiles->setReport(report, m_rate);
    m_charts->setReport(report);
    m_serviceModel->setRows(report.serviceRows);
    m_operationModel->setRows(report.operationRows);
    refillChooser();
    const QString service = m_service->currentData().toString();
    const QString operation = m_operation->currentData().toString();
    m_subject->setText(service.isEmpty() ? tr("Charts: whole system")
                       : operation.isEmpty()
                           ? tr("Charts: %1").arg(service)
                           : tr("Charts: %1 \u00b7 %2").arg(service, operation));
    Q_EMIT refreshed();
}

// Lists the services of the report (and the chosen service's operations), keeping the
// choice even when it went away from the window, so a quiet service stays charted.
void StatisticsPage::refillChooser()
{
    auto refill = [](QComboBox *box, const QStringList &names) {
        const QString chosen = box->currentData().toString();
        QStringList wanted = names;
        if (!chosen.isEmpty() && !wanted.contains(chosen))
            wanted.append(chosen);
        QStringList have;
        for (int i = 1; i < box->count(); ++i)
            have.append(box->itemData(i).toString());
        if (have == wanted)
            return;
        const QSignalBlocker blocker(box);
        while (box->count() > 1)
            box->removeItem(1);
        for (const QString &name : wanted)
            box->addItem(name, name);
        box->setCurrentIndex(chosen.isEmpty() ? 0 : box->findData(chosen));
    };
    QStringList services;
    for (const StatsRow &row : m_report.serviceRows)
        services.append(row.service);
    refill(m_service, services);
    const QString service = m_service->currentData().toString();
    QStringList operations;
    if (!service.isEmpty()) {
        for (const StatsRow &row : m_report.operationRows) {
            if (row.service == service)
                operations.append(row.operation);
        }
    }
    refill(m_operation, operations);
    m_operation->setEnabled(!service.isEmpty());
}

void StatisticsPage::chooseRow(const QModelIndex &index)
{
    const QString service = index.data(StatsTableModel::ServiceRole).toString();
    const QString operation = index.data(StatsTableModel::OperationRole).toString();
    m_service->setCurrentIndex(m_service->findData(service));
    refillChooser();
    m_operation->setCurrentIndex(operation.isEmpty() ? 0 : m_operation->findData(operation));
    refresh();
}

void StatisticsPage::openStep(qint64 startNs, bool errors, DurationScope scope)
{
    if (!m_searchBar)
        return;
    m_searchBar->setService(m_service->currentData().toString());
    m_searchBar->setOperation(m_operation->currentData().toString());
    // The step as charted: cut to the window. The search bar's end is a whole second it reads
    // as inclusive (…:59.999999999).
    const auto [from, to] = m_report.pointRange(startNs);
    m_searchBar->setTimeWindow(from, std::max(from, to - SecondNs));
    // With DurationScope::Span the window is on a span of the service/operation, as the point
    // counted it: a trace that started in an earlier step is listed too.
    m_searchBar->setDurationRange(std::nullopt, std::nullopt, scope);
    m_searchBar->setStatus(errors ? StatusFilter::Error : StatusFilter::Any);
    Q_EMIT showTracesRequested();
}

void StatisticsPage::openDurations(qint64 lowerNs, qint64 upperNs)
{
    if (!m_searchBar)
        return;
    m_searchBar->setService(m_service->currentData().toString());
    m_searchBar->setOperation(m_operation->currentData().toString());
    if (m_report.toNs > m_report.fromNs)
        m_searchBar->setTimeWindow(m_report.fromNs, m_report.toNs - SecondNs);
    // The bar counts spans of the charted service/operation starting in the window, so the
    // search asks for traces holding such a span (not for traces that long, nor starting in
    // the window: DurationScope::Span puts the window on the span too). The bar holds
    // [lower, upper); the search's maximum is inclusive, and a bar edge one nanosecond short
    // would read back as "19999.999us": the edges stay round.
    m_searchBar->setDurationRange(lowerNs > 0 ? std::optional<qint64>(lowerNs) : std::nullopt,
                                  upperNs, DurationScope::Span);
    m_searchBar->setStatus(StatusFilter::Any);
    Q_EMIT showTracesRequested();
}

bool StatisticsPage::exportCsv(const QString &path, QString *error) const
{
    const bool operations = m_tables->currentWidget() == m_operationView;
    const QSortFilterProxyModel *proxy = operations ? m_operationProxy : m_serviceProxy;
    const StatsTableModel *model = operations ? m_operationModel : m_serviceModel;
    QList<int> order;
    for (int r = 0; r < proxy->rowCount(); ++r)
        order.append(proxy->mapToSource(proxy->index(r, 0)).row());
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly)) {
        *error = file.errorString();
        return false;
    }
    file.write(model->toCsv(order).toUtf8());
    if (!file.commit()) {
        *error = file.errorString();
        return false;
    }
    return true;
}

void StatisticsPage::promptExport()
{
    const bool operations = m_tables->currentWidget() == m_operationView;
    const QString path = QFileDialog::getSaveFileName(
        this, tr("Export Statistics"),
        operations ? QStringLiteral("operations.csv") : QStringLiteral("services.csv"),
        tr("CSV files (*.csv);;All files (*)"));
    if (path.isEmpty())
        return;
    QString error;
    if (!exportCsv(path, &error))
        QMessageBox::warning(this, tr("Export Statistics"),
                             tr("Could not write %1:\n%2").arg(path, error));
}

void StatisticsPage::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    m_timer.start();
    refresh();
}

void StatisticsPage::hideEvent(QHideEvent *event)
{
    QWidget::hideEvent(event);
    m_timer.stop();
}

} // namespace traceflow
