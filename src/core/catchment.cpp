#include "core/catchment.h"

#include "core/polygon_union.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <numbers>
#include <utility>
#include <vector>

namespace hcgis {
namespace {

using Piece = CatchmentParts::Piece;

// Segments a quarter circle in a junction's disk: GEOS draws the buffer of a point as a regular polygon
// with a vertex every 90° / quadsegs from east (OffsetSegmentGenerator::createCircle), so 3 gives the
// 12-gon inscribed in the circle of the half-width with a vertex every 30°: at most
// 50 m · (1 − cos 15°) ≈ 1.7 m inside it, and the same vertices whichever catchment draws the junction.
constexpr int quadsegs = 3;

/// Pieces sorted by segment and t0, those of a segment that overlap or touch merged.
void merge_pieces(std::vector<Piece>& pieces) {
    std::sort(pieces.begin(), pieces.end(),
              [](const Piece& a, const Piece& b) { return a.seg != b.seg ? a.seg < b.seg : a.t0 < b.t0; });
    std::size_t out = 0;
    for (const Piece& p : pieces) {
        if (out > 0 && pieces[out - 1].seg == p.seg && p.t0 <= pieces[out - 1].t1)
            pieces[out - 1].t1 = std::max(pieces[out - 1].t1, p.t1);
        else
            pieces[out++] = p;
    }
    pieces.resize(out);
}

/// Disks sorted by junction, one a junction: the largest given for it.
void settle_disks(std::vector<CatchmentParts::Disk>& disks) {
    std::sort(disks.begin(), disks.end(), [](const CatchmentParts::Disk& a, const CatchmentParts::Disk& b) {
        return a.node != b.node ? a.node < b.node : a.radius > b.radius;
    });
    disks.erase(std::unique(disks.begin(), disks.end(), [](const auto& a, const auto& b) { return a.node == b.node; }), disks.end());
}

/// Reachable pieces of every touched segment. `f` keeps the search's costs for the caller.
void reach(const WalkGraph& g, const Snap& source, double budget, std::vector<Piece>& pieces, WalkGraph::LocalSearch& f) {
    // One small bounded search; only the source's segment and those meeting a reached node can hold
    // reached road, so only they are looked at.
    g.search_local(source, budget, f);
    std::vector<std::int32_t> touched{source.seg};
    for (std::int32_t n : f.reached) g.for_each_segment_at(n, [&](std::int32_t seg) { touched.push_back(seg); });
    std::sort(touched.begin(), touched.end());
    touched.erase(std::unique(touched.begin(), touched.end()), touched.end());
    for (const std::int32_t si : touched) {
        const auto s = static_cast<std::size_t>(si);
        const auto a = static_cast<std::size_t>(g.segment_a(s)), b = static_cast<std::size_t>(g.segment_b(s));
        const double len = g.segment_length(s);
        if (std::isfinite(f.cost[a])) pieces.push_back({si, 0.0, std::min(1.0, (budget - f.cost[a]) / len)});
        if (std::isfinite(f.cost[b])) pieces.push_back({si, std::max(0.0, 1.0 - (budget - f.cost[b]) / len), 1.0});
        if (si == source.seg && source.leg <= budget) {
            const double r = (budget - source.leg) / len;
            pieces.push_back({si, std::max(0.0, source.t - r), std::min(1.0, source.t + r)});
        }
    }
    merge_pieces(pieces);
    std::erase_if(pieces, [](const Piece& p) { return !(p.t1 > p.t0); });
}

/// The pieces as 2-point lines, from node a's side; a piece's end at a node is that node, bit for bit.
geos::GeomPtr lines_of(const WalkGraph& g, std::span<const Piece> pieces) {
    std::vector<geos::GeomPtr> parts;
    parts.reserve(pieces.size());
    for (const auto& p : pieces) {
        const auto s = static_cast<std::size_t>(p.seg);
        const auto a = static_cast<std::size_t>(g.segment_a(s)), b = static_cast<std::size_t>(g.segment_b(s));
        const double ax = g.node_x(a), ay = g.node_y(a), bx = g.node_x(b), by = g.node_y(b);
        auto at = [&](double t) {
            return t == 0.0 ? geos::XY{ax, ay} : t == 1.0 ? geos::XY{bx, by} : geos::XY{ax + t * (bx - ax), ay + t * (by - ay)};
        };
        const geos::XY ends[] = {at(p.t0), at(p.t1)};
        parts.push_back(geos::make_line(ends));
    }
    return geos::make_collection(std::move(parts), GEOS_MULTILINESTRING);
}

/// The 12-gons of `disks`, each drawn here as GEOS's buffer of a point draws it (a vertex every 30°
/// clockwise from east, OffsetSegmentGenerator::createCircle) and put together as they are, which spares
/// the buffer's noding of polygons that cannot meet. When two meet they must be unioned: GEOS's buffer of
/// their points when all have the half-width, else the union of the drawn 12-gons.
geos::GeomPtr disks_of(const WalkGraph& g, std::span<const CatchmentParts::Disk> disks, double half_width) {
    struct Centre {
        double x, y, r;
    };
    std::vector<Centre> centre;
    centre.reserve(disks.size());
    bool all_full = true;
    for (const auto& d : disks) {
        centre.push_back({g.node_x(static_cast<std::size_t>(d.node)), g.node_y(static_cast<std::size_t>(d.node)), d.radius});
        all_full = all_full && d.radius == half_width;
    }
    std::vector<Centre> by_x = centre;
    std::sort(by_x.begin(), by_x.end(), [](const Centre& a, const Centre& b) { return a.x < b.x; });
    const double apart = 2 * half_width * (1 + 1e-9);  // no two radii add up to more
    bool overlap = false;
    for (std::size_t i = 0; i < by_x.size() && !overlap; ++i)
        for (std::size_t j = i + 1; j < by_x.size() && by_x[j].x - by_x[i].x < apart; ++j)
            if (std::hypot(by_x[j].x - by_x[i].x, by_x[j].y - by_x[i].y) < (by_x[i].r + by_x[j].r) * (1 + 1e-9)) {
                overlap = true;
                break;
            }
    if (overlap && all_full) {
        std::vector<geos::GeomPtr> points;
        points.reserve(centre.size());
        for (const Centre& c : centre) points.push_back(geos::make_point(c.x, c.y));
        const geos::GeomPtr centres = geos::make_collection(std::move(points), GEOS_MULTIPOINT);
        return geos::buffer(centres.get(), half_width, quadsegs);
    }
    constexpr int n = 4 * quadsegs;
    const double step = 2 * std::numbers::pi / n;
    std::vector<geos::GeomPtr> polygons;
    polygons.reserve(centre.size());
    std::array<geos::XY, n + 1> ring{};
    for (const Centre& c : centre) {
        for (int i = 0; i < n; ++i) {
            const double angle = -i * step;
            ring[static_cast<std::size_t>(i)] = {c.x + c.r * std::cos(angle), c.y + c.r * std::sin(angle)};
        }
        ring[0] = {c.x + c.r, c.y};
        ring[n] = ring[0];
        polygons.push_back(geos::make_polygon(ring));
    }
    if (overlap) {  // 12-gons of different sizes that meet: unioned
        std::vector<const GEOSGeometry*> raw;
        for (const auto& p : polygons) raw.push_back(p.get());
        return geos::unary_union(raw);
    }
    return polygons.size() == 1 ? std::move(polygons.front()) : geos::make_collection(std::move(polygons), GEOS_MULTIPOLYGON);
}

/// `disks` without those the rectangles of `pieces` already cover. A junction's disk of radius ρ lies in
/// the rectangles of the pieces that leave it (each at least ρ long) when no angle between two of them
/// that follow each other round the junction exceeds 180°: a place in the disk then lies within 90° of
/// the direction of one of them, so its projection on that piece falls in [0, ρ] and its distance from it
/// is at most ρ, within the half-width. So the disks of a lattice's crossings and of straight runs go,
/// and those at bends, dead ends and the frontier stay; the point set is the same (up to 10⁻⁹ ρ where two
/// pieces meet at 180°). The junctions whose disks of the full `half_width` go are added to
/// `covered_nodes`, in the disks' order (the pieces may be chained there: chained_lines_of); a smaller
/// disk that goes is not, since a chain's round join there would reach out to the half-width, past the
/// short pieces of a junction reached with little budget to spare.
std::vector<CatchmentParts::Disk> uncovered_disks(const WalkGraph& g, std::span<const Piece> pieces,
                                                  std::span<const CatchmentParts::Disk> disks, double half_width,
                                                  std::vector<std::int32_t>& covered_nodes) {
    struct Ray {
        std::int32_t node;
        double angle, length;
    };
    std::vector<Ray> rays;
    for (const Piece& p : pieces) {
        const auto s = static_cast<std::size_t>(p.seg);
        const auto a = static_cast<std::size_t>(g.segment_a(s)), b = static_cast<std::size_t>(g.segment_b(s));
        const double dx = g.node_x(b) - g.node_x(a), dy = g.node_y(b) - g.node_y(a), len = std::hypot(dx, dy);
        if (p.t0 == 0.0) rays.push_back({g.segment_a(s), std::atan2(dy, dx), p.t1 * len});
        if (p.t1 == 1.0) rays.push_back({g.segment_b(s), std::atan2(-dy, -dx), (1.0 - p.t0) * len});
    }
    std::sort(rays.begin(), rays.end(),
              [](const Ray& x, const Ray& y) { return x.node != y.node ? x.node < y.node : x.angle < y.angle; });
    std::vector<CatchmentParts::Disk> out;
    std::vector<double> angles;
    for (const auto& d : disks) {
        auto it = std::lower_bound(rays.begin(), rays.end(), d.node, [](const Ray& r, std::int32_t n) { return r.node < n; });
        angles.clear();
        for (; it != rays.end() && it->node == d.node; ++it)
            if (it->length >= d.radius) angles.push_back(it->angle);  // by angle already
        bool covered = angles.size() >= 2;
        for (std::size_t i = 0; covered && i < angles.size(); ++i) {
            const double gap = i + 1 < angles.size() ? angles[i + 1] - angles[i] : angles.front() + 2 * std::numbers::pi - angles[i];
            covered = gap <= std::numbers::pi * (1 + 1e-9);
        }
        if (!covered) out.push_back(d);
        else if (d.radius == half_width) covered_nodes.push_back(d.node);
    }
    return out;
}

/// The pieces as lines, chained through the junctions of `joints` (sorted; junctions whose full disk their
/// rectangles hold, uncovered_disks): there the pieces that come nearest to going straight through (of
/// those the 2 % rule below lets pair) pair up, each pair one line with a vertex at the junction, so
/// GEOS's buffer nodes fewer rectangles against each other at every crossing (the 1 M city's catchments:
/// 0.73 against 0.94 s CPU). The same point set as the pieces' rectangles: a joint's round join, of the
/// half-width, lies in the junction's disk of the half-width, which they hold. A pair
/// whose junction lies within 2 % of the half-width of the line between its far ends stays apart: GEOS's
/// buffer drops such a vertex from its input (BufferInputLineSimplifier, 1 % of the distance).
geos::GeomPtr chained_lines_of(const WalkGraph& g, std::span<const Piece> pieces, std::span<const std::int32_t> joints,
                               double half_width) {
    const std::size_t n = pieces.size();
    auto end_xy = [&](std::size_t i, int e) {
        const Piece& p = pieces[i];
        const auto s = static_cast<std::size_t>(p.seg);
        const auto a = static_cast<std::size_t>(g.segment_a(s)), b = static_cast<std::size_t>(g.segment_b(s));
        const double t = e == 0 ? p.t0 : p.t1;
        const double ax = g.node_x(a), ay = g.node_y(a), bx = g.node_x(b), by = g.node_y(b);
        return t == 0.0 ? geos::XY{ax, ay} : t == 1.0 ? geos::XY{bx, by} : geos::XY{ax + t * (bx - ax), ay + t * (by - ay)};
    };
    struct End {
        std::int32_t node;
        double angle;  // of the piece, leaving the junction
        std::size_t at;  // 2 × piece + end (0: t0, 1: t1)
    };
    std::vector<End> ends;
    auto joint = [&](std::int32_t node) { return std::binary_search(joints.begin(), joints.end(), node); };
    for (std::size_t i = 0; i < n; ++i) {
        const Piece& p = pieces[i];
        const auto s = static_cast<std::size_t>(p.seg);
        const double dx = g.node_x(static_cast<std::size_t>(g.segment_b(s))) - g.node_x(static_cast<std::size_t>(g.segment_a(s)));
        const double dy = g.node_y(static_cast<std::size_t>(g.segment_b(s))) - g.node_y(static_cast<std::size_t>(g.segment_a(s)));
        if (p.t0 == 0.0 && joint(g.segment_a(s))) ends.push_back({g.segment_a(s), std::atan2(dy, dx), 2 * i});
        if (p.t1 == 1.0 && joint(g.segment_b(s))) ends.push_back({g.segment_b(s), std::atan2(-dy, -dx), 2 * i + 1});
    }
    std::sort(ends.begin(), ends.end(), [](const End& x, const End& y) { return x.node != y.node ? x.node < y.node : x.at < y.at; });
    constexpr std::size_t none = SIZE_MAX;
    std::vector<std::size_t> link(2 * n, none);  // the piece end chained to each piece end
    const double min_offset = 0.02 * half_width;
    for (std::size_t b = 0; b < ends.size();) {
        std::size_t e = b;
        while (e < ends.size() && ends[e].node == ends[b].node) ++e;
        // Pairs in turn, the straightest first (a junction has a few pieces).
        for (;;) {
            double best = INFINITY;
            std::size_t bi = none, bj = none;
            for (std::size_t i = b; i < e; ++i)
                for (std::size_t j = i + 1; j < e; ++j) {
                    if (link[ends[i].at] != none || link[ends[j].at] != none) continue;
                    double turn = std::abs(ends[j].angle - ends[i].angle);
                    turn = std::abs(std::min(turn, 2 * std::numbers::pi - turn) - std::numbers::pi);
                    if (turn >= best) continue;
                    const geos::XY v = end_xy(ends[i].at / 2, static_cast<int>(ends[i].at % 2));
                    const geos::XY p0 = end_xy(ends[i].at / 2, 1 - static_cast<int>(ends[i].at % 2));
                    const geos::XY p2 = end_xy(ends[j].at / 2, 1 - static_cast<int>(ends[j].at % 2));
                    const double dx = p2.x - p0.x, dy = p2.y - p0.y, l2 = dx * dx + dy * dy;
                    const double t = l2 > 0 ? std::clamp(((v.x - p0.x) * dx + (v.y - p0.y) * dy) / l2, 0.0, 1.0) : 0.0;
                    if (std::hypot(v.x - p0.x - t * dx, v.y - p0.y - t * dy) < min_offset) continue;
                    best = turn, bi = i, bj = j;
                }
            if (bi == none) break;
            link[ends[bi].at] = ends[bj].at;
            link[ends[bj].at] = ends[bi].at;
        }
        b = e;
    }
    std::vector<bool> done(n, false);
    std::vector<geos::GeomPtr> lines;
    std::vector<geos::XY> points;
    auto walk = [&](std::size_t i, int in) {  // the chain from end `in` of piece i
        points.assign(1, end_xy(i, in));
        for (;;) {
            done[i] = true;
            points.push_back(end_xy(i, 1 - in));
            const std::size_t next = link[2 * i + static_cast<std::size_t>(1 - in)];
            if (next == none || done[next / 2]) break;
            i = next / 2;
            in = static_cast<int>(next % 2);
        }
        lines.push_back(geos::make_line(points));
    };
    for (std::size_t i = 0; i < n; ++i)
        for (int e = 0; e < 2; ++e)
            if (!done[i] && link[2 * i + static_cast<std::size_t>(e)] == none) walk(i, e);
    for (std::size_t i = 0; i < n; ++i)
        if (!done[i]) walk(i, 0);  // a ring of pieces, opened at one of its junctions
    return geos::make_collection(std::move(lines), GEOS_MULTILINESTRING);
}

/// The rectangles of `pieces` and the 12-gons of `disks`, unioned (the disks the rectangles cover left
/// out by the caller, their junctions `joints`: uncovered_disks).
geos::GeomPtr draw(const WalkGraph& g, std::span<const Piece> pieces, std::span<const CatchmentParts::Disk> disks,
                   std::span<const std::int32_t> joints, double half_width) {
    // The pieces' buffer, chained through the joints, then one overlay with the 12-gons.
    std::vector<geos::GeomPtr> parts;
    if (!pieces.empty()) parts.push_back(geos::buffer_flat(chained_lines_of(g, pieces, joints, half_width).get(), half_width, quadsegs));
    if (!disks.empty()) parts.push_back(disks_of(g, disks, half_width));
    if (parts.empty()) return geos::empty_polygon();
    if (parts.size() == 1) return std::move(parts.front());
    return geos::union_of(parts[0].get(), parts[1].get());
}

}  // namespace

geos::GeomPtr reachable_roads(const WalkGraph& graph, const Snap& source, double budget) {
    std::vector<Piece> pieces;
    thread_local WalkGraph::LocalSearch f;
    if (source.seg >= 0 && source.leg <= budget) reach(graph, source, budget, pieces, f);
    return lines_of(graph, pieces);
}

CatchmentParts catchment_parts(const WalkGraph& graph, const Snap& source, double budget, double half_width) {
    CatchmentParts out;
    thread_local WalkGraph::LocalSearch f;  // the search's costs, for the disks below
    if (source.seg < 0 || source.leg > budget) return out;
    reach(graph, source, budget, out.pieces, f);
    // A whole segment's rectangle ends square at its junctions: a disk at each rounds it off (what a round
    // buffer draws). A piece cut short leaves its junction square too; a disk goes there only when the
    // junction is reached with a half-width to spare: the frontier of the catchment.
    // With less to spare the disk shrinks to what is left (see catchment.h), so that the outer corner of a
    // bend there is not cut off square.
    for (const Piece& p : out.pieces) {
        const bool whole = p.t0 == 0.0 && p.t1 == 1.0;
        const std::int32_t ends[] = {p.t0 == 0.0 ? graph.segment_a(static_cast<std::size_t>(p.seg)) : -1,
                                     p.t1 == 1.0 ? graph.segment_b(static_cast<std::size_t>(p.seg)) : -1};
        for (const std::int32_t n : ends) {
            if (n < 0) continue;
            const double spare = budget - f.cost[static_cast<std::size_t>(n)];
            if (whole || spare >= half_width) out.disks.push_back({n, half_width});
            else if (spare >= 1.0) out.disks.push_back({n, std::min(half_width, spare / std::cos(std::numbers::pi / 12))});
        }
    }
    settle_disks(out.disks);
    return out;
}

CatchmentParts merge_parts(std::span<const CatchmentParts> parts) {
    CatchmentParts out;
    for (const auto& p : parts) {
        out.pieces.insert(out.pieces.end(), p.pieces.begin(), p.pieces.end());
        out.disks.insert(out.disks.end(), p.disks.begin(), p.disks.end());
    }
    merge_pieces(out.pieces);
    settle_disks(out.disks);
    return out;
}

geos::GeomPtr catchment_polygon(const WalkGraph& graph, const CatchmentParts& parts, double half_width) {
    std::vector<std::int32_t> joints;
    const std::vector<CatchmentParts::Disk> disks = uncovered_disks(graph, parts.pieces, parts.disks, half_width, joints);
    return draw(graph, parts.pieces, disks, joints, half_width);
}

geos::GeomPtr catchment(const WalkGraph& graph, const Snap& source, double budget, double half_width) {
    return catchment_polygon(graph, catchment_parts(graph, source, budget, half_width), half_width);
}

geos::GeomPtr catchments_union(const WalkGraph& graph, std::span<const CatchmentParts> parts, double half_width,
                               std::size_t cores, const CoresHeld& held) {
    CatchmentParts all = merge_parts(parts);
    if (all.pieces.empty() && all.disks.empty()) return geos::empty_polygon();
    // The disks all pieces together cover go before the cells are cut (a junction's pieces may lie in
    // several cells).
    std::vector<std::int32_t> joints;
    all.disks = uncovered_disks(graph, all.pieces, all.disks, half_width, joints);
    // Cells of a square grid over the network, of about 128 pieces each (the 1 M city's union: 32 pieces
    // +16 % CPU, 64 +10 %, 256 +5 %, 512 +5 %; GEOS's buffer grows faster than its input); a piece goes to
    // the cell of its segment's node a, a disk to its junction's.
    double x0 = INFINITY, y0 = INFINITY, x1 = -INFINITY, y1 = -INFINITY;
    for (std::size_t n = 0; n < graph.node_count(); ++n) {
        x0 = std::min(x0, graph.node_x(n)), x1 = std::max(x1, graph.node_x(n));
        y0 = std::min(y0, graph.node_y(n)), y1 = std::max(y1, graph.node_y(n));
    }
    const double cells_wanted = std::max(1.0, static_cast<double>(all.pieces.size()) / 128.0);
    const double side = std::max({std::sqrt((x1 - x0) * (y1 - y0) / cells_wanted), (x1 - x0) / 4096, (y1 - y0) / 4096, 1.0});
    // A cell's key: its column and row interleaved bit by bit (Morton order), so that a run of keys is a
    // block of neighbouring cells.
    auto cell_of = [&](std::int32_t node) {
        const auto n = static_cast<std::size_t>(node);
        const auto cx = static_cast<std::uint64_t>((graph.node_x(n) - x0) / side), cy = static_cast<std::uint64_t>((graph.node_y(n) - y0) / side);
        std::uint64_t key = 0;
        for (int bit = 0; bit < 32; ++bit) key |= ((cx >> bit) & 1u) << (2 * bit) | ((cy >> bit) & 1u) << (2 * bit + 1);
        return key;
    };
    struct Item {
        std::uint64_t cell;
        bool is_disk;
        std::size_t i;
    };
    std::vector<Item> items;
    items.reserve(all.pieces.size() + all.disks.size());
    for (std::size_t i = 0; i < all.pieces.size(); ++i)
        items.push_back({cell_of(graph.segment_a(static_cast<std::size_t>(all.pieces[i].seg))), false, i});
    for (std::size_t i = 0; i < all.disks.size(); ++i) items.push_back({cell_of(all.disks[i].node), true, i});
    std::sort(items.begin(), items.end(), [](const Item& a, const Item& b) {
        return a.cell != b.cell ? a.cell < b.cell : a.is_disk != b.is_disk ? b.is_disk : a.i < b.i;
    });
    std::vector<std::pair<std::size_t, std::size_t>> cells;  // [begin, end) of items
    for (std::size_t b = 0; b < items.size();) {
        std::size_t e = b;
        while (e < items.size() && items[e].cell == items[b].cell) ++e;
        cells.emplace_back(b, e);
        b = e;
    }
    return union_in_order(
        cells.size(),
        [&](std::size_t c) {
            std::vector<Piece> pieces;
            std::vector<CatchmentParts::Disk> disks;
            for (std::size_t k = cells[c].first; k < cells[c].second; ++k) {
                if (items[k].is_disk) disks.push_back(all.disks[items[k].i]);
                else pieces.push_back(all.pieces[items[k].i]);
            }
            return draw(graph, pieces, disks, joints, half_width);
        },
        cores, held);
}

}  // namespace hcgis
