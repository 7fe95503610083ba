// public_health_staff_per_10k (Z12, C24): public-health staff of the clinics ÷ population × 10,000.
#include "core/indicators/common.h"
#include "core/indicators/indicator.h"

namespace hcgis::indicators {
namespace {

void compute(Analysis& analysis, Scorecard& card) {
    clinic_staff_per_10k(analysis, card, "public_health_staff_per_10k", details::public_health_staff);
}

}  // namespace

extern const Family public_health{
    {{"public_health_staff_per_10k", {"clinics"},
      GapRule{&details::public_health_staff, &details::population, 10000, "名", true, "还需公共卫生人员 {}"}}},
    compute};

}  // namespace hcgis::indicators
