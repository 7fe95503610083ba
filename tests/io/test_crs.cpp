#include "io/crs.h"
#include "io/error.h"

#include <catch2/catch.hpp>

using namespace hcgis::io;

TEST_CASE("the working CRS is the CGCS2000 3-degree zone holding the centre, UTM abroad", "[crs]") {
    CHECK(auto_working_crs(119.2, 34.6).id == "EPSG:4549");   // Lianyungang: CM 120E
    CHECK(auto_working_crs(118.4, 34.6).id == "EPSG:4548");   // west of 118.5: CM 117E
    CHECK(auto_working_crs(113.30, 22.25).id == "EPSG:4547"); // Zhongshan, beside Macau: CM 114E
    CHECK(auto_working_crs(119.80, 25.50).id == "EPSG:4549"); // Pingtan (Fujian), beside Taiwan's box: CM 120E
    CHECK(auto_working_crs(75.9, 39.5).id == "EPSG:4534");    // Kashgar: CM 75E
    CHECK(auto_working_crs(9.52, 47.14).id == "EPSG:32632");  // Liechtenstein: UTM 32N
    CHECK(auto_working_crs(151.2, -33.9).id == "EPSG:32756"); // Sydney: UTM 56S
    CHECK(auto_working_crs(119.2, 34.6).note.find("CM 120E") != std::string::npos);
}

// Values from PROJ's command line: echo "34.6 119.2" | cs2cs -f %.4f EPSG:4326 EPSG:4549
// -> 3830509.0653 426615.0033 (northing, easting: the EPSG axis order).
TEST_CASE("Taiwan, Hong Kong and Macau get the local grid their planners use", "[crs]") {
    CHECK(auto_working_crs(121.56, 25.08).id == "EPSG:3826");  // Taipei: TWD97 / TM2 zone 121
    CHECK(auto_working_crs(120.30, 22.63).id == "EPSG:3826");  // Kaohsiung
    CHECK(auto_working_crs(119.57, 23.57).id == "EPSG:3826");  // Penghu
    CHECK(auto_working_crs(114.17, 22.32).id == "EPSG:2326");  // Hong Kong: 1980 Grid
    CHECK(auto_working_crs(113.55, 22.16).id == "EPSG:8433");  // Macau: Macao Grid
    CHECK(auto_working_crs(121.56, 25.08).note.find("TWD97 / TM2 zone 121 (EPSG:3826)") != std::string::npos);
    CHECK(auto_working_crs(114.17, 22.32).note.find("Hong Kong") != std::string::npos);
    // Each is a projected CRS PROJ knows, in metres.
    for (const char* id : {"EPSG:3826", "EPSG:2326", "EPSG:8433"}) {
        const OGRSpatialReference s = make_srs(id, "test");
        CHECK(s.IsProjected());
        CHECK(s.GetLinearUnits() == Approx(1.0));
    }
    // echo "121 25" | gdaltransform -s_srs EPSG:4326 -t_srs EPSG:3826 -> 250000 2765777.56364621 (on the
    // central meridian 121°E: the 250 km false easting).
    auto ct = make_transform(make_srs("EPSG:4326", "t"), make_srs("EPSG:3826", "t"), "t");
    double x = 121.0, y = 25.0;
    REQUIRE(ct->Transform(1, &x, &y));
    CHECK(x == Approx(250000.0).margin(1e-3));
    CHECK(y == Approx(2765777.5636).margin(1e-3));
}

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
