// vector_demo_communities (C9): communities that are standardised vector-control (病媒防制) demonstration
// communities, counted; the plan's target is for the zone as a whole.
#include "core/indicators/common.h"
#include "core/indicators/indicator.h"

namespace hcgis::indicators {
namespace {

void compute(Analysis& analysis, Scorecard& card) {
    community_count(analysis, card, "vector_demo_communities", "vector_demo");
}

}  // namespace

extern const Family vector_demo{
    {{"vector_demo_communities", {"communities"}, GapRule{nullptr, nullptr, 1, "个", true, "还需建成病媒防制标准化示范小区 {}"}}},
    compute};

}  // namespace hcgis::indicators
