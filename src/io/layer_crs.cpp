#include "io/layer_crs.h"

#include "io/crs.h"

#include <fmt/format.h>

namespace hcgis::io::detail {

OGRSpatialReference source_srs(const Source& s, const LayerSpec& spec) {
    if (!spec.crs.empty()) return make_srs(spec.crs, s.label);
    const OGRSpatialReference* srs = s.layer->GetSpatialRef();
    if (!srs) s.fail("has no CRS; declare it with \"crs\" on the layer in the project file");
    OGRSpatialReference copy(*srs);
    copy.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    return copy;
}

std::string crs_label(const OGRSpatialReference& srs) {
    const char* auth = srs.GetAuthorityName(nullptr);
    const char* code = srs.GetAuthorityCode(nullptr);
    if (auth && code) return fmt::format("{}:{}", auth, code);
    OGRSpatialReference copy(srs);
    if (copy.AutoIdentifyEPSG() == OGRERR_NONE && copy.GetAuthorityCode(nullptr))
        return fmt::format("EPSG:{}", copy.GetAuthorityCode(nullptr));
    return srs.GetName() ? srs.GetName() : "unnamed CRS";
}

LonLat districts_centre(const LayerSpec& spec) {
    Source s = open_source(spec);
    const OGRSpatialReference from = source_srs(s, spec);
    OGREnvelope env;
    if (s.layer->GetExtent(&env, TRUE) != OGRERR_NONE) s.fail("has no extent (is it empty?)");
    OGRSpatialReference wgs84;
    wgs84.SetWellKnownGeogCS("WGS84");
    wgs84.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    TransformPtr ct = make_transform(from, wgs84, s.label);
    double x = (env.MinX + env.MaxX) / 2, y = (env.MinY + env.MaxY) / 2;
    if (!ct->Transform(1, &x, &y)) s.fail("its centre cannot be transformed to WGS 84");
    return {x, y};
}

}  // namespace hcgis::io::detail
