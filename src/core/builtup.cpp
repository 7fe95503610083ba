#include "core/builtup.h"

#include "core/parallel.h"

namespace hcgis {

bool BuiltUp::contains(double x, double y) const {
    if (!from_layer) return true;
    geos::GeomPtr pt = geos::make_point(x, y);
    for (std::size_t i : tree.query(pt.get()))
        if (geos::intersects(prepared[i].get(), pt.get())) return true;
    return false;
}

std::vector<double> clipped_union_areas(const Districts& districts, std::span<const geos::GeomPtr> polygons,
                                        const geos::StrTree& tree) {
    std::vector<double> areas(districts.size(), 0.0);
    std::vector<std::vector<std::size_t>> reach(districts.size());
    for (std::size_t d = 0; d < districts.size(); ++d) reach[d] = tree.query(districts.geom[d].get());
    parallel_for(districts.size(), 8, [&](std::size_t begin, std::size_t end) {
        for (std::size_t d = begin; d < end; ++d) {
            std::vector<const GEOSGeometry*> parts;
            for (std::size_t i : reach[d]) parts.push_back(polygons[i].get());
            if (parts.empty()) continue;
            const geos::GeomPtr here = geos::unary_union(parts);
            areas[d] = geos::area(geos::intersection(districts.geom[d].get(), here.get()).get());
        }
    });
    return areas;
}

BuiltUp compute_builtup(const Districts& districts, const Layer* builtup) {
    BuiltUp b;
    b.area_m2.resize(districts.size());
    if (!builtup) {
        for (std::size_t d = 0; d < districts.size(); ++d) b.area_m2[d] = geos::area(districts.geom[d].get());
        return b;
    }
    b.from_layer = true;
    for (std::size_t i = 0; i < builtup->geoms.size(); ++i) {
        b.tree.insert(builtup->geoms[i].get(), i);
        b.prepared.push_back(geos::prepare(builtup->geoms[i].get()));
    }
    b.area_m2 = clipped_union_areas(districts, builtup->geoms, b.tree);
    return b;
}

}  // namespace hcgis
