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

std::vector<std::uint8_t> polygon_coverage(std::span<const geos::GeomPtr> polygons, std::span<const double> radius,
                                           std::span<const double> rx, std::span<const double> ry) {
    std::vector<std::uint8_t> out(rx.size(), 0);
    std::vector<std::size_t> serving;
    for (std::size_t k = 0; k < polygons.size(); ++k)
        if (radius[k] > 0) serving.push_back(k);
    if (serving.empty()) return out;

    // Index the polygons' envelopes grown by their radius; a resident's point then finds candidates.
    std::vector<geos::GeomPtr> grown;
    std::vector<geos::PreparedPtr> prepared;
    geos::StrTree tree;
    for (std::size_t s = 0; s < serving.size(); ++s) {
        const std::size_t k = serving[s];
        const geos::Envelope e = geos::envelope(polygons[k].get());
        const double r = radius[k];
        grown.push_back(geos::check(GEOSGeom_createRectangle_r(geos::ctx(), e.minx - r, e.miny - r, e.maxx + r,
                                                               e.maxy + r),
                                    "cannot make rectangle"));
        tree.insert(grown.back().get(), s);
        prepared.push_back(geos::prepare(polygons[k].get()));
    }
    for (std::size_t i = 0; i < rx.size(); ++i) {
        const geos::GeomPtr pt = geos::make_point(rx[i], ry[i]);
        for (std::size_t s : tree.query(pt.get())) {
            const char r = GEOSPreparedDistanceWithin_r(geos::ctx(), prepared[s].get(), pt.get(), radius[serving[s]]);
            if (r == 2) throw geos::Error("prepared distance failed: " + geos::take_last_error());
            if (r == 1) {
                out[i] = 1;
                break;
            }
        }
    }
    return out;
}

}  // namespace hcgis
