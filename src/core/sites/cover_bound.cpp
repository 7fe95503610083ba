#include "core/sites/cover_bound.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <unordered_map>
#include <vector>

namespace hcgis::sites {
namespace {

/// Local row numbers of the part, and each row's multiplier.
struct Local {
    std::unordered_map<std::int32_t, std::size_t> row;
    explicit Local(std::span<const std::int32_t> rows) {
        for (std::size_t i = 0; i < rows.size(); ++i) row.emplace(rows[i], i);
    }
};

/// Σ multipliers of the rows column c reaches.
double priced(const CoverModel& m, const Local& l, const std::vector<double>& lambda, std::int32_t c) {
    double s = 0;
    const auto ci = static_cast<std::size_t>(c);
    for (auto q = m.col_start[ci]; q < m.col_start[ci + 1]; ++q) s += lambda[l.row.at(m.col_rows[static_cast<std::size_t>(q)])];
    return s;
}

}  // namespace

double max_cover_bound(const CoverModel& m, std::span<const std::int32_t> cols, std::span<const std::int32_t> rows,
                       const std::function<int(std::int32_t)>& limit, double best, int steps) {
    // L(λ) = Σ_i max(0, w_i − λ_i) + Σ_g (the limit(g) largest Σ_{i∈N(j)} λ_i of g's columns), λ ≥ 0.
    const Local l(rows);
    std::vector<double> lambda(rows.size()), w(rows.size()), sub(rows.size());
    // λ = w first: then the bound is what the largest columns of each group reach together.
    for (std::size_t i = 0; i < rows.size(); ++i) lambda[i] = w[i] = m.weight[static_cast<std::size_t>(rows[i])];
    double bound = 0, theta = 1.0;
    for (double x : w) bound += x;
    int stale = 0;
    std::map<std::int32_t, std::vector<std::pair<double, std::int32_t>>> by_group;
    for (int step = 0; step < steps; ++step) {
        double value = 0;
        for (std::size_t i = 0; i < rows.size(); ++i) {
            const bool y = w[i] > lambda[i];
            value += y ? w[i] - lambda[i] : 0.0;
            sub[i] = y ? -1.0 : 0.0;  // ∂L/∂λ_i = −y_i + (chosen columns reaching i)
        }
        for (auto& [g, v] : by_group) v.clear();
        for (std::int32_t c : cols) by_group[m.group[static_cast<std::size_t>(c)]].emplace_back(priced(m, l, lambda, c), c);
        for (auto& [g, v] : by_group) {
            const auto k = std::min(v.size(), static_cast<std::size_t>(std::max(0, limit(g))));
            std::partial_sort(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(k), v.end(), std::greater<>());
            for (std::size_t t = 0; t < k && v[t].first > 0; ++t) {
                value += v[t].first;
                const auto ci = static_cast<std::size_t>(v[t].second);
                for (auto q = m.col_start[ci]; q < m.col_start[ci + 1]; ++q) sub[l.row.at(m.col_rows[static_cast<std::size_t>(q)])] += 1.0;
            }
        }
        if (value < bound - 1e-9) {
            bound = value;
            stale = 0;
        } else if (++stale >= 5) {
            theta /= 2;
            stale = 0;
        }
        double norm = 0;
        for (double g : sub) norm += g * g;
        if (norm == 0 || bound - best <= 1e-9) break;
        const double t = theta * (value - best) / norm;
        for (std::size_t i = 0; i < rows.size(); ++i) lambda[i] = std::max(0.0, lambda[i] - t * sub[i]);
    }
    return bound;
}

}  // namespace hcgis::sites
