#include "core/catchment.h"
#include "core/walk_coverage.h"

#include <catch2/catch.hpp>

#include <cmath>
#include <random>

using namespace hcgis;

namespace {

// Two streets 300 m apart across a river, joined by one bridge at x = 1500; a cul-de-sac runs south from
// the south street at x = 500. Every junction is a shared vertex; no roads cross without one.
std::vector<geos::GeomPtr> town() {
    std::vector<geos::GeomPtr> v;
    for (const char* w : {"LINESTRING(0 0, 250 0, 500 0, 750 0, 1000 0, 1250 0, 1500 0, 1750 0, 2000 0)",
                          "LINESTRING(0 300, 500 300, 1000 300, 1500 300, 2000 300)",
                          "LINESTRING(1500 0, 1500 300)",
                          "LINESTRING(500 0, 500 -400)"})
        v.push_back(geos::from_wkt(w));
    return v;
}

bool inside(const GEOSGeometry* area, double x, double y) {
    const auto pt = geos::make_point(x, y);
    const char r = GEOSIntersects_r(geos::ctx(), area, pt.get());
    REQUIRE(r != 2);
    return r == 1;
}

}  // namespace

TEST_CASE("reachable roads stop where the budget runs out", "[catchment]") {
    auto roads = town();
    WalkGraph g(roads);
    const Snap f = g.snap(250, -20);  // leg 20
    const auto lines = reachable_roads(g, f, 800);
    // West 250 m to the end, east 780 m (to x = 1030), and the whole 400 m cul-de-sac (it costs 270 + 400).
    CHECK(geos::length(lines.get()) == Approx(250 + 780 + 400).epsilon(1e-9));
    CHECK(geos::is_empty(reachable_roads(g, f, 15).get()));  // the leg alone is over budget
}

TEST_CASE("a catchment never covers a place whose walk exceeds budget + half-width", "[catchment]") {
    auto roads = town();
    WalkGraph g(roads);
    const double budget = 800, half_width = 50;
    const Snap f = g.snap(250, -20);
    const auto area = catchment(g, f, budget, half_width);
    REQUIRE_FALSE(geos::is_empty(area.get()));

    std::mt19937 rng(11);
    std::uniform_real_distribution<double> ux(-100, 2100), uy(-500, 400);
    std::size_t in = 0, near_and_reached = 0;
    for (int i = 0; i < 20000; ++i) {
        const double x = ux(rng), y = uy(rng);
        const Snap r = g.snap(x, y);
        const auto cov = walk_coverage(g, std::vector<Snap>{f}, std::vector<double>{budget}, std::vector<Snap>{r}, 1e9);
        const double walk = cov.distance[0];
        if (inside(area.get(), x, y)) {
            ++in;
            INFO("point " << x << " " << y << " walks " << walk);
            REQUIRE(walk <= budget + half_width + 1e-6);
        }
        // And it covers every place close to a road it reaches, with budget to spare.
        if (r.leg <= half_width - 1 && walk <= budget - 1) {
            ++near_and_reached;
            INFO("point " << x << " " << y << " walks " << walk);
            REQUIRE(inside(area.get(), x, y));
        }
    }
    CHECK(in > 500);
    CHECK(near_and_reached > 500);
    // Across the river, 320 m away in a straight line, is out of reach.
    CHECK_FALSE(inside(area.get(), 250, 310));
    // The square end at x = 1030: just before it in, just beyond it out.
    CHECK(inside(area.get(), 1025, 30));
    CHECK_FALSE(inside(area.get(), 1040, 30));
}

TEST_CASE("a catchment ends square where the budget runs out mid-edge", "[catchment]") {
    // One street, a source at either end, each with a budget too short to meet the other.
    std::vector<geos::GeomPtr> roads;
    roads.push_back(geos::from_wkt("LINESTRING(0 0, 1000 0)"));
    WalkGraph g(roads);
    const auto a = catchment(g, g.snap(0, 0), 450, 50);
    const auto b = catchment(g, g.snap(1000, 0), 450, 50);
    CHECK(inside(a.get(), 440, 0));
    CHECK_FALSE(inside(a.get(), 460, 0));
    CHECK(geos::area(a.get()) == Approx(450 * 100 + 3.14159 * 50 * 50 / 2).epsilon(0.01));  // round start, square tip
    CHECK_FALSE(inside(b.get(), 500, 0));
}

TEST_CASE("squaring a tip keeps what another reached road covers", "[catchment]") {
    // A short east-west street with a branch north from its middle; the budget runs out 30 m up the branch.
    std::vector<geos::GeomPtr> roads;
    roads.push_back(geos::from_wkt("LINESTRING(480 0, 500 0, 520 0)"));
    roads.push_back(geos::from_wkt("LINESTRING(500 0, 500 500)"));
    WalkGraph g(roads);
    const auto area = catchment(g, g.snap(500, -5), 35, 50);
    CHECK(inside(area.get(), 470, 40));   // 40 m from the street, which is reached: kept
    CHECK(inside(area.get(), 500, 25));   // on the branch, reached
    CHECK_FALSE(inside(area.get(), 500, 75));  // beyond the tip and further than 50 m from the street
}
