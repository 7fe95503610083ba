#include "core/point_in_district.h"

#include <algorithm>
#include <exception>
#include <thread>

namespace hcgis {

DistrictIndex::DistrictIndex(std::span<const geos::GeomPtr> polygons) : polygons_(polygons) {
    prepared_.reserve(polygons.size());
    for (std::size_t i = 0; i < polygons.size(); ++i) {
        prepared_.push_back(geos::prepare(polygons[i].get()));
        tree_.insert(polygons[i].get(), i);
    }
}

namespace {

// The district among `candidates` (ascending) that holds `pt`, or -1. A point inside one district (or on
// a border with no neighbour) needs one test; a point on a shared border goes to the district that holds
// it nudged north-east, which depends on geometry only, not on the order the source stores features in.
int first_covering(const std::vector<std::size_t>& candidates, std::span<const geos::PreparedPtr> prepared,
                   const GEOSGeometry* pt) {
    int found = DistrictIndex::outside;
    for (std::size_t i : candidates) {
        if (!geos::intersects(prepared[i].get(), pt)) continue;
        if (found == DistrictIndex::outside) {
            found = static_cast<int>(i);
            continue;
        }
        // A second district holds the point: it is on their shared border.
        double x = 0, y = 0;
        GEOSGeomGetX_r(geos::ctx(), pt, &x);
        GEOSGeomGetY_r(geos::ctx(), pt, &y);
        geos::GeomPtr nudged = geos::make_point(x + border_nudge_m, y + border_nudge_m / 2);
        for (std::size_t j : candidates)
            if (geos::intersects(prepared[j].get(), nudged.get())) return static_cast<int>(j);
        return found;  // no district north-east of it either (an odd corner): the first listed
    }
    return found;
}

}  // namespace

int DistrictIndex::locate(double x, double y) const {
    if (prepared_.empty()) return outside;
    geos::GeomPtr pt = geos::make_point(x, y);
    return first_covering(tree_.query(pt.get()), prepared_, pt.get());
}

std::vector<int> DistrictIndex::locate_all(std::span<const double> x, std::span<const double> y) const {
    std::vector<int> out(x.size(), outside);
    const std::size_t n = x.size();
    if (prepared_.empty() || n == 0) return out;
    // The first query builds the tree; do it here, on one thread, before any worker queries it.
    out[0] = locate(x[0], y[0]);

    const unsigned hw = std::max(1u, std::thread::hardware_concurrency());
    const std::size_t threads = n < 20000 ? 1 : std::min<std::size_t>(hw, 8);
    if (threads == 1) {
        for (std::size_t k = 1; k < n; ++k) out[k] = locate(x[k], y[k]);
        return out;
    }
    // GEOS prepared geometries build their internal indexes lazily and are not safe to share between
    // threads, so each worker prepares its own copies (cheap next to the points it tests).
    std::vector<std::exception_ptr> errors(threads);
    auto work = [&](std::size_t t, std::size_t begin, std::size_t end) {
        try {
            std::vector<geos::PreparedPtr> mine;
            mine.reserve(polygons_.size());
            for (const auto& p : polygons_) mine.push_back(geos::prepare(p.get()));
            for (std::size_t k = begin; k < end; ++k) {
                geos::GeomPtr pt = geos::make_point(x[k], y[k]);
                out[k] = first_covering(tree_.query(pt.get()), mine, pt.get());
            }
        } catch (...) {
            errors[t] = std::current_exception();
        }
    };
    {
        std::vector<std::jthread> pool;
        const std::size_t chunk = (n - 1 + threads - 1) / threads;
        for (std::size_t t = 0; t < threads; ++t) {
            const std::size_t b = 1 + t * chunk, e = std::min(n, b + chunk);
            if (b < e) pool.emplace_back(work, t, b, e);
        }
    }  // joins every worker before `out` is returned
    for (const auto& e : errors)
        if (e) std::rethrow_exception(e);
    return out;
}

}  // namespace hcgis
