// What `hcgis coverage` draws (coverage_map.cpp): each facility's catchment, their union, and every
// resident with the facility that serves it and its distance, reported up to twice the largest budget.
#include "core/coverage_map.h"
#include "core/error.h"

#include "test_city.h"

#include <catch2/catch.hpp>

#include <cmath>
#include <limits>
#include <numbers>
#include <stdexcept>

using namespace hcgis;
using hcgis::test::Pt;
using hcgis::test::rect;

namespace {

constexpr double inf = std::numeric_limits<double>::infinity();

// Fitness sites f0 (1000, 1000) and f1 (3000, 1000), no class: 800 m each. Residents and their straight
// distance to the nearer site:
//   r0 (1000, 1500) 500 to f0      r1 (1000, 250) 750 to f0      r2 (2500, 1000) 500 to f1
//   r3 (100, 1900) 1273 to f0 (beyond 800, within the 1600 reported)
//   r4 (1000, 3000), outside the districts, 2000 to f0: beyond what is reported
City coverage_city() {
    City c = test::two_districts();
    test::add_points(c, "fitness", {{1000, 1000}, {3000, 1000}});
    test::add_points(c, "toilets", {{1000, 1000}});
    test::add_points(c, "residents", {{1000, 1500}, {1000, 250}, {2500, 1000}, {100, 1900}, {1000, 3000}});
    return c;
}

double area(const geos::GeomPtr& g) { return geos::area(g.get()); }

}  // namespace

TEST_CASE("straight coverage map: circles of the budget, the serving site and its distance", "[coverage_map]") {
    const City city = coverage_city();
    Analysis a(city);  // no roads: straight
    const CoverageMap m = coverage_map(a, {});
    CHECK(m.mode == Measure::Straight);
    CHECK(m.budget == std::vector<double>{800, 800});
    REQUIRE(m.catchment.size() == 2);
    // A circle of 800 m, as GEOS's 64-gon inscribed in it: π r² less 0.16 %.
    const double circle = std::numbers::pi * 800 * 800;
    CHECK(area(m.catchment[0]) == Approx(circle).epsilon(0.002));
    CHECK(area(m.catchment[0]) < circle);
    // The two circles lie apart (centres 2000 m apart): their union is both.
    CHECK(area(m.all) == Approx(area(m.catchment[0]) + area(m.catchment[1])).epsilon(1e-9));

    const WalkCoverage& r = m.residents;
    CHECK(r.covered == std::vector<std::uint8_t>{1, 1, 1, 0, 0});
    CHECK(r.facility == std::vector<std::int32_t>{0, 0, 1, 0, -1});
    CHECK(r.distance[0] == Approx(500).margin(1e-9));
    CHECK(r.distance[1] == Approx(750).margin(1e-9));
    CHECK(r.distance[2] == Approx(500).margin(1e-9));
    CHECK(r.distance[3] == Approx(std::hypot(900, 900)).margin(1e-9));
    CHECK(r.distance[4] == inf);
}

TEST_CASE("coverage map budgets: a walking time for all, the toilet radius, a park's size", "[coverage_map]") {
    City city = coverage_city();
    Analysis a(city);
    // 5 minutes at 80 m/min: 400 m, which neither r0 (500) nor r1 (750) is within.
    CoverageOptions five;
    five.minutes = 5;
    const CoverageMap m5 = coverage_map(a, five);
    CHECK(m5.budget == std::vector<double>{400, 400});
    CHECK(m5.residents.covered == std::vector<std::uint8_t>{0, 0, 0, 0, 0});
    CHECK(m5.residents.facility[0] == 0);  // 500 m: within the 800 reported

    CoverageOptions toilets;
    toilets.facility = "toilets";
    CHECK(coverage_map(a, toilets).budget == std::vector<double>{300});

    // A park of 100 m × 100 m (10 000 m²) serves 500 m from its edge: (300, 50) is 200 m from it.
    test::add_shapes(city, "parks", GeomKind::Polygon, {rect(0, 0, 100, 100)});
    test::add_points(city, "residents", {{300, 50}, {700, 50}});
    Analysis b(city);
    CoverageOptions parks;
    parks.facility = "parks";
    const CoverageMap mp = coverage_map(b, parks);
    CHECK(mp.budget == std::vector<double>{500});
    CHECK(mp.residents.covered == std::vector<std::uint8_t>{1, 0});
    CHECK(mp.residents.distance[0] == Approx(200).margin(1e-9));
    CHECK(mp.residents.distance[1] == Approx(600).margin(1e-9));
    // The square grown by 500 m: 100² + 4 × 100 × 500 + the corners' circle of 500 m (a 64-gon).
    CHECK(area(mp.catchment[0]) == Approx(10000 + 200000 + std::numbers::pi * 500 * 500).epsilon(0.002));
}

TEST_CASE("network coverage map: the street within budget, cut square, buffered by the half-width", "[coverage_map]") {
    City city = coverage_city();
    test::add_shapes(city, "roads", GeomKind::Line, {"LINESTRING(0 1000,4000 1000)"});
    Analysis a(city);
    const CoverageMap m = coverage_map(a, {});
    CHECK(m.mode == Measure::Network);
    // f0 reaches x 200-1800 of the street, f1 2200-3800: each a 1600 m × 100 m rectangle.
    CHECK(area(m.catchment[0]) == Approx(1600 * 100).epsilon(1e-9));
    CHECK(area(m.catchment[1]) == Approx(1600 * 100).epsilon(1e-9));
    CHECK(area(m.all) == Approx(2 * 1600 * 100).epsilon(1e-9));
    // Residents walk straight to the street: r0 500, r1 750, r2 500 along it; r3 900 + 900 = 1800 and r4
    // 2000 + 0 lie beyond the 1600 reported.
    const WalkCoverage& r = m.residents;
    CHECK(r.covered == std::vector<std::uint8_t>{1, 1, 1, 0, 0});
    CHECK(r.facility == std::vector<std::int32_t>{0, 0, 1, -1, -1});
    CHECK(r.distance[1] == Approx(750).margin(1e-9));
    CHECK(r.distance[3] == inf);
}

TEST_CASE("coverage map of a facility the project lacks, or one it does not know: an error", "[coverage_map]") {
    City city = coverage_city();
    Analysis a(city);
    CoverageOptions o;
    o.facility = "parks";
    CHECK_THROWS_WITH(coverage_map(a, o), "coverage: the project has no parks layer");
    o.facility = "clinics";
    CHECK_THROWS_AS(coverage_map(a, o), hcgis::UsageError);
    city.layers.erase("residents");
    Analysis b(city);
    CHECK_THROWS_WITH(coverage_map(b, {}), "coverage: the project has no residents layer");
}
