// eldercare_beds_per_1000 (Z13, C17): care-home beds ÷ residents aged 60+ × 1000 (beds of 养老机构; every
// feature's beds when the layer maps no kind).
#include "core/codes.h"
#include "core/indicators/common.h"
#include "core/indicators/indicator.h"

namespace hcgis::indicators {
namespace {

void compute(Analysis& analysis, Scorecard& card) {
    const City& city = analysis.city();
    const std::size_t n = city.districts.size();
    const char* id = "eldercare_beds_per_1000";
    const Layer* care = city.layer("eldercare");
    if (!care) return not_computed(card, n, {id}, no_layer("eldercare"));
    if (!care->has_number("beds")) return not_computed(card, n, {id}, no_field("eldercare", "beds"));
    if (!elderly(city, 0)) return not_computed(card, n, {id}, no_field("districts", "elderly"));
    const auto& beds = care->numbers.at("beds");
    const auto kind = care->numbers.find("kind");
    const auto sum = analysis.sum_points("eldercare", [&](std::size_t i) {
        const bool care_home = kind == care->numbers.end() || kind->second[i] == codes::care_home;
        return care_home ? beds[i] : 0.0;
    });
    for (int d = -1; d < static_cast<int>(n); ++d)
        card.set(id, d, ratio(sum[slot(sum, d)], *elderly(city, d), 1000.0, details::beds, details::elderly,
                              Reason::Code::NoElderly));
}

}  // namespace

extern const Family eldercare{
    {{"eldercare_beds_per_1000", {"eldercare"}, GapRule{&details::beds, &details::elderly, 1000, "张", true, "还需养老床位 {}"}}},
    compute};

}  // namespace hcgis::indicators
