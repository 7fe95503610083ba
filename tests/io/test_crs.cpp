#include "io/crs.h"
#include "io/error.h"

#include <catch2/catch.hpp>

using namespace hcgis::io;

TEST_CASE("the working CRS is the CGCS2000 3-degree zone holding the centre, UTM abroad", "[crs]") {
    CHECK(auto_working_crs(119.2, 34.6).id == "EPSG:4549");   // Lianyungang: CM 120E
    CHECK(auto_working_crs(118.4, 34.6).id == "EPSG:4548");   // west of 118.5: CM 117E
    CHECK(auto_working_crs(113.55, 22.19).id == "EPSG:4547"); // Macau: CM 114E
    CHECK(auto_working_crs(75.9, 39.5).id == "EPSG:4534");    // Kashgar: CM 75E
    CHECK(auto_working_crs(9.52, 47.14).id == "EPSG:32632");  // Liechtenstein: UTM 32N
    CHECK(auto_working_crs(151.2, -33.9).id == "EPSG:32756"); // Sydney: UTM 56S
    CHECK(auto_working_crs(119.2, 34.6).note.find("CM 120E") != std::string::npos);
}

// Values from PROJ's command line: echo "34.6 119.2" | cs2cs -f %.4f EPSG:4326 EPSG:4549
// -> 3830509.0653 426615.0033 (northing, easting: the EPSG axis order).
TEST_CASE("lon/lat to CGCS2000 Gauss-Krüger and back matches cs2cs", "[crs]") {
    OGRSpatialReference wgs84 = make_srs("EPSG:4326", "test");
    OGRSpatialReference gk = make_srs("EPSG:4549", "test");
    auto fwd = make_transform(wgs84, gk, "test");
    double x = 119.2, y = 34.6;  // traditional GIS order: longitude first
    REQUIRE(fwd->Transform(1, &x, &y));
    CHECK(x == Approx(426615.0033).margin(1e-3));
    CHECK(y == Approx(3830509.0653).margin(1e-3));

    auto back = make_transform(gk, wgs84, "test");
    REQUIRE(back->Transform(1, &x, &y));
    CHECK(x == Approx(119.2).margin(1e-9));
    CHECK(y == Approx(34.6).margin(1e-9));

    // echo "3830000 500000" | cs2cs -f %.9f EPSG:4549 EPSG:4326 -> 34.598033645 120.000000000
    double e = 500000, n = 3830000;
    REQUIRE(back->Transform(1, &e, &n));
    CHECK(e == Approx(120.0).margin(1e-9));
    CHECK(n == Approx(34.598033645).margin(1e-9));
}

TEST_CASE("an unknown CRS is bad input naming where it came from", "[crs]") {
    try {
        (void)make_srs("EPSG:99999999", "layers/x.json: crs");
        FAIL("no exception");
    } catch (const InputError& e) {
        CHECK(std::string(e.what()).find("layers/x.json: crs") != std::string::npos);
    }
    CHECK(same_crs(make_srs("EPSG:4549", "a"), make_srs("EPSG:4549", "b")));
    CHECK_FALSE(same_crs(make_srs("EPSG:4549", "a"), make_srs("EPSG:4547", "b")));
}
