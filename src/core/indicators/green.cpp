#include "core/indicators/green.h"

#include "core/indicators/common.h"
#include "core/indicators/fitness.h"
#include "core/straight_coverage.h"

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

}  // namespace

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
    const auto covered = polygon_coverage(parks->geoms, radius, residents->x, residents->y);
    coverage_values(analysis, card, id, covered, "straight", 500.0);
}

}  // namespace hcgis::indicators
