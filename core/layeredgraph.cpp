// SPDX-License-Identifier: MIT
#include "layeredgraph.h"

#include <algorithm>
#include <limits>
#include <numeric>

namespace traceflow {

namespace {
bool validEdge(const std::pair<int, int> &e, int n)
{
    return e.first >= 0 && e.second >= 0 && e.first < n && e.second < n && e.first != e.second;
}
} // namespace

LayeredGraph LayeredGraph::build(int nodeCount, const std::vector<std::pair<int, int>> &edges,
                                 int sweeps)
{
    LayeredGraph g;
    g.nodeCount = std::max(0, nodeCount);
    g.vertexCount = g.nodeCount;
    std::vector<std::pair<int, int>> dag;
    g.breakCycles(edges, dag);
    g.assignLayers(dag);
    g.splitLongEdges(dag);
    g.orderLayers(sweeps);
    return g;
}

void LayeredGraph::breakCycles(const std::vector<std::pair<int, int>> &edges,
                               std::vector<std::pair<int, int>> &dag)
{
    const int n = nodeCount;
    reversed.assign(edges.size(), false);
    dag.assign(edges.size(), {-1, -1});
    std::vector<std::vector<int>> out(static_cast<std::size_t>(n));
    std::vector<int> inDegree(static_cast<std::size_t>(n), 0);
    for (std::size_t i = 0; i < edges.size(); ++i) {
        if (!validEdge(edges[i], n))
            continue;
        out[std::size_t(edges[i].first)].push_back(static_cast<int>(i));
        ++inDegree[std::size_t(edges[i].second)];
    }
    // Starting from the sources makes the entry services' calls the forward ones; the
    // remaining nodes (pure cycles) start in index order.
    std::vector<int> roots;
    for (int v = 0; v < n; ++v) {
        if (inDegree[std::size_t(v)] == 0)
            roots.push_back(v);
    }
    for (int v = 0; v < n; ++v)
        roots.push_back(v);
    enum : char { White, Grey, Black };
    std::vector<char> colour(static_cast<std::size_t>(n), White);
    std::vector<std::pair<int, std::size_t>> stack; // node, next out-edge to look at
    for (int root : roots) {
        if (colour[std::size_t(root)] != White)
            continue;
        colour[std::size_t(root)] = Grey;
        stack.emplace_back(root, 0);
        while (!stack.empty()) {
            auto &[u, next] = stack.back();
            const std::vector<int> &outs = out[std::size_t(u)];
            if (next == outs.size()) {
                colour[std::size_t(u)] = Black;
                stack.pop_back();
                continue;
            }
            const int e = outs[next++];
            const int v = edges[std::size_t(e)].second;
            if (colour[std::size_t(v)] == Grey) {
                reversed[std::size_t(e)] = true; // closes a cycle: draw it backwards
            } else if (colour[std::size_t(v)] == White) {
                colour[std::size_t(v)] = Grey;
                stack.emplace_back(v, 0); // invalidates u/next; the loop re-reads back()
            }
        }
    }
    for (std::size_t i = 0; i < edges.size(); ++i) {
        if (validEdge(edges[i], n))
            dag[i] = reversed[i] ? std::pair{edges[i].second, edges[i].first} : edges[i];
    }
}

void LayeredGraph::assignLayers(const std::vector<std::pair<int, int>> &dag)
{
    const int n = nodeCount;
    layer.assign(static_cast<std::size_t>(n), 0);
    std::vector<std::vector<int>> succ(static_cast<std::size_t>(n));
    std::vector<int> inDegree(static_cast<std::size_t>(n), 0);
    for (const auto &[a, b] : dag) {
        if (a < 0)
            continue;
        succ[std::size_t(a)].push_back(b);
        ++inDegree[std::size_t(b)];
    }
    // Kahn's topological order; each node lands one layer right of its deepest caller.
    std::vector<int> queue;
    std::vector<int> remaining = inDegree;
    for (int v = 0; v < n; ++v) {
        if (remaining[std::size_t(v)] == 0)
            queue.push_back(v);
    }
    for (std::size_t head = 0; head < queue.size(); ++head) {
        const int u = queue[head];
        for (int v : succ[std::size_t(u)]) {
            layer[std::size_t(v)] = std::max(layer[std::size_t(v)], layer[std::size_t(u)] + 1);
            if (--remaining[std::size_t(v)] == 0)
                queue.push_back(v);
        }
    }
    // A source only calling deep nodes moves right next to its nearest callee, which
    // shortens its edges without moving anything else.
    for (int v = 0; v < n; ++v) {
        if (inDegree[std::size_t(v)] != 0 || succ[std::size_t(v)].empty())
            continue;
        int nearest = std::numeric_limits<int>::max();
        for (int w : succ[std::size_t(v)])
            nearest = std::min(nearest, layer[std::size_t(w)]);
        layer[std::size_t(v)] = nearest - 1;
    }
}

void LayeredGraph::splitLongEdges(const std::vector<std::pair<int, int>> &dag)
{
    chains.assign(dag.size(), {});
    for (std::size_t i = 0; i < dag.size(); ++i) {
        const auto [a, b] = dag[i];
        if (a < 0)
            continue;
        std::vector<int> &chain = chains[i];
        chain.push_back(a);
        for (int l = layer[std::size_t(a)] + 1; l < layer[std::size_t(b)]; ++l) {
            chain.push_back(vertexCount++);
            layer.push_back(l);
        }
        chain.push_back(b);
    }
}

std::vector<std::vector<std::pair<int, int>>> LayeredGraph::segments() const
{
    std::vector<std::vector<std::pair<int, int>>> out(
        static_cast<std::size_t>(std::max(0, layerCount() - 1)));
    for (const std::vector<int> &chain : chains) {
        for (std::size_t k = 1; k < chain.size(); ++k)
            out[std::size_t(layer[std::size_t(chain[k - 1])])].emplace_back(chain[k - 1],
                                                                             chain[k]);
    }
    return out;
}

int LayeredGraph::countCrossings() const
{
    int total = 0;
    for (const auto &pairs : segments()) {
        std::vector<std::pair<int, int>> pos;
        pos.reserve(pairs.size());
        for (const auto &[a, b] : pairs)
            pos.emplace_back(position[std::size_t(a)], position[std::size_t(b)]);
        std::sort(pos.begin(), pos.end());
        for (std::size_t i = 0; i < pos.size(); ++i) {
            for (std::size_t j = i + 1; j < pos.size(); ++j) {
                if (pos[j].first > pos[i].first && pos[j].second < pos[i].second)
                    ++total;
            }
        }
    }
    return total;
}

void LayeredGraph::orderLayers(int sweeps)
{
    const int layers = vertexCount == 0
        ? 0
        : *std::max_element(layer.begin(), layer.end()) + 1;
    order.assign(static_cast<std::size_t>(layers), {});
    for (int v = 0; v < vertexCount; ++v)
        order[std::size_t(layer[std::size_t(v)])].push_back(v);
    position.assign(static_cast<std::size_t>(vertexCount), 0);
    auto renumber = [this](const std::vector<int> &row) {
        for (std::size_t i = 0; i < row.size(); ++i)
            position[std::size_t(row[i])] = static_cast<int>(i);
    };
    for (const std::vector<int> &row : order)
        renumber(row);

    std::vector<std::vector<int>> pred(static_cast<std::size_t>(vertexCount));
    std::vector<std::vector<int>> succ(static_cast<std::size_t>(vertexCount));
    for (const auto &pairs : segments()) {
        for (const auto &[a, b] : pairs) {
            succ[std::size_t(a)].push_back(b);
            pred[std::size_t(b)].push_back(a);
        }
    }
    crossings = countCrossings();
    std::vector<std::vector<int>> best = order;
    std::vector<double> key(static_cast<std::size_t>(vertexCount), 0.0);
    for (int sweep = 0; sweep < sweeps && crossings > 0; ++sweep) {
        const bool down = sweep % 2 == 0;
        for (int step = 1; step < layers; ++step) {
            std::vector<int> &row = order[std::size_t(down ? step : layers - 1 - step)];
            for (int v : row) {
                const std::vector<int> &near = down ? pred[std::size_t(v)] : succ[std::size_t(v)];
                double sum = 0;
                for (int w : near)
                    sum += position[std::size_t(w)];
                // Without neighbours on that side a vertex keeps its place.
                key[std::size_t(v)] = near.empty() ? position[std::size_t(v)]
                                                   : sum / static_cast<double>(near.size());
            }
            std::stable_sort(row.begin(), row.end(), [&key](int a, int b) {
                return key[std::size_t(a)] < key[std::size_t(b)];
            });
            renumber(row);
        }
        const int now = countCrossings();
        if (now < crossings) {
            crossings = now;
            best = order;
        }
    }
    order = std::move(best);
    for (const std::vector<int> &row : order)
        renumber(row);
}

} // namespace traceflow
