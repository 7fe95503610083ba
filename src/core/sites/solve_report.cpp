// SolveReport::text() (core/sites/suggest.h): in hcgis_core, not hcgis_sites, for io's writers name the
// answer of a site choice without the choice itself (and CBC) being linked.
#include "core/sites/suggest.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace hcgis::sites {

std::string SolveReport::text() const {
    if (!exact) return "贪心解（未求下界）";
    if (proven) return "最优解";
    return fmt::format("与最优解差距不超过 {:.1f} %", std::max(0.1, std::ceil(gap * 1000.0) / 10.0));
}

}  // namespace hcgis::sites
