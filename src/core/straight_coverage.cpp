#include "core/straight_coverage.h"

#include "core/parallel.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <utility>

namespace hcgis {
std::vector<double> point_coverage(std::span<const double> fx, std::span<const double> fy,
                                   std::span<const double> radius, std::span<const double> rx,
                                   std::span<const double> ry) {
    constexpr double inf = std::numeric_limits<double>::infinity();
    std::vector<double> out(rx.size(), inf);
    double rmax = 0, minx = inf, miny = inf, maxx = -inf, maxy = -inf;
    for (std::size_t k = 0; k < fx.size(); ++k) {
        if (!(radius[k] > 0)) continue;
        rmax = std::max(rmax, radius[k]);
        minx = std::min(minx, fx[k]), maxx = std::max(maxx, fx[k]);
        miny = std::min(miny, fy[k]), maxy = std::max(maxy, fy[k]);
    }
    if (rmax <= 0) return out;

    // A dense grid of cells half the largest radius over the facilities (a resident looks at the 5 x 5
    // cells round its own), coarser where that would be more than 4 M cells; facility indexes per cell
    // in one array (CSR).
    double cell = rmax / 2;
    const double w = maxx - minx, h = maxy - miny;
    if ((w / cell + 1) * (h / cell + 1) > 4e6) cell = std::max({cell, std::sqrt(w * h / 4e6), std::max(w, h) / 2000.0});
    const auto range = static_cast<std::int64_t>(std::ceil(rmax / cell));
    const auto nx = static_cast<std::int64_t>(w / cell) + 1, ny = static_cast<std::int64_t>(h / cell) + 1;
    auto cell_of = [&](double x, double y) {
        return std::pair{static_cast<std::int64_t>(std::floor((x - minx) / cell)),
                         static_cast<std::int64_t>(std::floor((y - miny) / cell))};
    };
    std::vector<std::uint32_t> start(static_cast<std::size_t>(nx * ny) + 1, 0);
    std::vector<std::uint32_t> items;
    for (std::size_t k = 0; k < fx.size(); ++k)
        if (radius[k] > 0) {
            const auto [i, j] = cell_of(fx[k], fy[k]);
            ++start[static_cast<std::size_t>(j * nx + i) + 1];
        }
    for (std::size_t c = 1; c < start.size(); ++c) start[c] += start[c - 1];
    items.resize(start.back());
    std::vector<std::uint32_t> fill(start.begin(), start.end() - 1);
    for (std::size_t k = 0; k < fx.size(); ++k)
        if (radius[k] > 0) {
            const auto [i, j] = cell_of(fx[k], fy[k]);
            items[fill[static_cast<std::size_t>(j * nx + i)]++] = static_cast<std::uint32_t>(k);
        }

    parallel_chunks(rx.size(), 50000, 32768, [&](std::size_t begin, std::size_t end) {
        for (std::size_t r = begin; r < end; ++r) {
            const auto [ci, cj] = cell_of(rx[r], ry[r]);
            const std::int64_t i0 = std::max<std::int64_t>(0, ci - range), i1 = std::min(nx - 1, ci + range);
            const std::int64_t j0 = std::max<std::int64_t>(0, cj - range), j1 = std::min(ny - 1, cj + range);
            double best = inf;  // squared
            for (std::int64_t j = j0; j <= j1; ++j)
                for (std::int64_t i = i0; i <= i1; ++i) {
                    const auto c = static_cast<std::size_t>(j * nx + i);
                    for (std::uint32_t q = start[c]; q < start[c + 1]; ++q) {
                        const std::uint32_t k = items[q];
                        const double dx = fx[k] - rx[r], dy = fy[k] - ry[r];
                        const double d2 = dx * dx + dy * dy;
                        if (d2 < best && d2 <= radius[k] * radius[k]) best = d2;
                    }
                }
            out[r] = best < inf ? std::sqrt(best) : inf;
        }
    });
    return out;
}

namespace {

// A polygon as plain coordinate rings (exterior and holes alike), for fast point tests.
struct Rings {
    std::vector<std::vector<std::pair<double, double>>> rings;
};

// What a resident is tested against before a polygon's rings: the polygon's envelope grown by its radius,
// and a circle round every vertex (centre: the envelope's). A point farther than reject2 (squared) from
// the centre is beyond the radius from every edge and outside; one within accept2 has every vertex within
// the radius. Both keep a margin far above rounding, so they answer as the ring walk would; in between,
// the walk decides.
struct Bounds {
    double minx, miny, maxx, maxy;
    double cx, cy, reject2 = std::numeric_limits<double>::infinity(), accept2 = -1;
    double margin = 0;  // far above the rounding of any distance to this polygon (see polygon_coverage)
};

void collect_rings(const GEOSGeometry* g, Rings& out) {
    geos::walk_coordinates(g, [&](geos::Piece piece, std::span<const geos::XY> ring) {
        if (piece == geos::Piece::Line) return;  // polygons only: a line in a collection has no inside
        std::vector<std::pair<double, double>> pts;
        pts.reserve(ring.size());
        for (const auto& p : ring) pts.emplace_back(p.x, p.y);
        out.rings.push_back(std::move(pts));
    });
}

// True when (x, y) lies inside the polygon (even-odd over all rings) or within r of its edge.
bool within(const Rings& poly, double x, double y, double r) {
    bool inside = false;
    const double r2 = r * r;
    for (const auto& ring : poly.rings) {
        for (std::size_t i = 0, j = ring.size() - 1; i < ring.size(); j = i++) {
            const auto [xi, yi] = ring[i];
            const auto [xj, yj] = ring[j];
            if ((yi > y) != (yj > y) && x < (xj - xi) * (y - yi) / (yj - yi) + xi) inside = !inside;
            // Distance to the segment, squared.
            const double dx = xj - xi, dy = yj - yi, len2 = dx * dx + dy * dy;
            const double t = len2 > 0 ? std::clamp(((x - xi) * dx + (y - yi) * dy) / len2, 0.0, 1.0) : 0.0;
            const double ex = xi + t * dx - x, ey = yi + t * dy - y;
            if (ex * ex + ey * ey <= r2) return true;
        }
    }
    return inside;
}

// A polygon's edges for the squares' distances (CellDecider): start, the end's y, direction and
// 1 / length², the edges of all polygons in one array.
struct Edge {
    double x, y, y1, dx, dy, inv;
};

void collect_edges(const Rings& poly, std::vector<Edge>& out) {
    for (const auto& ring : poly.rings)
        for (std::size_t i = 0, j = ring.size() - 1; i < ring.size(); j = i++) {
            const auto [xi, yi] = ring[i];
            const auto [xj, yj] = ring[j];
            const double dx = xj - xi, dy = yj - yi, len2 = dx * dx + dy * dy;
            out.push_back({xi, yi, yj, dx, dy, len2 > 0 ? 1 / len2 : 0.0});
        }
}

// The squared distance from (x, y) to the nearest of `edges` (+infinity without any), and whether the
// point lies inside by the even-odd rule of `within`. Which edges span the point's y is tested on the
// vertices' own coordinates, as `within` does (an end computed as start + direction could put the two
// edges at a vertex on the same side of a ray through it, and turn the parity of a point far from
// every edge); the rest is computed a little differently (a product by 1 / length²), which changes
// the answers by rounding only, far below the margins the squares are grown by.
double edge_distance2(std::span<const Edge> edges, double x, double y, bool& inside) {
    inside = false;
    double best = std::numeric_limits<double>::infinity();
    for (const Edge& e : edges) {
        const double ax = x - e.x, ay = y - e.y;
        if ((e.y > y) != (e.y1 > y) && ax < e.dx * ay / e.dy) inside = !inside;
        const double t = std::clamp((ax * e.dx + ay * e.dy) * e.inv, 0.0, 1.0);
        const double ex = t * e.dx - ax, ey = t * e.dy - ay;
        best = std::min(best, ex * ex + ey * ey);
    }
    return best;
}

// What every resident of a square is, decided once for the square: Out (no polygon serves any point of
// it), In (one polygon serves every point of it) or Open (the residents are tested one by one).
enum Cell : std::uint8_t { Out = 0, In = 1, Open = 2 };

// Decides squares of a coarse grid cell and, where one cannot be decided, its four quarters, down to
// `levels` halvings; writes the state of each of the block's side x side sub-cells (row-major, side =
// 2^levels). Only polygons that the coarse cell lists (all a resident of it is tested against) are
// looked at, and a polygon that can serve no point of a square is left out for its quarters.
//
// A square of centre C, half side s, half diagonal h (every point of it within h of C; all of them
// grown by the polygon's margin m, so that a resident that rounding puts in the square is in it):
// - Out for polygon k when the square misses its grown envelope or its reject circle, or when C lies
//   outside k and farther than r + h + m from every edge: then every point of the square is outside and
//   farther than r + m from every edge, and its ring walk answers no.
// - In by polygon k when the square lies in its accept circle, or C lies within r - h - m of an edge
//   (every point within r - m of that edge), or C lies inside k and either at least h + m from every
//   edge (then no edge comes between C and any point of the square, so every point lies inside, as the
//   even-odd walk finds it) or h + m <= r (a point P of the square outside k is then within |CP| <= h + m
//   <= r of the edge the segment from C to P crosses; and were C put inside by rounding, it lies on
//   an edge, within r - h - m of it): the ring walk of every point answers yes, and a resident inside k
//   (or within r of it) lies in k's grown envelope, so its cell lists k.
struct CellDecider {
    const std::vector<Edge>& edges;
    const std::vector<std::uint32_t>& edges_at;  // polygon k's edges: [edges_at[k], edges_at[k + 1])
    const std::vector<Bounds>& bounds;
    const std::vector<double>& rad;
    double f;      // the side of a sub-cell
    double slack;  // rounding of a resident's sub-cell, added to every polygon's margin
    int levels, side, stride;  // stride: the fine grid's row length
    std::vector<std::vector<std::uint32_t>> keep;  // the polygons left, per level

    void fill(std::uint8_t* block, int si, int sj, int n, Cell c) const {
        for (int j = sj; j < sj + n; ++j) std::fill_n(block + static_cast<std::ptrdiff_t>(j) * stride + si, n, static_cast<std::uint8_t>(c));
    }

    // The square of n x n sub-cells from (si, sj) of the coarse cell at (x0, y0); `from` the polygons
    // its parent left (at level 0, the coarse cell's).
    void decide(std::uint8_t* block, double x0, double y0, int si, int sj, int level, std::span<const std::uint32_t> from) {
        const int n = side >> level;
        const double s = 0.5 * n * f, cx = x0 + (si * f + s), cy = y0 + (sj * f + s), h = s * std::sqrt(2.0);
        std::vector<std::uint32_t>& left = keep[static_cast<std::size_t>(level)];
        left.clear();
        for (const std::uint32_t k : from) {
            const Bounds& b = bounds[k];
            const double m = b.margin + slack, sm = s + m;
            if (cx + sm < b.minx || cx - sm > b.maxx || cy + sm < b.miny || cy - sm > b.maxy) continue;
            const double ax = std::abs(b.cx - cx), ay = std::abs(b.cy - cy);
            const double nx = std::max(0.0, ax - sm), ny = std::max(0.0, ay - sm);
            if (nx * nx + ny * ny > b.reject2) continue;
            const double fx = ax + sm, fy = ay + sm;
            if (fx * fx + fy * fy <= b.accept2) return fill(block, si, sj, n, In);
            bool inside = false;
            const double d = std::sqrt(edge_distance2(std::span(edges).subspan(edges_at[k], edges_at[k + 1] - edges_at[k]), cx, cy, inside));
            if (d <= rad[k] - h - m || (inside && (d >= h + m || h + m <= rad[k]))) return fill(block, si, sj, n, In);
            if (!inside && d > rad[k] + h + m) continue;
            left.push_back(k);
        }
        if (left.empty()) return fill(block, si, sj, n, Out);
        if (level == levels) return fill(block, si, sj, n, Open);
        const int q = n / 2;
        for (int dj = 0; dj < 2; ++dj)
            for (int di = 0; di < 2; ++di) decide(block, x0, y0, si + di * q, sj + dj * q, level + 1, keep[static_cast<std::size_t>(level)]);
    }
};

}  // namespace

std::vector<std::uint8_t> polygon_coverage(std::span<const geos::GeomPtr> polygons, std::span<const double> radius,
                                           std::span<const double> rx, std::span<const double> ry) {
    std::vector<std::uint8_t> out(rx.size(), 0);
    std::vector<Rings> polys;
    std::vector<Bounds> bounds;
    std::vector<double> rad;
    double rmax = 0;
    for (std::size_t k = 0; k < polygons.size(); ++k) {
        if (!std::isfinite(radius[k])) throw std::invalid_argument("polygon_coverage: a radius must be finite");
        if (radius[k] <= 0) continue;
        Rings p;
        collect_rings(polygons[k].get(), p);
        const geos::Envelope e = geos::envelope(polygons[k].get());
        Bounds b{e.minx - radius[k], e.miny - radius[k], e.maxx + radius[k], e.maxy + radius[k],
                 0.5 * (e.minx + e.maxx), 0.5 * (e.miny + e.maxy)};
        double vmax = -1;  // farthest vertex from the centre
        for (const auto& ring : p.rings)
            for (const auto& [vx, vy] : ring) vmax = std::max(vmax, std::hypot(vx - b.cx, vy - b.cy));
        if (vmax >= 0) {
            // Rounding in a distance is a few units in the last place of the coordinates; this margin is
            // a million times more (a few millimetres at projected coordinates' magnitudes).
            const double margin = 1e-9 * (std::abs(b.cx) + std::abs(b.cy) + vmax + radius[k]) + 1e-9;
            const double far = vmax + radius[k] + margin, near = radius[k] - vmax - margin;
            b.reject2 = far * far;
            b.accept2 = near > 0 ? near * near : -1;
            b.margin = margin;
        }
        polys.push_back(std::move(p));
        bounds.push_back(b);
        rad.push_back(radius[k]);
        rmax = std::max(rmax, radius[k]);
    }
    if (polys.empty()) return out;
    // A dense grid over the grown envelopes, cells of half the largest radius (coarser where that would
    // be more than 4 M cells): each polygon is listed in every cell its grown envelope touches (CSR), so a
    // resident reads its own cell only. Each cell is cut into side x side sub-cells (a fine grid), and a
    // point's cell is that of its sub-cell: indexes rise with the coordinate (a subtraction, a product
    // and a truncation, all monotone), so a point inside a grown envelope finds the polygon in its cell.
    double gx0 = bounds[0].minx, gy0 = bounds[0].miny, gx1 = bounds[0].maxx, gy1 = bounds[0].maxy;
    for (const Bounds& b : bounds) {
        gx0 = std::min(gx0, b.minx), gy0 = std::min(gy0, b.miny);
        gx1 = std::max(gx1, b.maxx), gy1 = std::max(gy1, b.maxy);
    }
    const double w = gx1 - gx0, h = gy1 - gy0;
    double cell = std::max(rmax / 2, 25.0);
    if ((w / cell + 1) * (h / cell + 1) > 4e6) cell = std::max({cell, std::sqrt(w * h / 4e6), std::max(w, h) / 2000.0});
    const auto gnx = static_cast<std::int64_t>(w / cell) + 1, gny = static_cast<std::int64_t>(h / cell) + 1;
    // Sub-cells of a quarter of the cell's side (an eighth costs more to decide than it spares), fewer
    // halvings where the fine grid would pass 16 M bytes.
    int levels = 2;
    while (levels > 0 && static_cast<double>(gnx * gny) * (1 << (2 * levels)) > 16e6) --levels;
    const int side = 1 << levels;
    const double f = cell / side, inv_f = 1 / f;
    const std::int64_t fnx = gnx << levels, fny = gny << levels;
    auto fcol = [&](double x) { return std::min(static_cast<std::int64_t>((x - gx0) * inv_f), fnx - 1); };
    auto frow = [&](double y) { return std::min(static_cast<std::int64_t>((y - gy0) * inv_f), fny - 1); };
    auto col = [&](double x) { return fcol(x) >> levels; };
    auto row = [&](double y) { return frow(y) >> levels; };
    std::vector<std::uint32_t> start(static_cast<std::size_t>(gnx * gny) + 1, 0);
    for (const Bounds& b : bounds)
        for (std::int64_t j = row(b.miny); j <= row(b.maxy); ++j)
            for (std::int64_t i = col(b.minx); i <= col(b.maxx); ++i) ++start[static_cast<std::size_t>(j * gnx + i) + 1];
    for (std::size_t c = 1; c < start.size(); ++c) start[c] += start[c - 1];
    std::vector<std::uint32_t> items(start.back());
    {
        std::vector<std::uint32_t> fill(start.begin(), start.end() - 1);
        for (std::size_t k = 0; k < bounds.size(); ++k)
            for (std::int64_t j = row(bounds[k].miny); j <= row(bounds[k].maxy); ++j)
                for (std::int64_t i = col(bounds[k].minx); i <= col(bounds[k].maxx); ++i)
                    items[fill[static_cast<std::size_t>(j * gnx + i)]++] = static_cast<std::uint32_t>(k);
    }
    // Every cell that lists a polygon decided as a whole where it can be, else its quarters, down to
    // the sub-cells (CellDecider); a cell that lists none is Out. On every core, each cell's sub-cells
    // written by one worker.
    std::vector<Edge> edges;
    std::vector<std::uint32_t> edges_at{0};
    for (const Rings& p : polys) {
        collect_edges(p, edges);
        edges_at.push_back(static_cast<std::uint32_t>(edges.size()));
    }
    // A resident's sub-cell holds it up to the rounding of a few operations on the grid's coordinates.
    const double slack = 1e-12 * (std::abs(gx0) + std::abs(gy0) + w + h);
    std::vector<std::uint8_t> fine(static_cast<std::size_t>(fnx * fny), Out);
    parallel_chunks(static_cast<std::size_t>(gnx * gny), 512, 256, [&](std::size_t begin, std::size_t end) {
        CellDecider decider{edges, edges_at, bounds, rad, f, slack, levels, side, static_cast<int>(fnx), std::vector<std::vector<std::uint32_t>>(levels + 1)};
        for (std::size_t c = begin; c < end; ++c) {
            if (start[c] == start[c + 1]) continue;
            const auto i = static_cast<std::int64_t>(c) % gnx, j = static_cast<std::int64_t>(c) / gnx;
            std::uint8_t* block = fine.data() + static_cast<std::size_t>((j << levels) * fnx + (i << levels));
            const double x0 = gx0 + static_cast<double>(i << levels) * f, y0 = gy0 + static_cast<double>(j << levels) * f;
            decider.decide(block, x0, y0, 0, 0, 0, std::span(items.data() + start[c], start[c + 1] - start[c]));
        }
    });
    // Every resident on its own (the grids and the rings are only read): its sub-cell's state, and the
    // ring walks of its cell's polygons only where that is Open. On every core, in chunks taken in turn.
    parallel_chunks(rx.size(), 50000, 32768, [&](std::size_t begin, std::size_t end) {
        for (std::size_t r = begin; r < end; ++r) {
            const double x = rx[r], y = ry[r];
            if (!(x >= gx0 && x <= gx1 && y >= gy0 && y <= gy1)) continue;  // in no grown envelope (or NaN)
            const std::int64_t fi = fcol(x), fj = frow(y);
            const std::uint8_t st = fine[static_cast<std::size_t>(fj * fnx + fi)];
            if (st != Open) {
                out[r] = st;
                continue;
            }
            const auto c = static_cast<std::size_t>((fj >> levels) * gnx + (fi >> levels));
            for (std::uint32_t q = start[c]; q < start[c + 1]; ++q) {
                const std::uint32_t k = items[q];
                const Bounds& b = bounds[k];
                if (x < b.minx || x > b.maxx || y < b.miny || y > b.maxy) continue;
                const double ex = x - b.cx, ey = y - b.cy, c2 = ex * ex + ey * ey;
                if (c2 > b.reject2) continue;
                if (c2 <= b.accept2 || within(polys[k], x, y, rad[k])) {
                    out[r] = 1;
                    break;
                }
            }
        }
    });
    return out;
}

}  // namespace hcgis
