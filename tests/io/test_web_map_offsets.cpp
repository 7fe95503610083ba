#include "io/web_map_offsets.h"

#include <catch2/catch.hpp>

#include <cmath>

using namespace hcgis::io;

namespace {
// Ground distance in metres between two nearby lon/lat points (equirectangular, fine at this scale).
double metres(LonLat a, LonLat b) {
    const double k = 6371008.8 * 3.14159265358979323846 / 180.0;
    const double dx = (a.lon - b.lon) * k * std::cos(a.lat * 3.14159265358979323846 / 180.0);
    const double dy = (a.lat - b.lat) * k;
    return std::hypot(dx, dy);
}
}  // namespace

// Reference pairs published with the widely used coordtransform library (wandergis/coordtransform,
// README examples for 116.404, 39.915).
TEST_CASE("GCJ-02 and BD-09 against published coordinate pairs", "[web_map_offsets]") {
    const LonLat p{116.404, 39.915};
    CHECK(metres(wgs84_to_gcj02(p), {116.41024449916938, 39.91640428150164}) < 0.01);
    CHECK(metres(gcj02_to_bd09(p), {116.41036949371029, 39.92133699351022}) < 0.01);
    CHECK(metres(bd09_to_gcj02(p), {116.39762729119315, 39.90865673957631}) < 0.01);
    // The library's own inverse is one-step approximate (about a metre off); ours iterates, so compare to 1 m.
    CHECK(metres(gcj02_to_wgs84(p), {116.39775550083061, 39.91359571849836}) < 1.0);
}

TEST_CASE("the inverse undoes the forward offset to well under a metre", "[web_map_offsets]") {
    for (LonLat w : {LonLat{119.2, 34.6}, LonLat{113.55, 22.19}, LonLat{87.6, 43.8}, LonLat{126.6, 45.75}}) {
        const LonLat g = wgs84_to_gcj02(w);
        CHECK(metres(g, w) > 50.0);  // the offset is real: hundreds of metres
        CHECK(metres(gcj02_to_wgs84(g), w) < 0.01);
        // BD-09's published inverse is itself approximate, to about a decimetre.
        CHECK(metres(bd09_to_wgs84(gcj02_to_bd09(g)), w) < 0.5);
    }
}

TEST_CASE("outside China GCJ-02 is the identity", "[web_map_offsets]") {
    const LonLat p{9.52, 47.14};
    CHECK(wgs84_to_gcj02(p).lon == p.lon);
    CHECK(gcj02_to_wgs84(p).lat == p.lat);
}
