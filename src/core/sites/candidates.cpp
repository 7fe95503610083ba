#include "core/sites/candidates.h"

#include "core/geos.h"

#include <cmath>
#include <unordered_map>

namespace hcgis::sites {

/// Points every `spacing` metres along each road segment, inside the built-up area, outside parks and
/// water, inside some district.
Candidates along_roads(Analysis& a, double spacing) {
    Candidates c;
    const WalkGraph* g = a.walk_graph();
    if (!g) return c;
    const BuiltUp& builtup = a.builtup();
    std::vector<geos::GeomPtr> keep_out_geom;  // the bases, declared first: destroyed after the prepared
    std::vector<geos::PreparedPtr> keep_out;
    for (const char* role : {"parks", "water"})
        if (const Layer* l = a.city().layer(role); l && !l->geoms.empty()) {
            std::vector<const GEOSGeometry*> parts;
            for (const auto& p : l->geoms) parts.push_back(p.get());
            keep_out_geom.push_back(geos::unary_union(parts));
            keep_out.push_back(geos::prepare(keep_out_geom.back().get()));
        }
    for (std::size_t s = 0; s < g->segment_count(); ++s) {
        const auto na = static_cast<std::size_t>(g->segment_a(s)), nb = static_cast<std::size_t>(g->segment_b(s));
        const double len = g->segment_length(s);
        const int steps = static_cast<int>(len / spacing);
        for (int k = 0; k <= steps; ++k) {
            // Points at spacing/2, 3·spacing/2 ... so that segment ends (junctions) are not repeated.
            const double along = (k + 0.5) * spacing;
            if (along > len) break;
            const double t = along / len;
            const double x = g->node_x(na) + t * (g->node_x(nb) - g->node_x(na));
            const double y = g->node_y(na) + t * (g->node_y(nb) - g->node_y(na));
            if (!builtup.contains(x, y)) continue;
            const auto pt = geos::make_point(x, y);
            bool out = false;
            for (const auto& p : keep_out) out |= geos::intersects(p.get(), pt.get());
            if (out) continue;
            const int d = a.index().locate(x, y);
            if (d == DistrictIndex::outside) continue;
            c.x.push_back(x);
            c.y.push_back(y);
            c.district.push_back(d);
            c.at.push_back(Snap{static_cast<std::int32_t>(s), t, 0.0, x, y});
        }
    }
    return c;
}

/// conflicts[j]: candidates closer to j than `sep`.
std::vector<std::vector<std::int32_t>> spacing_conflicts(const Candidates& c, double sep) {
    std::vector<std::vector<std::int32_t>> out(c.x.size());
    if (sep <= 0) return out;
    std::unordered_map<std::int64_t, std::vector<std::int32_t>> grid;
    auto cell = [&](double v) { return static_cast<std::int64_t>(std::floor(v / sep)); };
    for (std::size_t j = 0; j < c.x.size(); ++j) grid[(cell(c.x[j]) << 32) ^ (cell(c.y[j]) & 0xffffffff)].push_back(static_cast<std::int32_t>(j));
    for (std::size_t j = 0; j < c.x.size(); ++j)
        for (std::int64_t di = -1; di <= 1; ++di)
            for (std::int64_t dj = -1; dj <= 1; ++dj) {
                auto it = grid.find(((cell(c.x[j]) + di) << 32) ^ ((cell(c.y[j]) + dj) & 0xffffffff));
                if (it == grid.end()) continue;
                for (std::int32_t k : it->second)
                    if (k != static_cast<std::int32_t>(j) &&
                        std::hypot(c.x[static_cast<std::size_t>(k)] - c.x[j], c.y[static_cast<std::size_t>(k)] - c.y[j]) < sep)
                        out[j].push_back(k);
            }
    return out;
}

}  // namespace hcgis::sites
