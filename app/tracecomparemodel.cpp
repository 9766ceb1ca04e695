// SPDX-License-Identifier: MIT
#include "tracecomparemodel.h"

#include "apptheme.h"
#include "displayformat.h"

#include <QColor>
#include <QFont>
#include <QGuiApplication>

#include <cmath>

namespace traceflow {

namespace {
// Slower is red and faster green, as in every latency diff; only-in-one-side rows use hues
// that mean neither (blue: only in A, violet: only in B) and carry a text label too.
const QColor SlowerColor(0xd9, 0x3f, 0x3f);
const QColor FasterColor(0x2e, 0xa0, 0x4f);
const QColor OnlyAColor(0x3d, 0x8b, 0xd9);
const QColor OnlyBColor(0x9c, 0x5b, 0xd9);

QString countText(const TraceDiffSide &side)
{
    if (side.count == 0)
        return QStringLiteral("\u2013");
    if (side.errors == 0)
        return QString::number(side.count);
    return TraceCompareModel::tr("%1 (%2 err)").arg(side.count).arg(side.errors);
}

QString sideText(const TraceDiffSide &side)
{
    QString text = side.count == 1 ? TraceCompareModel::tr("1 span")
                                   : TraceCompareModel::tr("%1 spans").arg(side.count);
    text += u", " + DisplayFormat::duration(side.totalNs) +
            TraceCompareModel::tr(" (self %1)").arg(DisplayFormat::duration(side.selfNs));
    if (side.errors > 0)
        text += side.errors == 1 ? TraceCompareModel::tr(", 1 error")
                                 : TraceCompareModel::tr(", %1 errors").arg(side.errors);
    return text;
}
} // namespace

TraceCompareModel::TraceCompareModel(QObject *parent) : QAbstractItemModel(parent) {}

void TraceCompareModel::setDiff(std::shared_ptr<const TraceDiff> diff)
{
    beginResetModel();
    m_diff = std::move(diff);
    m_maxTotalNs = m_diff ? m_diff->maxTotalNs() : 0;
    rebuild();
    endResetModel();
}

void TraceCompareModel::setFilter(bool onlyChanged, qint64 minDeltaNs, double minRatio)
{
    if (onlyChanged == m_onlyChanged && minDeltaNs == m_minDeltaNs && minRatio == m_minRatio)
        return;
    beginResetModel();
    m_onlyChanged = onlyChanged;
    m_minDeltaNs = minDeltaNs;
    m_minRatio = minRatio;
    rebuild();
    endResetModel();
}

void TraceCompareModel::rebuild()
{
    m_top.clear();
    m_children.clear();
    m_row.clear();
    m_visibleCount = 0;
    if (!m_diff)
        return;
    const std::size_t count = m_diff->nodes.size();
    const std::vector<bool> keep = m_onlyChanged
                                       ? m_diff->changedWithAncestors(m_minDeltaNs, m_minRatio)
                                       : std::vector<bool>(count, true);
    m_children.resize(count);
    m_row.assign(count, -1);
    for (std::size_t i = 0; i < count; ++i) {
        if (!keep[i])
            continue;
        const int parent = m_diff->nodes[i].parent;
        std::vector<int> &siblings = parent < 0 ? m_top : m_children[std::size_t(parent)];
        m_row[i] = int(siblings.size());
        siblings.push_back(int(i));
        ++m_visibleCount;
    }
}

const TraceDiffNode *TraceCompareModel::node(const QModelIndex &index) const
{
    if (!index.isValid() || !m_diff || index.model() != this)
        return nullptr;
    return &m_diff->nodes[std::size_t(index.internalId())];
}

QModelIndex TraceCompareModel::indexOfNode(int node, int column) const
{
    if (!m_diff || node < 0 || std::size_t(node) >= m_row.size() || m_row[std::size_t(node)] < 0)
        return {};
    return createIndex(m_row[std::size_t(node)], column, quintptr(node));
}

QModelIndex TraceCompareModel::index(int row, int column, const QModelIndex &parent) const
{
    if (row < 0 || column < 0 || column >= ColumnCount || !m_diff)
        return {};
    if (parent.isValid() && parent.column() != NameColumn)
        return {};
    const std::vector<int> &rows =
        parent.isValid() ? m_children[std::size_t(parent.internalId())] : m_top;
    if (std::size_t(row) >= rows.size())
        return {};
    return createIndex(row, column, quintptr(rows[std::size_t(row)]));
}

QModelIndex TraceCompareModel::parent(const QModelIndex &child) const
{
    const TraceDiffNode *n = node(child);
    if (!n || n->parent < 0)
        return {};
    return indexOfNode(n->parent);
}

int TraceCompareModel::rowCount(const QModelIndex &parent) const
{
    if (!m_diff)
        return 0;
    if (!parent.isValid())
        return int(m_top.size());
    if (parent.column() != NameColumn)
        return 0;
    return int(m_children[std::size_t(parent.internalId())].size());
}

int TraceCompareModel::columnCount(const QModelIndex &) const
{
    return ColumnCount;
}

QString TraceCompareModel::deltaText(qint64 deltaNs)
{
    if (deltaNs == 0)
        return QStringLiteral("0");
    return (deltaNs > 0 ? QStringLiteral("+") : QString()) + DisplayFormat::duration(deltaNs);
}

QString TraceCompareModel::ratioText(const TraceDiffNode &node)
{
    const std::optional<double> ratio = node.deltaRatio();
    if (!ratio)
        return node.b.totalNs > 0 ? tr("new") : QStringLiteral("\u2013");
    const double percent = *ratio * 100.0;
    if (std::abs(percent) < 0.05)
        return QStringLiteral("0%");
    const int decimals = std::abs(percent) < 9.95 ? 1 : 0;
    return (percent > 0 ? QStringLiteral("+") : QString()) +
           QString::number(percent, 'f', decimals) + u'%';
}

QVariant TraceCompareModel::displayData(const TraceDiffNode &n, int column) const
{
    switch (column) {
    case NameColumn:
        return QString(n.service() + u' ' + n.operation());
    case CountAColumn:
        return countText(n.a);
    case DurationAColumn:
        return n.a.count > 0 ? DisplayFormat::duration(n.a.totalNs) : QStringLiteral("\u2013");
    case CountBColumn:
        return countText(n.b);
    case DurationBColumn:
        return n.b.count > 0 ? DisplayFormat::duration(n.b.totalNs) : QStringLiteral("\u2013");
    case DeltaColumn:
        return deltaText(n.deltaNs());
    case DeltaPercentColumn:
        return ratioText(n);
    case DeltaSelfColumn:
        return deltaText(n.selfDeltaNs());
    default:
        return {};
    }
}

QString TraceCompareModel::toolTip(const TraceDiffNode &n) const
{
    QString text = n.service() + QStringLiteral(" \u00b7 ") + n.operation();
    if (n.orphan)
        text += tr("\n(parent span missing: the path starts at an orphan)");
    text += u'\n' + tr("A: ") + (n.a.count > 0 ? sideText(n.a) : tr("absent"));
    text += u'\n' + tr("B: ") + (n.b.count > 0 ? sideText(n.b) : tr("absent"));
    if (n.presence() == DiffPresence::Both)
        text += u'\n' + tr("\u0394 %1 (%2), self %3")
                            .arg(deltaText(n.deltaNs()), ratioText(n), deltaText(n.selfDeltaNs()));
    text += u'\n' + tr("Double-click to open this span in A or B");
    return text;
}

QVariant TraceCompareModel::background(const TraceDiffNode &n) const
{
    QColor tint;
    switch (n.presence()) {
    case DiffPresence::OnlyA:
        tint = OnlyAColor;
        tint.setAlpha(48);
        return tint;
    case DiffPresence::OnlyB:
        tint = OnlyBColor;
        tint.setAlpha(48);
        return tint;
    case DiffPresence::Both:
        break;
    }
    if (n.deltaNs() == 0)
        return {};
    tint = n.deltaNs() > 0 ? SlowerColor : FasterColor;
    // Capped so that text stays readable on the strongest tint.
    tint.setAlpha(int(std::lround(12 + 78 * TraceDiff::intensity(n))));
    return tint;
}

QVariant TraceCompareModel::foreground(const TraceDiffNode &n, int column) const
{
    const bool dark = AppTheme::isDark(QGuiApplication::palette());
    if ((column == CountAColumn && n.a.errors > 0) || (column == CountBColumn && n.b.errors > 0))
        return dark ? SlowerColor.lighter(150) : SlowerColor.darker(120);
    const qint64 delta = column == DeltaSelfColumn ? n.selfDeltaNs() : n.deltaNs();
    if ((column != DeltaColumn && column != DeltaPercentColumn && column != DeltaSelfColumn) ||
        delta == 0)
        return {};
    if (delta > 0)
        return dark ? SlowerColor.lighter(150) : SlowerColor.darker(140);
    return dark ? FasterColor.lighter(150) : FasterColor.darker(140);
}

QVariant TraceCompareModel::data(const QModelIndex &index, int role) const
{
    const TraceDiffNode *n = node(index);
    if (!n)
        return {};
    switch (role) {
    case Qt::DisplayRole:
        return displayData(*n, index.column());
    case Qt::ToolTipRole:
        return toolTip(*n);
    case Qt::TextAlignmentRole:
        if (index.column() == NameColumn || index.column() == BarsColumn)
            return int(Qt::AlignLeft | Qt::AlignVCenter);
        return int(Qt::AlignRight | Qt::AlignVCenter);
    case Qt::BackgroundRole:
        return background(*n);
    case Qt::ForegroundRole:
        return foreground(*n, index.column());
    case Qt::FontRole:
        if ((index.column() == CountAColumn || index.column() == CountBColumn) &&
            n->presence() == DiffPresence::Both && n->a.count != n->b.count) {
            QFont bold;
            bold.setBold(true);
            return bold;
        }
        return {};
    case PresenceRole:
        return int(n->presence());
    case PresenceTextRole:
        return n->presence() == DiffPresence::OnlyA   ? tr("only in A")
               : n->presence() == DiffPresence::OnlyB ? tr("only in B")
                                                      : QString();
    case ServiceRole:
        return n->service();
    case OperationRole:
        return n->operation();
    case OrphanRole:
        return n->orphan;
    case CountARole:
        return n->a.count;
    case CountBRole:
        return n->b.count;
    case TotalARole:
        return n->a.totalNs;
    case TotalBRole:
        return n->b.totalNs;
    case SelfARole:
        return n->a.selfNs;
    case SelfBRole:
        return n->b.selfNs;
    case ErrorsARole:
        return n->a.errors;
    case ErrorsBRole:
        return n->b.errors;
    case DeltaNsRole:
        return n->deltaNs();
    case DeltaRatioRole: {
        const std::optional<double> ratio = n->deltaRatio();
        return ratio ? QVariant(*ratio) : QVariant();
    }
    case IntensityRole:
        return TraceDiff::intensity(*n);
    case MaxTotalRole:
        return m_maxTotalNs;
    case NodeRole:
        return int(index.internalId());
    default:
        return {};
    }
}

QVariant TraceCompareModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal)
        return {};
    if (role == Qt::DisplayRole) {
        switch (section) {
        case NameColumn:
            return tr("Service / Operation");
        case CountAColumn:
            return tr("A spans");
        case DurationAColumn:
            return tr("A duration");
        case CountBColumn:
            return tr("B spans");
        case DurationBColumn:
            return tr("B duration");
        case BarsColumn:
            return tr("A vs B");
        case DeltaColumn:
            return tr("\u0394 duration");
        case DeltaPercentColumn:
            return tr("\u0394 %");
        case DeltaSelfColumn:
            return tr("\u0394 self");
        default:
            return {};
        }
    }
    if (role == Qt::ToolTipRole) {
        switch (section) {
        case DurationAColumn:
        case DurationBColumn:
            return tr("Total duration of the spans on this path (siblings with the same "
                      "service and operation add up)");
        case DeltaColumn:
            return tr("B minus A: positive is slower in B");
        case DeltaPercentColumn:
            return tr("Change relative to A");
        case DeltaSelfColumn:
            return tr("B minus A of the time spent in these spans themselves, not in their "
                      "children: where the extra time went");
        case CountAColumn:
        case CountBColumn:
            return tr("Spans on this path (and how many failed)");
        default:
            return {};
        }
    }
    if (role == Qt::TextAlignmentRole && section != NameColumn && section != BarsColumn)
        return int(Qt::AlignRight | Qt::AlignVCenter);
    return {};
}

} // namespace traceflow
