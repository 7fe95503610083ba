#include "io/crs.h"

#include "io/error.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace hcgis::io {

WorkingCrs auto_working_crs(double lon, double lat) {
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
