// Healthy cells (Z1, C5):
//   healthy_villages     communities flagged provincial healthy village (省级健康村), counted
//   healthy_communities  communities flagged healthy community, counted
//   healthy_enterprises  healthy enterprises, a tally of the districts layer
#include "core/indicators/common.h"
#include "core/indicators/indicator.h"

namespace hcgis::indicators {
namespace {

void enterprises(Analysis& analysis, Scorecard& card) {
    const City& city = analysis.city();
    const std::size_t n = city.districts.size();
    const auto* e = district_column(city, "healthy_enterprises");
    if (!e) return not_computed(card, n, {"healthy_enterprises"}, no_field("districts", "healthy_enterprises"));
    double total = 0;
    for (std::size_t d = 0; d < n; ++d) {
        card.set("healthy_enterprises", static_cast<int>(d), Value::of((*e)[d]));
        total += (*e)[d];
    }
    card.set("healthy_enterprises", -1, Value::of(total));
}

void compute(Analysis& analysis, Scorecard& card) {
    community_count(analysis, card, "healthy_villages", "healthy_village");
    community_count(analysis, card, "healthy_communities", "healthy_community");
    enterprises(analysis, card);
}

}  // namespace

extern const Family healthy{
    {{"healthy_villages", {"communities"}, GapRule{nullptr, nullptr, 1, "个", true, "还需创成省级健康村 {}"}},
     {"healthy_communities", {"communities"}, GapRule{nullptr, nullptr, 1, "个", true, "还需创成健康社区 {}"}},
     {"healthy_enterprises", {}, GapRule{nullptr, nullptr, 1, "家", true, "还需创成健康企业 {}"}}},
    compute};

}  // namespace hcgis::indicators
