// SPDX-License-Identifier: MIT
// The desktop app keeps traces between sessions: spans posted to its embedded collector and
// files it imports are in the store file, and a new window finds them again.
#include "appsettings.h"
#include "collectorhost.h"
#include "filestore.h"
#include "mainwindow.h"
#include "preferencesdialog.h"
#include "testtraces.h"
#include "tracestore.h"

#include <QCheckBox>
#include <QDateTime>
#include <QFileInfo>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QUrl>

using namespace traceflow;

class TstAppStore : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void testSettingsKeepMemoryByDefault();
    void tracesSurviveANewWindow();
    void preferencesToggleKeeping();

private:
    QTemporaryDir m_dir;
};

void TstAppStore::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY(m_dir.isValid());
}

void TstAppStore::testSettingsKeepMemoryByDefault()
{
    // A settings file of its own (what every app test uses) never writes into the user's
    // data folder: keeping traces is off unless asked for, and the file would sit beside it.
    AppSettings settings(m_dir.filePath(QStringLiteral("default.ini")));
    QVERIFY(!settings.keepTraces());
    QCOMPARE(QFileInfo(settings.storeFilePath()).absolutePath(), QFileInfo(m_dir.path()).absoluteFilePath());
    settings.setApiPort(0);
    settings.setOtlpPort(0);
    MainWindow window(settings);
    QCOMPARE(window.fileStore(), nullptr);
}

void TstAppStore::tracesSurviveANewWindow()
{
    AppSettings settings(m_dir.filePath(QStringLiteral("keep.ini")));
    settings.setApiPort(0);
    settings.setOtlpPort(0);
    settings.setKeepTraces(true);
    const qint64 now = QDateTime::currentMSecsSinceEpoch() * 1'000'000;
    const TraceId posted = TraceId::fromString(TestTraces::traceHex(1));
    const TraceId imported = TraceId::fromString(TestTraces::traceHex(2));
    {
        MainWindow window(settings);
        QTRY_VERIFY(!window.isLoadingStore()); // the store file loads on a thread of its own
        QVERIFY(window.fileStore());
        QCOMPARE(window.fileStore()->path(), settings.storeFilePath());
        const QUrl base(QStringLiteral("http://127.0.0.1:%1").arg(window.collector().apiPort()));
        QCOMPARE(TestTraces::post(base, TestTraces::checkout(TestTraces::traceHex(1), now)), 202);
        QTRY_VERIFY(window.store().contains(posted));
        window.store().insert(TestTraces::checkout(TestTraces::traceHex(2), now)); // an import
    } // closing the window commits what is pending
    QVERIFY(QFileInfo::exists(settings.storeFilePath()));
    MainWindow window(settings);
    QTRY_VERIFY(!window.isLoadingStore());
    QVERIFY(window.fileStore());
    QVERIFY(window.store().contains(posted));
    QVERIFY(window.store().contains(imported));
    QVERIFY(TestTraces::sameSpans(window.store().trace(imported),
                                  TestTraces::checkout(TestTraces::traceHex(2), now)));
}

void TstAppStore::preferencesToggleKeeping()
{
    AppSettings settings(m_dir.filePath(QStringLiteral("prefs.ini")));
    settings.setKeepTraces(true);
    PreferencesDialog dialog(Preferences::load(settings));
    auto *keep = dialog.findChild<QCheckBox *>(QStringLiteral("keepTraces"));
    QVERIFY(keep);
    QVERIFY(keep->isChecked());
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    QTest::mouseClick(keep, Qt::LeftButton, {}, QPoint(8, keep->height() / 2));
    QVERIFY(!keep->isChecked());
    dialog.preferences().save(settings);
    QVERIFY(!settings.keepTraces());
}

QTEST_MAIN(TstAppStore)
#include "tst_appstore.moc"
