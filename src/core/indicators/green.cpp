#include "core/indicators/green.h"

#include "core/indicators/common.h"
#include "core/indicators/fitness.h"
#include "core/straight_coverage.h"
#include "core/walk_coverage.h"

#include <unordered_set>

namespace hcgis::indicators {
namespace {

void per_capita(Analysis& analysis, Scorecard& card, const char* id, const char* role, const char* area_key) {
    const City& city = analysis.city();
    if (!city.layer(role)) {
        not_computed(card, city.districts.size(), {id}, no_layer(role));
        return;
    }
    if (!population(city, 0)) {
        not_computed(card, city.districts.size(), {id}, no_field("districts", "population"));
        return;
    }
    const auto area = analysis.union_area_by_district(role);
    for (int d = -1; d < static_cast<int>(city.districts.size()); ++d)
        card.set(id, d, ratio(area[slot(area, d)], *population(city, d), 1.0, area_key, "population",
                              "the district's population is 0"));
}

std::vector<std::uint8_t> park_walk_coverage(const WalkGraph& graph, std::span<const geos::GeomPtr> parks,
                                             std::span<const double> radius, std::span<const Snap> residents) {
    std::vector<Snap> entrances;
    std::vector<double> budget;
    for (std::size_t k = 0; k < parks.size(); ++k) {
        if (radius[k] <= 0) continue;
        for (const Snap& e : park_entrances(graph, parks[k].get())) {
            entrances.push_back(e);
            budget.push_back(radius[k]);
        }
    }
    return walk_coverage(graph, entrances, budget, residents).covered;
}

}  // namespace

std::vector<Snap> park_entrances(const WalkGraph& graph, const GEOSGeometry* park, double access_m) {
    std::vector<Snap> out;
    std::unordered_set<std::size_t> seen;  // a node shared by several segments enters once
    const geos::Envelope e = geos::envelope(park);
    for (std::size_t s = 0; s < graph.segment_count(); ++s) {
        const auto a = static_cast<std::size_t>(graph.segment_a(s)), b = static_cast<std::size_t>(graph.segment_b(s));
        for (const double t : {0.0, 1.0}) {
            const std::size_t n = t == 0.0 ? a : b;
            const double x = graph.node_x(n), y = graph.node_y(n);
            if (x < e.minx - access_m || x > e.maxx + access_m || y < e.miny - access_m || y > e.maxy + access_m ||
                seen.count(n))
                continue;
            const auto pt = geos::make_point(x, y);
            double d = 0;
            if (!GEOSDistance_r(geos::ctx(), park, pt.get(), &d)) throw geos::Error("distance to park failed");
            if (d <= access_m) {
                seen.insert(n);
                out.push_back(Snap{static_cast<std::int32_t>(s), t, d, x, y});
            }
        }
    }
    if (out.empty()) {
        const auto c = geos::check(GEOSPointOnSurface_r(geos::ctx(), park), "cannot find a point in the park");
        double x = 0, y = 0;
        GEOSGeomGetX_r(geos::ctx(), c.get(), &x);
        GEOSGeomGetY_r(geos::ctx(), c.get(), &y);
        out.push_back(graph.snap(x, y));
    }
    return out;
}

double park_service_radius(double area_m2) {
    if (area_m2 >= 5000.0) return 500.0;
    if (area_m2 >= 2000.0) return 300.0;
    return 0.0;
}

void compute_green(Analysis& analysis, Scorecard& card) {
    per_capita(analysis, card, "park_green_per_capita", "parks", "park_area_m2");
    per_capita(analysis, card, "sports_area_per_capita", "sports", "sports_area_m2");

    const City& city = analysis.city();
    const char* id = "park_service_coverage";
    const Layer* parks = city.layer("parks");
    const Layer* residents = city.layer("residents");
    if (!parks || !residents) {
        not_computed(card, city.districts.size(), {id}, no_layer(!parks ? "parks" : "residents"));
        return;
    }
    std::vector<double> radius;
    for (const auto& g : parks->geoms) radius.push_back(park_service_radius(geos::area(g.get())));
    const auto& weights = analysis.resident_weights();
    if (city.park_coverage_mode == "network" && analysis.network_mode()) {
        const auto covered = park_walk_coverage(*analysis.walk_graph(), parks->geoms, radius, analysis.resident_snaps());
        coverage_values(analysis, card, id, covered, weights, "network", 0.0);
        return;
    }
    const auto covered = polygon_coverage(parks->geoms, radius, residents->x, residents->y);
    coverage_values(analysis, card, id, covered, weights, "straight", 0.0);
}

}  // namespace hcgis::indicators
