// food_sampling_per_1000 (C7): food samples tested (a tally of the districts layer) ÷ population × 1000.
#include "core/indicators/common.h"
#include "core/indicators/indicator.h"

namespace hcgis::indicators {
namespace {

void compute(Analysis& analysis, Scorecard& card) {
    const City& city = analysis.city();
    const std::size_t n = city.districts.size();
    const char* id = "food_sampling_per_1000";
    const auto* f = district_column(city, "food_samples");
    if (!f || !population(city, 0))
        return not_computed(card, n, {id}, no_field("districts", !f ? "food_samples" : "population"));
    double total = 0;
    for (std::size_t d = 0; d < n; ++d) {
        card.set(id, static_cast<int>(d),
                 ratio((*f)[d], *population(city, static_cast<int>(d)), 1000.0, details::food_samples,
                       details::population, Reason::Code::ZeroPopulation));
        total += (*f)[d];
    }
    card.set(id, -1, ratio(total, *population(city, -1), 1000.0, details::food_samples, details::population,
                           Reason::Code::ZeroPopulationTotal));
}

}  // namespace

extern const Family food{
    {{"food_sampling_per_1000", {}, GapRule{&details::food_samples, &details::population, 1000, "批次", true, "还需食品抽检 {}"}}},
    compute};

}  // namespace hcgis::indicators
