// The 10-minute fitness circle (fitness.cpp): residents weighted by population within a 10-minute walk
// (10 × 80 = 800 m; elderly 10 × 60 = 600 m) of a fitness site, or within the site's class radius.
#include "core/indicators/fitness.h"

#include "../test_city.h"

#include <catch2/catch.hpp>

#include <cmath>

using namespace hcgis;
using namespace hcgis::test;

namespace {

// Sites f0 (1600, 1000) in A and f1 (3400, 1000) in B; residents (population, aged 60+), with their
// straight distance to the nearer site:
//   A  r0 (1600, 1500) 100, 20   500 to f0
//      r1 ( 900, 1000) 300, 30   700 to f0
//      r2 ( 100,  100) 600, 50   1749 to f0
//      r6 (1100, 1400)  50,  5   640 to f0 (500 along the road at y = 1000 plus 400 off it: 900 walking)
//   B  r3 (2150, 1000) 200, 40   550 to f0, across the border
//      r4 (3000, 1900) 400, 60   985 to f1
//      r5 (3400,  300) 100, 10   700 to f1
City fitness_city(bool with_class) {
    City c = test::two_districts();
    auto site = [&](double x, double y, double cls) {
        return with_class ? Pt{x, y, {{"class", cls}}} : Pt{x, y};
    };
    test::add_points(c, "fitness", {site(1600, 1000, 1), site(3400, 1000, 3)});
    auto r = [](double x, double y, double pop, double old) { return Pt{x, y, {{"population", pop}, {"elderly", old}}}; };
    test::add_points(c, "residents",
                     {r(1600, 1500, 100, 20), r(900, 1000, 300, 30), r(100, 100, 600, 50), r(2150, 1000, 200, 40),
                      r(3000, 1900, 400, 60), r(3400, 300, 100, 10), r(1100, 1400, 50, 5)});
    return c;
}

const ScorecardOptions straight{ModeChoice::Straight};

}  // namespace

TEST_CASE("fitness coverage in a straight line: population within 800 m, the elderly within 600 m", "[fitness]") {
    const Scorecard s = compute_scorecard(fitness_city(false), Catalog(), straight);
    // A: r0, r1, r6 within 800 m: (100 + 300 + 50) / 1050 = 3/7. B: r3 (served from A's site, 550 m) and
    // r5 (700 m): 300 / 700. Total: 750 / 1750.
    check_values(s, "fitness_10min_coverage", 450.0 / 1050.0, 300.0 / 700.0, 750.0 / 1750.0);
    // The elderly within 600 m: A r0 only, 20 / 105; B r3 only, 40 / 110; total 60 / 215.
    check_values(s, "fitness_10min_coverage_elderly", 20.0 / 105.0, 40.0 / 110.0, 60.0 / 215.0);

    const Value& a = value(s, 0, "fitness_10min_coverage");
    CHECK(a.mode == Measure::Straight);
    CHECK(detail(a, "covered_population") == Approx(450).margin(1e-9));
    CHECK(detail(a, "residents_population") == Approx(1050).margin(1e-9));
    CHECK(detail(a, "radius_m") == Approx(800).margin(1e-9));
    CHECK(detail(value(s, 0, "fitness_10min_coverage_elderly"), "radius_m") == Approx(600).margin(1e-9));
}

TEST_CASE("fitness coverage by class radius: 300 m fitness point, 1000 m sports centre", "[fitness]") {
    const Scorecard s = compute_scorecard(fitness_city(true), Catalog(), straight);
    // f0 is a fitness point (300 m): no resident of A lies that near. f1 a sports centre (1000 m): r4 at
    // 985 m and r5 at 700 m. A 0, B 500 / 700, total 500 / 1750.
    check_values(s, "fitness_10min_coverage", 0.0, 500.0 / 700.0, 500.0 / 1750.0);
    // The elderly walk 60/80 of it: 225 m and 750 m; r5 (700 m) only: A 0, B 10 / 110, total 10 / 215.
    check_values(s, "fitness_10min_coverage_elderly", 0.0, 10.0 / 110.0, 10.0 / 215.0);
    // Radii differ by site: no single radius in the detail.
    CHECK_FALSE(value(s, 1, "fitness_10min_coverage").get("radius_m").has_value());

    CHECK(indicators::fitness_class_radius(1) == 300.0);
    CHECK(indicators::fitness_class_radius(2) == 500.0);
    CHECK(indicators::fitness_class_radius(3) == 1000.0);
    CHECK(indicators::fitness_class_radius(0) == 300.0);  // unknown: the smallest
    CHECK(indicators::fitness_budgets(fitness_city(true), 60.0) == std::vector<double>{225.0, 750.0});
    CHECK(indicators::fitness_budgets(fitness_city(false), 60.0) == std::vector<double>{600.0, 600.0});
}

TEST_CASE("fitness coverage on the walking network: leg + path + leg", "[fitness]") {
    City c = fitness_city(false);
    // One street along y = 1000 through both sites; the residents walk to it straight.
    test::add_shapes(c, "roads", GeomKind::Line, {"LINESTRING(0 1000,2000 1000,4000 1000)"});
    const Scorecard s = compute_scorecard(c);  // "auto": on the network, as there are roads
    // r6 is 640 m from f0 in a straight line but walks 400 to the street and 500 along it: 900 > 800.
    // The others walk what they measure straight (legs at right angles to the street through the site,
    // or on the street): A (100 + 300) / 1050, B 300 / 700, total 700 / 1750.
    check_values(s, "fitness_10min_coverage", 400.0 / 1050.0, 300.0 / 700.0, 700.0 / 1750.0);
    CHECK(val(s, -1, "fitness_10min_coverage_elderly") == Approx(60.0 / 215.0).epsilon(1e-12));
    CHECK(value(s, 0, "fitness_10min_coverage").mode == Measure::Network);

    // Decided per block of residents: nobody is snapped for it, unless the network is declared partial
    // (whose off-network sums read the snaps); the values are the same either way.
    Analysis per_block(c);
    const Scorecard again = compute_scorecard(per_block, Catalog());
    CHECK_FALSE(per_block.resident_snaps_ready());
    Analysis snapped(c);  // the snaps made first: fitness costs them, as the what-if engine does
    (void)snapped.resident_snaps();
    const Scorecard by_snaps = compute_scorecard(snapped, Catalog());
    for (int d = -1; d < 2; ++d)
        for (const char* id : {"fitness_10min_coverage", "fitness_10min_coverage_elderly"}) {
            INFO(id << " in " << d);
            CHECK(val(again, d, id) == val(by_snaps, d, id));
        }
    c.walk_network_partial = true;
    Analysis partial(c);
    (void)compute_scorecard(partial, Catalog());
    CHECK(partial.resident_snaps_ready());
}

TEST_CASE("fitness coverage without residents, or without their elderly counts: null with the reason", "[fitness]") {
    City c = fitness_city(false);
    c.layers.at("residents").numbers.erase("elderly");
    const Scorecard s = compute_scorecard(c, Catalog(), straight);
    CHECK(val(s, 0, "fitness_10min_coverage") == Approx(450.0 / 1050.0).epsilon(1e-12));
    CHECK_FALSE(value(s, 0, "fitness_10min_coverage_elderly").value.has_value());
    CHECK(value(s, 0, "fitness_10min_coverage_elderly").reason.english() == "not computed: the residents layer maps no elderly field");

    c.layers.erase("residents");
    const Scorecard none = compute_scorecard(c, Catalog(), straight);
    CHECK_FALSE(value(none, -1, "fitness_10min_coverage").value.has_value());
    CHECK(value(none, -1, "fitness_10min_coverage").reason.english() == "not computed: no residents layer");
}
