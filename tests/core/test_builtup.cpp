#include "core/analysis.h"
#include "core/builtup.h"
#include "core/indicators/park.h"
#include "core/straight_coverage.h"

#include <catch2/catch.hpp>
#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <random>
#include <string>

using namespace hcgis;

TEST_CASE("built-up area is district ∩ union of builtup polygons", "[builtup]") {
    Districts d;
    d.geom.push_back(geos::from_wkt("POLYGON((0 0,100 0,100 100,0 100,0 0))"));
    d.geom.push_back(geos::from_wkt("POLYGON((100 0,200 0,200 100,100 100,100 0))"));
    Layer b;
    b.kind = GeomKind::Polygon;
    // Two overlapping blobs in district 0 (overlap 20 x 100 counted once), one crossing into district 1.
    b.geoms.push_back(geos::from_wkt("POLYGON((0 0,50 0,50 100,0 100,0 0))"));
    b.geoms.push_back(geos::from_wkt("POLYGON((30 0,60 0,60 100,30 100,30 0))"));
    b.geoms.push_back(geos::from_wkt("POLYGON((90 0,130 0,130 50,90 50,90 0))"));
    b.fid = {0, 1, 2};
    const BuiltUp bu = compute_builtup(d, &b);
    REQUIRE(bu.from_layer);
    CHECK(bu.area_m2[0] == Approx(60 * 100 + 10 * 50));
    CHECK(bu.area_m2[1] == Approx(30 * 50));
    CHECK(bu.contains(40, 50));
    CHECK_FALSE(bu.contains(80, 80));
}

TEST_CASE("without a builtup layer the whole district is built-up", "[builtup]") {
    Districts d;
    d.geom.push_back(geos::from_wkt("POLYGON((0 0,100 0,100 100,0 100,0 0))"));
    const BuiltUp bu = compute_builtup(d, nullptr);
    CHECK_FALSE(bu.from_layer);
    CHECK(bu.area_m2[0] == Approx(10000));
    CHECK(bu.contains(500, 500));
}

TEST_CASE("a trail along a shared border is counted once", "[analysis]") {
    City c;
    c.districts.name = {"A", "B"};
    c.districts.code = {"", ""};
    c.districts.population = {1.0, 1.0};
    c.districts.elderly = {std::nullopt, std::nullopt};
    c.districts.geom.push_back(geos::from_wkt("POLYGON((0 0,100 0,100 100,0 100,0 0))"));
    c.districts.geom.push_back(geos::from_wkt("POLYGON((100 0,200 0,200 100,100 100,100 0))"));
    c.districts.fid = {0, 1};
    Layer t;
    t.role = "trails";
    t.kind = GeomKind::Line;
    t.geoms.push_back(geos::from_wkt("LINESTRING(100 0, 100 100)"));  // on the border
    t.geoms.push_back(geos::from_wkt("LINESTRING(10 50, 60 50)"));    // inside A
    t.fid = {0, 1};
    c.layers.emplace("trails", std::move(t));
    Analysis a(c);
    const auto len = a.length_by_district("trails");
    CHECK(len.back() == Approx(150));  // 100 on the border + 50 inside A
    CHECK(len[0] + len[1] == Approx(150));
    CHECK((len[1] == Approx(100) || len[0] == Approx(150)));  // the border stretch went to one side
}

TEST_CASE("parks are sized by the park they belong to, not by feature", "[analysis]") {
    std::vector<geos::GeomPtr> parks;
    parks.push_back(geos::from_wkt("POLYGON((0 0,50 0,50 30,0 30,0 0))"));      // 1500 m²
    parks.push_back(geos::from_wkt("POLYGON((50 0,100 0,100 30,50 30,50 0))"));  // 1500 m², touching: one 3000 m² park
    parks.push_back(geos::from_wkt("POLYGON((500 0,550 0,550 30,500 30,500 0))"));  // 1500 m² alone
    const auto r = indicators::park_radii(parks);
    CHECK(r == std::vector<double>{300, 300, 0});
}

TEST_CASE("straight point coverage equals brute force: nearest site whose own radius reaches", "[straight]") {
    std::mt19937_64 rng(42);
    for (int round = 0; round < 3; ++round) {
        // Sites over 10 km with radii 300/500/1000 m (and some that serve nobody); 120,000 residents, so
        // the search runs on every core; a third round spreads the sites along a line (a degenerate grid).
        std::uniform_real_distribution<double> pos(0, 10000), pick(0, 1);
        std::vector<double> fx, fy, r, rx, ry;
        for (int k = 0; k < 300; ++k) {
            fx.push_back(pos(rng));
            fy.push_back(round == 2 ? 5000.0 : pos(rng));
            const double u = pick(rng);
            r.push_back(u < 0.1 ? 0.0 : u < 0.4 ? 300.0 : u < 0.7 ? 500.0 : 1000.0);
        }
        for (int i = 0; i < 120000; ++i) rx.push_back(pos(rng) * 1.1 - 500), ry.push_back(pos(rng) * 1.1 - 500);
        const std::vector<double> got = point_coverage(fx, fy, r, rx, ry);
        std::size_t covered = 0;
        for (std::size_t i = 0; i < rx.size(); i += 7) {  // every 7th resident against all sites
            double best = std::numeric_limits<double>::infinity();
            for (std::size_t k = 0; k < fx.size(); ++k) {
                const double d = std::hypot(fx[k] - rx[i], fy[k] - ry[i]);
                if (r[k] > 0 && d <= r[k]) best = std::min(best, d);
            }
            INFO("round " << round << " resident " << i);
            if (std::isinf(best)) {
                CHECK(std::isinf(got[i]));
            } else {
                CHECK(got[i] == Approx(best).margin(1e-9));
                ++covered;
            }
        }
        CHECK(covered > 100);  // the test sees both outcomes
    }
}

TEST_CASE("polygon coverage equals GEOS's distance from each resident to each polygon", "[straight]") {
    // Parks at projected coordinates' magnitudes (EPSG:4549): round ones smaller than their radius (a
    // resident near the centre is within it of every vertex), stars (concave), large rings with a hole
    // wider than twice the radius (its middle is outside and out of reach), and some that serve nobody.
    std::mt19937_64 rng(7);
    const double X0 = 500000, Y0 = 3800000;
    std::uniform_real_distribution<double> pos(0, 12000), pick(0, 1), size(20, 200);
    std::vector<geos::GeomPtr> parks;
    std::vector<double> radius;
    auto ring = [](double cx, double cy, double r0, double r1, int n, double turn) {
        std::string w = "(";
        for (int v = 0; v <= n; ++v) {
            const double a = turn + 2 * M_PI * (v % n) / n, r = v % 2 ? r1 : r0;
            w += fmt::format("{}{:.6f} {:.6f}", v ? ", " : "", cx + r * std::cos(a), cy + r * std::sin(a));
        }
        return w + ")";
    };
    for (int k = 0; k < 240; ++k) {
        const double cx = X0 + pos(rng), cy = Y0 + pos(rng), u = pick(rng), s = size(rng);
        if (k % 40 == 0) {  // 3 km wide, a 2 km hole (counter-clockwise shell, clockwise hole)
            parks.push_back(geos::from_wkt(fmt::format("POLYGON(({0} {1}, {2} {1}, {2} {3}, {0} {3}, {0} {1}), "
                                                       "({4} {5}, {4} {6}, {7} {6}, {7} {5}, {4} {5}))",
                                                       cx, cy, cx + 3000, cy + 3000, cx + 500, cy + 500, cy + 2500, cx + 2500)));
        } else if (k % 3 == 0) {
            parks.push_back(geos::from_wkt("POLYGON(" + ring(cx, cy, s, 0.3 * s, 16, u) + ")"));
        } else {
            parks.push_back(geos::from_wkt("POLYGON(" + ring(cx, cy, s, s, 24, u) + ")"));
        }
        const double v = pick(rng);
        radius.push_back(v < 0.1 ? 0.0 : v < 0.5 ? 300.0 : 500.0);
    }
    std::vector<double> rx, ry;
    for (int i = 0; i < 120000; ++i) rx.push_back(X0 - 1000 + pos(rng) * 1.2), ry.push_back(Y0 - 1000 + pos(rng) * 1.2);
    const std::vector<std::uint8_t> got = polygon_coverage(parks, radius, rx, ry);
    std::size_t covered = 0, uncovered = 0, in_hole = 0;
    for (std::size_t i = 0; i < rx.size(); i += 3) {
        const geos::GeomPtr p = geos::make_point(rx[i], ry[i]);
        bool want = false, unsure = false;
        for (std::size_t k = 0; k < parks.size(); ++k) {
            if (radius[k] <= 0) continue;
            // GEOS's distance where the envelope comes within reach (beyond it, so is every edge)
            const geos::Envelope e = geos::envelope(parks[k].get());
            const double bx = std::max({e.minx - rx[i], rx[i] - e.maxx, 0.0}), by = std::max({e.miny - ry[i], ry[i] - e.maxy, 0.0});
            if (std::hypot(bx, by) > radius[k] + 1) continue;
            const double d = geos::distance(parks[k].get(), p.get());
            if (std::abs(d - radius[k]) < 1e-6) unsure = true;  // the two formulas may round apart here
            want = want || d <= radius[k];
            if (k % 40 == 0 && d > radius[k]) {  // out of reach, yet within the park's envelope: in its hole
                if (rx[i] > e.minx && rx[i] < e.maxx && ry[i] > e.miny && ry[i] < e.maxy) ++in_hole;
            }
        }
        if (unsure) continue;
        INFO("resident " << i << fmt::format(" at {:.6f} {:.6f}", rx[i], ry[i]));
        REQUIRE(got[i] == (want ? 1 : 0));
        (want ? covered : uncovered)++;
    }
    CHECK(covered > 5000);
    CHECK(uncovered > 5000);
    CHECK(in_hole > 100);
}

namespace {

// Every resident against every polygon, one by one, with no grid, circle or cell: inside (even-odd over
// all rings) or within the radius of an edge. A polygon whose envelope lies beyond the radius is passed
// over (so is each of its edges).
std::vector<std::uint8_t> exact_polygon_coverage(const std::vector<geos::GeomPtr>& parks, const std::vector<double>& radius,
                                                 const std::vector<double>& rx, const std::vector<double>& ry) {
    std::vector<std::vector<std::vector<geos::XY>>> rings(parks.size());
    for (std::size_t k = 0; k < parks.size(); ++k)
        geos::walk_coordinates(parks[k].get(), [&](geos::Piece piece, std::span<const geos::XY> ring) {
            if (piece != geos::Piece::Line) rings[k].emplace_back(ring.begin(), ring.end());
        });
    std::vector<std::uint8_t> out(rx.size(), 0);
    for (std::size_t i = 0; i < rx.size(); ++i) {
        const double x = rx[i], y = ry[i];
        for (std::size_t k = 0; k < parks.size() && !out[i]; ++k) {
            const double r = radius[k];
            if (r <= 0) continue;
            const geos::Envelope e = geos::envelope(parks[k].get());
            if (x < e.minx - r - 1 || x > e.maxx + r + 1 || y < e.miny - r - 1 || y > e.maxy + r + 1) continue;
            bool inside = false, near = false;
            for (const auto& ring : rings[k])
                for (std::size_t a = 0, b = ring.size() - 1; a < ring.size(); b = a++) {
                    const double xa = ring[a].x, ya = ring[a].y, xb = ring[b].x, yb = ring[b].y;
                    if ((ya > y) != (yb > y) && x < (xb - xa) * (y - ya) / (yb - ya) + xa) inside = !inside;
                    const double dx = xb - xa, dy = yb - ya, len2 = dx * dx + dy * dy;
                    const double t = len2 > 0 ? std::clamp(((x - xa) * dx + (y - ya) * dy) / len2, 0.0, 1.0) : 0.0;
                    const double ex = xa + t * dx - x, ey = ya + t * dy - y;
                    near = near || ex * ex + ey * ey <= r * r;
                }
            out[i] = inside || near;
        }
    }
    return out;
}

}  // namespace

TEST_CASE("polygon coverage decided per cell equals an exact test of every resident against every polygon", "[straight]") {
    // Parks at projected coordinates' magnitudes, radii 0, 60, 300 and 500: ellipses, stars, squares that
    // touch along an edge or overlap, multipolygons, and large ones with holes wider than twice the
    // radius (a multipolygon among them). Residents spread all over (most of them in cells decided as a
    // whole), on vertices and edges, 1-3 mm either side of the radius off an edge, and in the holes.
    // Also a trillion metres out, where rounding is a tenth of a millimetre and the rules' margins are
    // what keeps a cell decided whole right.
    const double X0 = GENERATE(440000.0, 1e12), Y0 = X0 == 440000.0 ? 3825000.0 : 1e12;
    std::mt19937_64 rng(11);
    std::uniform_real_distribution<double> pos(0, 14000), pick(0, 1), size(20, 220);
    std::vector<geos::GeomPtr> parks;
    std::vector<double> radius;
    auto ellipse = [&](double cx, double cy, double a, double b, double turn, int n, bool star) {
        std::string w = "(";
        for (int v = 0; v <= n; ++v) {
            const double t = 2 * M_PI * (v % n) / n, k = star && v % 2 ? 0.35 : 1.0;
            const double px = k * a * std::cos(t), py = k * b * std::sin(t);
            w += fmt::format("{}{:.6f} {:.6f}", v ? ", " : "", cx + px * std::cos(turn) - py * std::sin(turn),
                             cy + px * std::sin(turn) + py * std::cos(turn));
        }
        return w + ")";
    };
    auto square = [](double x0, double y0, double s) {
        return fmt::format("({0} {1}, {2} {1}, {2} {3}, {0} {3}, {0} {1})", x0, y0, x0 + s, y0 + s);
    };
    std::vector<std::array<double, 4>> holes;  // x0, y0, x1, y1
    for (int k = 0; k < 200; ++k) {
        const double cx = X0 + pos(rng), cy = Y0 + pos(rng), s = size(rng), u = pick(rng);
        if (k % 50 == 0) {  // 3 km square, a 2 km hole; every other one a multipolygon with an ellipse
            const std::string holed = "(" + square(cx, cy, 3000) + ", " + square(cx + 500, cy + 500, 2000) + ")";
            holes.push_back({cx + 500, cy + 500, cx + 2500, cy + 2500});
            parks.push_back(geos::from_wkt(k % 100 ? "POLYGON" + holed
                                                   : "MULTIPOLYGON(" + holed + ", (" + ellipse(cx + 3500, cy, s, s, 0, 24, false) + "))"));
        } else if (k % 10 == 1) {  // two squares touching along an edge, as two parks
            parks.push_back(geos::from_wkt("POLYGON(" + square(cx, cy, s) + ")"));
            radius.push_back(pick(rng) < 0.5 ? 300.0 : 500.0);
            parks.push_back(geos::from_wkt("POLYGON(" + square(cx + s, cy, s) + ")"));
        } else if (k % 10 == 2) {  // overlapping ellipses
            parks.push_back(geos::from_wkt("POLYGON(" + ellipse(cx, cy, s, 0.6 * s, u * 3, 24, false) + ")"));
            radius.push_back(300.0);
            parks.push_back(geos::from_wkt("POLYGON(" + ellipse(cx + 0.5 * s, cy, s, s, u, 24, false) + ")"));
        } else if (k % 10 == 3) {  // a multipolygon of two ellipses apart
            parks.push_back(geos::from_wkt("MULTIPOLYGON((" + ellipse(cx, cy, s, 0.5 * s, u, 24, false) + "), (" +
                                           ellipse(cx + 900, cy + 200, 0.5 * s, 0.5 * s, u, 12, false) + "))"));
        } else {
            parks.push_back(geos::from_wkt("POLYGON(" + ellipse(cx, cy, s, s * (0.5 + 0.5 * u), u * 3, 24, k % 3 == 0) + ")"));
        }
        const double v = pick(rng);
        // The holed ones with a radius shorter than the squares' half diagonals (inside or not decides).
        radius.push_back(k % 50 == 0 ? 60.0 : v < 0.1 ? 0.0 : v < 0.5 ? 300.0 : 500.0);
    }
    REQUIRE(parks.size() == radius.size());
    std::vector<double> rx, ry;
    for (int i = 0; i < 150000; ++i) rx.push_back(X0 - 800 + pos(rng) * 1.2), ry.push_back(Y0 - 800 + pos(rng) * 1.2);
    enum Kind : char { Spread, Edge, Near, Hole };
    std::vector<char> kind(rx.size(), Spread);
    auto add = [&](double x, double y, Kind of) { rx.push_back(x), ry.push_back(y), kind.push_back(of); };
    for (std::size_t k = 0; k < parks.size(); ++k)
        geos::walk_coordinates(parks[k].get(), [&](geos::Piece piece, std::span<const geos::XY> ring) {
            if (piece == geos::Piece::Line) return;
            for (std::size_t a = 0; a + 1 < ring.size(); ++a) {
                const double dx = ring[a + 1].x - ring[a].x, dy = ring[a + 1].y - ring[a].y, len = std::hypot(dx, dy);
                const double mx = ring[a].x + dx / 2, my = ring[a].y + dy / 2;
                add(ring[a].x, ring[a].y, Edge);  // a vertex
                add(mx, my, Edge);                // an edge's midpoint
                // Off the edge's midpoint along its normal, both ways, the radius and 1 or 3 mm more or less.
                for (const double off : {radius[k] - 0.003, radius[k] - 0.001, radius[k] + 0.001, radius[k] + 0.003})
                    for (const double side : {1.0, -1.0}) add(mx + side * off * dy / len, my - side * off * dx / len, Near);
            }
        });
    for (const auto& h : holes)
        for (int i = 0; i < 2000; ++i) add(h[0] + (h[2] - h[0]) * pick(rng), h[1] + (h[3] - h[1]) * pick(rng), Hole);

    const std::vector<std::uint8_t> got = polygon_coverage(parks, radius, rx, ry);
    const std::vector<std::uint8_t> want = exact_polygon_coverage(parks, radius, rx, ry);
    std::size_t covered = 0, wrong = 0, first_wrong = rx.size();
    for (std::size_t i = 0; i < rx.size(); ++i) {
        covered += want[i];
        if (got[i] != want[i] && wrong++ == 0) first_wrong = i;
    }
    INFO(fmt::format("{} of {} residents differ; the first, {}, at {:.6f} {:.6f}: {} against {}", wrong, rx.size(), first_wrong,
                     first_wrong < rx.size() ? rx[first_wrong] : 0.0, first_wrong < rx.size() ? ry[first_wrong] : 0.0,
                     first_wrong < rx.size() ? got[first_wrong] : 0, first_wrong < rx.size() ? want[first_wrong] : 0));
    CHECK(wrong == 0);
    // Both outcomes, often, among the residents spread all over, those near the radius and in the holes.
    std::size_t count[4][2] = {};
    for (std::size_t i = 0; i < rx.size(); ++i) ++count[static_cast<int>(kind[i])][want[i]];
    INFO(fmt::format("spread {} {}, edge {} {}, near {} {}, hole {} {}", count[0][0], count[0][1], count[1][0], count[1][1], count[2][0], count[2][1], count[3][0], count[3][1]));
    CHECK(count[Spread][0] > 30000);
    CHECK(count[Spread][1] > 30000);
    CHECK(count[Edge][1] > 5000);
    CHECK(count[Near][0] > 2000);
    CHECK(count[Near][1] > 20000);
    CHECK(count[Hole][0] > 300);
    CHECK(count[Hole][1] > 3000);
}
