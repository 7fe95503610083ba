#include "core/point_in_district.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <random>
#include <string>

#include <fmt/format.h>

using namespace hcgis;

namespace {

std::vector<geos::GeomPtr> two_squares_and_a_ring() {
    std::vector<geos::GeomPtr> v;
    v.push_back(geos::from_wkt("POLYGON((0 0,10 0,10 10,0 10,0 0))"));
    v.push_back(geos::from_wkt("POLYGON((10 0,20 0,20 10,10 10,10 0))"));
    // A district with a hole (an enclave that belongs to nobody).
    v.push_back(geos::from_wkt("POLYGON((0 10,20 10,20 20,0 20,0 10),(5 12,15 12,15 18,5 18,5 12))"));
    return v;
}

}  // namespace

TEST_CASE("points are assigned to the district that holds them", "[point_in_district]") {
    auto polys = two_squares_and_a_ring();
    DistrictIndex index(polys);
    CHECK(index.size() == 3);
    CHECK(index.locate(5, 5) == 0);
    CHECK(index.locate(15, 5) == 1);
    CHECK(index.locate(2, 15) == 2);
    CHECK(index.locate(10, 15) == DistrictIndex::outside);  // in the hole
    CHECK(index.locate(-1, 5) == DistrictIndex::outside);
}

TEST_CASE("a point on a shared border is counted exactly once: by the district north-east of it",
          "[point_in_district]") {
    auto polys = two_squares_and_a_ring();
    DistrictIndex index(polys);
    CHECK(index.locate(10, 5) == 1);   // border of 0 (west) and 1 (east)
    CHECK(index.locate(10, 10) == 2);  // corner of 0, 1 and 2 (north)
    CHECK(index.locate(15, 10) == 2);  // border of 1 (south) and 2 (north)
    CHECK(index.locate(0, 0) == 0);    // an outer corner, no neighbour: still inside
    CHECK(index.locate(20, 5) == 1);   // an outer border
    const std::vector<double> x{10, 10, 15, 10}, y{5, 10, 10, 15};
    const auto d = index.locate_all(x, y);
    CHECK(d == std::vector<int>{1, 2, 2, DistrictIndex::outside});
}

TEST_CASE("the border rule does not depend on the order districts are stored in", "[point_in_district]") {
    auto polys = two_squares_and_a_ring();
    std::vector<geos::GeomPtr> reversed;
    for (auto it = polys.rbegin(); it != polys.rend(); ++it) reversed.push_back(geos::clone(it->get()));
    DistrictIndex a(polys), b(reversed);
    for (auto [x, y] : {std::pair{10.0, 5.0}, {10.0, 10.0}, {15.0, 10.0}, {3.0, 3.0}})
        CHECK(a.locate(x, y) == 2 - b.locate(x, y));
}

TEST_CASE("bulk assignment on several threads agrees with one point at a time", "[point_in_district]") {
    auto polys = two_squares_and_a_ring();
    DistrictIndex index(polys);
    std::mt19937 rng(7);
    std::uniform_real_distribution<double> u(-2.0, 22.0);
    std::vector<double> x(50000), y(50000);
    for (std::size_t i = 0; i < x.size(); ++i) {
        x[i] = u(rng);
        y[i] = u(rng);
    }
    x[123] = 10;  // a border point among them
    y[123] = 3;
    const auto all = index.locate_all(x, y);
    std::size_t counted = 0, outside = 0;
    for (std::size_t i = 0; i < x.size(); i += 97) REQUIRE(all[i] == index.locate(x[i], y[i]));
    for (int d : all) (d == DistrictIndex::outside ? outside : counted)++;
    CHECK(all[123] == 1);
    CHECK(counted + outside == x.size());
}

TEST_CASE("no districts: every point is outside", "[point_in_district]") {
    std::vector<geos::GeomPtr> none;
    DistrictIndex index(none);
    const std::vector<double> x{1, 2}, y{1, 2};
    CHECK(index.locate_all(x, y) == std::vector<int>{DistrictIndex::outside, DistrictIndex::outside});
}

TEST_CASE("near a three-way junction the border rule only picks among the districts holding the point",
          "[point_in_district]") {
    auto polys = two_squares_and_a_ring();
    DistrictIndex index(polys);
    // On the 0|1 border, 0.4 mm below the corner with 2: nudged north-east it would land in 2.
    const int d = index.locate(10, 10 - 0.0004);
    CHECK((d == 0 || d == 1));
    // A border that runs along the first nudge: the second nudge decides, still among the holders.
    std::vector<geos::GeomPtr> diag;
    diag.push_back(geos::from_wkt("POLYGON((0 0,20 10,0 10,0 0))"));   // above the line y = x / 2
    diag.push_back(geos::from_wkt("POLYGON((0 0,20 0,20 10,0 0))"));   // below it
    DistrictIndex slanted(diag);
    const int s = slanted.locate(10, 5);
    CHECK((s == 0 || s == 1));
    // The answer does not depend on the order of the districts.
    std::vector<geos::GeomPtr> swapped;
    swapped.push_back(geos::clone(diag[1].get()));
    swapped.push_back(geos::clone(diag[0].get()));
    DistrictIndex other(swapped);
    CHECK(other.locate(10, 5) == 1 - s);
}

namespace {

// The district of (x, y) as the index gave it before cells were cut into squares: the same grid of
// cells, each wholly inside one district (the first, in index order, that holds it properly), outside
// all, or crossed; and in a crossed cell (or on a cell's edge) the districts holding the point, among
// every district (no tree), with the border rule's two nudges.
struct Reference {
    const std::vector<geos::GeomPtr>& polys;
    std::vector<geos::PreparedPtr> prepared;
    std::vector<geos::Envelope> env;
    double gx0 = 0, gy0 = 0, cell = 1;
    std::int64_t gnx = 0, gny = 0;
    std::vector<int> grid;  // district, -1 outside, -2 crossed

    explicit Reference(const std::vector<geos::GeomPtr>& p) : polys(p) {
        for (const auto& g : polys) prepared.push_back(geos::prepare(g.get())), env.push_back(geos::envelope(g.get()));
        geos::Envelope all = env[0];
        for (const auto& e : env)
            all = {std::min(all.minx, e.minx), std::min(all.miny, e.miny), std::max(all.maxx, e.maxx), std::max(all.maxy, e.maxy)};
        const double area = std::max((all.maxx - all.minx) * (all.maxy - all.miny), 1.0);
        cell = std::max(std::sqrt(area / (64.0 * static_cast<double>(polys.size()))), 1e-6);
        cell = std::max(cell, std::max(all.maxx - all.minx, all.maxy - all.miny) / 4096.0);
        gx0 = all.minx, gy0 = all.miny;
        gnx = static_cast<std::int64_t>((all.maxx - all.minx) / cell) + 1;
        gny = static_cast<std::int64_t>((all.maxy - all.miny) / cell) + 1;
        for (std::int64_t j = 0; j < gny; ++j)
            for (std::int64_t i = 0; i < gnx; ++i) {
                const double x0 = gx0 + static_cast<double>(i) * cell, y0 = gy0 + static_cast<double>(j) * cell;
                const geos::GeomPtr box = geos::make_rectangle(x0, y0, x0 + cell, y0 + cell);
                int state = -1;
                for (std::size_t d = 0; d < polys.size(); ++d) {
                    if (env[d].maxx < x0 || env[d].minx > x0 + cell || env[d].maxy < y0 || env[d].miny > y0 + cell) continue;
                    if (geos::contains_properly(prepared[d].get(), box.get())) {
                        state = static_cast<int>(d);
                        break;
                    }
                    if (geos::intersects(prepared[d].get(), box.get())) state = -2;
                }
                grid.push_back(state);
            }
    }
    std::vector<int> holding(double x, double y, const std::vector<int>& among) const {
        std::vector<int> out;
        const geos::GeomPtr pt = geos::make_point(x, y);
        for (int d : among) {
            const auto& e = env[static_cast<std::size_t>(d)];
            if (x >= e.minx && x <= e.maxx && y >= e.miny && y <= e.maxy && geos::intersects(prepared[static_cast<std::size_t>(d)].get(), pt.get()))
                out.push_back(d);
        }
        return out;
    }
    int locate(double x, double y) const {
        const double fx = (x - gx0) / cell, fy = (y - gy0) / cell;
        if (!(fx >= 0) || !(fy >= 0)) return -1;
        const auto i = static_cast<std::int64_t>(fx), j = static_cast<std::int64_t>(fy);
        if (i >= gnx || j >= gny) return -1;
        if (fx != static_cast<double>(i) && fy != static_cast<double>(j) && grid[static_cast<std::size_t>(j * gnx + i)] != -2)
            return grid[static_cast<std::size_t>(j * gnx + i)];
        std::vector<int> every(polys.size());
        for (std::size_t d = 0; d < every.size(); ++d) every[d] = static_cast<int>(d);
        const std::vector<int> holders = holding(x, y, every);
        if (holders.size() <= 1) return holders.empty() ? -1 : holders[0];
        for (const auto& [dx, dy] : {std::pair{1.0, 0.5}, std::pair{-0.5, 1.0}}) {
            const std::vector<int> moved = holding(x + dx * border_nudge_m, y + dy * border_nudge_m, holders);
            if (moved.size() == 1) return moved[0];
        }
        return holders[0];
    }
};

}  // namespace

TEST_CASE("cells cut into squares give every point the district the exact test gives it", "[point_in_district]") {
    // A jittered 12 x 12 lattice of districts 2 km apart sharing their borders, at projected magnitudes,
    // with two gaps, two holes (one empty, one an enclave district of its own) and a district that
    // overlaps six others. Points spread all over, on vertices and borders, 1 mm to 50 cm either side
    // of a border, and in the holes and the overlap.
    std::mt19937_64 rng(5);
    std::uniform_real_distribution<double> jit(-600, 600), u(0, 1);
    const double X0 = 440000, Y0 = 3825000, step = 2000;
    constexpr int n = 12;
    std::vector<std::pair<double, double>> v((n + 1) * (n + 1));
    for (int j = 0; j <= n; ++j)
        for (int i = 0; i <= n; ++i)
            v[j * (n + 1) + i] = {X0 + i * step + (i % n ? jit(rng) : 0), Y0 + j * step + (j % n ? jit(rng) : 0)};
    auto at = [&](int i, int j) { return v[j * (n + 1) + i]; };
    auto xy = [](std::pair<double, double> p) { return fmt::format("{:.9f} {:.9f}", p.first, p.second); };
    std::vector<geos::GeomPtr> polys;
    std::vector<std::array<std::pair<double, double>, 4>> quads;
    for (int j = 0; j < n; ++j)
        for (int i = 0; i < n; ++i) {
            if ((i == 3 && j == 4) || (i == 8 && j == 9)) continue;  // gaps
            const std::array<std::pair<double, double>, 4> q{at(i, j), at(i + 1, j), at(i + 1, j + 1), at(i, j + 1)};
            quads.push_back(q);
            std::string wkt = "POLYGON((" + xy(q[0]) + ", " + xy(q[1]) + ", " + xy(q[2]) + ", " + xy(q[3]) + ", " + xy(q[0]) + ")";
            if ((i == 5 && j == 5) || (i == 2 && j == 9)) {  // a 400 m hole round the lattice point's centre
                const double cx = (q[0].first + q[2].first) / 2, cy = (q[0].second + q[2].second) / 2;
                wkt += fmt::format(", ({0} {1}, {0} {3}, {2} {3}, {2} {1}, {0} {1})", cx - 200, cy - 200, cx + 200, cy + 200);
            }
            polys.push_back(geos::from_wkt(wkt + ")"));
        }
    {  // the enclave in the second hole, and the overlapping district
        const auto& q = quads[static_cast<std::size_t>(9 * n + 2 - 1)];
        const double cx = (q[0].first + q[2].first) / 2, cy = (q[0].second + q[2].second) / 2;
        polys.push_back(geos::from_wkt(fmt::format("POLYGON(({0} {1}, {2} {1}, {2} {3}, {0} {3}, {0} {1}))", cx - 200, cy - 200, cx + 200, cy + 200)));
        polys.push_back(geos::from_wkt(fmt::format("POLYGON(({0} {1}, {2} {1}, {2} {3}, {0} {3}, {0} {1}))", X0 + 5100, Y0 + 1300, X0 + 10700, Y0 + 4900)));
    }
    std::vector<double> x, y;
    for (int k = 0; k < 120000; ++k) x.push_back(X0 - 500 + u(rng) * (n * step + 1000)), y.push_back(Y0 - 500 + u(rng) * (n * step + 1000));
    const std::size_t spread = x.size();
    for (const auto& q : quads)
        for (int e = 0; e < 4; ++e) {
            const auto [ax, ay] = q[static_cast<std::size_t>(e)];
            const auto [bx, by] = q[static_cast<std::size_t>((e + 1) % 4)];
            const double len = std::hypot(bx - ax, by - ay), nx = (by - ay) / len, ny = -(bx - ax) / len;
            x.push_back(ax), y.push_back(ay);
            for (int k = 0; k < 6; ++k) {
                const double t = u(rng), px = ax + t * (bx - ax), py = ay + t * (by - ay);
                x.push_back(px), y.push_back(py);
                for (const double off : {0.001, 0.002, 0.01, 0.5})
                    for (const double side : {1.0, -1.0}) x.push_back(px + side * off * nx), y.push_back(py + side * off * ny);
            }
        }
    for (int k = 0; k < 3000; ++k) x.push_back(X0 + 5100 + u(rng) * 5600), y.push_back(Y0 + 1300 + u(rng) * 3600);

    const DistrictIndex index(polys);
    const Reference want(polys);
    const std::vector<int> got = index.locate_all(x, y);
    std::size_t wrong = 0, first = x.size(), outside = 0, border_points = 0;
    for (std::size_t k = 0; k < x.size(); ++k) {
        const int w = want.locate(x[k], y[k]);
        if (got[k] != w && wrong++ == 0) first = k;
        outside += w == DistrictIndex::outside;
        if (k >= spread && want.holding(x[k], y[k], std::vector<int>(1, w < 0 ? 0 : w)).size() == 1 &&
            want.holding(x[k] + 2 * border_nudge_m, y[k], std::vector<int>(1, w < 0 ? 0 : w)).empty())
            ++border_points;  // a point whose district is lost within 2 nudges east: near a border indeed
    }
    INFO(fmt::format("{} of {} points differ; the first, {}, at {:.9f} {:.9f}: {} against {}", wrong, x.size(), first,
                     first < x.size() ? x[first] : 0.0, first < x.size() ? y[first] : 0.0, first < x.size() ? got[first] : 0,
                     first < x.size() ? want.locate(x[first], y[first]) : 0));
    CHECK(wrong == 0);
    CHECK(outside > 1000);
    CHECK(border_points > 1000);
    for (std::size_t k = 0; k < x.size(); k += 101) CHECK(index.locate(x[k], y[k]) == got[k]);
}

TEST_CASE("points at infinity, past the grid by far, or not a number lie outside every district", "[point_in_district]") {
    std::vector<hcgis::geos::GeomPtr> polys;
    polys.push_back(hcgis::geos::from_wkt("POLYGON((0 0, 1000 0, 1000 1000, 0 1000, 0 0))"));
    polys.push_back(hcgis::geos::from_wkt("POLYGON((1000 0, 2000 0, 2000 1000, 1000 1000, 1000 0))"));
    const hcgis::DistrictIndex index(polys);
    const double inf = std::numeric_limits<double>::infinity(), nan = std::numeric_limits<double>::quiet_NaN();
    // x past what an int64 holds once divided by the cell (the index's cast), and the like for y.
    for (const auto& [x, y] : std::vector<std::pair<double, double>>{
             {inf, 510}, {1e300, 510}, {1e22, 510}, {-inf, 510}, {510, inf}, {510, 1e22}, {nan, 510}, {510, -1e300}})
        CHECK(index.locate(x, y) == hcgis::DistrictIndex::outside);
    const std::vector<int> all = index.locate_all(std::vector<double>{inf, 1e22, 510, 1510}, std::vector<double>{510, 510, 510, 510});
    CHECK(all == std::vector<int>{-1, -1, 0, 1});
}

TEST_CASE("a point within a border nudge of an edge that crosses its square takes the district the nudge gives", "[point_in_district]") {
    // (9.951, 5.5) lies in districts 0 and 1 (they overlap), 0.55 mm west of district 0's east edge:
    // nudged a millimetre east it leaves district 0, so it goes to district 1. A cell decided without the
    // nudge in the margin around the edges would have taken district 0 (the reviewer's case).
    std::vector<hcgis::geos::GeomPtr> polys;
    polys.push_back(hcgis::geos::from_wkt("POLYGON((0 0, 9.95155 0, 9.95155 10, 0 10, 0 0))"));
    polys.push_back(hcgis::geos::from_wkt("POLYGON((5 0, 20 0, 20 5.9, 5 5.9, 5 0))"));
    polys.push_back(hcgis::geos::from_wkt("POLYGON((19 9, 19.5 9, 19.5 9.5, 19 9.5, 19 9))"));
    const hcgis::DistrictIndex index(polys);
    CHECK(index.locate(9.951, 5.5) == 1);
    CHECK(index.locate_all(std::vector<double>{9.951, 9.9, 9.96}, std::vector<double>{5.5, 5.5, 5.5}) == std::vector<int>{1, 0, 1});
}
