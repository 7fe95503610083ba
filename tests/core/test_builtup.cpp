#include "core/builtup.h"

#include <catch2/catch.hpp>

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
