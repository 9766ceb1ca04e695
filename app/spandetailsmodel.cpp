// SPDX-License-Identifier: MIT
#include "spandetailsmodel.h"

#include "displayformat.h"
#include "waterfallpainter.h"
#include "waterfalllayout.h"

#include <QColor>
#include <QFont>
#include <QFontDatabase>
#include <QGuiApplication>
#include <QLocale>
#include <QPalette>

namespace traceflow {

namespace {

// Doubles in their shortest round-trip form ("129.9", not core's 17 digits "129.90000000000001").
QString displayValue(const AttributeValue &value)
{
    const auto shortest = [](double d) { return QString::number(d, 'g', QLocale::FloatingPointShortest); };
    if (value.type() == AttributeValue::Type::Double)
        return shortest(value.toDouble());
    if (value.type() == AttributeValue::Type::DoubleArray) {
        QStringList parts;
        for (double d : value.toDoubleList())
            parts << shortest(d);
        return u'[' + parts.join(QStringLiteral(", ")) + u']';
    }
    return value.toString();
}

QString offsetText(qint64 ns)
{
    return ns < 0 ? formatDuration(ns) : u'+' + formatDuration(ns);
}

} // namespace

SpanDetailsModel::SpanDetailsModel(QObject *parent) : QAbstractItemModel(parent) {}

void SpanDetailsModel::setSpan(const std::shared_ptr<const AssembledTrace> &trace, int index,
                               Qt::TimeSpec spec)
{
    beginResetModel();
    m_nodes.clear();
    m_top.clear();
    m_span = -1;
    if (trace && index >= 0 && index < int(trace->spans.size())) {
        m_span = index;
        build(*trace, index, spec);
    }
    endResetModel();
}

void SpanDetailsModel::clear()
{
    setSpan(nullptr, -1);
}

int SpanDetailsModel::add(int parent, ItemKind kind, const QString &key, const QString &value)
{
    Node n;
    n.parent = parent;
    n.kind = kind;
    n.key = key;
    n.value = value;
    const int id = int(m_nodes.size());
    std::vector<int> &siblings = parent < 0 ? m_top : m_nodes[std::size_t(parent)].children;
    n.row = int(siblings.size());
    siblings.push_back(id);
    m_nodes.push_back(std::move(n));
    return id;
}

void SpanDetailsModel::addAttributes(int parent, const Attributes &attributes, ItemKind kind)
{
    for (int i = 0; i < attributes.size(); ++i)
        add(parent, kind, attributes.keyAt(i), displayValue(attributes.valueAt(i)));
}

void SpanDetailsModel::build(const AssembledTrace &trace, int index, Qt::TimeSpec spec)
{
    const AssembledSpan &s = trace.spans[std::size_t(index)];
    const Span &span = s.span;

    const int overview = add(-1, ItemKind::Section, tr("Span"), QString());
    add(overview, ItemKind::Field, tr("Operation"), span.operation());
    add(overview, ItemKind::Field, tr("Service"), span.service());
    add(overview, ItemKind::Field, tr("Kind"), spanKindName(span.kind));
    const int status = add(overview, ItemKind::Field, tr("Status"), statusName(span.status));
    m_nodes[std::size_t(status)].alert = span.isError();
    if (!span.statusMessage().isEmpty())
        add(overview, ItemKind::Field, tr("Status message"), span.statusMessage());
    add(overview, ItemKind::Field, tr("Start"), offsetText(s.startNs() - trace.startNs));
    QString startTime = DisplayFormat::timestamp(span.startNs, spec);
    if (spec == Qt::UTC)
        startTime += QStringLiteral(" UTC");
    add(overview, ItemKind::Field, tr("Start time"), startTime);
    add(overview, ItemKind::Field, tr("Duration"), formatDuration(span.durationNs));
    const QString share = span.durationNs > 0
        ? QStringLiteral(" (%1%)").arg(qRound(100.0 * double(s.selfTimeNs) / double(span.durationNs)))
        : QString();
    add(overview, ItemKind::Field, tr("Self time"), formatDuration(s.selfTimeNs) + share);
    const auto addId = [this, overview](const QString &key, const QString &id, const QVariant &extra) {
        const int node = add(overview, ItemKind::Field, key, id);
        m_nodes[std::size_t(node)].monospace = true;
        m_nodes[std::size_t(node)].extra = extra;
    };
    addId(tr("Span ID"), span.spanId.toString(), QVariant::fromValue(span.spanId));
    addId(tr("Parent ID"), span.parentSpanId.isEmpty() ? tr("none (root span)") : span.parentSpanId.toString(),
          span.parentSpanId.isEmpty() ? QVariant() : QVariant::fromValue(span.parentSpanId));
    addId(tr("Trace ID"), span.traceId.toString(), QVariant());
    if (!span.scopeName().isEmpty()) {
        const QString version = span.scopeVersion();
        add(overview, ItemKind::Field, tr("Scope"),
            version.isEmpty() ? span.scopeName() : span.scopeName() + u' ' + version);
    }
    if (!span.traceState().isEmpty())
        add(overview, ItemKind::Field, tr("Trace state"), span.traceState());
    if (s.orphan)
        add(overview, ItemKind::Field, tr("Orphan"), tr("parent %1 never arrived").arg(span.parentSpanId.toString()));
    if (s.skewNs != 0)
        add(overview, ItemKind::Field, tr("Clock skew"), tr("adjusted by %1").arg(offsetText(s.skewNs)));
    if (s.onCriticalPath)
        add(overview, ItemKind::Field, tr("Critical path"), tr("on the critical path"));

    const int attributes = add(-1, ItemKind::Section, tr("Attributes"), QString::number(span.attributes.size()));
    addAttributes(attributes, span.attributes, ItemKind::Attribute);
    if (!span.resource().isEmpty()) {
        const int resource = add(-1, ItemKind::Section, tr("Resource"), QString::number(span.resource().size()));
        addAttributes(resource, span.resource(), ItemKind::Attribute);
    }
    if (!span.events().empty()) {
        const int events = add(-1, ItemKind::Section, tr("Events"), QString::number(span.events().size()));
        for (const SpanEvent &event : span.events()) {
            const qint64 offset = event.timeNs - span.startNs;
            const int node = add(events, ItemKind::Event, offsetText(offset), event.name);
            m_nodes[std::size_t(node)].extra = offset;
            addAttributes(node, event.attributes, ItemKind::Attribute);
        }
    }
    if (!span.links().empty()) {
        const int links = add(-1, ItemKind::Section, tr("Links"), QString::number(span.links().size()));
        for (const SpanLink &link : span.links()) {
            const bool here = link.traceId == span.traceId;
            const int node = add(links, ItemKind::Link, here ? tr("this trace") : tr("trace"),
                                 link.traceId.toString() + QStringLiteral(" / ") + link.spanId.toString());
            Node &n = m_nodes[std::size_t(node)];
            n.monospace = true;
            n.extra = QVariant::fromValue(link.traceId);
            n.extra2 = QVariant::fromValue(link.spanId);
            if (!link.traceState.isEmpty())
                add(node, ItemKind::Attribute, tr("trace state"), link.traceState);
            addAttributes(node, link.attributes, ItemKind::Attribute);
        }
    }
}

const SpanDetailsModel::Node *SpanDetailsModel::node(const QModelIndex &index) const
{
    if (!index.isValid() || index.model() != this)
        return nullptr;
    return &m_nodes[std::size_t(index.internalId())];
}

QModelIndex SpanDetailsModel::index(int row, int column, const QModelIndex &parent) const
{
    if (column < 0 || column >= ColumnCount || row < 0)
        return {};
    const std::vector<int> *children = &m_top;
    if (parent.isValid()) {
        if (parent.column() != 0)
            return {};
        children = &node(parent)->children;
    }
    if (row >= int(children->size()))
        return {};
    return createIndex(row, column, quintptr((*children)[std::size_t(row)]));
}

QModelIndex SpanDetailsModel::parent(const QModelIndex &child) const
{
    const Node *n = node(child);
    if (!n || n->parent < 0)
        return {};
    const Node &p = m_nodes[std::size_t(n->parent)];
    return createIndex(p.row, 0, quintptr(n->parent));
}

int SpanDetailsModel::rowCount(const QModelIndex &parent) const
{
    if (!parent.isValid())
        return int(m_top.size());
    if (parent.column() != 0)
        return 0;
    return int(node(parent)->children.size());
}

int SpanDetailsModel::columnCount(const QModelIndex &) const
{
    return ColumnCount;
}

QVariant SpanDetailsModel::data(const QModelIndex &index, int role) const
{
    const Node *n = node(index);
    if (!n)
        return {};
    switch (role) {
    case Qt::DisplayRole:
        return index.column() == KeyColumn ? n->key : n->value;
    case Qt::ToolTipRole:
        return index.column() == ValueColumn && !n->value.isEmpty() ? QVariant(n->value) : QVariant();
    case Qt::FontRole:
        if (n->kind == ItemKind::Section) {
            QFont bold;
            bold.setWeight(QFont::DemiBold);
            return bold;
        }
        if (n->monospace && index.column() == ValueColumn)
            return QFontDatabase::systemFont(QFontDatabase::FixedFont);
        return {};
    case Qt::ForegroundRole:
        if (n->kind == ItemKind::Link && index.column() == ValueColumn)
            return QGuiApplication::palette().color(QPalette::Link);
        if (n->kind == ItemKind::Section && index.column() == ValueColumn)
            return QGuiApplication::palette().color(QPalette::PlaceholderText);
        if (n->alert && index.column() == ValueColumn)
            return WaterfallColors::fromPalette(QGuiApplication::palette()).error;
        return {};
    case ItemKindRole:
        return QVariant::fromValue(n->kind);
    case CopyTextRole:
        if (n->kind == ItemKind::Section)
            return {};
        if (n->kind == ItemKind::Link)
            return n->extra.value<TraceId>().toString();
        return n->value;
    case LinkTraceIdRole:
        return n->kind == ItemKind::Link ? n->extra : QVariant();
    case LinkSpanIdRole:
        return n->kind == ItemKind::Link ? n->extra2 : QVariant();
    case EventOffsetRole:
        return n->kind == ItemKind::Event ? n->extra : QVariant();
    case SpanIdRole:
        return n->kind == ItemKind::Field && n->monospace ? n->extra : QVariant();
    default:
        return {};
    }
}

QVariant SpanDetailsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case KeyColumn: return tr("Field");
    case ValueColumn: return tr("Value");
    default: return {};
    }
}

QModelIndex SpanDetailsModel::sectionIndex(const QString &title) const
{
    for (int id : m_top) {
        if (m_nodes[std::size_t(id)].key == title)
            return createIndex(m_nodes[std::size_t(id)].row, 0, quintptr(id));
    }
    return {};
}

QModelIndex SpanDetailsModel::fieldIndex(const QString &key) const
{
    if (m_top.empty())
        return {};
    for (int id : m_nodes[std::size_t(m_top.front())].children) {
        if (m_nodes[std::size_t(id)].key == key)
            return createIndex(m_nodes[std::size_t(id)].row, 0, quintptr(id));
    }
    return {};
}

} // namespace traceflow
