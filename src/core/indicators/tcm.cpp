// Traditional Chinese medicine (Z12, C25):
//   tcm_pavilion_share         community stations and village clinics with a 中医阁 ÷ all of them
//   tcm_service_share_village  village clinics that offer TCM services ÷ village clinics
#include "core/codes.h"
#include "core/indicators/common.h"
#include "core/indicators/indicator.h"

namespace hcgis::indicators {
namespace {

void compute(Analysis& analysis, Scorecard& card) {
    const City& city = analysis.city();
    const Layer* clinics = city.layer("clinics");
    if (!clinics)
        return not_computed(card, city.districts.size(), {"tcm_pavilion_share", "tcm_service_share_village"},
                            no_layer("clinics"));
    static const std::vector<double> none;
    const auto kind_it = clinics->numbers.find("kind");
    const std::vector<double>& kind = kind_it != clinics->numbers.end() ? kind_it->second : none;
    point_share(analysis, card, "tcm_pavilion_share", "clinics", {"kind", "tcm_pavilion"},
                [&](std::size_t i) { return kind[i] == codes::clinic_station || kind[i] == codes::clinic_village; },
                "tcm_pavilion", details::with_tcm_pavilion, details::stations_and_village_clinics,
                Reason::Code::NoStationsOrVillageClinics);
    point_share(analysis, card, "tcm_service_share_village", "clinics", {"kind", "tcm_service"},
                [&](std::size_t i) { return kind[i] == codes::clinic_village; }, "tcm_service", details::offering_tcm,
                details::village_clinics, Reason::Code::NoVillageClinics);
}

}  // namespace

extern const Family tcm{
    {{"tcm_pavilion_share", {"clinics"},
      GapRule{&details::with_tcm_pavilion, &details::stations_and_village_clinics, 1, "个", true,
              "还需 {}村卫生室或社区卫生服务站建成中医阁"}},
     {"tcm_service_share_village", {"clinics"},
      GapRule{&details::offering_tcm, &details::village_clinics, 1, "个", true, "还需 {}村卫生室能提供中医药服务"}}},
    compute};

}  // namespace hcgis::indicators
