// Green space and sports grounds (green.cpp): park green and sports ground per resident, from the union of
// the polygons clipped to each district, and the share of residents within a park's service radius
// (500 m for parks of 5000 m² and more, 300 m for 2000-5000 m², smaller ones none), straight from the edge.
#include "core/indicators/park.h"

#include "../test_city.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <random>

using namespace hcgis;
using namespace hcgis::test;

namespace {

// Parks (districts A: x 0-2000, B: x 2000-4000; 10 000 and 20 000 residents):
//   P1 [100, 600]²                        250 000 m²  } overlapping by [400, 600]² = 40 000 m²:
//   P2 [400, 900]²                        250 000 m²  } one park of 460 000 m², in A
//   P3 [1800, 2200] × [1000, 1200]         80 000 m², half in A, half in B
//   P4 [3000, 3050] × [1500, 1560]          3 000 m² in B: a 300 m park
//   P5 [3800, 3840] × [100, 140]            1 600 m² in B: too small to count
// Sports grounds: S1 [2500, 2600] × [500, 600] (10 000 m², in B), mapped twice.
City green_city() {
    City c = test::two_districts();
    test::add_shapes(c, "parks", GeomKind::Polygon,
                     {rect(100, 100, 600, 600), rect(400, 400, 900, 900), rect(1800, 1000, 2200, 1200),
                      rect(3000, 1500, 3050, 1560), rect(3800, 100, 3840, 140)});
    test::add_shapes(c, "sports", GeomKind::Polygon, {rect(2500, 500, 2600, 600), rect(2500, 500, 2600, 600)});
    // Residents (population) and their distance to the nearest park edge that counts:
    //   A  (300, 300) 100: inside P1, 0      (1450, 600) 200: 550 to P2, 531 to P3: none
    //      (1000, 1000) 50: 141 to P2's corner
    //   B  (3020, 1300) 80: 200 to P4 (300 m)   (3020, 1150) 50: 350 to P4, more than its 300 m
    //      (3820, 400) 120: 260 to P5, which serves nobody   (2400, 1100) 100: 200 to P3
    auto r = [](double x, double y, double pop) { return Pt{x, y, {{"population", pop}}}; };
    test::add_points(c, "residents",
                     {r(300, 300, 100), r(1450, 600, 200), r(1000, 1000, 50), r(3020, 1300, 80), r(3020, 1150, 50),
                      r(3820, 400, 120), r(2400, 1100, 100)});
    return c;
}

}  // namespace

TEST_CASE("park green per capita: the union of the parks clipped to the district, per resident", "[green]") {
    const Scorecard s = compute_scorecard(green_city());
    // A: P1 ∪ P2 = 460 000 m² + half of P3 40 000 m² = 500 000 m² / 10 000 = 50 m².
    // B: 40 000 + 3 000 + 1 600 = 44 600 m² / 20 000 = 2.23 m² (every park counts for area, however small).
    // Total: 544 600 / 30 000.
    check_values(s, "park_green_per_capita", 50.0, 2.23, 544600.0 / 30000.0, 1e-9);
    CHECK(detail(value(s, 0, "park_green_per_capita"), "park_area_m2") == Approx(500000).epsilon(1e-9));
}

TEST_CASE("sports ground per capita: a ground mapped twice counts once, and none is 0, not null", "[green]") {
    const Scorecard s = compute_scorecard(green_city());
    check_values(s, "sports_area_per_capita", 0.0, 10000.0 / 20000.0, 10000.0 / 30000.0, 1e-9);

    City c = green_city();
    c.districts.population[1] = 0.0;
    const Scorecard zero = compute_scorecard(c);
    CHECK(value(zero, 1, "sports_area_per_capita").reason.english() == "the district's population is 0");
    c.layers.erase("sports");
    CHECK(value(compute_scorecard(c), 0, "sports_area_per_capita").reason.english() == "not computed: no sports layer");
}

TEST_CASE("park service coverage: 500 m or 300 m from the park's edge by its size, weighted by population", "[green]") {
    const Scorecard s = compute_scorecard(green_city());
    // A: (100 + 50) / 350. B: (80 + 100) / 350. Total 330 / 700.
    check_values(s, "park_service_coverage", 150.0 / 350.0, 180.0 / 350.0, 330.0 / 700.0);
    CHECK(value(s, 0, "park_service_coverage").mode == Measure::Straight);

    const City c = green_city();
    CHECK(indicators::park_radii(c.layers.at("parks").geoms) == std::vector<double>{500, 500, 500, 300, 0});
    CHECK(indicators::park_service_radius(5000) == 500);
    CHECK(indicators::park_service_radius(4999.9) == 300);
    CHECK(indicators::park_service_radius(2000) == 300);
    CHECK(indicators::park_service_radius(1999.9) == 0);
}

TEST_CASE("park service coverage on the network when the project asks for it", "[green]") {
    City c = green_city();
    c.park_coverage_mode = Measure::Network;
    // One street along y = 900 from P2's corner (900, 900) east to x = 1800. P2 is entered at that corner
    // (leg 0), P1 where the street comes nearest to it, at the same corner (leg 424), P3 at (1800, 900)
    // (leg 100). Residents walk straight to their nearest point of the street:
    //   (1000, 1000): 100 to (1000, 900), 100 along it to P2: 200 <= 500, covered
    //   (300, 300), inside P1: 849 to (900, 900), so not covered on foot
    //   (1450, 600): 300 + 550 to P2, or 300 + 350 + 100 to P3: not covered
    //   B's residents: 632 m or more from the street's end: none covered
    test::add_shapes(c, "roads", GeomKind::Line, {"LINESTRING(900 900,1800 900)"});
    const Scorecard s = compute_scorecard(c);
    CHECK(value(s, 0, "park_service_coverage").mode == Measure::Network);
    check_values(s, "park_service_coverage", 50.0 / 350.0, 0.0, 50.0 / 700.0);
}

TEST_CASE("a roads layer declared partial: districts beyond it get no walking coverage, saying why", "[green]") {
    City c = green_city();
    c.park_coverage_mode = Measure::Network;
    c.walk_network_partial = true;
    // The street of the case above. Of A's 350 residents only the 100 at (300, 300) lie more than 300 m from
    // it (849 m; (1450, 600) is 300 m off, not more): A is on the network. All of B's lie 632 m or more off.
    test::add_shapes(c, "roads", GeomKind::Line, {"LINESTRING(900 900,1800 900)"});
    const Scorecard s = compute_scorecard(c);
    const Value& b = value(s, 1, "park_service_coverage");
    CHECK_FALSE(b.value.has_value());
    CHECK(b.reason.code == Reason::Code::OffNetwork);
    CHECK(b.mode == Measure::Network);
    CHECK(value(s, -1, "park_service_coverage").reason.code == Reason::Code::PartialNetwork);
    // A keeps the value it has on a complete network.
    CHECK(val(s, 0, "park_service_coverage") == Approx(50.0 / 350.0).epsilon(1e-12));
}

TEST_CASE("parks are sized by their group's union as by the union of every park", "[green]") {
    // Random rectangles, many overlapping or touching (chains of them, corners meeting), some alone;
    // the independent answer is one union of every park, each park sized by the part its inside lies in.
    std::mt19937 rng(8);
    std::uniform_int_distribution<int> pos(0, 60), side(2, 9);
    std::vector<geos::GeomPtr> parks;
    for (int k = 0; k < 150; ++k) {
        const double x = pos(rng) * 10.0, y = pos(rng) * 10.0;  // on a 10 m lattice: exact touches
        parks.push_back(geos::make_rectangle(x, y, x + side(rng) * 10.0, y + side(rng) * 5.0));
    }
    std::vector<const GEOSGeometry*> all_parts;
    for (const auto& p : parks) all_parts.push_back(p.get());
    const geos::GeomPtr all = geos::unary_union(all_parts);
    std::vector<double> expected;
    for (const auto& p : parks) {
        const geos::GeomPtr inside = geos::point_on_surface(p.get());
        double r = -1;
        for (const GEOSGeometry* whole : geos::parts(all.get()))
            if (geos::intersects(geos::prepare(whole).get(), inside.get())) {
                r = indicators::park_service_radius(geos::area(whole));
                break;
            }
        expected.push_back(r);
    }
    const auto radii = indicators::park_radii(parks);
    CHECK(radii == expected);
    // Both sizes and the too-small occur, so the comparison means something.
    CHECK(std::count(radii.begin(), radii.end(), 500.0) > 10);
    CHECK(std::count(radii.begin(), radii.end(), 300.0) > 5);
    CHECK(std::count(radii.begin(), radii.end(), 0.0) > 5);
}

TEST_CASE("a lone park of two separate parts is sized by the part its inside lies in, as by the union", "[green]") {
    // Two 60 m × 50 m parts (3,000 m² each, 6,000 m² together) far apart, in one MultiPolygon that meets no
    // other park: each whole of the union is 3,000 m², so 300 m, not the 500 m of the two together.
    std::vector<geos::GeomPtr> parks;
    parks.push_back(geos::from_wkt("MULTIPOLYGON(((0 0,60 0,60 50,0 50,0 0)),((500 0,560 0,560 50,500 50,500 0)))"));
    parks.push_back(geos::make_rectangle(2000, 0, 2100, 60));  // 6,000 m², a Polygon alone: 500 m
    CHECK(indicators::park_radii(parks) == std::vector<double>{300, 500});
}
