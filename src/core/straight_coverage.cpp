#include "core/straight_coverage.h"

#include <algorithm>
#include <cmath>
#include <unordered_map>

namespace hcgis {
namespace {

struct Grid {
    double cell;
    std::unordered_map<std::int64_t, std::vector<std::size_t>> bins;

    static std::int64_t key(std::int64_t i, std::int64_t j) { return (i << 32) ^ (j & 0xffffffff); }
    std::int64_t idx(double v) const { return static_cast<std::int64_t>(std::floor(v / cell)); }
};

}  // namespace

std::vector<double> point_coverage(std::span<const double> fx, std::span<const double> fy,
                                   std::span<const double> radius, std::span<const double> rx,
                                   std::span<const double> ry) {
    constexpr double inf = std::numeric_limits<double>::infinity();
    std::vector<double> out(rx.size(), inf);
    double rmax = 0;
    for (double r : radius) rmax = std::max(rmax, r);
    if (fx.empty() || rmax <= 0) return out;

    Grid g{rmax, {}};
    for (std::size_t k = 0; k < fx.size(); ++k)
        if (radius[k] > 0) g.bins[Grid::key(g.idx(fx[k]), g.idx(fy[k]))].push_back(k);

    for (std::size_t i = 0; i < rx.size(); ++i) {
        const std::int64_t ci = g.idx(rx[i]), cj = g.idx(ry[i]);
        double best = inf;
        for (std::int64_t di = -1; di <= 1; ++di)
            for (std::int64_t dj = -1; dj <= 1; ++dj) {
                auto it = g.bins.find(Grid::key(ci + di, cj + dj));
                if (it == g.bins.end()) continue;
                for (std::size_t k : it->second) {
                    const double d = std::hypot(fx[k] - rx[i], fy[k] - ry[i]);
                    if (d <= radius[k] && d < best) best = d;
                }
            }
        out[i] = best;
    }
    return out;
}

namespace {

// A polygon as plain coordinate rings (exterior and holes alike), for fast point tests.
struct Rings {
    std::vector<std::vector<std::pair<double, double>>> rings;
    double minx = 0, miny = 0, maxx = 0, maxy = 0;
};

void collect_rings(const GEOSGeometry* g, Rings& out) {
    GEOSContextHandle_t h = geos::ctx();
    const int type = GEOSGeomTypeId_r(h, g);
    if (type == GEOS_MULTIPOLYGON || type == GEOS_GEOMETRYCOLLECTION) {
        for (int i = 0, n = GEOSGetNumGeometries_r(h, g); i < n; ++i) collect_rings(GEOSGetGeometryN_r(h, g, i), out);
        return;
    }
    if (type != GEOS_POLYGON) return;
    auto ring = [&](const GEOSGeometry* r) {
        const GEOSCoordSequence* seq = GEOSGeom_getCoordSeq_r(h, r);
        unsigned n = 0;
        GEOSCoordSeq_getSize_r(h, seq, &n);
        std::vector<std::pair<double, double>> pts(n);
        for (unsigned i = 0; i < n; ++i) GEOSCoordSeq_getXY_r(h, seq, i, &pts[i].first, &pts[i].second);
        out.rings.push_back(std::move(pts));
    };
    ring(GEOSGetExteriorRing_r(h, g));
    for (int i = 0, n = GEOSGetNumInteriorRings_r(h, g); i < n; ++i) ring(GEOSGetInteriorRingN_r(h, g, i));
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
    for (std::size_t i = 0; i < rx.size(); ++i) {
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
    return out;
}

}  // namespace hcgis
