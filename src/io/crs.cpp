#include "io/crs.h"

#include "io/error.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace hcgis::io {

namespace {

/// A territory whose planners measure in a projected CRS of their own, by a lon/lat box around it.
struct LocalCrs {
    double west, east, south, north;
    int epsg;
    const char* name;
    const char* who;
};

// Boxes drawn tight around the land so that no mainland coast falls in them (Pingtan at 25.5°N, 119.8°E
// stays out of Taiwan's; Zhuhai west of 113.52°E out of Macau's). Kinmen and Matsu (TM2 zone 119) are not
// among them: they get the CGCS2000 zone, as the mainland beside them.
constexpr LocalCrs local_crss[] = {
    {120.0, 122.1, 21.8, 25.35, 3826, "TWD97 / TM2 zone 121", "Taiwan"},
    {119.3, 119.75, 23.1, 23.85, 3826, "TWD97 / TM2 zone 121", "Taiwan (Penghu)"},
    {113.80, 114.45, 22.13, 22.58, 2326, "Hong Kong 1980 Grid System", "Hong Kong"},
    {113.52, 113.62, 22.10, 22.22, 8433, "Macao 2008 / Macao Grid", "Macau"},
};

}  // namespace

WorkingCrs auto_working_crs(double lon, double lat) {
    for (const LocalCrs& l : local_crss)
        if (lon >= l.west && lon <= l.east && lat >= l.south && lat <= l.north)
            return {fmt::format("EPSG:{}", l.epsg),
                    fmt::format("chosen from the data's centre ({:.4f}°E, {:.4f}°N): {} (EPSG:{}), the projected CRS "
                                "the planners of {} use",
                                lon, lat, l.name, l.epsg, l.who)};
    // China's extent, where the CGCS2000 3-degree zones 75°E..135°E apply.
    if (lon >= 73.5 && lon < 136.5 && lat >= 3.0 && lat <= 54.0) {
        const int cm = 3 * static_cast<int>(std::lround(lon / 3.0));
        const int epsg = 4534 + (cm - 75) / 3;
        return {fmt::format("EPSG:{}", epsg),
                fmt::format("chosen from the data's centre ({:.4f}°E, {:.4f}°N): CGCS2000 / 3-degree Gauss-Kruger "
                            "CM {}E (EPSG:{})",
                            lon, lat, cm, epsg)};
    }
    const int zone = std::clamp(static_cast<int>(std::floor((lon + 180.0) / 6.0)) + 1, 1, 60);
    const int epsg = (lat >= 0 ? 32600 : 32700) + zone;
    return {fmt::format("EPSG:{}", epsg),
            fmt::format("chosen from the data's centre ({:.4f}, {:.4f}): WGS 84 / UTM zone {}{} (EPSG:{})", lon, lat,
                        zone, lat >= 0 ? 'N' : 'S', epsg)};
}

OGRSpatialReference make_srs(const std::string& definition, const std::string& context) {
    OGRSpatialReference srs;
    if (srs.SetFromUserInput(definition.c_str()) != OGRERR_NONE)
        throw InputError(fmt::format("{}: \"{}\" is not a coordinate reference system GDAL/PROJ knows", context,
                                     definition));
    srs.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    return srs;
}

TransformPtr make_transform(const OGRSpatialReference& from, const OGRSpatialReference& to,
                            const std::string& context) {
    TransformPtr t(OGRCreateCoordinateTransformation(&from, &to));
    if (!t) throw InputError(fmt::format("{}: no coordinate transformation from its CRS to the working CRS", context));
    return t;
}

bool same_crs(const OGRSpatialReference& a, const OGRSpatialReference& b) {
    const char* opts[] = {"IGNORE_DATA_AXIS_TO_SRS_AXIS_MAPPING=NO", "CRITERION=EQUIVALENT", nullptr};
    return a.IsSame(&b, opts) != 0;
}

}  // namespace hcgis::io
