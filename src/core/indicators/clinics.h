// Primary health care (Z17, Z18, Z22, C28, C32), from the clinics layer's attributes:
//   gp_per_10k                         general practitioners ÷ population × 10 000
//   public_health_staff_per_10k        public-health staff ÷ population × 10 000
//   tcm_pavilion_share                 community stations and village clinics with a 中医阁 ÷ all of them
//   tcm_service_share_village          village clinics offering TCM ÷ village clinics
//   vaccination_clinic_standard_share  standardised vaccination clinics ÷ vaccination clinics
#pragma once

#include "core/analysis.h"
#include "core/scorecard.h"

namespace hcgis::indicators {

void compute_clinics(Analysis& analysis, Scorecard& card);

}  // namespace hcgis::indicators
