// SPDX-License-Identifier: MIT
#include "searchbar.h"

#include <QComboBox>
#include <QDateTimeEdit>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QSpinBox>
#include <QTimer>
#include <QVBoxLayout>

namespace traceflow {

namespace {
constexpr qint64 MinuteNs = 60'000'000'000;
constexpr int TypingDelayMs = 300;

QString tagsHelp()
{
    return SearchBar::tr("Tag conditions separated by spaces, all must match:\n"
                         "key=value, key!=value, key=~regex, or a bare key (present).\n"
                         "Quote values with spaces: http.route=\"/a b\"");
}

QLabel *label(const QString &text, QWidget *buddy)
{
    auto *l = new QLabel(text);
    l->setBuddy(buddy);
    return l;
}
} // namespace

SearchBar::SearchBar(QWidget *parent) : QWidget(parent)
{
    m_service = new QComboBox;
    m_service->setObjectName(QStringLiteral("service"));
    m_service->addItem(tr("All services"), QString());
    m_service->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_service->setMinimumContentsLength(14);
    m_operation = new QComboBox;
    m_operation->setObjectName(QStringLiteral("operation"));
    m_operation->addItem(tr("All operations"), QString());
    m_operation->setMinimumContentsLength(18);
    m_tags = new QLineEdit;
    m_tags->setObjectName(QStringLiteral("tags"));
    m_tags->setPlaceholderText(
        tr("http.response.status_code=500  user.id!=42  db.system=~post.*  error"));
    m_tags->setClearButtonEnabled(true);
    m_tags->setToolTip(tagsHelp());
    m_minDuration = new QLineEdit;
    m_minDuration->setObjectName(QStringLiteral("minDuration"));
    m_minDuration->setPlaceholderText(tr("min, e.g. 250ms"));
    m_maxDuration = new QLineEdit;
    m_maxDuration->setObjectName(QStringLiteral("maxDuration"));
    m_maxDuration->setPlaceholderText(tr("max, e.g. 1.5s"));
    for (QLineEdit *edit : {m_minDuration, m_maxDuration})
        edit->setMaximumWidth(fontMetrics().horizontalAdvance(u'M') * 9);
    m_durationOf = new QComboBox;
    m_durationOf->setObjectName(QStringLiteral("durationOf"));
    m_durationOf->addItem(tr("of the trace"), int(DurationScope::Trace));
    m_durationOf->addItem(tr("of a span"), int(DurationScope::Span));
    m_durationOf->setToolTip(
        tr("What the duration bounds and the time range apply to.\n"
           "Of the trace: the whole trace lasts that long and starts in the time range.\n"
           "Of a span: one span of the chosen service and operation (any span when none\n"
           "is chosen) lasts that long and starts in the time range, as in Jaeger;\n"
           "its trace may have started earlier. Status and tags still look at the whole trace."));
    m_status = new QComboBox;
    m_status->setObjectName(QStringLiteral("status"));
    m_status->addItem(tr("Any status"), int(StatusFilter::Any));
    m_status->addItem(tr("Errors"), int(StatusFilter::Error));
    m_status->addItem(tr("OK"), int(StatusFilter::Ok));
    m_range = new QComboBox;
    m_range->setObjectName(QStringLiteral("range"));
    m_range->addItem(tr("Last 5 minutes"), int(Range::Last5Minutes));
    m_range->addItem(tr("Last 15 minutes"), int(Range::Last15Minutes));
    m_range->addItem(tr("Last hour"), int(Range::LastHour));
    m_range->addItem(tr("All time"), int(Range::All));
    m_range->addItem(tr("Custom\u2026"), int(Range::Custom));
    m_range->setCurrentIndex(int(Range::All));
    const QDateTime now = QDateTime::currentDateTime();
    m_from = new QDateTimeEdit(now.addSecs(-3600));
    m_to = new QDateTimeEdit(now);
    for (QDateTimeEdit *edit : {m_from, m_to}) {
        edit->setDisplayFormat(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
        edit->setCalendarPopup(true);
        edit->hide();
    }
    m_limit = new QSpinBox;
    m_limit->setObjectName(QStringLiteral("limit"));
    m_limit->setRange(1, 100'000);
    m_limit->setValue(200);
    m_limit->setPrefix(tr("Limit "));
    m_limit->setAccelerated(true);
    m_sort = new QComboBox;
    m_sort->setObjectName(QStringLiteral("sort"));
    m_sort->addItem(tr("Newest first"), int(TraceSort::Newest));
    m_sort->addItem(tr("Oldest first"), int(TraceSort::Oldest));
    m_sort->addItem(tr("Slowest first"), int(TraceSort::Slowest));
    m_sort->addItem(tr("Fastest first"), int(TraceSort::Fastest));
    m_sort->addItem(tr("Most spans"), int(TraceSort::MostSpans));
    m_search = new QPushButton(tr("Find Traces"));
    m_search->setDefault(true);
    m_traceId = new QLineEdit;
    m_traceId->setObjectName(QStringLiteral("traceId"));
    m_traceId->setPlaceholderText(tr("Open trace by ID\u2026"));
    m_traceId->setClearButtonEnabled(true);
    m_traceId->setMinimumWidth(fontMetrics().horizontalAdvance(u'0') * 34);
    m_callLabel = new QPushButton;
    m_callLabel->setObjectName(QStringLiteral("callFilter"));
    m_callLabel->setFlat(true);
    m_callLabel->setCursor(Qt::PointingHandCursor);
    m_callLabel->setStyleSheet(QStringLiteral(
        "QPushButton { border: 1px solid palette(mid); border-radius: 9px; padding: 1px 8px; }"));
    m_callLabel->hide();
    m_typing = new QTimer(this);
    m_typing->setSingleShot(true);
    m_typing->setInterval(TypingDelayMs);
    buildLayout();
    connectFields();
}

void SearchBar::buildLayout()
{
    auto *top = new QHBoxLayout;
    top->addWidget(label(tr("&Service"), m_service));
    top->addWidget(m_service);
    top->addWidget(label(tr("&Operation"), m_operation));
    top->addWidget(m_operation, 1);
    top->addWidget(label(tr("&Tags"), m_tags));
    top->addWidget(m_tags, 3);
    top->addWidget(m_callLabel);
    top->addWidget(m_search);
    auto *bottom = new QHBoxLayout;
    bottom->addWidget(label(tr("&Duration"), m_minDuration));
    bottom->addWidget(m_minDuration);
    bottom->addWidget(new QLabel(QStringLiteral("\u2013")));
    bottom->addWidget(m_maxDuration);
    bottom->addWidget(m_durationOf);
    bottom->addWidget(m_status);
    bottom->addWidget(m_range);
    bottom->addWidget(m_from);
    bottom->addWidget(m_to);
    bottom->addWidget(m_limit);
    bottom->addWidget(m_sort);
    bottom->addStretch(1);
    bottom->addWidget(m_traceId);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(8, 6, 8, 6);
    layout->setSpacing(4);
    layout->addLayout(top);
    layout->addLayout(bottom);
}

void SearchBar::connectFields()
{
    auto changed = [this] {
        validate();
        Q_EMIT queryChanged();
    };
    for (QComboBox *box : {m_operation, m_durationOf, m_status, m_sort})
        connect(box, &QComboBox::activated, this, changed);
    connect(m_service, &QComboBox::activated, this, [this, changed] {
        m_operation->setCurrentIndex(0);
        Q_EMIT serviceChanged(service());
        changed();
    });
    connect(m_range, &QComboBox::currentIndexChanged, this, [this, changed] {
        const bool custom = m_range->currentData().toInt() == int(Range::Custom);
        m_from->setVisible(custom);
        m_to->setVisible(custom);
        changed();
    });
    connect(m_limit, &QSpinBox::valueChanged, m_typing, qOverload<>(&QTimer::start));
    for (QDateTimeEdit *edit : {m_from, m_to})
        connect(edit, &QDateTimeEdit::dateTimeChanged, m_typing, qOverload<>(&QTimer::start));
    for (QLineEdit *edit : {m_tags, m_minDuration, m_maxDuration}) {
        connect(edit, &QLineEdit::textEdited, m_typing, qOverload<>(&QTimer::start));
        connect(edit, &QLineEdit::returnPressed, this, [this, changed] {
            m_typing->stop();
            changed();
        });
    }
    connect(m_typing, &QTimer::timeout, this, changed);
    connect(m_callLabel, &QPushButton::clicked, this, [this] { setCall(std::nullopt); });
    connect(m_search, &QPushButton::clicked, this, changed);
    connect(m_traceId, &QLineEdit::returnPressed, this, [this] {
        const QString id = m_traceId->text().trimmed();
        if (!id.isEmpty())
            Q_EMIT openTraceRequested(id);
    });
}

QStringList SearchBar::splitTags(QStringView text)
{
    QStringList out;
    QString token;
    bool quoted = false;
    bool any = false; // a token was started, so `key=""` yields "key="
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text[i];
        if (quoted && c == u'\\' && i + 1 < text.size()) {
            token += text[++i];
        } else if (c == u'"') {
            quoted = !quoted;
            any = true;
        } else if (!quoted && c.isSpace()) {
            if (any)
                out.append(token);
            token.clear();
            any = false;
        } else {
            token += c;
            any = true;
        }
    }
    if (any)
        out.append(token);
    return out;
}

std::optional<std::vector<TagFilter>> SearchBar::parseTags(QStringView text, QString *error)
{
    std::vector<TagFilter> tags;
    for (const QString &token : splitTags(text)) {
        std::optional<TagFilter> tag = TagFilter::parse(token, error);
        if (!tag)
            return std::nullopt;
        tags.push_back(std::move(*tag));
    }
    return tags;
}

std::optional<TraceQuery> SearchBar::query(qint64 nowNs, QString *error) const
{
    QString why;
    auto fail = [error](const QString &message) -> std::optional<TraceQuery> {
        if (error)
            *error = message;
        return std::nullopt;
    };
    TraceQuery q;
    q.service = m_service->currentData().toString();
    q.operation = m_operation->currentData().toString();
    std::optional<std::vector<TagFilter>> tags = parseTags(m_tags->text(), &why);
    if (!tags)
        return fail(why);
    q.tags = std::move(*tags);
    for (const auto &[edit, field] : {std::pair{m_minDuration, &TraceQuery::minDurationNs},
                                      std::pair{m_maxDuration, &TraceQuery::maxDurationNs}}) {
        const QString text = edit->text().trimmed();
        if (text.isEmpty())
            continue;
        q.*field = parseDurationNs(text);
        if (!(q.*field))
            return fail(tr("\"%1\" is not a duration (try 250ms, 1.5s or 42us)").arg(text));
    }
    if (q.minDurationNs && q.maxDurationNs && *q.minDurationNs > *q.maxDurationNs)
        return fail(tr("the minimum duration is above the maximum"));
    q.durationScope = DurationScope(m_durationOf->currentData().toInt());
    q.status = StatusFilter(m_status->currentData().toInt());
    switch (Range(m_range->currentData().toInt())) {
    case Range::Last5Minutes:
        q.startNs = nowNs - 5 * MinuteNs;
        break;
    case Range::Last15Minutes:
        q.startNs = nowNs - 15 * MinuteNs;
        break;
    case Range::LastHour:
        q.startNs = nowNs - 60 * MinuteNs;
        break;
    case Range::All:
        break;
    case Range::Custom:
        q.startNs = m_from->dateTime().toMSecsSinceEpoch() * 1'000'000;
        q.endNs = m_to->dateTime().toMSecsSinceEpoch() * 1'000'000 + 999'999'999;
        if (*q.startNs > *q.endNs)
            return fail(tr("the time range ends before it starts"));
        break;
    }
    q.call = m_call;
    q.limit = m_limit->value();
    q.sort = TraceSort(m_sort->currentData().toInt());
    return q;
}

void SearchBar::validate()
{
    QString error;
    markField(m_tags, parseTags(m_tags->text(), &error) ? QString() : error);
    for (QLineEdit *edit : {m_minDuration, m_maxDuration}) {
        const QString text = edit->text().trimmed();
        const bool bad = !text.isEmpty() && !parseDurationNs(text);
        markField(edit, bad ? tr("\"%1\" is not a duration (try 250ms, 1.5s or 42us)").arg(text)
                            : QString());
    }
}

void SearchBar::markField(QWidget *field, const QString &error)
{
    field->setProperty("invalid", !error.isEmpty());
    if (error.isEmpty()) {
        field->setPalette(QPalette());
        field->setToolTip(field == m_tags ? tagsHelp() : QString());
        return;
    }
    QPalette palette = field->palette();
    QColor base = palette.color(QPalette::Base);
    const QColor red(0xd9, 0x3f, 0x3f);
    base.setRgbF(base.redF() * 0.75f + red.redF() * 0.25f,
                 base.greenF() * 0.75f + red.greenF() * 0.25f,
                 base.blueF() * 0.75f + red.blueF() * 0.25f);
    palette.setColor(QPalette::Base, base);
    field->setPalette(palette);
    field->setToolTip(error);
}

void SearchBar::setServices(const QStringList &services)
{
    const QString current = service();
    QStringList names = services;
    if (!current.isEmpty() && !names.contains(current))
        names.append(current);
    names.sort(Qt::CaseInsensitive);
    QStringList shown;
    for (int i = 1; i < m_service->count(); ++i)
        shown.append(m_service->itemData(i).toString());
    if (shown == names)
        return;
    m_service->clear();
    m_service->addItem(tr("All services"), QString());
    for (const QString &name : std::as_const(names))
        m_service->addItem(name, name);
    m_service->setCurrentIndex(std::max(0, m_service->findData(current)));
}

void SearchBar::setOperations(const QStringList &operations)
{
    const QString current = m_operation->currentData().toString();
    QStringList names = operations;
    if (!current.isEmpty() && !names.contains(current))
        names.append(current);
    names.sort(Qt::CaseInsensitive);
    QStringList shown;
    for (int i = 1; i < m_operation->count(); ++i)
        shown.append(m_operation->itemData(i).toString());
    if (shown == names)
        return;
    m_operation->clear();
    m_operation->addItem(tr("All operations"), QString());
    for (const QString &name : std::as_const(names))
        m_operation->addItem(name, name);
    m_operation->setCurrentIndex(std::max(0, m_operation->findData(current)));
}

QString SearchBar::service() const
{
    return m_service->currentData().toString();
}

void SearchBar::setService(const QString &service)
{
    if (!service.isEmpty() && m_service->findData(service) < 0)
        m_service->addItem(service, service);
    m_service->setCurrentIndex(std::max(0, m_service->findData(service)));
    m_operation->setCurrentIndex(0);
    Q_EMIT serviceChanged(this->service());
    m_typing->start();
}

void SearchBar::setOperation(const QString &operation)
{
    if (!operation.isEmpty() && m_operation->findData(operation) < 0)
        m_operation->addItem(operation, operation);
    m_operation->setCurrentIndex(std::max(0, m_operation->findData(operation)));
    m_typing->start();
}

void SearchBar::setTimeWindow(qint64 startNs, qint64 endNs)
{
    m_from->setDateTime(QDateTime::fromMSecsSinceEpoch(startNs / 1'000'000, m_from->timeSpec()));
    m_to->setDateTime(QDateTime::fromMSecsSinceEpoch(endNs / 1'000'000, m_to->timeSpec()));
    m_range->setCurrentIndex(m_range->findData(int(Range::Custom)));
    m_typing->start();
}

namespace {
// Text that parseDurationNs() reads back exactly to the microsecond.
QString durationText(std::optional<qint64> ns)
{
    if (!ns)
        return {};
    if (*ns % 1'000'000 == 0)
        return QString::number(*ns / 1'000'000) + u"ms";
    return QString::number((*ns + 500) / 1000) + u"us";
}
} // namespace

void SearchBar::setDurationRange(std::optional<qint64> minNs, std::optional<qint64> maxNs,
                                 DurationScope scope)
{
    m_minDuration->setText(durationText(minNs));
    m_maxDuration->setText(durationText(maxNs));
    m_durationOf->setCurrentIndex(std::max(0, m_durationOf->findData(int(scope))));
    validate();
    m_typing->start();
}

void SearchBar::setStatus(StatusFilter status)
{
    m_status->setCurrentIndex(std::max(0, m_status->findData(int(status))));
    m_typing->start();
}

void SearchBar::setTags(const QString &text)
{
    m_tags->setText(text);
    validate();
    m_typing->start();
}

void SearchBar::setCall(const std::optional<CallFilter> &call)
{
    m_call = call;
    m_callLabel->setVisible(call.has_value());
    if (call) {
        m_callLabel->setText(tr("Calls %1 \u2192 %2  \u2715").arg(call->parent, call->child));
        m_callLabel->setToolTip(tr("Only traces in which %1 calls %2. Click to remove this "
                                   "condition.").arg(call->parent, call->child));
    }
    m_typing->start();
}

void SearchBar::setTimeSpec(Qt::TimeSpec spec)
{
    for (QDateTimeEdit *edit : {m_from, m_to})
        edit->setTimeSpec(spec);
}

void SearchBar::saveState(QSettings &settings) const
{
    settings.setValue(QStringLiteral("search/limit"), m_limit->value());
    settings.setValue(QStringLiteral("search/sort"), m_sort->currentIndex());
    settings.setValue(QStringLiteral("search/range"), m_range->currentIndex());
    settings.setValue(QStringLiteral("search/status"), m_status->currentIndex());
}

void SearchBar::restoreState(const QSettings &settings)
{
    m_limit->setValue(settings.value(QStringLiteral("search/limit"), m_limit->value()).toInt());
    m_sort->setCurrentIndex(settings.value(QStringLiteral("search/sort"), 0).toInt());
    m_range->setCurrentIndex(
        settings.value(QStringLiteral("search/range"), int(Range::All)).toInt());
    m_status->setCurrentIndex(settings.value(QStringLiteral("search/status"), 0).toInt());
    validate();
}

} // namespace traceflow
