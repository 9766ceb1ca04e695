// SPDX-License-Identifier: MIT
#pragma once

#include "assembledtrace.h"
#include "ids.h"

#include <QMainWindow>
#include <QTimer>
#include <QUrl>

#include <memory>
#include <optional>
#include <utility>
#include <vector>

class QLabel;
class QSplitter;
class QTabWidget;

namespace traceflow {

class AppSettings;
class CollectorBanner;
class CollectorHost;
class DemoController;
class DemoMenu;
class FileActions;
class FileStore;
class LocalSource;
class RemoteSource;
class SearchBar;
class SearchController;
class StatusPanel;
class StoreLoader;
class TraceCompareController;
class TaskProgress;
class TraceListView;
class TraceLoader;
class TraceSource;
class TraceStore;
class TraceView;
class ViewMenu;

// Start-up choices that override the settings for one run (command-line options).
struct WindowOptions
{
    std::optional<quint16> apiPort;
    std::optional<quint16> otlpPort;
};

// The TraceFlow window: the embedded collector (or a remote one), the search bar, the live
// trace list and the trace view, with File, Edit, View, Demo and Help menus.
class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    // Starts the embedded collector on the ports in settings (or options).
    explicit MainWindow(AppSettings &settings, const WindowOptions &options = {},
                        QWidget *parent = nullptr);
    ~MainWindow() override;

    // (Re)starts the embedded collector; on failure the banner says why and offers a way out.
    // While the store file loads it only notes the ports: the collector starts after.
    bool startCollector(quint16 apiPort, quint16 otlpPort);
    // True while traces kept from earlier sessions are loading (see openFileStore()).
    bool isLoadingStore() const;
    // Reads a remote traceflow-collector from now on, once its /health answers.
    void connectToRemote(const QUrl &url);
    void useEmbeddedCollector();
    // Opens a trace by an id as typed; a message says so when there is no such trace.
    void openTraceById(const QString &text);
    void openTrace(const TraceId &id, const SpanId &select = {});
    void setTimeSpec(Qt::TimeSpec spec);
    // Brings the Traces page to the front (after another page set the search).
    void showTraceList();

    TraceStore &store() const { return *m_store; }
    CollectorHost &collector() const { return *m_collector; }
    // The store file keeping traces between sessions; null when they are kept in memory only.
    FileStore *fileStore() const { return m_fileStore.get(); }
    TraceSource *source() const;
    SearchBar *searchBar() const { return m_searchBar; }
    SearchController *search() const { return m_search; }
    TraceListView *traceList() const { return m_list; }
    TraceView *traceView() const { return m_traceView; }
    FileActions *fileActions() const { return m_files; }
    TraceCompareController *traceCompare() const { return m_compare; }
    DemoController *demo() const { return m_demo; }
    DemoMenu *demoMenu() const { return m_demoMenu; }
    StatusPanel *statusPanel() const { return m_statusPanel; }
    CollectorBanner *banner() const { return m_banner; }
    // The window's pages under the search bar: Traces first, then the views that build on it.
    QTabWidget *views() const { return m_views; }
    std::shared_ptr<const AssembledTrace> shownTrace() const { return m_shown; }

Q_SIGNALS:
    // The trace view got a trace (after assembling it off the GUI thread).
    void traceShown(const traceflow::TraceId &id);
    void sourceChanged();
    // Local time or UTC was chosen (View menu, Preferences) for every time shown.
    void timeSpecChanged(Qt::TimeSpec spec);

protected:
    void closeEvent(QCloseEvent *event) override;
    void dragEnterEvent(QDragEnterEvent *event) override;
    void dropEvent(QDropEvent *event) override;

private:
    void openFileStore();
    void fileStoreLoaded(bool ok);
    void buildCentral();
    void connectParts();
    void buildMenus();
    void buildViewMenu();
    void setSource(TraceSource *source);
    void showTrace(const std::shared_ptr<const AssembledTrace> &trace, const SpanId &select);
    void reloadGrownTrace();
    void updateStats();
    void updateExportActions();
    void showPreferences(bool portsFirst);
    void promptConnect();
    QUrl demoCollectorUrl() const;
    void restoreLayout();
    void saveLayout();

    AppSettings &m_settings;
    std::unique_ptr<TraceStore> m_store;
    // After m_store, before m_collector: logs the store until the collector's last spans are in.
    std::unique_ptr<FileStore> m_fileStore;
    std::unique_ptr<CollectorHost> m_collector; // after m_store: stops before the store goes
    std::unique_ptr<StoreLoader> m_storeLoader; // after m_store: waits before the store goes
    std::unique_ptr<LocalSource> m_local;
    std::unique_ptr<RemoteSource> m_remote;
    bool m_useRemote = false;

    SearchBar *m_searchBar = nullptr;
    CollectorBanner *m_banner = nullptr;
    QLabel *m_resultLabel = nullptr;
    TraceListView *m_list = nullptr;
    TraceView *m_traceView = nullptr;
    QSplitter *m_splitter = nullptr;
    QTabWidget *m_views = nullptr;
    StatusPanel *m_statusPanel = nullptr;
    TaskProgress *m_progress = nullptr;
    SearchController *m_search = nullptr;
    TraceLoader *m_loader = nullptr;
    FileActions *m_files = nullptr;
    DemoController *m_demo = nullptr;
    DemoMenu *m_demoMenu = nullptr;
    ViewMenu *m_viewMenu = nullptr;
    TraceCompareController *m_compare = nullptr;
    QTimer m_statsTimer;
    bool m_statsRunning = false;

    std::shared_ptr<const AssembledTrace> m_shown;
    TraceId m_selectWhenListed; // shown, but not in the list yet
    TraceId m_reloading;        // the shown trace, being fetched again with more spans
};

} // namespace traceflow
