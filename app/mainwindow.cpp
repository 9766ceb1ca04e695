// SPDX-License-Identifier: MIT
#include "mainwindow.h"

#include "appsettings.h"
#include "apptheme.h"
#include "collectorbanner.h"
#include "collectorhost.h"
#include "democontroller.h"
#include "demomenu.h"
#include "editmenu.h"
#include "fileactions.h"
#include "filestore.h"
#include "helpmenu.h"
#include "localsource.h"
#include "preferencesdialog.h"
#include "remotesource.h"
#include "searchbar.h"
#include "searchcontroller.h"
#include "servicegraphview.h"
#include "statisticspage.h"
#include "statuspanel.h"
#include "storeloader.h"
#include "taskprogress.h"
#include "tracecomparecontroller.h"
#include "tracelistmodel.h"
#include "tracelistview.h"
#include "traceloader.h"
#include "tracestore.h"
#include "traceview.h"
#include "viewmenu.h"

#include <QApplication>
#include <QClipboard>
#include <QCloseEvent>
#include <QComboBox>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFileInfo>
#include <QHeaderView>
#include <QInputDialog>
#include <QLabel>
#include <QLocale>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QScreen>
#include <QSplitter>
#include <QStatusBar>
#include <QTabWidget>
#include <QThreadPool>
#include <QVBoxLayout>

namespace traceflow {

namespace {
constexpr int StatsIntervalMs = 1000;
constexpr int MessageMs = 6000;
} // namespace

MainWindow::MainWindow(AppSettings &settings, const WindowOptions &options, QWidget *parent)
    : QMainWindow(parent), m_settings(settings),
      m_store(std::make_unique<TraceStore>(settings.storeLimits())),
      m_collector(std::make_unique<CollectorHost>(*m_store)),
      m_local(std::make_unique<LocalSource>(*m_store))
{
    setWindowTitle(QStringLiteral("TraceFlow"));
    setAcceptDrops(true);
    m_demo = new DemoController(this);
    m_demo->setBasePort(settings.demoBasePort());
    buildCentral();
    connectParts();
    buildMenus();
    restoreLayout();
    setTimeSpec(settings.timeSpec());

    connect(&m_statsTimer, &QTimer::timeout, this, &MainWindow::updateStats);
    m_statsTimer.start(StatsIntervalMs);
    openFileStore();
    startCollector(options.apiPort.value_or(settings.apiPort()),
                   options.otlpPort.value_or(settings.otlpPort()));
    setSource(m_local.get());
}

// Traces from earlier sessions load on a thread of their own while the window shows them
// arriving (the list refreshes as the store grows). The embedded collector listens at once
// but holds what it takes in its ingest queue until they are in (answering 503 with
// Retry-After when the queue is full), and imports wait for them too (LocalSource's insert
// gate): the file store observes the memory store only from then on, so a span stored earlier
// would never reach the file, and stored traces inserted after new ones would count as newer
// for eviction. A store that cannot be opened (another TraceFlow uses it) leaves this session
// in memory only.
void MainWindow::openFileStore()
{
    if (!m_settings.keepTraces())
        return;
    m_storeLoader = std::make_unique<StoreLoader>();
    connect(m_storeLoader.get(), &StoreLoader::finished, this, &MainWindow::fileStoreLoaded);
    m_storeLoader->start(m_settings.storeFilePath(), *m_store);
    m_local->setInsertGate(m_storeLoader->done());
    m_collector->setIngestHeld(true);
    m_statusPanel->setCollectorPending(true);
    // Canceling keeps what was loaded and goes on in memory only, like a store in use.
    m_progress->track(m_storeLoader->done(), tr("Loading stored traces\u2026"),
                      [this] { m_storeLoader->cancel(); });
}

bool MainWindow::isLoadingStore() const
{
    return m_storeLoader && m_storeLoader->isLoading();
}

void MainWindow::fileStoreLoaded(bool ok)
{
    QStringList notes;
    if (ok) {
        m_fileStore = m_storeLoader->takeFileStore();
        m_collector->setFileStore(m_fileStore.get());
        notes = m_storeLoader->messages();
    } else {
        notes.append(
            tr("Traces are kept in memory only this session: %1").arg(m_storeLoader->error()));
    }
    m_collector->setIngestHeld(false);
    m_statusPanel->setCollectorPending(false);
    m_search->refresh(); // the whole list now, not at the next poll
    for (const QString &note : std::as_const(notes))
        qInfo("traceflow: %s", qUtf8Printable(note));
    if (!notes.isEmpty())
        statusBar()->showMessage(notes.join(QStringLiteral("; ")), 3 * MessageMs);
}

MainWindow::~MainWindow()
{
    m_statsTimer.stop();
    delete m_demo; // its processes go first
    m_demo = nullptr;
    m_search->setSource(nullptr);
    m_storeLoader.reset(); // stops loading after the batch in hand; the file stays as it was
    m_collector.reset();
    // Queries, imports and exports may still read the store on the thread pool.
    QThreadPool::globalInstance()->waitForDone();
}

void MainWindow::buildCentral()
{
    m_searchBar = new SearchBar;
    m_banner = new CollectorBanner;
    m_list = new TraceListView;
    m_list->setObjectName(QStringLiteral("traceList"));
    m_list->setPlaceholderText(
        tr("No traces yet.\nSend OTLP/HTTP, Zipkin or TraceFlow JSON spans to "
           "the collector, open a file, or use Demo \u2192 Start Demo Services."));
    m_resultLabel = new QLabel;
    m_resultLabel->setObjectName(QStringLiteral("resultCount"));
    m_resultLabel->setContentsMargins(8, 2, 8, 2);
    m_traceView = new TraceView;
    m_traceView->setObjectName(QStringLiteral("traceView"));

    auto *listPane = new QWidget;
    auto *listLayout = new QVBoxLayout(listPane);
    listLayout->setContentsMargins(0, 0, 0, 0);
    listLayout->setSpacing(0);
    listLayout->addWidget(m_resultLabel);
    listLayout->addWidget(m_list);
    m_splitter = new QSplitter(Qt::Vertical);
    m_splitter->setObjectName(QStringLiteral("mainSplitter"));
    m_splitter->addWidget(listPane);
    m_splitter->addWidget(m_traceView);
    m_splitter->setStretchFactor(0, 2);
    m_splitter->setStretchFactor(1, 3);
    m_splitter->setChildrenCollapsible(false);

    auto *central = new QWidget;
    auto *layout = new QVBoxLayout(central);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addWidget(m_searchBar);
    layout->addWidget(m_banner);
    m_views = new QTabWidget;
    m_views->setObjectName(QStringLiteral("views"));
    m_views->setDocumentMode(true);
    m_views->addTab(m_splitter, tr("Traces"));
    m_views->addTab(new ServiceGraphView(this), tr("Service Graph"));
    m_views->addTab(new StatisticsPage(this), tr("Statistics"));
    layout->addWidget(m_views, 1);
    setCentralWidget(central);

    m_progress = new TaskProgress;
    m_statusPanel = new StatusPanel;
    statusBar()->addPermanentWidget(m_progress);
    statusBar()->addPermanentWidget(m_statusPanel);
}

void MainWindow::connectParts()
{
    m_loader = new TraceLoader(m_progress, this);
    connect(m_loader, &TraceLoader::loaded, this, &MainWindow::showTrace);
    connect(m_loader, &TraceLoader::notFound, this, [this](const QString &what) {
        statusBar()->showMessage(tr("No trace %1 in %2").arg(what, source()->address()), MessageMs);
    });
    m_search = new SearchController(m_searchBar, m_list, this);
    connect(m_search, &SearchController::resultsApplied, this, [this](int shown, int total) {
        const QLocale locale;
        m_resultLabel->setText(
            shown == total
                ? (total == 1 ? tr("1 trace") : tr("%1 traces").arg(locale.toString(total)))
                : tr("%1 of %2 traces").arg(locale.toString(shown), locale.toString(total)));
        if (!m_selectWhenListed.isEmpty() && m_list->selectTrace(m_selectWhenListed))
            m_selectWhenListed = TraceId();
        reloadGrownTrace();
        updateExportActions();
        updateStats(); // the counts keep up with the list
    });
    connect(m_search, &SearchController::queryError, this, [this](const QString &error) {
        if (!error.isEmpty())
            statusBar()->showMessage(tr("Search: %1").arg(error), MessageMs);
    });
    connect(m_searchBar, &SearchBar::openTraceRequested, this, &MainWindow::openTraceById);
    // Choosing the search's order drops a column sort, so the list shows that order.
    connect(m_searchBar->sortBox(), &QComboBox::activated, this, [this] {
        m_list->horizontalHeader()->setSortIndicator(-1, Qt::AscendingOrder);
        m_search->refresh();
    });
    connect(m_list, &TraceListView::currentTraceChanged, this,
            [this](const TraceId &id) { openTrace(id); });
    connect(m_list->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &MainWindow::updateExportActions);
    connect(m_list, &TraceListView::openRequested, this,
            [this](const TraceId &id) { openTrace(id); });
    connect(m_traceView, &TraceView::linkActivated, this,
            [this](const TraceId &trace, const SpanId &span) { openTrace(trace, span); });
    connect(m_banner, &CollectorBanner::changePortsRequested, this,
            [this] { showPreferences(true); });
    connect(m_banner, &CollectorBanner::connectRequested, this, &MainWindow::promptConnect);

    FileActions::Context context;
    context.source = [this] { return source(); };
    context.openTrace = [this] { return m_shown; };
    context.selectedTraces = [this] { return m_list->selectedTraceIds(); };
    context.currentQuery = [this] { return m_search->currentQuery(); };
    m_files = new FileActions(m_settings, m_progress, std::move(context), this);

    TraceCompareController::Context compare;
    compare.source = [this] { return source(); };
    compare.selectedTraces = [this] { return m_list->selectedTraceIds(); };
    compare.shownTrace = [this] { return m_shown; };
    compare.timeSpec = [this] { return m_settings.timeSpec(); };
    compare.openSpan = [this](const TraceId &trace, const SpanId &span) {
        showTraceList();
        openTrace(trace, span);
    };
    compare.views = m_views;
    m_compare = new TraceCompareController(m_progress, std::move(compare), this);
    connect(m_list->selectionModel(), &QItemSelectionModel::selectionChanged, m_compare,
            &TraceCompareController::updateActions);
    connect(this, &MainWindow::traceShown, m_compare, &TraceCompareController::updateActions);
    m_list->setMenuActions({m_compare->compareAction(), nullptr, m_files->exportSelectedAction(),
                            m_files->exportMatchingAction()});
    connect(m_compare, &TraceCompareController::message, this,
            [this](const QString &text) { statusBar()->showMessage(text, MessageMs); });
    connect(m_files, &FileActions::imported, this,
            [this](const QString &path, int spans, const std::vector<TraceId> &traces) {
                const QLocale locale;
                const QString what = traces.size() == 1
                                         ? tr("1 trace")
                                         : tr("%1 traces").arg(locale.toString(traces.size()));
                statusBar()->showMessage(
                    tr("Imported %1 spans (%2) from %3")
                        .arg(locale.toString(spans), what, QFileInfo(path).fileName()),
                    MessageMs);
                if (traces.size() == 1)
                    openTrace(traces.front());
            });
    connect(m_files, &FileActions::exported, this, [this](const QString &path, int spans) {
        statusBar()->showMessage(tr("Exported %1 spans to %2").arg(QLocale().toString(spans), path),
                                 MessageMs);
    });
}

TraceSource *MainWindow::source() const
{
    return m_useRemote && m_remote ? static_cast<TraceSource *>(m_remote.get()) : m_local.get();
}

void MainWindow::setSource(TraceSource *source)
{
    m_useRemote = source == m_remote.get() && m_remote;
    m_search->setSource(source);
    if (m_useRemote) {
        m_statusPanel->setCollector(source->address(), true);
        setWindowTitle(tr("TraceFlow \u2014 %1").arg(source->address()));
    } else {
        m_statusPanel->setCollector(m_collector->address(), false, m_collector->errorString());
        setWindowTitle(QStringLiteral("TraceFlow"));
    }
    updateStats();
    Q_EMIT sourceChanged();
}

bool MainWindow::startCollector(quint16 apiPort, quint16 otlpPort)
{
    const bool ok = m_collector->start(apiPort, otlpPort);
    m_local->setAddress(m_collector->address());
    m_local->setHealthy(ok);
    if (ok) {
        m_banner->hide();
    } else {
        m_banner->showProblem(
            tr("<b>The embedded collector is not running.</b> It %1. Another program, perhaps "
               "another TraceFlow or traceflow-collector, may be using the port: use other ports, "
               "or connect to that collector.")
                .arg(m_collector->errorString().toHtmlEscaped()));
    }
    if (!m_useRemote)
        m_statusPanel->setCollector(m_collector->address(), false, m_collector->errorString());
    return ok;
}

void MainWindow::connectToRemote(const QUrl &url)
{
    auto remote =
        std::make_shared<std::unique_ptr<RemoteSource>>(std::make_unique<RemoteSource>(url));
    statusBar()->showMessage(tr("Connecting to %1\u2026").arg(url.toString()));
    (*remote)->checkHealth().then(this, [this, remote, url](const QString &error) {
        if (!error.isEmpty()) {
            statusBar()->clearMessage();
            auto *box = new QMessageBox(
                QMessageBox::Warning, tr("Cannot Connect"),
                tr("%1 does not answer as a traceflow-collector: %2").arg(url.toString(), error),
                QMessageBox::Ok, this);
            box->setObjectName(QStringLiteral("connectProblem"));
            box->setAttribute(Qt::WA_DeleteOnClose);
            box->open();
            return;
        }
        m_settings.setRemoteUrl(url.toString());
        m_search->setSource(nullptr);
        m_remote = std::move(*remote);
        connect(m_remote.get(), &TraceSource::errorOccurred, this,
                [this](const QString &message) { statusBar()->showMessage(message, MessageMs); });
        setSource(m_remote.get());
        m_banner->hide();
        statusBar()->showMessage(tr("Connected to %1").arg(url.toString()), MessageMs);
    });
}

void MainWindow::useEmbeddedCollector()
{
    if (!m_collector->isRunning())
        startCollector(m_settings.apiPort(), m_settings.otlpPort());
    setSource(m_local.get());
}

void MainWindow::openTrace(const TraceId &id, const SpanId &select)
{
    if (id.isEmpty())
        return;
    if (m_shown && !m_shown->spans.empty() && m_shown->spans.front().span.traceId == id &&
        select.isEmpty())
        return;
    m_loader->load(source()->trace(id), id.toString(), select);
}

void MainWindow::openTraceById(const QString &text)
{
    m_loader->load(source()->findTrace(text), text.trimmed());
}

void MainWindow::showTrace(const std::shared_ptr<const AssembledTrace> &trace, const SpanId &select)
{
    m_shown = trace;
    m_reloading = TraceId();
    const TraceId id = trace->spans.front().span.traceId;
    m_traceView->setTrace(trace);
    if (!select.isEmpty())
        m_traceView->selectSpan(select);
    // A trace opened by id or from a file may reach the list only with the next refresh.
    m_selectWhenListed = m_list->currentTraceId() == id || m_list->selectTrace(id) ? TraceId() : id;
    setWindowTitle(tr("TraceFlow \u2014 %1: %2").arg(trace->rootService(), trace->rootOperation()));
    updateExportActions();
    Q_EMIT traceShown(id);
}

void MainWindow::reloadGrownTrace()
{
    if (!m_shown)
        return;
    const TraceId id = m_shown->spans.front().span.traceId;
    const TraceSummary *summary = m_list->traceModel()->summary(m_list->traceModel()->rowOf(id));
    // Spans of an open trace still arriving (services export in batches): show them too.
    if (summary && std::size_t(summary->spanCount) > m_shown->spans.size() && m_reloading != id) {
        m_reloading = id;
        m_loader->load(source()->trace(id), id.toString(), m_traceView->selectedSpan());
    }
}

void MainWindow::setTimeSpec(Qt::TimeSpec spec)
{
    m_list->setTimeSpec(spec);
    m_searchBar->setTimeSpec(spec);
    m_traceView->setTimeZone(spec);
    m_settings.setTimeSpec(spec);
    Q_EMIT timeSpecChanged(spec);
}

void MainWindow::updateStats()
{
    if (m_statsRunning)
        return;
    m_statsRunning = true;
    TraceSource *current = source();
    current->stats().then(this, [this, current](const SourceStats &stats) {
        m_statsRunning = false;
        if (current == source())
            m_statusPanel->setStats(stats);
    });
}

void MainWindow::updateExportActions()
{
    m_files->updateActions(m_shown != nullptr, !m_list->selectedTraceIds().empty(),
                           m_list->traceModel()->rowCount() > 0);
}

QUrl MainWindow::demoCollectorUrl() const
{
    if (m_useRemote && m_remote)
        return QUrl(m_remote->address());
    if (!m_collector->isRunning())
        return {};
    return QUrl(QStringLiteral("http://127.0.0.1:%1").arg(m_collector->otlpPort()));
}

void MainWindow::buildMenus()
{
    QMenu *file = menuBar()->addMenu(tr("&File"));
    file->addAction(m_files->openAction());
    file->addMenu(m_files->recentMenu());
    file->addSeparator();
    file->addAction(m_files->exportTraceAction());
    file->addAction(m_files->exportSelectedAction());
    file->addAction(m_files->exportMatchingAction());
    file->addSeparator();
    file->addAction(tr("&Connect to Collector\u2026"), this, &MainWindow::promptConnect);
    QAction *embedded =
        file->addAction(tr("Use &Embedded Collector"), this, &MainWindow::useEmbeddedCollector);
    connect(this, &MainWindow::sourceChanged, embedded,
            [this, embedded] { embedded->setEnabled(m_useRemote); });
    embedded->setEnabled(false);
    file->addSeparator();
    QAction *quit = file->addAction(tr("&Quit"), this, &QWidget::close);
    quit->setShortcut(QKeySequence::Quit);

    auto *edit = new EditMenu(m_searchBar, m_compare, this);
    menuBar()->addMenu(edit);
    connect(edit, &EditMenu::copyTraceIdRequested, this, [this] {
        if (m_shown && !m_shown->spans.empty())
            QApplication::clipboard()->setText(m_shown->spans.front().span.traceId.toString());
    });
    connect(edit, &EditMenu::preferencesRequested, this, [this] { showPreferences(false); });

    buildViewMenu();

    m_demoMenu = new DemoMenu(
        m_demo, [this] { return demoCollectorUrl(); }, this);
    menuBar()->addMenu(m_demoMenu);
    connect(m_demoMenu, &DemoMenu::message, this,
            [this](const QString &text) { statusBar()->showMessage(text, MessageMs); });

    menuBar()->addMenu(new HelpMenu(*m_collector, this));
}

void MainWindow::buildViewMenu()
{
    m_viewMenu = new ViewMenu(m_settings, this);
    menuBar()->addMenu(m_viewMenu);
    connect(m_viewMenu, &ViewMenu::refreshRequested, m_search, &SearchController::refresh);
    connect(m_viewMenu, &ViewMenu::besideToggled, this, [this](bool beside) {
        m_splitter->setOrientation(beside ? Qt::Horizontal : Qt::Vertical);
    });
    connect(m_viewMenu, &ViewMenu::timeSpecChosen, this, &MainWindow::setTimeSpec);
    connect(m_viewMenu, &ViewMenu::themeChosen, this, [](Theme theme) { AppTheme::apply(theme); });

    // One entry per page, Ctrl+1 for the first.
    m_viewMenu->addSeparator();
    for (int i = 0; i < m_views->count(); ++i) {
        QAction *go = m_viewMenu->addAction(m_views->tabText(i), this,
                                            [this, i] { m_views->setCurrentIndex(i); });
        go->setShortcut(QKeySequence(Qt::CTRL | Qt::Key(Qt::Key_1 + i)));
    }
    // The compare page comes and goes; its entry is there, enabled while the page is.
    QAction *compare = m_compare->pageAction();
    compare->setShortcut(QKeySequence(Qt::CTRL | Qt::Key(Qt::Key_1 + m_views->count())));
    m_viewMenu->addAction(compare);
}

void MainWindow::showTraceList()
{
    m_views->setCurrentIndex(0);
}

void MainWindow::showPreferences(bool portsFirst)
{
    const Preferences before = Preferences::load(m_settings);
    PreferencesDialog dialog(before, this);
    if (portsFirst) {
        dialog.suggestFreePorts();
        dialog.focusPorts();
    }
    if (dialog.exec() != QDialog::Accepted)
        return;
    const Preferences after = dialog.preferences();
    after.save(m_settings);
    m_store->setLimits(after.limits);
    setTimeSpec(after.timeSpec);
    AppTheme::apply(after.theme);
    m_viewMenu->syncWithSettings();
    m_demo->setBasePort(after.demoBasePort);
    if (!m_collector->isRunning() || after.apiPort != before.apiPort ||
        after.otlpPort != before.otlpPort) {
        if (startCollector(after.apiPort, after.otlpPort) && !m_useRemote)
            setSource(m_local.get());
    }
}

void MainWindow::promptConnect()
{
    bool ok = false;
    const QString text = QInputDialog::getText(this, tr("Connect to Collector"),
                                               tr("traceflow-collector URL (its API port):"),
                                               QLineEdit::Normal, m_settings.remoteUrl(), &ok);
    if (!ok || text.trimmed().isEmpty())
        return;
    QUrl url = QUrl::fromUserInput(text.trimmed());
    if (!url.isValid() || url.host().isEmpty()) {
        QMessageBox::warning(this, tr("Connect to Collector"),
                             tr("\"%1\" is not a URL.").arg(text));
        return;
    }
    connectToRemote(url);
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    saveLayout();
    QMainWindow::closeEvent(event);
}

void MainWindow::dragEnterEvent(QDragEnterEvent *event)
{
    const QList<QUrl> urls = event->mimeData()->urls();
    if (std::any_of(urls.begin(), urls.end(), [](const QUrl &url) { return url.isLocalFile(); }))
        event->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent *event)
{
    for (const QUrl &url : event->mimeData()->urls()) {
        if (url.isLocalFile())
            m_files->importFile(url.toLocalFile());
    }
    event->acceptProposedAction();
}

void MainWindow::restoreLayout()
{
    QSettings &s = m_settings.settings();
    if (!restoreGeometry(s.value(QStringLiteral("window/geometry")).toByteArray())) {
        const QSize screen =
            this->screen() ? this->screen()->availableGeometry().size() : QSize(1600, 1000);
        resize(screen.boundedTo(QSize(1800, 1200)) * 0.9);
    }
    restoreState(s.value(QStringLiteral("window/state")).toByteArray());
    if (!m_splitter->restoreState(s.value(QStringLiteral("window/splitter")).toByteArray()))
        m_splitter->setSizes({height() * 2 / 5, height() * 3 / 5});
    m_list->horizontalHeader()->restoreState(
        s.value(QStringLiteral("window/listHeader")).toByteArray());
    m_searchBar->restoreState(s);
    m_viewMenu->besideAction()->setChecked(m_splitter->orientation() == Qt::Horizontal);
}

void MainWindow::saveLayout()
{
    QSettings &s = m_settings.settings();
    s.setValue(QStringLiteral("window/geometry"), saveGeometry());
    s.setValue(QStringLiteral("window/state"), saveState());
    s.setValue(QStringLiteral("window/splitter"), m_splitter->saveState());
    s.setValue(QStringLiteral("window/listHeader"), m_list->horizontalHeader()->saveState());
    m_searchBar->saveState(s);
}

} // namespace traceflow
