// SPDX-License-Identifier: MIT
#include "searchbar.h"

#include <QComboBox>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTest>

using namespace traceflow;

namespace {
constexpr qint64 Now = 1710000000000'000'000;
constexpr qint64 MinuteNs = 60'000'000'000;
} // namespace

class TstSearchBar : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void splitTags_data();
    void splitTags();
    void parseTags_data();
    void parseTags();
    void durations_data();
    void durations();
    void timeRange_data();
    void timeRange();
    void statusLimitSort();
    void servicesKeepSelection();
    void typingSearchesOnce();
    void traceIdOpens();
    void callFilterIsShownAndRemovable();
};

void TstSearchBar::splitTags_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QStringList>("tokens");
    QTest::addRow("empty") << QString() << QStringList();
    QTest::addRow("spaces only") << QStringLiteral("   ") << QStringList();
    QTest::addRow("several") << QStringLiteral(" a=1  b!=2 c=~x.* d ")
                             << QStringList{QStringLiteral("a=1"), QStringLiteral("b!=2"),
                                            QStringLiteral("c=~x.*"), QStringLiteral("d")};
    QTest::addRow("quoted value with spaces")
        << QStringLiteral("http.route=\"/a b\" x")
        << QStringList{QStringLiteral("http.route=/a b"), QStringLiteral("x")};
    QTest::addRow("escaped quote inside quotes") << QStringLiteral("msg=\"say \\\"hi\\\"\"")
                                                 << QStringList{QStringLiteral("msg=say \"hi\"")};
    QTest::addRow("empty quoted value")
        << QStringLiteral("k=\"\"") << QStringList{QStringLiteral("k=")};
}

void TstSearchBar::splitTags()
{
    QFETCH(QString, text);
    QFETCH(QStringList, tokens);
    QCOMPARE(SearchBar::splitTags(text), tokens);
}

void TstSearchBar::parseTags_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("valid");
    QTest::addColumn<QList<int>>("ops");
    using Op = TagFilter::Op;
    QTest::addRow("all four forms")
        << QStringLiteral("a=1 b!=2 c=~^x d") << true
        << QList<int>{int(Op::Equals), int(Op::NotEquals), int(Op::Matches), int(Op::Exists)};
    QTest::addRow("bad regex") << QStringLiteral("a=~(") << false << QList<int>();
    QTest::addRow("no key") << QStringLiteral("=5") << false << QList<int>();
    QTest::addRow("nothing") << QString() << true << QList<int>();
}

void TstSearchBar::parseTags()
{
    QFETCH(QString, text);
    QFETCH(bool, valid);
    QFETCH(QList<int>, ops);
    QString error;
    const auto tags = SearchBar::parseTags(text, &error);
    QCOMPARE(tags.has_value(), valid);
    if (!valid) {
        QVERIFY(!error.isEmpty());
        return;
    }
    QCOMPARE(int(tags->size()), ops.size());
    for (qsizetype i = 0; i < ops.size(); ++i)
        QCOMPARE(int((*tags)[std::size_t(i)].op), ops[i]);
}

void TstSearchBar::durations_data()
{
    QTest::addColumn<QString>("min");
    QTest::addColumn<QString>("max");
    QTest::addColumn<bool>("valid");
    QTest::addColumn<qint64>("minNs");
    QTest::addColumn<qint64>("maxNs");
    QTest::addRow("none") << QString() << QString() << true << qint64(-1) << qint64(-1);
    QTest::addRow("ms and s") << QStringLiteral("250ms") << QStringLiteral("1.5s") << true
                              << qint64(250'000'000) << qint64(1'500'000'000);
    QTest::addRow("bare number is ms")
        << QStringLiteral("12") << QString() << true << qint64(12'000'000) << qint64(-1);
    QTest::addRow("microseconds") << QStringLiteral("42us") << QString() << true << qint64(42'000)
                                  << qint64(-1);
    QTest::addRow("garbage") << QStringLiteral("fast") << QString() << false << qint64(-1)
                             << qint64(-1);
    QTest::addRow("min above max")
        << QStringLiteral("2s") << QStringLiteral("1s") << false << qint64(-1) << qint64(-1);
}

void TstSearchBar::durations()
{
    QFETCH(QString, min);
    QFETCH(QString, max);
    QFETCH(bool, valid);
    QFETCH(qint64, minNs);
    QFETCH(qint64, maxNs);
    SearchBar bar;
    bar.minDurationEdit()->setText(min);
    bar.maxDurationEdit()->setText(max);
    QString error;
    const auto query = bar.query(Now, &error);
    QCOMPARE(query.has_value(), valid);
    if (!valid) {
        QVERIFY(!error.isEmpty());
        return;
    }
    QCOMPARE(query->minDurationNs.value_or(-1), minNs);
    QCOMPARE(query->maxDurationNs.value_or(-1), maxNs);
}

void TstSearchBar::timeRange_data()
{
    QTest::addColumn<int>("range");
    QTest::addColumn<qint64>("startNs");
    QTest::addRow("last 5 minutes") << int(SearchBar::Range::Last5Minutes) << Now - 5 * MinuteNs;
    QTest::addRow("last 15 minutes") << int(SearchBar::Range::Last15Minutes) << Now - 15 * MinuteNs;
    QTest::addRow("last hour") << int(SearchBar::Range::LastHour) << Now - 60 * MinuteNs;
    QTest::addRow("all time") << int(SearchBar::Range::All) << qint64(-1);
}

void TstSearchBar::timeRange()
{
    QFETCH(int, range);
    QFETCH(qint64, startNs);
    SearchBar bar;
    bar.rangeBox()->setCurrentIndex(bar.rangeBox()->findData(range));
    const auto query = bar.query(Now);
    QVERIFY(query);
    QCOMPARE(query->startNs.value_or(-1), startNs);
    QVERIFY(!query->endNs);
}

void TstSearchBar::statusLimitSort()
{
    SearchBar bar;
    bar.statusBox()->setCurrentIndex(bar.statusBox()->findData(int(StatusFilter::Error)));
    bar.limitBox()->setValue(35);
    bar.sortBox()->setCurrentIndex(bar.sortBox()->findData(int(TraceSort::Slowest)));
    bar.tagsEdit()->setText(QStringLiteral("http.response.status_code=500"));
    const auto query = bar.query(Now);
    QVERIFY(query);
    QCOMPARE(query->status, StatusFilter::Error);
    QCOMPARE(query->limit, 35);
    QCOMPARE(query->sort, TraceSort::Slowest);
    QCOMPARE(query->tags.size(), std::size_t(1));
    QCOMPARE(query->tags[0].key, QStringLiteral("http.response.status_code"));
    QCOMPARE(query->tags[0].value, QStringLiteral("500"));
}

void TstSearchBar::servicesKeepSelection()
{
    SearchBar bar;
    bar.setServices({QStringLiteral("payment"), QStringLiteral("checkout")});
    QCOMPARE(bar.serviceBox()->count(), 3); // "All services" first
    QCOMPARE(bar.serviceBox()->itemData(1).toString(), QStringLiteral("checkout"));
    bar.serviceBox()->setCurrentIndex(bar.serviceBox()->findData(QStringLiteral("payment")));
    bar.setServices(
        {QStringLiteral("inventory"), QStringLiteral("payment"), QStringLiteral("checkout")});
    QCOMPARE(bar.service(), QStringLiteral("payment"));
    // A chosen service that left the store stays listed and chosen.
    bar.setServices({QStringLiteral("checkout")});
    QCOMPARE(bar.service(), QStringLiteral("payment"));
    QCOMPARE(bar.query(Now)->service, QStringLiteral("payment"));
    bar.setOperations({QStringLiteral("GET /pay"), QStringLiteral("POST /pay")});
    bar.operationBox()->setCurrentIndex(2);
    QCOMPARE(bar.query(Now)->operation, QStringLiteral("POST /pay"));
}

void TstSearchBar::typingSearchesOnce()
{
    SearchBar bar;
    bar.show();
    QVERIFY(QTest::qWaitForWindowExposed(&bar));
    QSignalSpy changed(&bar, &SearchBar::queryChanged);
    bar.tagsEdit()->setFocus();
    QTest::keyClicks(bar.tagsEdit(), QStringLiteral("error=true"));
    QVERIFY(changed.wait(2000));
    QTest::qWait(400);
    QCOMPARE(changed.count(), 1); // debounced: one search for the whole word
    QTest::keyClick(bar.tagsEdit(), Qt::Key_Return);
    QCOMPARE(changed.count(), 2);
    bar.minDurationEdit()->setFocus();
    QTest::keyClicks(bar.minDurationEdit(), QStringLiteral("slow"));
    QTest::keyClick(bar.minDurationEdit(), Qt::Key_Return);
    QVERIFY(bar.minDurationEdit()->property("invalid").toBool());
    QVERIFY(!bar.query(Now));
}

void TstSearchBar::traceIdOpens()
{
    SearchBar bar;
    bar.show();
    QVERIFY(QTest::qWaitForWindowExposed(&bar));
    QSignalSpy open(&bar, &SearchBar::openTraceRequested);
    bar.traceIdEdit()->setFocus();
    QTest::keyClicks(bar.traceIdEdit(), QStringLiteral("  4bf92f3577b34da6a3ce929d0e0e4736 "));
    QTest::keyClick(bar.traceIdEdit(), Qt::Key_Return);
    QCOMPARE(open.count(), 1);
    QCOMPARE(open.first().first().toString(), QStringLiteral("4bf92f3577b34da6a3ce929d0e0e4736"));
}

void TstSearchBar::callFilterIsShownAndRemovable()
{
    SearchBar bar;
    bar.show();
    QVERIFY(QTest::qWaitForWindowExposed(&bar));
    QVERIFY(!bar.callLabel()->isVisible());
    QVERIFY(!bar.query(Now)->call);
    QSignalSpy changed(&bar, &SearchBar::queryChanged);
    bar.setCall(CallFilter{QStringLiteral("checkout"), QStringLiteral("inventory")});
    QVERIFY(changed.wait(2000)); // searches again
    QVERIFY(bar.callLabel()->isVisible());
    QCOMPARE(bar.callLabel()->text(), QStringLiteral("Calls checkout \u2192 inventory  \u2715"));
    const std::optional<TraceQuery> q = bar.query(Now);
    QVERIFY(q && q->call);
    QCOMPARE(q->call->parent, QStringLiteral("checkout"));
    QCOMPARE(q->call->child, QStringLiteral("inventory"));
    // The label removes the condition and searches again.
    QTest::mouseClick(bar.callLabel(), Qt::LeftButton);
    QVERIFY(!bar.callLabel()->isVisible());
    QVERIFY(!bar.query(Now)->call);
    QVERIFY(changed.wait(2000));
    QCOMPARE(changed.count(), 2);
}

QTEST_MAIN(TstSearchBar)
#include "tst_searchbar.moc"
