#include "io/web_map_hint.h"

#include "io/crs.h"
#include "io/web_map_offsets.h"

#include <fmt/format.h>

#include <string_view>

namespace hcgis::io::detail {

void hint_web_map_offset(const Layer& layer, const OGRSpatialReference& from, const OGRSpatialReference& working,
                         const DistrictIndex& index, std::vector<std::string>& warnings) {
    if (layer.kind != GeomKind::Point || !from.IsGeographic() || layer.x.empty()) return;
    const std::vector<int> where = index.locate_all(layer.x, layer.y);
    std::vector<double> lon, lat;
    for (std::size_t i = 0; i < where.size(); ++i)
        if (where[i] == DistrictIndex::outside) lon.push_back(layer.x[i]), lat.push_back(layer.y[i]);
    const std::size_t outside = lon.size();
    if (outside < 3 || outside * 10 < layer.size()) return;  // a few strays are no pattern
    TransformPtr back = make_transform(working, from, layer.source);
    TransformPtr ahead = make_transform(from, working, layer.source);
    if (!back->Transform(static_cast<int>(outside), lon.data(), lat.data())) return;
    std::size_t best = 0;
    std::string best_name;
    for (const char* name : {"gcj02", "bd09"}) {
        std::vector<double> x(outside), y(outside);
        for (std::size_t i = 0; i < outside; ++i) {
            const LonLat w = std::string_view(name) == "gcj02" ? gcj02_to_wgs84({lon[i], lat[i]}) : bd09_to_wgs84({lon[i], lat[i]});
            x[i] = w.lon;
            y[i] = w.lat;
        }
        if (!ahead->Transform(static_cast<int>(outside), x.data(), y.data())) continue;
        std::size_t inside = 0;
        for (int d : index.locate_all(x, y)) inside += d != DistrictIndex::outside;
        if (inside > best) best = inside, best_name = name;
    }
    if (best * 2 < outside) return;
    warnings.push_back(fmt::format("{}: {} of {} points lie outside every district, and {} of them fall inside when read "
                                   "as {} web-map coordinates: if the layer was copied from a Chinese web map, declare "
                                   "\"coords\": \"{}\" on it",
                                   layer.role, outside, layer.size(), best, best_name == "gcj02" ? "GCJ-02" : "BD-09",
                                   best_name));
}

}  // namespace hcgis::io::detail
