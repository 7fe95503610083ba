// health_trail_km (C6): length of health trails (健康步道) in each district, in km; a stretch mapped twice
// counts once, a stretch along a border counts for one district.
#include "core/indicators/common.h"
#include "core/indicators/indicator.h"

namespace hcgis::indicators {
namespace {

void compute(Analysis& analysis, Scorecard& card) {
    const City& city = analysis.city();
    const std::size_t n = city.districts.size();
    if (!city.layer("trails")) return not_computed(card, n, {"health_trail_km"}, no_layer("trails"));
    const auto len = analysis.length_by_district("trails");
    for (int d = -1; d < static_cast<int>(n); ++d) card.set("health_trail_km", d, Value::of(len[slot(len, d)] / 1000.0));
}

}  // namespace

extern const Family health_trail{
    {{"health_trail_km", {"trails"}, GapRule{nullptr, nullptr, 1, "km", false, "还需健康步道 {}"}}},
    compute};

}  // namespace hcgis::indicators
