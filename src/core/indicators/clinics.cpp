#include "core/indicators/clinics.h"

#include "core/codes.h"
#include "core/indicators/common.h"

namespace hcgis::indicators {
namespace {

/// Among the clinics that `member` selects, the share for which `flag` is set.
template <class Member>
void share(Analysis& analysis, Scorecard& card, const char* id, const Layer& clinics,
           std::initializer_list<const char*> needs, Member member, const char* flag, const char* num_key,
           const char* den_key, const char* none_reason) {
    const std::size_t n = analysis.city().districts.size();
    for (const char* key : needs)
        if (!clinics.has_number(key)) {
            not_computed(card, n, {id}, no_field("clinics", key));
            return;
        }
    const auto& f = clinics.numbers.at(flag);
    const auto all = analysis.sum_points("clinics", [&](std::size_t i) { return member(i) ? 1.0 : 0.0; });
    const auto with = analysis.sum_points("clinics", [&](std::size_t i) { return member(i) && f[i] > 0 ? 1.0 : 0.0; });
    for (int d = -1; d < static_cast<int>(n); ++d)
        card.set(id, d, ratio(with[slot(all, d)], all[slot(all, d)], 1.0, num_key, den_key, none_reason));
}

void per_10k(Analysis& analysis, Scorecard& card, const char* id, const Layer& clinics, const char* key) {
    const City& city = analysis.city();
    const std::size_t n = city.districts.size();
    if (!clinics.has_number(key)) return not_computed(card, n, {id}, no_field("clinics", key));
    if (!population(city, 0)) return not_computed(card, n, {id}, no_field("districts", "population"));
    const auto& v = clinics.numbers.at(key);
    const auto sum = analysis.sum_points("clinics", [&](std::size_t i) { return v[i]; });
    for (int d = -1; d < static_cast<int>(n); ++d)
        card.set(id, d, ratio(sum[slot(sum, d)], *population(city, d), 10000.0, key, "population",
                              "the district's population is 0"));
}

}  // namespace

void compute_clinics(Analysis& analysis, Scorecard& card) {
    const City& city = analysis.city();
    const Layer* clinics = city.layer("clinics");
    if (!clinics) {
        not_computed(card, city.districts.size(),
                     {"gp_per_10k", "public_health_staff_per_10k", "tcm_pavilion_share", "tcm_service_share_village",
                      "vaccination_clinic_standard_share"},
                     no_layer("clinics"));
        return;
    }
    per_10k(analysis, card, "gp_per_10k", *clinics, "gps");
    per_10k(analysis, card, "public_health_staff_per_10k", *clinics, "public_health_staff");

    const std::vector<double> none;
    const auto kind_it = clinics->numbers.find("kind");
    const std::vector<double>& kind = kind_it != clinics->numbers.end() ? kind_it->second : none;
    share(analysis, card, "tcm_pavilion_share", *clinics, {"kind", "tcm_pavilion"},
          [&](std::size_t i) { return kind[i] == codes::clinic_station || kind[i] == codes::clinic_village; },
          "tcm_pavilion", "with_tcm_pavilion", "stations_and_village_clinics",
          "no community stations or village clinics here");
    share(analysis, card, "tcm_service_share_village", *clinics, {"kind", "tcm_service"},
          [&](std::size_t i) { return kind[i] == codes::clinic_village; }, "tcm_service", "offering_tcm",
          "village_clinics", "no village clinics here");
    const auto vac_it = clinics->numbers.find("vaccination_clinic");
    const std::vector<double>& vac = vac_it != clinics->numbers.end() ? vac_it->second : none;
    share(analysis, card, "vaccination_clinic_standard_share", *clinics, {"vaccination_clinic", "vaccination_standard"},
          [&](std::size_t i) { return vac[i] > 0; }, "vaccination_standard", "standardised", "vaccination_clinics",
          "no vaccination clinics here");
}

}  // namespace hcgis::indicators
