// SPDX-License-Identifier: MIT
#include "graphlayout.h"

#include "layeredgraph.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <tuple>

namespace traceflow {

namespace {
constexpr double DummyHeight = 8;
constexpr double LoopReach = 34; // how far a self-loop bulges out of its node
constexpr int CurveSamples = 16; // per Bezier segment, for hit testing

double distanceToSegment(QPointF p, QPointF a, QPointF b)
{
    const QPointF ab = b - a;
    const double len2 = QPointF::dotProduct(ab, ab);
    const double t = len2 > 0 ? std::clamp(QPointF::dotProduct(p - a, ab) / len2, 0.0, 1.0) : 0.0;
    const QPointF d = p - (a + t * ab);
    return std::hypot(d.x(), d.y());
}

QPointF bezier(QPointF p0, QPointF c1, QPointF c2, QPointF p1, double t)
{
    const double u = 1 - t;
    return u * u * u * p0 + 3 * u * u * t * c1 + 3 * u * t * t * c2 + t * t * t * p1;
}

// Places one layer's boxes in their order, as close to their wanted tops as the gaps allow
// (least squares): neighbours pushing into each other merge into a block centred on the
// mean of their wishes (pool-adjacent-violators).
void placeRow(const std::vector<double> &wanted, const std::vector<double> &heights, double gap,
              std::vector<double> &tops)
{
    struct Block
    {
        std::size_t first;
        double sum;    // of (wanted top - offset in block)
        double count;
        double extent; // height of the block
        double top() const { return sum / count; }
    };
    std::vector<Block> blocks;
    for (std::size_t i = 0; i < wanted.size(); ++i) {
        blocks.push_back({i, wanted[i], 1, heights[i]});
        while (blocks.size() > 1) {
            Block &prev = blocks[blocks.size() - 2];
            const Block &cur = blocks.back();
            if (prev.top() + prev.extent + gap <= cur.top())
                break;
            const double shift = prev.extent + gap;
            prev.sum += cur.sum - cur.count * shift;
            prev.count += cur.count;
            prev.extent += gap + cur.extent;
            blocks.pop_back();
        }
    }
    tops.resize(wanted.size());
    for (std::size_t b = 0; b < blocks.size(); ++b) {
        const std::size_t end = b + 1 < blocks.size() ? blocks[b + 1].first : wanted.size();
        double y = blocks[b].top();
        for (std::size_t i = blocks[b].first; i < end; ++i) {
            tops[i] = y;
            y += heights[i] + gap;
        }
    }
}
} // namespace

GraphLayout GraphLayout::compute(const std::vector<QSizeF> &nodeSizes,
                                 const std::vector<std::pair<int, int>> &edges,
                                 const GraphLayoutOptions &options)
{
    GraphLayout out;
    const int n = static_cast<int>(nodeSizes.size());
    const LayeredGraph graph = LayeredGraph::build(n, edges, options.sweeps);
    out.crossings = graph.crossings;
    std::vector<QSizeF> sizes = nodeSizes;
    sizes.resize(std::size_t(graph.vertexCount), QSizeF(0, DummyHeight));

    std::vector<double> layerWidth(std::size_t(graph.layerCount()), 0.0);
    for (int v = 0; v < graph.vertexCount; ++v) {
        double &w = layerWidth[std::size_t(graph.layer[std::size_t(v)])];
        w = std::max(w, sizes[std::size_t(v)].width());
    }
    std::vector<double> layerX(layerWidth.size(), 0.0);
    for (std::size_t l = 1; l < layerX.size(); ++l)
        layerX[l] = layerX[l - 1] + layerWidth[l - 1] + options.layerGap;

    std::vector<double> top;
    out.placeVertically(graph, sizes, top, options.nodeGap);

    std::vector<QPointF> centers(std::size_t(graph.vertexCount));
    for (int v = 0; v < graph.vertexCount; ++v) {
        const auto l = std::size_t(graph.layer[std::size_t(v)]);
        const QSizeF s = sizes[std::size_t(v)];
        centers[std::size_t(v)] = QPointF(layerX[l] + layerWidth[l] / 2,
                                          top[std::size_t(v)] + s.height() / 2);
        if (v < n) {
            out.nodes.emplace_back(QPointF(centers[std::size_t(v)].x() - s.width() / 2,
                                           top[std::size_t(v)]),
                                   s);
            out.layers.push_back(graph.layer[std::size_t(v)]);
        }
    }
    out.route(graph, edges, centers);

    for (const QRectF &r : out.nodes)
        out.bounds = out.bounds.isNull() ? r : out.bounds.united(r);
    for (const EdgeRoute &e : out.edges) {
        for (const QPointF &p : curve(e))
            out.bounds = out.bounds.united(QRectF(p, QSizeF(1, 1)));
    }
    return out;
}

void GraphLayout::placeVertically(const LayeredGraph &graph, const std::vector<QSizeF> &sizes,
                                  std::vector<double> &top, double gap) const
{
    top.assign(std::size_t(graph.vertexCount), 0.0);
    std::vector<std::vector<int>> pred(std::size_t(graph.vertexCount));
    std::vector<std::vector<int>> succ(std::size_t(graph.vertexCount));
    for (const auto &pairs : graph.segments()) {
        for (const auto &[a, b] : pairs) {
            succ[std::size_t(a)].push_back(b);
            pred[std::size_t(b)].push_back(a);
        }
    }
    auto height = [&sizes](int v) { return sizes[std::size_t(v)].height(); };
    // Start stacked and centred on the tallest layer.
    double tallest = 0;
    std::vector<double> rowHeight;
    for (const std::vector<int> &row : graph.order) {
        double h = 0;
        for (int v : row)
            h += height(v) + gap;
        rowHeight.push_back(h);
        tallest = std::max(tallest, h);
    }
    for (std::size_t l = 0; l < graph.order.size(); ++l) {
        double y = (tallest - rowHeight[l]) / 2;
        for (int v : graph.order[l]) {
            top[std::size_t(v)] = y;
            y += height(v) + gap;
        }
    }
    // Then pull each vertex towards the centres of its neighbours, alternating sides, so
    // edges run as straight as the order allows.
    std::vector<double> wanted;
    std::vector<double> heights;
    std::vector<double> placed;
    for (int pass = 0; pass < 8; ++pass) {
        const bool down = pass % 2 == 0;
        for (int step = 0; step < graph.layerCount(); ++step) {
            const std::vector<int> &row =
                graph.order[std::size_t(down ? step : graph.layerCount() - 1 - step)];
            wanted.clear();
            heights.clear();
            for (int v : row) {
                const std::vector<int> &near = down ? pred[std::size_t(v)] : succ[std::size_t(v)];
                double center = top[std::size_t(v)] + height(v) / 2;
                if (!near.empty()) {
                    double sum = 0;
                    for (int w : near)
                        sum += top[std::size_t(w)] + height(w) / 2;
                    center = sum / static_cast<double>(near.size());
                }
                wanted.push_back(center - height(v) / 2);
                heights.push_back(height(v));
            }
            placeRow(wanted, heights, gap, placed);
            for (std::size_t i = 0; i < row.size(); ++i)
                top[std::size_t(row[i])] = placed[i];
        }
    }
    const double minTop = top.empty() ? 0 : *std::min_element(top.begin(), top.end());
    for (double &t : top)
        t -= minTop;
}

void GraphLayout::route(const LayeredGraph &graph, const std::vector<std::pair<int, int>> &input,
                        const std::vector<QPointF> &centers)
{
    edges.assign(input.size(), {});
    // Where each edge meets its nodes: the edges on one side of a node fan out over part of
    // its height, ordered by where they come from, so they neither cross at the node nor
    // coincide (a call and its reverse call stay apart).
    struct Port
    {
        double otherY;
        std::size_t edge;
        bool head; // the right end of the chain
    };
    std::vector<std::vector<Port>> right(nodes.size());
    std::vector<std::vector<Port>> left(nodes.size());
    for (std::size_t i = 0; i < input.size(); ++i) {
        const std::vector<int> &chain = graph.chains[i];
        if (chain.size() < 2)
            continue;
        const int a = chain.front();
        const int b = chain.back();
        right[std::size_t(a)].push_back({centers[std::size_t(chain[1])].y(), i, false});
        left[std::size_t(b)].push_back({centers[std::size_t(chain[chain.size() - 2])].y(), i, true});
    }
    std::vector<QPointF> tailPoint(input.size());
    std::vector<QPointF> headPoint(input.size());
    auto spread = [&](std::vector<Port> &ports, const QRectF &rect, bool rightSide) {
        std::sort(ports.begin(), ports.end(), [](const Port &p, const Port &q) {
            return std::tie(p.otherY, p.edge) < std::tie(q.otherY, q.edge);
        });
        const double span = std::min(rect.height() * 0.6, 7.0 * double(ports.size() - 1));
        for (std::size_t k = 0; k < ports.size(); ++k) {
            const double y = rect.center().y() - span / 2
                + (ports.size() > 1 ? span * double(k) / double(ports.size() - 1) : 0.0);
            const QPointF at(rightSide ? rect.right() : rect.left(), y);
            (ports[k].head ? headPoint : tailPoint)[ports[k].edge] = at;
        }
    };
    for (std::size_t v = 0; v < nodes.size(); ++v) {
        spread(right[v], nodes[v], true);
        spread(left[v], nodes[v], false);
    }
    for (std::size_t i = 0; i < input.size(); ++i) {
        EdgeRoute &r = edges[i];
        const auto [from, to] = input[i];
        if (from == to && from >= 0 && std::size_t(from) < nodes.size()) {
            const QRectF &rect = nodes[std::size_t(from)];
            r.selfLoop = true;
            r.points = {QPointF(rect.right() - std::min(22.0, rect.width() / 3), rect.top()),
                        QPointF(rect.right(), rect.top() + std::min(14.0, rect.height() / 3))};
            continue;
        }
        const std::vector<int> &chain = graph.chains[i];
        if (chain.size() < 2)
            continue;
        r.reversed = graph.reversed[i];
        r.points.push_back(tailPoint[i]);
        for (std::size_t k = 1; k + 1 < chain.size(); ++k)
            r.points.push_back(centers[std::size_t(chain[k])]);
        r.points.push_back(headPoint[i]);
        if (r.reversed)
            std::reverse(r.points.begin(), r.points.end());
    }
}

std::vector<QPointF> GraphLayout::curve(const EdgeRoute &route)
{
    std::vector<QPointF> out;
    if (route.points.size() < 2)
        return out;
    if (route.selfLoop) {
        const QPointF p0 = route.points.front();
        const QPointF p1 = route.points.back();
        return {p0, p0 + QPointF(0, -LoopReach), p1 + QPointF(LoopReach, 0), p1};
    }
    out.push_back(route.points.front());
    for (std::size_t k = 1; k < route.points.size(); ++k) {
        const QPointF a = route.points[k - 1];
        const QPointF b = route.points[k];
        const double dx = (b.x() - a.x()) / 2;
        out.push_back(QPointF(a.x() + dx, a.y()));
        out.push_back(QPointF(b.x() - dx, b.y()));
        out.push_back(b);
    }
    return out;
}

int GraphLayout::nodeAt(QPointF point) const
{
    for (std::size_t i = nodes.size(); i-- > 0;) {
        if (nodes[i].contains(point))
            return static_cast<int>(i);
    }
    return -1;
}

int GraphLayout::edgeAt(QPointF point, double tolerance) const
{
    int best = -1;
    double bestDistance = tolerance;
    for (std::size_t i = 0; i < edges.size(); ++i) {
        const std::vector<QPointF> c = curve(edges[i]);
        for (std::size_t k = 0; k + 3 < c.size(); k += 3) {
            QPointF prev = c[k];
            for (int s = 1; s <= CurveSamples; ++s) {
                const QPointF next = bezier(c[k], c[k + 1], c[k + 2], c[k + 3],
                                            double(s) / CurveSamples);
                const double d = distanceToSegment(point, prev, next);
                if (d <= bestDistance) {
                    bestDistance = d;
                    best = static_cast<int>(i);
                }
                prev = next;
            }
        }
    }
    return best;
}

} // namespace traceflow
