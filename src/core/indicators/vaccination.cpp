// vaccination_clinic_standard_share (Z12): vaccination clinics that meet the standard ÷ vaccination clinics.
#include "core/indicators/common.h"
#include "core/indicators/indicator.h"

namespace hcgis::indicators {
namespace {

void compute(Analysis& analysis, Scorecard& card) {
    const City& city = analysis.city();
    const char* id = "vaccination_clinic_standard_share";
    const Layer* clinics = city.layer("clinics");
    if (!clinics) return not_computed(card, city.districts.size(), {id}, no_layer("clinics"));
    static const std::vector<double> none;
    const auto vac_it = clinics->numbers.find("vaccination_clinic");
    const std::vector<double>& vac = vac_it != clinics->numbers.end() ? vac_it->second : none;
    point_share(analysis, card, id, "clinics", {"vaccination_clinic", "vaccination_standard"},
                [&](std::size_t i) { return vac[i] > 0; }, "vaccination_standard", details::standardised,
                details::vaccination_clinics, Reason::Code::NoVaccinationClinics);
}

}  // namespace

extern const Family vaccination{
    {{"vaccination_clinic_standard_share", {"clinics"},
      GapRule{&details::standardised, &details::vaccination_clinics, 1, "个", true, "还需 {}预防接种门诊达到标准化"}}},
    compute};

}  // namespace hcgis::indicators
