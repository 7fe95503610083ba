// Home-care centres (Z13, C17): the share of communities with a standardised home-care centre, urban and
// rural apart (the plan sets 80 % and 40 %):
//   homecare_center_coverage        urban communities with a centre ÷ urban communities
//   homecare_center_coverage_rural  the same for rural communities
#include "core/codes.h"
#include "core/indicators/common.h"
#include "core/indicators/indicator.h"

namespace hcgis::indicators {
namespace {

void compute(Analysis& analysis, Scorecard& card) {
    const City& city = analysis.city();
    const std::size_t n = city.districts.size();
    const char* urban_id = "homecare_center_coverage";
    const char* rural_id = "homecare_center_coverage_rural";
    const Layer* comm = city.layer("communities");
    if (!comm) return not_computed(card, n, {urban_id, rural_id}, no_layer("communities"));
    if (!comm->has_number("homecare_center") || !comm->has_number("type"))
        return not_computed(card, n, {urban_id, rural_id},
                            no_field("communities", comm->has_number("type") ? "homecare_center" : "type"));
    const auto& type = comm->numbers.at("type");
    for (const auto& [id, want] : {std::pair{urban_id, codes::urban}, std::pair{rural_id, codes::rural}}) {
        const double kind = want;
        point_share(analysis, card, id, "communities", {"homecare_center", "type"},
                    [&](std::size_t i) { return type[i] == kind; }, "homecare_center", details::communities_with_center,
                    details::communities,
                    kind == codes::urban ? Reason::Code::NoUrbanCommunities : Reason::Code::NoRuralCommunities);
    }
}

}  // namespace

extern const Family homecare{
    {{"homecare_center_coverage", {"communities"},
      GapRule{&details::communities_with_center, &details::communities, 1, "个", true,
              "还需 {}城市社区建成标准化居家养老服务中心"}},
     {"homecare_center_coverage_rural", {"communities"},
      GapRule{&details::communities_with_center, &details::communities, 1, "个", true,
              "还需 {}农村社区建成标准化居家养老服务中心"}}},
    compute};

}  // namespace hcgis::indicators
