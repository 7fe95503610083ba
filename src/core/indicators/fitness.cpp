#include "core/indicators/fitness.h"

#include "core/indicators/common.h"
#include "core/straight_coverage.h"

#include <cmath>

namespace hcgis::indicators {

void coverage_values(Analysis& analysis, Scorecard& card, const char* id, const std::vector<std::uint8_t>& covered,
                     const std::string& mode, double radius_m) {
    const auto& w = analysis.resident_weights();
    const auto all = analysis.sum_points("residents", [&](std::size_t i) { return w[i]; });
    const auto in = analysis.sum_points("residents", [&](std::size_t i) { return covered[i] ? w[i] : 0.0; });
    for (int d = -1; d < static_cast<int>(analysis.city().districts.size()); ++d) {
        const std::size_t k = slot(all, d);
        Value v = ratio(in[k], all[k], 1.0, "covered_population", "residents_population",
                        "no resident points in this district");
        v.with("radius_m", radius_m);
        v.mode = mode;
        card.set(id, d, std::move(v));
    }
}

void compute_fitness(Analysis& analysis, Scorecard& card) {
    const City& city = analysis.city();
    const char* id = "fitness_10min_coverage";
    const Layer* residents = city.layer("residents");
    const Layer* fitness = city.layer("fitness");
    if (!fitness || !residents) {
        not_computed(card, city.districts.size(), {id}, no_layer(!fitness ? "fitness" : "residents"));
        return;
    }
    const double radius = 10.0 * city.walk_speed_m_per_min;
    const std::vector<double> r(fitness->size(), radius);
    const std::vector<double> dist = point_coverage(fitness->x, fitness->y, r, residents->x, residents->y);
    std::vector<std::uint8_t> covered(dist.size());
    for (std::size_t i = 0; i < dist.size(); ++i) covered[i] = std::isfinite(dist[i]) ? 1 : 0;
    coverage_values(analysis, card, id, covered, "straight", radius);
}

}  // namespace hcgis::indicators
