// Codes io stores in numeric attribute columns for values that come as words in the data
// (一类, 村卫生室, urban ...). io parses and checks the words; core computes with the codes.
#pragma once

namespace hcgis::codes {

// toilets.class: 1 一类 … 4 三类以下 (below class III).
inline constexpr double toilet_class_1 = 1, toilet_class_2 = 2, toilet_class_3 = 3, toilet_below_class_3 = 4;

// clinics.kind
inline constexpr double clinic_centre = 1;    // 社区卫生服务中心
inline constexpr double clinic_station = 2;   // 社区卫生服务站
inline constexpr double clinic_village = 3;   // 村卫生室
inline constexpr double clinic_other = 4;     // 其他

// eldercare.kind
inline constexpr double care_home = 1;        // 养老机构
inline constexpr double homecare_center = 2;  // 居家养老服务中心

// communities.type and districts.type
inline constexpr double rural = 0;            // 农村 / 村
inline constexpr double urban = 1;            // 城市 / 社区
inline constexpr double mixed = 2;            // 城乡混合 (districts only)

// fitness.class (GB 50180-2018 appendix B service radius)
inline constexpr double fitness_small = 1;    // 健身点, ≤ 300 m
inline constexpr double fitness_medium = 2;   // 多功能运动场, ≤ 500 m
inline constexpr double fitness_large = 3;    // 体育中心, ≤ 1000 m

// flags: 1 yes, 0 no.

}  // namespace hcgis::codes
