// farmers_market_per_township (Z8, C8): districts (townships) with at least one standardised farmers'
// market; for a district 1 or 0, for the whole area the share of districts.
#include "core/indicators/common.h"
#include "core/indicators/indicator.h"

namespace hcgis::indicators {
namespace {

void compute(Analysis& analysis, Scorecard& card) {
    const City& city = analysis.city();
    const std::size_t n = city.districts.size();
    const char* id = "farmers_market_per_township";
    const Layer* markets = city.layer("markets");
    if (!markets) return not_computed(card, n, {id}, no_layer("markets"));
    if (!markets->has_number("standardised")) return not_computed(card, n, {id}, no_field("markets", "standardised"));
    const auto& s = markets->numbers.at("standardised");
    const auto count = analysis.sum_points("markets", [&](std::size_t i) { return s[i] > 0 ? 1.0 : 0.0; });
    double served = 0;
    for (std::size_t d = 0; d < n; ++d) {
        const double has = count[d] > 0 ? 1.0 : 0.0;
        served += has;
        card.set(id, static_cast<int>(d),
                 Value::of(has)
                     .with(details::standardised_markets, count[d])
                     .with(details::townships_with_one, has)
                     .with(details::townships, 1));
    }
    card.set(id, -1, ratio(served, static_cast<double>(n), 1.0, details::townships_with_one, details::townships,
                           Reason::Code::NoDistricts));
}

}  // namespace

extern const Family farmers{
    {{"farmers_market_per_township", {"markets"},
      GapRule{&details::townships_with_one, &details::townships, 1, "个", true, "还需 {}街道建成规范化农贸市场"}}},
    compute};

}  // namespace hcgis::indicators
