#include "core/equity.h"

#include <algorithm>
#include <cmath>

namespace hcgis {
namespace {

std::vector<WeightedValue> weighted(const std::vector<WeightedValue>& values) {
    std::vector<WeightedValue> out;
    std::copy_if(values.begin(), values.end(), std::back_inserter(out), [](const WeightedValue& v) { return v.weight > 0; });
    return out;
}

}  // namespace

std::optional<Spread> weighted_spread(const std::vector<WeightedValue>& values) {
    const auto v = weighted(values);
    double w = 0, sum = 0;
    for (const auto& x : v) w += x.weight, sum += x.weight * x.value;
    if (!(w > 0)) return std::nullopt;
    const double mean = sum / w;
    double var = 0;
    for (const auto& x : v) var += x.weight * (x.value - mean) * (x.value - mean);
    return Spread{mean, std::sqrt(var / w)};
}

std::optional<double> gini(const std::vector<WeightedValue>& values) {
    auto v = weighted(values);
    const auto spread = weighted_spread(v);
    if (!spread || !(spread->mean > 0)) return std::nullopt;
    // Sorted, Σi Σj wi wj |vi − vj| = 2 Σi wi (vi Wbelow − Sbelow): linear after the sort.
    std::sort(v.begin(), v.end(), [](const WeightedValue& a, const WeightedValue& b) { return a.value < b.value; });
    double w_below = 0, s_below = 0, pairs = 0, w = 0;
    for (const auto& x : v) {
        pairs += x.weight * (x.value * w_below - s_below);
        w_below += x.weight;
        s_below += x.weight * x.value;
        w += x.weight;
    }
    return pairs / (w * w * spread->mean);
}

}  // namespace hcgis
