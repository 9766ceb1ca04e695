// SPDX-License-Identifier: MIT
#pragma once

#include <vector>

namespace traceflow {

class AssembledTrace;

// The rows of a trace waterfall: which spans are shown, in which order, given the subtrees
// the user collapsed. Spans are numbered in tree pre-order (every subtree contiguous, each
// parent before its children), as AssembledTrace::spans are, so a collapsed span hides the
// index range (span, subtreeEnd(span)). Lookups are O(1); every edit re-lays the rows in
// O(spans), a few milliseconds for a million spans.
class WaterfallRows
{
public:
    WaterfallRows() = default;
    // parents[i] is span i's parent, -1 for a root. A parent that does not come before its
    // child (which pre-order rules out) is taken as -1.
    explicit WaterfallRows(const std::vector<int> &parents);
    static WaterfallRows fromTrace(const AssembledTrace &trace);

    int spanCount() const { return int(m_parent.size()); }
    int rowCount() const { return int(m_rows.size()); }
    // -1 when row is out of range.
    int spanAt(int row) const;
    // -1 when span is hidden under a collapsed ancestor or out of range.
    int rowOf(int span) const;

    int parentOf(int span) const { return m_parent[span]; }
    int depth(int span) const { return m_depth[span]; }
    // One past span's last descendant.
    int subtreeEnd(int span) const { return m_end[span]; }
    int descendantCount(int span) const { return m_end[span] - span - 1; }
    bool hasChildren(int span) const { return m_end[span] > span + 1; }
    bool isCollapsed(int span) const { return m_collapsed[span] != 0; }

    // Collapsing a span without children does nothing. These return whether rows changed.
    bool setCollapsed(int span, bool collapsed);
    bool toggle(int span) { return setCollapsed(span, !isCollapsed(span)); }
    // Expands span's collapsed ancestors so that span gets a row.
    bool reveal(int span);

    // Leaves only the roots (every span with children collapsed).
    void collapseAll();
    void expandAll();
    // Expands every collapsed span that has a row, showing one more level under it.
    bool expandOneLevel();
    // Collapses, in every branch, the deepest shown span whose children are shown.
    bool collapseOneLevel();

private:
    void relayout();

    std::vector<int> m_parent;
    std::vector<int> m_depth;
    std::vector<int> m_end;
    std::vector<char> m_collapsed;
    std::vector<int> m_rows;  // row -> span
    std::vector<int> m_rowOf; // span -> row or -1
};

} // namespace traceflow
