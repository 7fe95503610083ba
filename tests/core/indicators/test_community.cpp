// Community programmes, district tallies, markets and trails (community.cpp).
#include "core/analysis.h"

#include "core/codes.h"

#include "../test_city.h"

#include <catch2/catch.hpp>

using namespace hcgis;
using namespace hcgis::test;

namespace {

// Districts A (10 000 residents; 4 healthy enterprises, 60 food sample batches) and B (20 000; 7, 50).
// Communities (type, GP studio, vector-control demo, healthy village, healthy community):
//   A  urban 1 1 0 1   urban 0 0 0 0   urban 0 1 0 1   rural 1 0 1 0 (a rural GP studio does not count)
//   B  urban 1 0 0 0   rural 0 1 1 0   rural 0 0 1 0
// Markets (standardised): A 1, 0; B 0.
// Trails: (500 500)-(1500 500) in A, (1000 500)-(1500 500) mapped again over it, (1500 1500)-(2500 1500)
// across the border, and (2000 200)-(2000 800) along it.
City community_city() {
    City c = test::two_districts();
    c.districts.numbers["healthy_enterprises"] = {4, 7};
    c.districts.numbers["food_samples"] = {60, 50};
    auto comm = [](double x, double type, double studio, double demo, double village, double community) {
        return Pt{x, 100,
                  {{"type", type}, {"gp_studio", studio}, {"vector_demo", demo}, {"healthy_village", village},
                   {"healthy_community", community}}};
    };
    const double u = codes::urban, r = codes::rural;
    test::add_points(c, "communities",
                     {comm(100, u, 1, 1, 0, 1), comm(200, u, 0, 0, 0, 0), comm(300, u, 0, 1, 0, 1), comm(400, r, 1, 0, 1, 0),
                      comm(2100, u, 1, 0, 0, 0), comm(2200, r, 0, 1, 1, 0), comm(2300, r, 0, 0, 1, 0)});
    test::add_points(c, "markets",
                     {{500, 500, {{"standardised", 1}}}, {600, 500, {{"standardised", 0}}}, {2500, 500, {{"standardised", 0}}}});
    test::add_shapes(c, "trails", GeomKind::Line,
                     {"LINESTRING(500 500,1500 500)", "LINESTRING(1000 500,1500 500)", "LINESTRING(1500 1500,2500 1500)",
                      "LINESTRING(2000 200,2000 800)"});
    return c;
}

}  // namespace

TEST_CASE("GP studios among urban communities, and programme communities counted", "[community]") {
    const Scorecard s = compute_scorecard(community_city());
    // GP studios: A 1 / 3, B 1 / 1, total 2 / 4.
    check_values(s, "gp_studio_share", 1.0 / 3.0, 1.0, 0.5);
    CHECK(detail(value(s, -1, "gp_studio_share"), "urban_communities") == Approx(4).margin(1e-9));
    // Counts: vector-control demos A 2, B 1; healthy villages A 1, B 2; healthy communities A 2, B 0.
    check_values(s, "vector_demo_communities", 2, 1, 3);
    check_values(s, "healthy_villages", 1, 2, 3);
    check_values(s, "healthy_communities", 2, 0, 2);
}

TEST_CASE("district tallies: healthy enterprises and food samples per 1000 residents", "[community]") {
    const Scorecard s = compute_scorecard(community_city());
    check_values(s, "healthy_enterprises", 4, 7, 11);
    // A 60 / 10 000 × 1000 = 6; B 50 / 20 000 × 1000 = 2.5; total 110 / 30 000 × 1000.
    check_values(s, "food_sampling_per_1000", 6.0, 2.5, 110.0 / 30.0);
}

TEST_CASE("townships with a standardised farmers' market", "[community]") {
    const Scorecard s = compute_scorecard(community_city());
    check_values(s, "farmers_market_per_township", 1.0, 0.0, 0.5);
    CHECK(detail(value(s, 0, "farmers_market_per_township"), "standardised_markets") == Approx(1).margin(1e-12));
}

TEST_CASE("health trail km: clipped to the district, a stretch mapped twice or along a border counted once",
          "[community]") {
    const Scorecard s = compute_scorecard(community_city());
    // A: 1000 m (the second mapping adds nothing) + 500 m of the crossing trail = 1.5 km.
    // B: 500 m of the crossing trail + the 600 m along the border, which the district east of it takes.
    check_values(s, "health_trail_km", 1.5, 1.1, 2.6, 1e-9);
}

TEST_CASE("community indicators without their layers or fields: null with the reason", "[community]") {
    City c = community_city();
    c.layers.at("communities").numbers.erase("gp_studio");
    c.districts.numbers.erase("food_samples");
    c.layers.erase("trails");
    const Scorecard s = compute_scorecard(c);
    CHECK(value(s, 0, "gp_studio_share").reason.english() == "not computed: the communities layer maps no gp_studio field");
    CHECK(value(s, 0, "food_sampling_per_1000").reason.english() == "not computed: the districts layer maps no food_samples field");
    CHECK(value(s, -1, "health_trail_km").reason.english() == "not computed: no trails layer");
    CHECK(val(s, 0, "healthy_villages") == Approx(1).margin(1e-12));  // the rest stands
}
