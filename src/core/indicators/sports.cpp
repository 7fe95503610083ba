// sports_area_per_capita (Z10, C40): sports ground area (the union of the grounds, clipped to the
// district, so a ground mapped twice counts once) ÷ the district's population.
#include "core/indicators/common.h"
#include "core/indicators/indicator.h"

namespace hcgis::indicators {
namespace {

void compute(Analysis& analysis, Scorecard& card) {
    area_per_capita(analysis, card, "sports_area_per_capita", "sports", details::sports_area_m2);
}

}  // namespace

extern const Family sports{
    {{"sports_area_per_capita", {"sports"},
      GapRule{&details::sports_area_m2, &details::population, 1, "m²", false, "还需体育场地 {}"}}},
    compute};

}  // namespace hcgis::indicators
