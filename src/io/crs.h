// Coordinate reference systems: the working CRS and transforms into it (GDAL/OGR over PROJ).
// Every OGRSpatialReference here uses the traditional GIS axis order (x = easting or longitude).
#pragma once

#include <ogr_spatialref.h>

#include <memory>
#include <string>

namespace hcgis::io {

struct WorkingCrs {
    std::string id;    // "EPSG:4549"
    std::string note;  // why it was chosen, for the report
};

/// The projected CRS an area around (lon, lat) is measured in when the project names none: the CGCS2000
/// 3-degree Gauss-Krüger zone (EPSG:4534-4554, central meridians 75°E-135°E) for China, else the WGS 84
/// UTM zone; but the local grid where the local planners use one: TWD97 / TM2 zone 121 (EPSG:3826) for
/// Taiwan and Penghu, Hong Kong 1980 Grid (EPSG:2326) for Hong Kong, Macao 2008 / Macao Grid (EPSG:8433)
/// for Macau.
WorkingCrs auto_working_crs(double lon, double lat);

/// `definition` ("EPSG:4549", WKT, PROJ string) as a spatial reference with traditional axis order.
/// Throws InputError naming `context` when it is not a CRS.
OGRSpatialReference make_srs(const std::string& definition, const std::string& context);

struct TransformDeleter {
    void operator()(OGRCoordinateTransformation* t) const noexcept { OGRCoordinateTransformation::DestroyCT(t); }
};
using TransformPtr = std::unique_ptr<OGRCoordinateTransformation, TransformDeleter>;

/// Transform between two spatial references. Throws InputError naming `context` when PROJ has none.
TransformPtr make_transform(const OGRSpatialReference& from, const OGRSpatialReference& to,
                            const std::string& context);

/// True when the two references describe the same CRS (no transform needed).
bool same_crs(const OGRSpatialReference& a, const OGRSpatialReference& b);

}  // namespace hcgis::io
