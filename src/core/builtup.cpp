#include "core/builtup.h"

namespace hcgis {

bool BuiltUp::contains(double x, double y) const {
    if (!from_layer) return true;
    geos::GeomPtr pt = geos::make_point(x, y);
    return geos::intersects(all_prepared.get(), pt.get());
}

BuiltUp compute_builtup(const Districts& districts, const Layer* builtup) {
    BuiltUp b;
    b.area_m2.resize(districts.size());
    if (!builtup) {
        for (std::size_t d = 0; d < districts.size(); ++d) b.area_m2[d] = geos::area(districts.geom[d].get());
        return b;
    }
    b.from_layer = true;
    std::vector<const GEOSGeometry*> parts;
    parts.reserve(builtup->geoms.size());
    for (const auto& g : builtup->geoms) parts.push_back(g.get());
    b.all = geos::unary_union(parts);
    b.all_prepared = geos::prepare(b.all.get());
    for (std::size_t d = 0; d < districts.size(); ++d) {
        geos::GeomPtr clip = geos::intersection(districts.geom[d].get(), b.all.get());
        b.area_m2[d] = geos::area(clip.get());
    }
    return b;
}

}  // namespace hcgis
