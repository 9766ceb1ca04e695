// SPDX-License-Identifier: MIT
#pragma once

#include <QPointF>
#include <QRectF>
#include <QSizeF>

#include <utility>
#include <vector>

namespace traceflow {

class LayeredGraph;

struct GraphLayoutOptions
{
    double layerGap = 110; // horizontal space between the widest nodes of adjacent layers
    double nodeGap = 26;   // vertical space between nodes of one layer
    int sweeps = 12;       // barycenter sweeps when ordering the layers
};

// How one edge is drawn: a polyline from the caller's right side through the dummy points to
// the callee's left side (a back edge leaves from the caller's left side and enters the
// callee's right side). curve() turns it into cubic Bezier segments.
struct EdgeRoute
{
    std::vector<QPointF> points; // at least two, empty for an edge naming an unknown node
    bool reversed = false;       // closes a cycle, so it runs right to left
    bool selfLoop = false;       // a node calling itself: a loop over its top right corner
};

// A left-to-right layered drawing of a directed graph (callers left of callees), in a
// coordinate space with its top-left near (0, 0). Pure and deterministic.
class GraphLayout
{
public:
    static GraphLayout compute(const std::vector<QSizeF> &nodeSizes,
                               const std::vector<std::pair<int, int>> &edges,
                               const GraphLayoutOptions &options = {});

    std::vector<QRectF> nodes;    // per node
    std::vector<int> layers;      // per node, 0 = leftmost
    std::vector<EdgeRoute> edges; // per input edge
    QRectF bounds;                // every node and route point
    int crossings = 0;

    // Cubic Bezier control points: p0, then (c1, c2, p) per segment. Horizontal tangents at
    // every route point, so the curve leaves and enters nodes straight.
    static std::vector<QPointF> curve(const EdgeRoute &route);
    // The topmost node containing point, -1 when none.
    int nodeAt(QPointF point) const;
    // The edge whose curve passes nearest to point within tolerance, -1 when none.
    int edgeAt(QPointF point, double tolerance) const;

private:
    void placeVertically(const LayeredGraph &graph, const std::vector<QSizeF> &sizes,
                         std::vector<double> &top, double gap) const;
    void route(const LayeredGraph &graph, const std::vector<std::pair<int, int>> &input,
               const std::vector<QPointF> &dummyCenters);
};

} // namespace traceflow
