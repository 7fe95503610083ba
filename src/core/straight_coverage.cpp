#include "core/straight_coverage.h"

#include "core/parallel.h"

#include <algorithm>
#include <cmath>
#include <unordered_map>
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

    parallel_for(rx.size(), 50000, [&](std::size_t begin, std::size_t end) {
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

// A sparse grid of cells: polygons by the cells their envelope touches.
struct Grid {
    double cell;
    std::unordered_map<std::int64_t, std::vector<std::size_t>> bins;

    static std::int64_t key(std::int64_t i, std::int64_t j) { return (i << 32) ^ (j & 0xffffffff); }
    std::int64_t idx(double v) const { return static_cast<std::int64_t>(std::floor(v / cell)); }
};

// A polygon as plain coordinate rings (exterior and holes alike), for fast point tests.
struct Rings {
    std::vector<std::vector<std::pair<double, double>>> rings;
    double minx = 0, miny = 0, maxx = 0, maxy = 0;
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
    std::vector<double> rad;
    double rmax = 0;
    for (std::size_t k = 0; k < polygons.size(); ++k) {
        if (radius[k] <= 0) continue;
        Rings p;
        collect_rings(polygons[k].get(), p);
        const geos::Envelope e = geos::envelope(polygons[k].get());
        p.minx = e.minx - radius[k];
        p.miny = e.miny - radius[k];
        p.maxx = e.maxx + radius[k];
        p.maxy = e.maxy + radius[k];
        polys.push_back(std::move(p));
        rad.push_back(radius[k]);
        rmax = std::max(rmax, radius[k]);
    }
    if (polys.empty()) return out;
    // Each polygon, grown by its radius, is listed in every grid cell its envelope touches.
    Grid g{std::max(rmax, 50.0), {}};
    for (std::size_t k = 0; k < polys.size(); ++k)
        for (std::int64_t i = g.idx(polys[k].minx); i <= g.idx(polys[k].maxx); ++i)
            for (std::int64_t j = g.idx(polys[k].miny); j <= g.idx(polys[k].maxy); ++j) g.bins[Grid::key(i, j)].push_back(k);
    // Every resident on its own (the grid and rings are only read): on every core.
    parallel_for(rx.size(), 50000, [&](std::size_t begin, std::size_t end) {
        for (std::size_t i = begin; i < end; ++i) {
            auto it = g.bins.find(Grid::key(g.idx(rx[i]), g.idx(ry[i])));
            if (it == g.bins.end()) continue;
            for (std::size_t k : it->second) {
                const Rings& p = polys[k];
                if (rx[i] < p.minx || rx[i] > p.maxx || ry[i] < p.miny || ry[i] > p.maxy) continue;
                if (within(p, rx[i], ry[i], rad[k])) {
                    out[i] = 1;
                    break;
                }
            }
        }
    });
    return out;
}

}  // namespace hcgis
