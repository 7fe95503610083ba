#include "core/catchment.h"

#include <algorithm>
#include <cmath>
#include <utility>
#include <vector>

namespace hcgis {
namespace {

using Interval = std::pair<double, double>;  // fractions along a segment, first <= second

struct Piece {
    std::size_t seg;
    double t0, t1;
};

struct Tip {
    double x, y;    // where the budget runs out
    double ux, uy;  // unit direction into the unreached part
    double room;    // how far the unreached part runs straight on before the next reached piece, if any
    std::size_t piece;  // the reached piece that ends here
};

/// Reachable intervals of every touched segment, and the tips where reach ends inside a segment.
void reach(const WalkGraph& g, const Snap& source, double budget, std::vector<Piece>& pieces, std::vector<Tip>& tips) {
    const std::vector<WalkGraph::Source> src = {{source, 0.0, 0}};
    const WalkGraph::Field f = g.search(src, budget);
    for (std::size_t s = 0; s < g.segment_count(); ++s) {
        const auto a = static_cast<std::size_t>(g.segment_a(s)), b = static_cast<std::size_t>(g.segment_b(s));
        const double len = g.segment_length(s);
        std::vector<Interval> iv;
        if (std::isfinite(f.cost[a])) iv.emplace_back(0.0, std::min(1.0, (budget - f.cost[a]) / len));
        if (std::isfinite(f.cost[b])) iv.emplace_back(std::max(0.0, 1.0 - (budget - f.cost[b]) / len), 1.0);
        if (static_cast<std::int32_t>(s) == source.seg && source.leg <= budget) {
            const double r = (budget - source.leg) / len;
            iv.emplace_back(std::max(0.0, source.t - r), std::min(1.0, source.t + r));
        }
        if (iv.empty()) continue;
        std::sort(iv.begin(), iv.end());
        std::vector<Interval> merged;
        for (const auto& i : iv) {
            if (!merged.empty() && i.first <= merged.back().second) merged.back().second = std::max(merged.back().second, i.second);
            else merged.push_back(i);
        }
        const double ax = g.node_x(a), ay = g.node_y(a), bx = g.node_x(b), by = g.node_y(b);
        const double ux = (bx - ax) / len, uy = (by - ay) / len;
        for (std::size_t k = 0; k < merged.size(); ++k) {
            const auto [t0, t1] = merged[k];
            const std::size_t piece = pieces.size();
            pieces.push_back({s, t0, t1});
            // An end inside the segment is a tip: the road goes on, out of reach.
            if (t1 < 1.0) {
                const double next = k + 1 < merged.size() ? merged[k + 1].first : 1.0;
                const bool gap = k + 1 < merged.size();
                tips.push_back({ax + t1 * (bx - ax), ay + t1 * (by - ay), ux, uy,
                                gap ? (next - t1) * len / 2.0 : std::numeric_limits<double>::infinity(), piece});
            }
            if (t0 > 0.0) {
                const double prev = k > 0 ? merged[k - 1].second : 0.0;
                const bool gap = k > 0;
                tips.push_back({ax + t0 * (bx - ax), ay + t0 * (by - ay), -ux, -uy,
                                gap ? (t0 - prev) * len / 2.0 : std::numeric_limits<double>::infinity(), piece});
            }
        }
    }
}

geos::GeomPtr lines_of(const WalkGraph& g, const std::vector<Piece>& pieces) {
    GEOSContextHandle_t h = geos::ctx();
    std::vector<geos::GeomPtr> parts;
    for (const auto& p : pieces) {
        if (p.t1 <= p.t0) continue;
        const auto a = static_cast<std::size_t>(g.segment_a(p.seg)), b = static_cast<std::size_t>(g.segment_b(p.seg));
        const double ax = g.node_x(a), ay = g.node_y(a), bx = g.node_x(b), by = g.node_y(b);
        GEOSCoordSequence* seq = GEOSCoordSeq_create_r(h, 2, 2);
        GEOSCoordSeq_setXY_r(h, seq, 0, ax + p.t0 * (bx - ax), ay + p.t0 * (by - ay));
        GEOSCoordSeq_setXY_r(h, seq, 1, ax + p.t1 * (bx - ax), ay + p.t1 * (by - ay));
        parts.push_back(geos::check(GEOSGeom_createLineString_r(h, seq), "cannot make line"));
    }
    return geos::make_collection(std::move(parts), GEOS_MULTILINESTRING);
}

}  // namespace

geos::GeomPtr reachable_roads(const WalkGraph& graph, const Snap& source, double budget) {
    std::vector<Piece> pieces;
    std::vector<Tip> tips;
    if (source.seg >= 0 && source.leg <= budget) reach(graph, source, budget, pieces, tips);
    return lines_of(graph, pieces);
}

geos::GeomPtr catchment(const WalkGraph& graph, const Snap& source, double budget, double half_width) {
    GEOSContextHandle_t h = geos::ctx();
    std::vector<Piece> pieces;
    std::vector<Tip> tips;
    if (source.seg >= 0 && source.leg <= budget) reach(graph, source, budget, pieces, tips);
    const geos::GeomPtr roads = lines_of(graph, pieces);
    if (geos::is_empty(roads.get())) return geos::check(GEOSGeom_createEmptyPolygon_r(h), "cannot make polygon");
    geos::GeomPtr area = geos::check(GEOSBuffer_r(h, roads.get(), half_width, 8), "cannot buffer roads");
    // Square off every tip: remove the half-disk the round buffer puts beyond it.
    std::vector<geos::GeomPtr> cuts;
    const double w = half_width * 1.0001;
    for (const Tip& t : tips) {
        const double len = std::min(w, t.room);
        const double nx = -t.uy, ny = t.ux;  // normal
        GEOSCoordSequence* seq = GEOSCoordSeq_create_r(h, 5, 2);
        const double pts[5][2] = {{t.x + nx * w, t.y + ny * w},
                                  {t.x + nx * w + t.ux * len, t.y + ny * w + t.uy * len},
                                  {t.x - nx * w + t.ux * len, t.y - ny * w + t.uy * len},
                                  {t.x - nx * w, t.y - ny * w},
                                  {t.x + nx * w, t.y + ny * w}};
        for (unsigned k = 0; k < 5; ++k) GEOSCoordSeq_setXY_r(h, seq, k, pts[k][0], pts[k][1]);
        GEOSGeometry* ring = GEOSGeom_createLinearRing_r(h, seq);
        geos::GeomPtr cut = geos::check(GEOSGeom_createPolygon_r(h, ring, nullptr, 0), "cannot make tip cut");
        // Keep what other reached roads nearby cover: the cut squares off this piece only.
        const geos::Envelope ce = geos::envelope(cut.get());
        std::vector<Piece> near;
        for (std::size_t k = 0; k < pieces.size(); ++k) {
            // Not this piece, nor one on the same segment (the gap between them is handled by `room`).
            if (k == t.piece || pieces[k].seg == pieces[t.piece].seg) continue;
            const Piece& p = pieces[k];
            const auto a = static_cast<std::size_t>(graph.segment_a(p.seg)), b = static_cast<std::size_t>(graph.segment_b(p.seg));
            const double ax = graph.node_x(a), ay = graph.node_y(a), bx = graph.node_x(b), by = graph.node_y(b);
            const double x0 = ax + p.t0 * (bx - ax), y0 = ay + p.t0 * (by - ay), x1 = ax + p.t1 * (bx - ax), y1 = ay + p.t1 * (by - ay);
            if (std::max(x0, x1) < ce.minx - half_width || std::min(x0, x1) > ce.maxx + half_width ||
                std::max(y0, y1) < ce.miny - half_width || std::min(y0, y1) > ce.maxy + half_width)
                continue;
            near.push_back(p);
        }
        if (!near.empty()) {
            const geos::GeomPtr others = lines_of(graph, near);
            const geos::GeomPtr keep = geos::check(GEOSBuffer_r(h, others.get(), half_width, 8), "buffer failed");
            cut = geos::check(GEOSDifference_r(h, cut.get(), keep.get()), "cannot spare other roads");
        }
        cuts.push_back(std::move(cut));
    }
    if (cuts.empty()) return area;
    std::vector<const GEOSGeometry*> raw;
    for (const auto& c : cuts) raw.push_back(c.get());
    const geos::GeomPtr cut = geos::unary_union(raw);
    return geos::check(GEOSDifference_r(h, area.get(), cut.get()), "cannot cut catchment tips");
}

}  // namespace hcgis
