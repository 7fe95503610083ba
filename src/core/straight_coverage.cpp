#include "core/straight_coverage.h"

#include "core/parallel.h"

#include <algorithm>
#include <cmath>
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

}  // namespace

std::vector<std::uint8_t> polygon_coverage(std::span<const geos::GeomPtr> polygons, std::span<const double> radius,
                                           std::span<const double> rx, std::span<const double> ry) {
    std::vector<std::uint8_t> out(rx.size(), 0);
    std::vector<Rings> polys;
    std::vector<Bounds> bounds;
    std::vector<double> rad;
    double rmax = 0;
    for (std::size_t k = 0; k < polygons.size(); ++k) {
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
        }
        polys.push_back(std::move(p));
        bounds.push_back(b);
        rad.push_back(radius[k]);
        rmax = std::max(rmax, radius[k]);
    }
    if (polys.empty()) return out;
    // A dense grid over the grown envelopes, cells of half the largest radius (coarser where that would
    // be more than 4 M cells): each polygon is listed in every cell its grown envelope touches (CSR), so a
    // resident reads its own cell only. Cell indexes rise with the coordinate (a subtraction, a division
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
    auto col = [&](double x) { return std::min(static_cast<std::int64_t>((x - gx0) / cell), gnx - 1); };
    auto row = [&](double y) { return std::min(static_cast<std::int64_t>((y - gy0) / cell), gny - 1); };
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
    // Every resident on its own (the grid and rings are only read): on every core, in chunks taken in turn.
    parallel_chunks(rx.size(), 50000, 32768, [&](std::size_t begin, std::size_t end) {
        for (std::size_t r = begin; r < end; ++r) {
            const double x = rx[r], y = ry[r];
            if (!(x >= gx0 && x <= gx1 && y >= gy0 && y <= gy1)) continue;  // in no grown envelope (or NaN)
            const auto c = static_cast<std::size_t>(row(y) * gnx + col(x));
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
