#include "core/indicators/care.h"

#include "core/codes.h"
#include "core/indicators/common.h"

namespace hcgis::indicators {

void compute_care(Analysis& analysis, Scorecard& card) {
    const City& city = analysis.city();
    const std::size_t n = city.districts.size();

    const char* beds_id = "eldercare_beds_per_1000";
    const Layer* care = city.layer("eldercare");
    if (!care) {
        not_computed(card, n, {beds_id}, no_layer("eldercare"));
    } else if (!care->has_number("beds")) {
        not_computed(card, n, {beds_id}, no_field("eldercare", "beds"));
    } else if (!elderly(city, 0)) {
        not_computed(card, n, {beds_id}, no_field("districts", "elderly"));
    } else {
        const auto& beds = care->numbers.at("beds");
        const auto kind = care->numbers.find("kind");
        const auto sum = analysis.sum_points("eldercare", [&](std::size_t i) {
            const bool care_home = kind == care->numbers.end() || kind->second[i] == codes::care_home;
            return care_home ? beds[i] : 0.0;
        });
        for (int d = -1; d < static_cast<int>(n); ++d)
            card.set(beds_id, d, ratio(sum[slot(sum, d)], *elderly(city, d), 1000.0, "beds", "elderly",
                                       "the district has no residents aged 60+"));
    }

    const Layer* comm = city.layer("communities");
    const char* urban_id = "homecare_center_coverage";
    const char* rural_id = "homecare_center_coverage_rural";
    if (!comm) {
        not_computed(card, n, {urban_id, rural_id}, no_layer("communities"));
        return;
    }
    if (!comm->has_number("homecare_center") || !comm->has_number("type")) {
        not_computed(card, n, {urban_id, rural_id},
                     no_field("communities", comm->has_number("type") ? "homecare_center" : "type"));
        return;
    }
    const auto& has = comm->numbers.at("homecare_center");
    const auto& type = comm->numbers.at("type");
    for (const auto& kind : {std::pair{urban_id, codes::urban}, std::pair{rural_id, codes::rural}}) {
        const auto& id = kind.first;
        const double want = kind.second;
        const auto all = analysis.sum_points("communities", [&](std::size_t i) { return type[i] == want ? 1.0 : 0.0; });
        const auto with = analysis.sum_points("communities",
                                              [&](std::size_t i) { return type[i] == want && has[i] > 0 ? 1.0 : 0.0; });
        for (int d = -1; d < static_cast<int>(n); ++d)
            card.set(id, d, ratio(with[slot(all, d)], all[slot(all, d)], 1.0, "communities_with_center", "communities",
                                  want == codes::urban ? "no urban communities here" : "no rural communities here"));
    }
}

}  // namespace hcgis::indicators
