#include "core/point_in_district.h"

#include <catch2/catch.hpp>

#include <random>

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
