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

namespace {

// Calls mark(i, j) for every cell of the grid from (x0, y0), cells of `size`, nx x ny of them, that
// segment e comes within `margin` of, and perhaps a few more, never fewer: row by row, the piece of the
// segment within the row's band (grown by the margin) spans some x, and the cells whose x range (grown
// by the margin) meets that span are marked.
template <class Seg, class Mark>
void cells_near(const Seg& e, double x0, double y0, double size, std::int64_t nx, std::int64_t ny, double margin, Mark&& mark) {
    auto index = [&](double v, double v0, std::int64_t n) {
        return static_cast<std::int64_t>(std::clamp(std::floor((v - v0) / size), -1.0, static_cast<double>(n)));
    };
    const double dy = e.by - e.ay;
    const std::int64_t j0 = std::max<std::int64_t>(index(std::min(e.ay, e.by) - margin, y0, ny), 0);
    const std::int64_t j1 = std::min(index(std::max(e.ay, e.by) + margin, y0, ny), ny - 1);
    for (std::int64_t j = j0; j <= j1; ++j) {
        const double lo = y0 + static_cast<double>(j) * size - margin, hi = y0 + static_cast<double>(j + 1) * size + margin;
        double xa = std::min(e.ax, e.bx), xb = std::max(e.ax, e.bx);
        if (dy != 0) {  // where the segment enters and leaves the band (clamped to its ends)
            const double ta = std::clamp((lo - e.ay) / dy, 0.0, 1.0), tb = std::clamp((hi - e.ay) / dy, 0.0, 1.0);
            const double xta = e.ax + ta * (e.bx - e.ax), xtb = e.ax + tb * (e.bx - e.ax);
            xa = std::max(xa, std::min(xta, xtb) - margin), xb = std::min(xb, std::max(xta, xtb) + margin);
        }
        const std::int64_t i0 = std::max<std::int64_t>(index(xa - margin, x0, nx), 0), i1 = std::min(index(xb + margin, x0, nx), nx - 1);
        for (std::int64_t i = i0; i <= i1; ++i) mark(i, j);
    }
}

}  // namespace

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
    // Every district edge, and the cells one comes within `margin` of. No border lies between two
    // points of a cell (or square, below) that no edge comes that near, nor between a point and the
    // point the border rule nudges it to (less than 1.2 nudges away); the margin also holds a point
    // that rounding puts in the cell from outside it.
    const double extent = static_cast<double>(std::max(gnx_, gny_)) * cell_;
    const double margin = 2 * border_nudge_m + 1e-9 * (std::abs(gx0_) + std::abs(gy0_) + extent);
    std::vector<Seg> segs;
    for (const auto& p : polygons_)
        geos::walk_coordinates(p.get(), [&](geos::Piece, std::span<const geos::XY> ring) {
            for (std::size_t k = 0; k + 1 < ring.size(); ++k) segs.push_back({ring[k].x, ring[k].y, ring[k + 1].x, ring[k + 1].y});
        });
    std::vector<std::uint8_t> near(grid_.size(), 0);
    for (const Seg& e : segs)
        cells_near(e, gx0_, gy0_, cell_, gnx_, gny_, margin, [&](std::int64_t i, std::int64_t j) { near[static_cast<std::size_t>(j * gnx_ + i)] = 1; });
    // A cell an edge comes near: the first district (in index order) that holds it properly, else
    // crossed when one meets it, else outside.
    for (std::size_t c = 0; c < grid_.size(); ++c) {
        if (!near[c]) continue;
        const auto i = static_cast<std::int64_t>(c) % gnx_, j = static_cast<std::int64_t>(c) / gnx_;
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
        grid_[c] = state;
    }
    // The other cells: every district that meets such a cell holds it properly, so the box test gives
    // the first district (in index order) holding its centre, which the exact test gives too (no border
    // near it), and cells side by side hold the same districts: each piece of them takes the district of
    // its first cell's centre, found once.
    std::vector<std::size_t> stack;
    for (std::size_t c0 = 0; c0 < grid_.size(); ++c0) {
        if (near[c0]) continue;
        const auto i0 = static_cast<std::int64_t>(c0) % gnx_, j0 = static_cast<std::int64_t>(c0) / gnx_;
        const std::int32_t d = locate_exact(gx0_ + (static_cast<double>(i0) + 0.5) * cell_, gy0_ + (static_cast<double>(j0) + 0.5) * cell_);
        near[c0] = 1;
        stack.assign(1, c0);
        while (!stack.empty()) {
            const std::size_t c = stack.back();
            stack.pop_back();
            grid_[c] = d;
            const auto i = static_cast<std::int64_t>(c) % gnx_, j = static_cast<std::int64_t>(c) / gnx_;
            for (const auto& [di, dj] : {std::pair{-1, 0}, std::pair{1, 0}, std::pair{0, -1}, std::pair{0, 1}}) {
                if (i + di < 0 || i + di >= gnx_ || j + dj < 0 || j + dj >= gny_) continue;
                const auto r = static_cast<std::size_t>((j + dj) * gnx_ + i + di);
                if (!near[r]) near[r] = 1, stack.push_back(r);
            }
        }
    }
    build_squares(segs, margin);
}

void DistrictIndex::build_squares(const std::vector<Seg>& segs, double margin) {
    // Every crossed cell numbered, and every district edge listed in the crossed cells it comes near.
    std::vector<std::size_t> crossed;
    for (std::size_t c = 0; c < grid_.size(); ++c)
        if (grid_[c] == mixed) {
            grid_[c] = first_sub - static_cast<std::int32_t>(crossed.size());
            crossed.push_back(c);
        }
    if (crossed.empty()) return;
    std::vector<std::vector<std::uint32_t>> listed(crossed.size());
    for (std::size_t q = 0; q < segs.size(); ++q)
        cells_near(segs[q], gx0_, gy0_, cell_, gnx_, gny_, margin, [&](std::int64_t i, std::int64_t j) {
            if (const std::int32_t g = grid_[static_cast<std::size_t>(j * gnx_ + i)]; g <= first_sub)
                listed[static_cast<std::size_t>(first_sub - g)].push_back(static_cast<std::uint32_t>(q));
        });
    // A crossed cell's squares that an edge comes within the margin of.
    constexpr int n = sub_side, nn = n * n;
    const double sc = cell_ / n;
    std::vector<std::uint8_t> pure(crossed.size() * nn, 1);
    for (std::size_t k = 0; k < crossed.size(); ++k) {
        const auto i = static_cast<std::int64_t>(crossed[k]) % gnx_, j = static_cast<std::int64_t>(crossed[k]) / gnx_;
        const double x0 = gx0_ + static_cast<double>(i) * cell_, y0 = gy0_ + static_cast<double>(j) * cell_;
        std::uint8_t* mine = pure.data() + k * nn;
        for (const std::uint32_t q : listed[k])
            cells_near(segs[q], x0, y0, sc, n, n, margin, [&](std::int64_t a, std::int64_t b) { mine[b * n + a] = 0; });
    }
    // Pure squares side by side (in one cell or in two crossed cells next to each other) lie in the
    // same district, or outside all, with every point: each piece of pure squares takes the district of
    // its first square's centre, found once by the exact test.
    squares_.assign(crossed.size() * nn, mixed);
    auto crossed_at = [&](std::int64_t i, std::int64_t j) -> std::int64_t {
        if (i < 0 || j < 0 || i >= gnx_ || j >= gny_) return -1;
        const std::int32_t g = grid_[static_cast<std::size_t>(j * gnx_ + i)];
        return g <= first_sub ? first_sub - g : -1;
    };
    // Each crossed cell's column and row, once, not a division by the row length for every square.
    std::vector<std::int64_t> cell_i(crossed.size()), cell_j(crossed.size());
    for (std::size_t k = 0; k < crossed.size(); ++k) {
        cell_i[k] = static_cast<std::int64_t>(crossed[k]) % gnx_;
        cell_j[k] = static_cast<std::int64_t>(crossed[k]) / gnx_;
    }
    std::vector<std::size_t> stack;
    for (std::size_t s0 = 0; s0 < pure.size(); ++s0) {
        if (!pure[s0]) continue;
        const std::size_t k0 = s0 / nn;
        const int q0 = static_cast<int>(s0 % nn);
        const auto i0 = static_cast<std::int64_t>(crossed[k0]) % gnx_, j0 = static_cast<std::int64_t>(crossed[k0]) / gnx_;
        const std::int32_t d = locate_exact(gx0_ + static_cast<double>(i0) * cell_ + (q0 % n + 0.5) * sc,
                                            gy0_ + static_cast<double>(j0) * cell_ + (q0 / n + 0.5) * sc);
        pure[s0] = 0;
        stack.assign(1, s0);
        while (!stack.empty()) {
            const std::size_t sq = stack.back();
            stack.pop_back();
            squares_[sq] = d;
            const std::size_t k = sq / nn;
            const int q = static_cast<int>(sq % nn), a = q % n, b = q / n;
            const std::int64_t i = cell_i[k], j = cell_j[k];
            auto visit = [&](std::int64_t ci, std::int64_t cj, int ra, int rb) {
                const std::int64_t kk = ci == i && cj == j ? static_cast<std::int64_t>(k) : crossed_at(ci, cj);
                if (kk < 0) return;
                const std::size_t r = static_cast<std::size_t>(kk) * nn + static_cast<std::size_t>(rb * n + ra);
                if (pure[r]) {
                    pure[r] = 0;
                    stack.push_back(r);
                }
            };
            a > 0 ? visit(i, j, a - 1, b) : visit(i - 1, j, n - 1, b);
            a + 1 < n ? visit(i, j, a + 1, b) : visit(i + 1, j, 0, b);
            b > 0 ? visit(i, j, a, b - 1) : visit(i, j - 1, a, n - 1);
            b + 1 < n ? visit(i, j, a, b + 1) : visit(i, j + 1, a, 0);
        }
    }
}

std::int32_t DistrictIndex::cell_of(double x, double y) const {
    if (grid_.empty()) return mixed;
    const double fx = (x - gx0_) / cell_, fy = (y - gy0_) / cell_;
    // Compared as doubles before the cast: NaN, infinities and values past the grid (or past what an
    // int64 holds) are outside.
    if (!(fx >= 0 && fx < static_cast<double>(gnx_)) || !(fy >= 0 && fy < static_cast<double>(gny_))) return outside;
    const auto i = static_cast<std::int64_t>(fx), j = static_cast<std::int64_t>(fy);
    // A point on a cell's edge may belong to the neighbour cell's district: only trust interiors.
    if (fx == static_cast<double>(i) || fy == static_cast<double>(j)) return mixed;
    const std::int32_t g = grid_[static_cast<std::size_t>(j * gnx_ + i)];
    if (g > first_sub) return g;
    // A crossed cell: its square (a point rounded into the neighbour square is within the margin the
    // squares were kept clear by).
    const int a = std::min(static_cast<int>((fx - static_cast<double>(i)) * sub_side), sub_side - 1);
    const int b = std::min(static_cast<int>((fy - static_cast<double>(j)) * sub_side), sub_side - 1);
    return squares_[static_cast<std::size_t>(first_sub - g) * sub_side * sub_side + static_cast<std::size_t>(b * sub_side + a)];
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

int DistrictIndex::locate_exact(double x, double y) const {
    geos::GeomPtr pt = geos::make_point(x, y);
    return first_covering(tree_.query(pt.get()), prepared_, pt.get());
}

int DistrictIndex::locate(double x, double y) const {
    if (prepared_.empty()) return outside;
    if (const std::int32_t c = cell_of(x, y); c != mixed) return c;
    return locate_exact(x, y);
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
