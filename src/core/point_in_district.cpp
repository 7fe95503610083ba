#include "core/point_in_district.h"

#include "core/parallel.h"

#include <algorithm>
#include <cmath>

namespace hcgis {

DistrictIndex::DistrictIndex(std::span<const geos::GeomPtr> polygons) : polygons_(polygons) {
    prepared_.reserve(polygons.size());
    for (std::size_t i = 0; i < polygons.size(); ++i) {
        prepared_.push_back(geos::prepare(polygons[i].get()));
        tree_.insert(polygons[i].get(), i);
    }
    build_grid();
}

void DistrictIndex::build_grid() {
    if (polygons_.empty()) return;
    geos::Envelope all = geos::envelope(polygons_[0].get());
    for (const auto& p : polygons_) {
        const geos::Envelope e = geos::envelope(p.get());
        all = {std::min(all.minx, e.minx), std::min(all.miny, e.miny), std::max(all.maxx, e.maxx), std::max(all.maxy, e.maxy)};
    }
    // About 64 cells per district: fine enough that most cells lie inside one.
    const double area = std::max((all.maxx - all.minx) * (all.maxy - all.miny), 1.0);
    cell_ = std::max(std::sqrt(area / (64.0 * static_cast<double>(polygons_.size()))), 1e-6);
    // An extent far longer than wide (a stray coordinate) must not make a grid of millions of cells.
    cell_ = std::max(cell_, std::max(all.maxx - all.minx, all.maxy - all.miny) / 4096.0);
    gx0_ = all.minx;
    gy0_ = all.miny;
    gnx_ = static_cast<std::int64_t>((all.maxx - all.minx) / cell_) + 1;
    gny_ = static_cast<std::int64_t>((all.maxy - all.miny) / cell_) + 1;
    grid_.assign(static_cast<std::size_t>(gnx_ * gny_), outside);
    for (std::int64_t j = 0; j < gny_; ++j)
        for (std::int64_t i = 0; i < gnx_; ++i) {
            const double x0 = gx0_ + static_cast<double>(i) * cell_, y0 = gy0_ + static_cast<double>(j) * cell_;
            const geos::GeomPtr box = geos::make_rectangle(x0, y0, x0 + cell_, y0 + cell_);
            std::int32_t state = outside;
            for (std::size_t d : tree_.query(box.get())) {
                if (geos::contains_properly(prepared_[d].get(), box.get())) {
                    state = static_cast<std::int32_t>(d);
                    break;
                }
                if (geos::intersects(prepared_[d].get(), box.get())) state = mixed;
            }
            grid_[static_cast<std::size_t>(j * gnx_ + i)] = state;
        }
}

std::int32_t DistrictIndex::cell_of(double x, double y) const {
    if (grid_.empty()) return mixed;
    const double fx = (x - gx0_) / cell_, fy = (y - gy0_) / cell_;
    if (!(fx >= 0) || !(fy >= 0)) return outside;  // also NaN
    const auto i = static_cast<std::int64_t>(fx), j = static_cast<std::int64_t>(fy);
    if (i >= gnx_ || j >= gny_) return outside;
    // A point on a cell's edge may belong to the neighbour cell's district: only trust interiors.
    if (fx == static_cast<double>(i) || fy == static_cast<double>(j)) return mixed;
    return grid_[static_cast<std::size_t>(j * gnx_ + i)];
}

namespace {

// The district among `candidates` (ascending) that holds `pt`, or -1. A point inside one district (or on
// a border with no neighbour) needs one test; a point on a border shared by several goes to the one among
// them that holds it nudged north-east (then, if the border runs along that nudge, nudged north-west),
// which depends on geometry only, not on the order the source stores features in.
int first_covering(const std::vector<std::size_t>& candidates, std::span<const geos::PreparedPtr> prepared,
                   const GEOSGeometry* pt) {
    std::vector<std::size_t> holders;
    for (std::size_t i : candidates)
        if (geos::intersects(prepared[i].get(), pt)) holders.push_back(i);
    if (holders.empty()) return DistrictIndex::outside;
    if (holders.size() == 1) return static_cast<int>(holders.front());
    const auto [x, y] = geos::point_xy(pt);
    for (const auto& [dx, dy] : {std::pair{1.0, 0.5}, std::pair{-0.5, 1.0}}) {
        const geos::GeomPtr nudged = geos::make_point(x + dx * border_nudge_m, y + dy * border_nudge_m);
        int found = DistrictIndex::outside, count = 0;
        for (std::size_t i : holders)
            if (geos::intersects(prepared[i].get(), nudged.get())) {
                if (found == DistrictIndex::outside) found = static_cast<int>(i);
                ++count;
            }
        if (count == 1) return found;
    }
    return static_cast<int>(holders.front());  // no nudge decides (a degenerate corner): the first listed
}

}  // namespace

int DistrictIndex::locate(double x, double y) const {
    if (prepared_.empty()) return outside;
    if (const std::int32_t c = cell_of(x, y); c != mixed) return c;
    geos::GeomPtr pt = geos::make_point(x, y);
    return first_covering(tree_.query(pt.get()), prepared_, pt.get());
}

std::vector<int> DistrictIndex::locate_all(std::span<const double> x, std::span<const double> y) const {
    std::vector<int> out(x.size(), outside);
    const std::size_t n = x.size();
    if (prepared_.empty() || n == 0) return out;
    // The first query builds the tree; do it here, on one thread, before any worker queries it.
    out[0] = locate(x[0], y[0]);

    // GEOS prepared geometries build their internal indexes lazily and are not safe to share between
    // threads, so each chunk prepares its own copies (cheap next to the points it tests) when it meets
    // a point that needs the exact test.
    parallel_for(n - 1, 20000, [&](std::size_t begin, std::size_t end) {
        std::vector<geos::PreparedPtr> mine;
        for (std::size_t k = begin + 1; k < end + 1; ++k) {
            if (const std::int32_t c = cell_of(x[k], y[k]); c != mixed) {
                out[k] = c;
                continue;
            }
            if (mine.empty())
                for (const auto& p : polygons_) mine.push_back(geos::prepare(p.get()));
            geos::GeomPtr pt = geos::make_point(x[k], y[k]);
            out[k] = first_covering(tree_.query(pt.get()), mine, pt.get());
        }
    });
    return out;
}

}  // namespace hcgis
