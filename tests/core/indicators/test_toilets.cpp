#include "core/analysis.h"

#include "../test_city.h"

#include <catch2/catch.hpp>

using namespace hcgis;
using namespace hcgis::test;

namespace {

// Districts A and B of test_city.h (2 km × 2 km, sharing the border x = 2000); built-up: x < 1000 in A,
// plus a strip y < 1000 from x = 500 to 3000 (overlapping the first; crossing into B).
City small_city(bool with_class) {
    City c = two_districts();
    add_shapes(c, "builtup", GeomKind::Polygon, {rect(0, 0, 1000, 2000), rect(500, 0, 3000, 1000)});
    struct P { double x, y, k; };
    const P pts[] = {
        {100, 100, 1}, {200, 1500, 2}, {1500, 500, 3}, {1800, 200, 4},  // A, built-up
        {1500, 1500, 2},                                                 // A, not built-up
        {2000, 500, 3},                                                  // on the A|B border: B only
        {2500, 500, 2}, {2900, 900, 3},                                  // B, built-up
        {3500, 1500, 1},                                                 // B, not built-up
        {9000, 9000, 1},                                                 // outside every district
    };
    std::vector<Pt> toilets;
    for (const P& p : pts) toilets.push_back(with_class ? Pt{p.x, p.y, {{"class", p.k}}} : Pt{p.x, p.y});
    add_points(c, "toilets", toilets);
    return c;
}

}  // namespace

TEST_CASE("toilet density, class II share and below-class-III count by district", "[toilets]") {
    const City city = small_city(true);
    const Scorecard s = compute_scorecard(city);
    // A: built-up 3 km²; 4 toilets in it, 3 of class III or better, 2 of class II or better.
    CHECK(val(s, 0, "toilet_density") == Approx(3.0 / 3.0).epsilon(1e-12));
    CHECK(val(s, 0, "toilet_class2_share") == Approx(2.0 / 4.0).epsilon(1e-12));
    CHECK(val(s, 0, "toilet_below_class3") == 1.0);
    // B: built-up 1 km²; 3 toilets (one on the A|B border, which B, east of it, takes), 1 of class II.
    CHECK(val(s, 1, "toilet_density") == Approx(3.0).epsilon(1e-12));
    CHECK(val(s, 1, "toilet_class2_share") == Approx(1.0 / 3.0).epsilon(1e-12));
    CHECK(val(s, 1, "toilet_below_class3") == 0.0);
    // Total: 6 / 4 km², 3 of 7.
    CHECK(val(s, -1, "toilet_density") == Approx(1.5).epsilon(1e-12));
    CHECK(val(s, -1, "toilet_class2_share") == Approx(3.0 / 7.0).epsilon(1e-12));
    CHECK(val(s, -1, "toilet_below_class3") == 1.0);

    // The outside point is reported, and the accounting adds up.
    bool warned = false;
    for (const auto& w : s.warnings) warned |= w.find("toilets: 1 of 10 features lie outside") != std::string::npos;
    CHECK(warned);
    for (const auto& l : s.layers)
        CHECK(l.account.read == l.account.in_district + l.account.outside + l.account.rejected);
}

TEST_CASE("without a class field every toilet counts as class III and class indicators are null", "[toilets]") {
    const City city = small_city(false);
    const Scorecard s = compute_scorecard(city);
    // A: all 4 toilets in the built-up area count.
    CHECK(val(s, 0, "toilet_density") == Approx(4.0 / 3.0));
    CHECK_FALSE(s.districts[0].values.at("toilet_class2_share").value.has_value());
    CHECK(s.districts[0].values.at("toilet_class2_share").reason.english().find("no class field") != std::string::npos);
    CHECK_FALSE(s.total.values.at("toilet_below_class3").value.has_value());
}

TEST_CASE("no toilets layer: not computed, never zero", "[toilets]") {
    City city = small_city(true);
    city.layers.erase("toilets");
    const Scorecard s = compute_scorecard(city);
    const Value& v = s.districts[1].values.at("toilet_density");
    CHECK_FALSE(v.value.has_value());
    CHECK(v.reason.english() == "not computed: no toilets layer");
}

TEST_CASE("a district with no built-up area has no density, and one with built-up area but no toilets has 0",
          "[toilets]") {
    City city = small_city(true);
    // Move the second built-up polygon out of B entirely and drop B's toilets.
    Layer& b = city.layers.at("builtup");
    b.geoms[1] = geos::from_wkt("POLYGON((500 0,1900 0,1900 1000,500 1000,500 0))");
    const Scorecard s = compute_scorecard(city);
    CHECK_FALSE(s.districts[1].values.at("toilet_density").value.has_value());
    CHECK(s.districts[1].values.at("toilet_density").reason.english() == "no built-up area in this district");

    City c2 = small_city(true);
    Layer& t = c2.layers.at("toilets");
    for (auto& x : t.x)
        if (x >= 2000 && x < 4000) x = 9000;  // B's toilets leave the map (the border one at x = 2000 is B's)
    const Scorecard s2 = compute_scorecard(c2);
    CHECK(val(s2, 1, "toilet_density") == 0.0);
    CHECK_FALSE(s2.districts[1].values.at("toilet_class2_share").value.has_value());
}
