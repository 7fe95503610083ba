#include "io/web_map_offsets.h"

#include <cmath>
#include <numbers>

namespace hcgis::io {
namespace {

constexpr double pi = std::numbers::pi;
constexpr double krasovsky_a = 6378245.0;                 // semi-major axis of the Krasovsky 1940 ellipsoid
constexpr double krasovsky_ee = 0.00669342162296594323;   // its first eccentricity squared
constexpr double x_pi = pi * 3000.0 / 180.0;              // BD-09's constant

bool outside_china(LonLat p) { return p.lon < 72.004 || p.lon > 137.8347 || p.lat < 0.8293 || p.lat > 55.8271; }

double offset_lat(double x, double y) {
    double r = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * std::sqrt(std::abs(x));
    r += (20.0 * std::sin(6.0 * x * pi) + 20.0 * std::sin(2.0 * x * pi)) * 2.0 / 3.0;
    r += (20.0 * std::sin(y * pi) + 40.0 * std::sin(y / 3.0 * pi)) * 2.0 / 3.0;
    r += (160.0 * std::sin(y / 12.0 * pi) + 320.0 * std::sin(y * pi / 30.0)) * 2.0 / 3.0;
    return r;
}

double offset_lon(double x, double y) {
    double r = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * std::sqrt(std::abs(x));
    r += (20.0 * std::sin(6.0 * x * pi) + 20.0 * std::sin(2.0 * x * pi)) * 2.0 / 3.0;
    r += (20.0 * std::sin(x * pi) + 40.0 * std::sin(x / 3.0 * pi)) * 2.0 / 3.0;
    r += (150.0 * std::sin(x / 12.0 * pi) + 300.0 * std::sin(x / 30.0 * pi)) * 2.0 / 3.0;
    return r;
}

}  // namespace

LonLat wgs84_to_gcj02(LonLat p) {
    if (outside_china(p)) return p;
    double dlat = offset_lat(p.lon - 105.0, p.lat - 35.0);
    double dlon = offset_lon(p.lon - 105.0, p.lat - 35.0);
    const double rad = p.lat / 180.0 * pi;
    double magic = std::sin(rad);
    magic = 1 - krasovsky_ee * magic * magic;
    const double sqrt_magic = std::sqrt(magic);
    dlat = (dlat * 180.0) / ((krasovsky_a * (1 - krasovsky_ee)) / (magic * sqrt_magic) * pi);
    dlon = (dlon * 180.0) / (krasovsky_a / sqrt_magic * std::cos(rad) * pi);
    return {p.lon + dlon, p.lat + dlat};
}

LonLat gcj02_to_wgs84(LonLat p) {
    if (outside_china(p)) return p;
    LonLat w = p;
    for (int i = 0; i < 30; ++i) {
        const LonLat g = wgs84_to_gcj02(w);
        const double ex = g.lon - p.lon, ey = g.lat - p.lat;
        w.lon -= ex;
        w.lat -= ey;
        if (std::abs(ex) < 1e-10 && std::abs(ey) < 1e-10) break;
    }
    return w;
}

LonLat gcj02_to_bd09(LonLat p) {
    const double z = std::sqrt(p.lon * p.lon + p.lat * p.lat) + 0.00002 * std::sin(p.lat * x_pi);
    const double theta = std::atan2(p.lat, p.lon) + 0.000003 * std::cos(p.lon * x_pi);
    return {z * std::cos(theta) + 0.0065, z * std::sin(theta) + 0.006};
}

LonLat bd09_to_gcj02(LonLat p) {
    const double x = p.lon - 0.0065, y = p.lat - 0.006;
    const double z = std::sqrt(x * x + y * y) - 0.00002 * std::sin(y * x_pi);
    const double theta = std::atan2(y, x) - 0.000003 * std::cos(x * x_pi);
    return {z * std::cos(theta), z * std::sin(theta)};
}

LonLat bd09_to_wgs84(LonLat p) { return gcj02_to_wgs84(bd09_to_gcj02(p)); }

}  // namespace hcgis::io
