// SPDX-License-Identifier: MIT
#include "durationbardelegate.h"
#include "servicechipsdelegate.h"
#include "servicepalette.h"
#include "statuspanel.h"
#include "tracelistmodel.h"

#include <QImage>
#include <QPainter>
#include <QTableView>
#include <QTest>

using namespace traceflow;

namespace {
TraceSummary summary(const char *id, qint64 durationMs, QStringList services, int errors = 0)
{
    TraceSummary s;
    s.traceId = TraceId::fromString(std::string_view(id));
    s.rootService = services.value(0);
    s.rootOperation = QStringLiteral("op");
    s.durationNs = durationMs * 1'000'000;
    s.spanCount = 3;
    s.errorCount = errors;
    s.services = services;
    return s;
}

// Pixels in a row of the image close to the colour.
int countColor(const QImage &image, int y, const QColor &color)
{
    int n = 0;
    for (int x = 0; x < image.width(); ++x) {
        const QColor c = image.pixelColor(x, y);
        if (std::abs(c.red() - color.red()) < 8 && std::abs(c.green() - color.green()) < 8 &&
            std::abs(c.blue() - color.blue()) < 8)
            ++n;
    }
    return n;
}

QImage paintCell(QStyledItemDelegate &delegate, const QModelIndex &index, QSize size)
{
    QImage image(size, QImage::Format_ARGB32);
    image.fill(Qt::white);
    QPainter painter(&image);
    QStyleOptionViewItem option;
    option.rect = QRect(QPoint(0, 0), size);
    option.palette.setColor(QPalette::Text, Qt::black);
    option.state = QStyle::State_Enabled;
    delegate.paint(&painter, option, index);
    return image;
}
} // namespace

class TstListDelegates : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void barWidth_data();
    void barWidth();
    void barsScaleToSlowest();
    void chipsUseServiceColours();
    void textColor();
    void spanRate_data();
    void spanRate();
};

void TstListDelegates::barWidth_data()
{
    QTest::addColumn<qint64>("duration");
    QTest::addColumn<qint64>("max");
    QTest::addColumn<int>("available");
    QTest::addColumn<int>("width");
    QTest::addRow("the slowest fills the area") << qint64(500) << qint64(500) << 200 << 200;
    QTest::addRow("half") << qint64(250) << qint64(500) << 200 << 100;
    QTest::addRow("tiny still shows") << qint64(1) << qint64(1'000'000) << 200 << 2;
    QTest::addRow("zero duration") << qint64(0) << qint64(500) << 200 << 0;
    QTest::addRow("no maximum") << qint64(10) << qint64(0) << 200 << 0;
    QTest::addRow("no room") << qint64(10) << qint64(10) << 0 << 0;
    QTest::addRow("above the maximum is clamped") << qint64(900) << qint64(500) << 200 << 200;
}

void TstListDelegates::barWidth()
{
    QFETCH(qint64, duration);
    QFETCH(qint64, max);
    QFETCH(int, available);
    QFETCH(int, width);
    QCOMPARE(DurationBarDelegate::barWidth(duration, max, available), width);
}

void TstListDelegates::barsScaleToSlowest()
{
    TraceListModel model;
    model.setTraces({summary("fast", 100, {QStringLiteral("a")}),
                     summary("slow", 400, {QStringLiteral("a")}),
                     summary("bad", 400, {QStringLiteral("a")}, 1)});
    DurationBarDelegate delegate;
    const QSize size(400, 24);
    const QColor blue(0x3d, 0x8b, 0xd9);
    const QColor red(0xd9, 0x3f, 0x3f);
    const int fast = countColor(
        paintCell(delegate, model.index(0, TraceListModel::DurationColumn), size), 12, blue);
    const int slow = countColor(
        paintCell(delegate, model.index(1, TraceListModel::DurationColumn), size), 12, blue);
    QVERIFY2(slow > 100, qPrintable(QString::number(slow)));
    QVERIFY2(std::abs(fast * 4 - slow) <= 12,
             qPrintable(QStringLiteral("%1 vs %2").arg(fast).arg(slow)));
    const QImage error = paintCell(delegate, model.index(2, TraceListModel::DurationColumn), size);
    QVERIFY(countColor(error, 12, red) > 100); // traces with errors get a red bar
    QCOMPARE(countColor(error, 12, blue), 0);
}

void TstListDelegates::chipsUseServiceColours()
{
    TraceListModel model;
    const QStringList services = {QStringLiteral("checkout"), QStringLiteral("inventory"),
                                  QStringLiteral("payment")};
    model.setTraces({summary("t", 10, services)});
    ServiceChipsDelegate delegate;
    const QImage image =
        paintCell(delegate, model.index(0, TraceListModel::ServicesColumn), QSize(600, 26));
    for (const QString &service : services) {
        const QColor color = QColor::fromRgb(ServicePalette::color(serviceColorIndex(service)));
        QCOMPARE(ServiceChipsDelegate::serviceColor(service), color);
        QVERIFY2(countColor(image, 6, color) > 10, qPrintable(service));
    }
    // Too narrow for all: the first chip shows, the rest is counted.
    const QImage narrow =
        paintCell(delegate, model.index(0, TraceListModel::ServicesColumn), QSize(110, 26));
    QVERIFY(countColor(narrow, 6, ServiceChipsDelegate::serviceColor(services[0])) > 10);
    QCOMPARE(countColor(narrow, 6, ServiceChipsDelegate::serviceColor(services[2])), 0);
}

void TstListDelegates::textColor()
{
    QCOMPARE(ServiceChipsDelegate::textColorOn(QColor(0xff, 0xbe, 0x7d)), QColor(0x1d, 0x1f, 0x22));
    QCOMPARE(ServiceChipsDelegate::textColorOn(QColor(0x4e, 0x79, 0xa7)), QColor(Qt::white));
}

void TstListDelegates::spanRate_data()
{
    QTest::addColumn<qulonglong>("before");
    QTest::addColumn<qulonglong>("after");
    QTest::addColumn<qint64>("elapsed");
    QTest::addColumn<double>("rate");
    QTest::addRow("steady") << qulonglong(1000) << qulonglong(3000) << qint64(1000) << 2000.0;
    QTest::addRow("half a second") << qulonglong(0) << qulonglong(500) << qint64(500) << 1000.0;
    QTest::addRow("count went back") << qulonglong(500) << qulonglong(100) << qint64(1000) << 0.0;
    QTest::addRow("no time passed") << qulonglong(0) << qulonglong(100) << qint64(0) << 0.0;
}

void TstListDelegates::spanRate()
{
    QFETCH(qulonglong, before);
    QFETCH(qulonglong, after);
    QFETCH(qint64, elapsed);
    QFETCH(double, rate);
    QCOMPARE(StatusPanel::rate(before, after, elapsed), rate);
}

QTEST_MAIN(TstListDelegates)
#include "tst_listdelegates.moc"
