#include "core/indicators/community.h"

#include "core/codes.h"
#include "core/indicators/common.h"

namespace hcgis::indicators {
namespace {

void communities(Analysis& analysis, Scorecard& card) {
    const City& city = analysis.city();
    const std::size_t n = city.districts.size();
    const Layer* comm = city.layer("communities");
    if (!comm) {
        not_computed(card, n, {"gp_studio_share", "vector_demo_communities", "healthy_villages", "healthy_communities"},
                     no_layer("communities"));
        return;
    }
    if (comm->has_number("gp_studio") && comm->has_number("type")) {
        const auto& type = comm->numbers.at("type");
        const auto& studio = comm->numbers.at("gp_studio");
        const auto urban = analysis.sum_points("communities", [&](std::size_t i) { return type[i] == codes::urban ? 1.0 : 0.0; });
        const auto with = analysis.sum_points(
            "communities", [&](std::size_t i) { return type[i] == codes::urban && studio[i] > 0 ? 1.0 : 0.0; });
        for (int d = -1; d < static_cast<int>(n); ++d)
            card.set("gp_studio_share", d, ratio(with[slot(urban, d)], urban[slot(urban, d)], 1.0, "with_gp_studio",
                                                 "urban_communities", "no urban communities here"));
    } else {
        not_computed(card, n, {"gp_studio_share"}, no_field("communities", comm->has_number("type") ? "gp_studio" : "type"));
    }
    for (auto [id, flag] : {std::pair{"vector_demo_communities", "vector_demo"},
                            std::pair{"healthy_villages", "healthy_village"},
                            std::pair{"healthy_communities", "healthy_community"}}) {
        if (!comm->has_number(flag)) {
            not_computed(card, n, {id}, no_field("communities", flag));
            continue;
        }
        const auto& f = comm->numbers.at(flag);
        const auto count = analysis.sum_points("communities", [&](std::size_t i) { return f[i] > 0 ? 1.0 : 0.0; });
        for (int d = -1; d < static_cast<int>(n); ++d) card.set(id, d, Value::of(count[slot(count, d)]));
    }
}

void tallies(Analysis& analysis, Scorecard& card) {
    const City& city = analysis.city();
    const std::size_t n = city.districts.size();
    const auto col = [&](const char* key) -> const std::vector<double>* {
        auto it = city.districts.numbers.find(key);
        return it == city.districts.numbers.end() ? nullptr : &it->second;
    };
    if (const auto* e = col("healthy_enterprises")) {
        double total = 0;
        for (std::size_t d = 0; d < n; ++d) {
            card.set("healthy_enterprises", static_cast<int>(d), Value::of((*e)[d]));
            total += (*e)[d];
        }
        card.set("healthy_enterprises", -1, Value::of(total));
    } else {
        not_computed(card, n, {"healthy_enterprises"}, no_field("districts", "healthy_enterprises"));
    }
    const auto* f = col("food_samples");
    if (!f || !population(city, 0)) {
        not_computed(card, n, {"food_sampling_per_1000"}, no_field("districts", !f ? "food_samples" : "population"));
        return;
    }
    double total = 0;
    for (std::size_t d = 0; d < n; ++d) {
        card.set("food_sampling_per_1000", static_cast<int>(d),
                 ratio((*f)[d], *population(city, static_cast<int>(d)), 1000.0, "food_samples", "population",
                       "the district's population is 0"));
        total += (*f)[d];
    }
    card.set("food_sampling_per_1000", -1,
             ratio(total, *population(city, -1), 1000.0, "food_samples", "population", "the population is 0"));
}

void markets_and_trails(Analysis& analysis, Scorecard& card) {
    const City& city = analysis.city();
    const std::size_t n = city.districts.size();
    const Layer* markets = city.layer("markets");
    if (!markets) {
        not_computed(card, n, {"farmers_market_per_township"}, no_layer("markets"));
    } else if (!markets->has_number("standardised")) {
        not_computed(card, n, {"farmers_market_per_township"}, no_field("markets", "standardised"));
    } else {
        const auto& s = markets->numbers.at("standardised");
        const auto count = analysis.sum_points("markets", [&](std::size_t i) { return s[i] > 0 ? 1.0 : 0.0; });
        double served = 0;
        for (std::size_t d = 0; d < n; ++d) {
            const double has = count[d] > 0 ? 1.0 : 0.0;
            served += has;
            card.set("farmers_market_per_township", static_cast<int>(d),
                     Value::of(has).with("standardised_markets", count[d]).with("townships_with_one", has).with("townships", 1));
        }
        card.set("farmers_market_per_township", -1,
                 ratio(served, static_cast<double>(n), 1.0, "townships_with_one", "townships", "no districts"));
    }
    if (!city.layer("trails")) {
        not_computed(card, n, {"health_trail_km"}, no_layer("trails"));
        return;
    }
    const auto len = analysis.length_by_district("trails");
    for (int d = -1; d < static_cast<int>(n); ++d) card.set("health_trail_km", d, Value::of(len[slot(len, d)] / 1000.0));
}

}  // namespace

void compute_community(Analysis& analysis, Scorecard& card) {
    communities(analysis, card);
    tallies(analysis, card);
    markets_and_trails(analysis, card);
}

}  // namespace hcgis::indicators
