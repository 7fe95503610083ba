// General practitioners (Z12, C24):
//   gp_per_10k       GPs on the clinics' staff ÷ population × 10,000
//   gp_studio_share  urban communities with a GP studio (全科医生工作室) ÷ urban communities
#include "core/codes.h"
#include "core/indicators/common.h"
#include "core/indicators/indicator.h"

namespace hcgis::indicators {
namespace {

void compute(Analysis& analysis, Scorecard& card) {
    clinic_staff_per_10k(analysis, card, "gp_per_10k", details::gps);
    const City& city = analysis.city();
    const Layer* comm = city.layer("communities");
    if (!comm) return not_computed(card, city.districts.size(), {"gp_studio_share"}, no_layer("communities"));
    static const std::vector<double> none;
    const auto type_it = comm->numbers.find("type");
    const std::vector<double>& type = type_it != comm->numbers.end() ? type_it->second : none;
    point_share(analysis, card, "gp_studio_share", "communities", {"type", "gp_studio"},
                [&](std::size_t i) { return type[i] == codes::urban; }, "gp_studio", details::with_gp_studio,
                details::urban_communities, Reason::Code::NoUrbanCommunities);
}

}  // namespace

extern const Family gp{
    {{"gp_per_10k", {"clinics"}, GapRule{&details::gps, &details::population, 10000, "名", true, "还需全科医生 {}"}},
     {"gp_studio_share", {"communities"},
      GapRule{&details::with_gp_studio, &details::urban_communities, 1, "个", true, "还需 {}城市社区开设全科医生工作室"}}},
    compute};

}  // namespace hcgis::indicators
