#include "core/indicators/common.h"

namespace hcgis::indicators {

void area_per_capita(Analysis& analysis, Scorecard& card, const char* id, const char* role, const Detail& area_key,
                     const std::vector<double>* area_made) {
    const City& city = analysis.city();
    const std::size_t n = city.districts.size();
    if (!city.layer(role)) return not_computed(card, n, {id}, no_layer(role));
    if (!population(city, 0)) return not_computed(card, n, {id}, no_field("districts", "population"));
    const auto area = area_made ? *area_made : analysis.union_area_by_district(role);
    for (int d = -1; d < static_cast<int>(n); ++d)
        card.set(id, d, ratio(area[slot(area, d)], *population(city, d), 1.0, area_key, details::population,
                              Reason::Code::ZeroPopulation));
}

void clinic_staff_per_10k(Analysis& analysis, Scorecard& card, const char* id, const Detail& key) {
    const City& city = analysis.city();
    const std::size_t n = city.districts.size();
    const Layer* clinics = city.layer("clinics");
    if (!clinics) return not_computed(card, n, {id}, no_layer("clinics"));
    if (!clinics->has_number(key.name)) return not_computed(card, n, {id}, no_field("clinics", key.name));
    if (!population(city, 0)) return not_computed(card, n, {id}, no_field("districts", "population"));
    const auto& v = clinics->numbers.at(key.name);
    const auto sum = analysis.sum_points("clinics", [&](std::size_t i) { return v[i]; });
    for (int d = -1; d < static_cast<int>(n); ++d)
        card.set(id, d, ratio(sum[slot(sum, d)], *population(city, d), 10000.0, key, details::population,
                              Reason::Code::ZeroPopulation));
}

void community_count(Analysis& analysis, Scorecard& card, const char* id, const char* flag) {
    const City& city = analysis.city();
    const std::size_t n = city.districts.size();
    const Layer* comm = city.layer("communities");
    if (!comm) return not_computed(card, n, {id}, no_layer("communities"));
    if (!comm->has_number(flag)) return not_computed(card, n, {id}, no_field("communities", flag));
    const auto& f = comm->numbers.at(flag);
    const auto count = analysis.sum_points("communities", [&](std::size_t i) { return f[i] > 0 ? 1.0 : 0.0; });
    for (int d = -1; d < static_cast<int>(n); ++d) card.set(id, d, Value::of(count[slot(count, d)]));
}

const std::vector<double>* district_column(const City& city, const char* key) {
    const auto it = city.districts.numbers.find(key);
    return it == city.districts.numbers.end() ? nullptr : &it->second;
}

}  // namespace hcgis::indicators
