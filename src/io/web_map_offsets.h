// Chinese web-map coordinates back to WGS 84. GCJ-02 ("Mars" coordinates, AMap/Tencent) and BD-09 (Baidu)
// offset WGS 84 by a published obfuscation; the inverse has no closed form, so it is found by fixed-point
// iteration of the forward formula to 1e-10 degrees (well under a centimetre).
#pragma once

namespace hcgis::io {

struct LonLat {
    double lon, lat;
};

/// WGS 84 -> GCJ-02 (the published forward formula). Points outside China are returned unchanged.
LonLat wgs84_to_gcj02(LonLat p);
/// GCJ-02 -> WGS 84 (iterative inverse of wgs84_to_gcj02).
LonLat gcj02_to_wgs84(LonLat p);
/// GCJ-02 -> BD-09 and back (closed forms).
LonLat gcj02_to_bd09(LonLat p);
LonLat bd09_to_gcj02(LonLat p);
/// BD-09 -> WGS 84.
LonLat bd09_to_wgs84(LonLat p);

}  // namespace hcgis::io
