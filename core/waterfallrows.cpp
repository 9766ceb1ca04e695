// SPDX-License-Identifier: MIT
#include "waterfallrows.h"

#include "assembledtrace.h"

#include <algorithm>

namespace traceflow {

WaterfallRows::WaterfallRows(const std::vector<int> &parents)
    : m_parent(parents)
{
    const int n = int(m_parent.size());
    m_depth.assign(std::size_t(n), 0);
    m_end.resize(std::size_t(n));
    m_collapsed.assign(std::size_t(n), 0);
    for (int i = 0; i < n; ++i) {
        int &p = m_parent[i];
        if (p >= i || p < -1)
            p = -1;
        m_depth[i] = p < 0 ? 0 : m_depth[p] + 1;
        m_end[i] = i + 1;
    }
    // Children come after their parent, so one backward pass sees every subtree complete.
    for (int i = n - 1; i >= 0; --i) {
        if (m_parent[i] >= 0)
            m_end[m_parent[i]] = std::max(m_end[m_parent[i]], m_end[i]);
    }
    relayout();
}

WaterfallRows WaterfallRows::fromTrace(const AssembledTrace &trace)
{
    std::vector<int> parents(trace.spans.size());
    for (std::size_t i = 0; i < trace.spans.size(); ++i)
        parents[i] = trace.spans[i].parent;
    return WaterfallRows(parents);
}

int WaterfallRows::spanAt(int row) const
{
    return row >= 0 && row < rowCount() ? m_rows[row] : -1;
}

int WaterfallRows::rowOf(int span) const
{
    return span >= 0 && span < spanCount() ? m_rowOf[span] : -1;
}

bool WaterfallRows::setCollapsed(int span, bool collapsed)
{
    if (span < 0 || span >= spanCount() || !hasChildren(span) || isCollapsed(span) == collapsed)
        return false;
    m_collapsed[span] = collapsed;
    // Hidden descendants keep their own flags; only a shown span changes the rows.
    if (m_rowOf[span] >= 0)
        relayout();
    return true;
}

bool WaterfallRows::reveal(int span)
{
    if (span < 0 || span >= spanCount() || m_rowOf[span] >= 0)
        return false;
    for (int p = m_parent[span]; p >= 0; p = m_parent[p])
        m_collapsed[p] = 0;
    relayout();
    return true;
}

void WaterfallRows::collapseAll()
{
    for (int i = 0; i < spanCount(); ++i)
        m_collapsed[i] = hasChildren(i);
    relayout();
}

void WaterfallRows::expandAll()
{
    std::fill(m_collapsed.begin(), m_collapsed.end(), 0);
    relayout();
}

bool WaterfallRows::expandOneLevel()
{
    bool changed = false;
    for (int span : m_rows) {
        if (m_collapsed[span]) {
            m_collapsed[span] = 0;
            changed = true;
        }
    }
    if (changed)
        relayout();
    return changed;
}

bool WaterfallRows::collapseOneLevel()
{
    // Walking the rows backwards meets every shown descendant before its ancestor.
    std::vector<char> openBelow(m_parent.size(), 0);
    std::vector<int> toCollapse;
    for (auto it = m_rows.rbegin(); it != m_rows.rend(); ++it) {
        const int span = *it;
        const bool open = hasChildren(span) && !m_collapsed[span];
        if (open && !openBelow[span])
            toCollapse.push_back(span);
        if (m_parent[span] >= 0 && (open || openBelow[span]))
            openBelow[m_parent[span]] = 1;
    }
    for (int span : toCollapse)
        m_collapsed[span] = 1;
    if (!toCollapse.empty())
        relayout();
    return !toCollapse.empty();
}

void WaterfallRows::relayout()
{
    const int n = spanCount();
    m_rows.clear();
    m_rowOf.assign(std::size_t(n), -1);
    for (int i = 0; i < n;) {
        m_rowOf[i] = int(m_rows.size());
        m_rows.push_back(i);
        i = m_collapsed[i] ? m_end[i] : i + 1;
    }
}

} // namespace traceflow
