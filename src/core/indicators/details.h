// The details behind indicator values: the counts and areas the reports list and the gap rules read.
#pragma once

#include "core/scorecard.h"

namespace hcgis::indicators::details {

inline constexpr Detail builtup_km2{"builtup_km2"};
inline constexpr Detail toilets_class_1_to_3_in_builtup{"toilets_class_1_to_3_in_builtup"};
inline constexpr Detail toilets_class_1_to_2_in_builtup{"toilets_class_1_to_2_in_builtup"};
inline constexpr Detail toilets_in_builtup{"toilets_in_builtup"};
inline constexpr Detail toilets_class_1_to_2{"toilets_class_1_to_2"};
inline constexpr Detail toilets_below_class_2{"toilets_below_class_2"};
inline constexpr Detail cleaners_staffed{"cleaners_staffed"};
inline constexpr Detail covered_population{"covered_population"};
inline constexpr Detail residents_population{"residents_population"};
inline constexpr Detail radius_m{"radius_m"};
inline constexpr Detail park_area_m2{"park_area_m2"};
inline constexpr Detail sports_area_m2{"sports_area_m2"};
inline constexpr Detail population{"population"};
inline constexpr Detail elderly{"elderly"};
inline constexpr Detail beds{"beds"};
inline constexpr Detail communities_with_center{"communities_with_center"};
inline constexpr Detail communities{"communities"};
inline constexpr Detail gps{"gps"};
inline constexpr Detail public_health_staff{"public_health_staff"};
inline constexpr Detail with_tcm_pavilion{"with_tcm_pavilion"};
inline constexpr Detail stations_and_village_clinics{"stations_and_village_clinics"};
inline constexpr Detail offering_tcm{"offering_tcm"};
inline constexpr Detail village_clinics{"village_clinics"};
inline constexpr Detail standardised{"standardised"};
inline constexpr Detail vaccination_clinics{"vaccination_clinics"};
inline constexpr Detail with_gp_studio{"with_gp_studio"};
inline constexpr Detail urban_communities{"urban_communities"};
inline constexpr Detail food_samples{"food_samples"};
inline constexpr Detail standardised_markets{"standardised_markets"};
inline constexpr Detail townships_with_one{"townships_with_one"};
inline constexpr Detail townships{"townships"};

}  // namespace hcgis::indicators::details
