// Care for the elderly (care.cpp): care-home beds per 1000 residents aged 60+, and the share of urban and
// of rural communities with a standardised home-care centre.
#include "core/analysis.h"

#include "core/codes.h"

#include "../test_city.h"

#include <catch2/catch.hpp>

using namespace hcgis;
using namespace hcgis::test;

namespace {

constexpr double home = codes::care_home, centre = codes::homecare_center;
constexpr double urban = codes::urban, rural = codes::rural;

// Districts A (2 000 aged 60+) and B (5 000). Care facilities (kind, beds):
//   A  care home 60, home-care centre 30 (its beds are no care-home beds)
//   B  care home 150, care home 50
//   outside every district: care home 500
// Communities (type, home-care centre):
//   A  urban 1, urban 0, urban 1                 urban 2 / 3, no rural community
//   B  urban 0, rural 0, rural 1, rural 0, rural 0   urban 0 / 1, rural 1 / 4
City care_city() {
    City c = test::two_districts();
    auto care = [](double x, double y, double kind, double beds) { return Pt{x, y, {{"kind", kind}, {"beds", beds}}}; };
    test::add_points(c, "eldercare",
                     {care(500, 500, home, 60), care(600, 500, centre, 30), care(2500, 500, home, 150),
                      care(3500, 1500, home, 50), care(9000, 9000, home, 500)});
    auto comm = [](double x, double y, double type, double has) {
        return Pt{x, y, {{"type", type}, {"homecare_center", has}}};
    };
    test::add_points(c, "communities",
                     {comm(100, 100, urban, 1), comm(200, 100, urban, 0), comm(300, 100, urban, 1),
                      comm(2100, 100, urban, 0), comm(2200, 100, rural, 0), comm(2300, 100, rural, 1),
                      comm(2400, 100, rural, 0), comm(2500, 100, rural, 0)});
    return c;
}

}  // namespace

TEST_CASE("care-home beds per 1000 residents aged 60+: care homes only, in the district", "[care]") {
    const Scorecard s = compute_scorecard(care_city());
    // A: 60 / 2000 × 1000 = 30. B: 200 / 5000 × 1000 = 40. Total: 260 / 7000 × 1000 = 37.142857...
    check_values(s, "eldercare_beds_per_1000", 30.0, 40.0, 260.0 / 7.0);
    CHECK(detail(value(s, -1, "eldercare_beds_per_1000"), "beds") == Approx(260).margin(1e-9));
    CHECK(detail(value(s, -1, "eldercare_beds_per_1000"), "elderly") == Approx(7000).margin(1e-9));
}

TEST_CASE("care-home beds without a kind field: every facility's beds count", "[care]") {
    City c = care_city();
    c.layers.at("eldercare").numbers.erase("kind");
    const Scorecard s = compute_scorecard(c);
    // A: (60 + 30) / 2000 × 1000 = 45; B 40 as before; total 290 / 7000 × 1000.
    check_values(s, "eldercare_beds_per_1000", 45.0, 40.0, 290.0 / 7.0);
}

TEST_CASE("care-home beds without the elderly or the beds: null with the reason", "[care]") {
    City c = care_city();
    c.districts.elderly = {std::nullopt, std::nullopt};
    CHECK(value(compute_scorecard(c), 0, "eldercare_beds_per_1000").reason.english() ==
          "not computed: the districts layer maps no elderly field");
    c = care_city();
    c.districts.elderly[1] = 0.0;
    CHECK(value(compute_scorecard(c), 1, "eldercare_beds_per_1000").reason.english() == "the district has no residents aged 60+");
    c.layers.at("eldercare").numbers.erase("beds");
    CHECK(value(compute_scorecard(c), 0, "eldercare_beds_per_1000").reason.english() ==
          "not computed: the eldercare layer maps no beds field");
}

TEST_CASE("home-care centres: urban and rural communities each against their own", "[care]") {
    const Scorecard s = compute_scorecard(care_city());
    check_values(s, "homecare_center_coverage", 2.0 / 3.0, 0.0, 2.0 / 4.0);
    CHECK_FALSE(value(s, 0, "homecare_center_coverage_rural").value.has_value());
    CHECK(value(s, 0, "homecare_center_coverage_rural").reason.english() == "no rural communities here");
    CHECK(val(s, 1, "homecare_center_coverage_rural") == Approx(1.0 / 4.0).epsilon(1e-12));
    CHECK(val(s, -1, "homecare_center_coverage_rural") == Approx(1.0 / 4.0).epsilon(1e-12));
    CHECK(detail(value(s, 1, "homecare_center_coverage_rural"), "communities") == Approx(4).margin(1e-9));

    City c = care_city();
    c.layers.at("communities").numbers.erase("type");
    CHECK(value(compute_scorecard(c), 0, "homecare_center_coverage").reason.english() ==
          "not computed: the communities layer maps no type field");
}
