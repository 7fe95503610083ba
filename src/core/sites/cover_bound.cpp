#include "core/sites/cover_bound.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <queue>
#include <tuple>
#include <numeric>
#include <unordered_map>
#include <vector>

namespace hcgis::sites {
namespace {

/// Local row numbers of the part (a dense table: looked up once per pair and step).
struct Local {
    struct Table {
        std::vector<std::int32_t> at;
        std::size_t at_of(std::int32_t r) const { return static_cast<std::size_t>(at[static_cast<std::size_t>(r)]); }
    } row;
    Local(const CoverModel& m, std::span<const std::int32_t> rows) {
        row.at.assign(m.rows(), -1);
        for (std::size_t i = 0; i < rows.size(); ++i) row.at[static_cast<std::size_t>(rows[i])] = static_cast<std::int32_t>(i);
    }
};

/// Σ multipliers of the rows column c reaches.
double priced(const CoverModel& m, const Local& l, const std::vector<double>& lambda, std::int32_t c) {
    double s = 0;
    const auto ci = static_cast<std::size_t>(c);
    for (auto q = m.col_start[ci]; q < m.col_start[ci + 1]; ++q) s += lambda[l.row.at_of(m.col_rows[static_cast<std::size_t>(q)])];
    return s;
}

}  // namespace

double max_cover_bound(const CoverModel& m, std::span<const std::int32_t> cols, std::span<const std::int32_t> rows,
                       const std::function<int(std::int32_t)>& limit, double best, std::chrono::steady_clock::time_point stop, int steps) {
    // L(λ) = Σ_i max(0, w_i − λ_i) + Σ_g (the limit(g) largest Σ_{i∈N(j)} λ_i of g's columns), λ ≥ 0.
    const Local l(m, rows);
    std::vector<double> lambda(rows.size()), w(rows.size()), sub(rows.size());
    // λ = w first: then the bound is what the largest columns of each group reach together.
    for (std::size_t i = 0; i < rows.size(); ++i) lambda[i] = w[i] = m.weight[static_cast<std::size_t>(rows[i])];
    double bound = 0, theta = 2.0;
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
                for (auto q = m.col_start[ci]; q < m.col_start[ci + 1]; ++q) sub[l.row.at_of(m.col_rows[static_cast<std::size_t>(q)])] += 1.0;
            }
        }
        if (value < bound - 1e-9) {
            bound = value;
            stale = 0;
        } else if (++stale >= 12) {
            theta /= 2;
            stale = 0;
        }
        double norm = 0;
        for (double g : sub) norm += g * g;
        if (norm == 0 || bound - best <= 1e-9 || theta < 5e-3 || std::chrono::steady_clock::now() > stop) break;
        const double t = theta * (value - best) / norm;
        for (std::size_t i = 0; i < rows.size(); ++i) lambda[i] = std::max(0.0, lambda[i] - t * sub[i]);
    }
    return bound;
}

namespace {

/// A primal answer from the multipliers (Beasley's Lagrangian heuristic): the columns of negative reduced
/// cost, completed greedily (the most weight not yet covered) until the target is reached, then those the
/// target can do without dropped, the dearest first. Model columns, ascending.
std::vector<std::int32_t> lagrangian_primal(const CoverModel& m, const Local& l, std::span<const std::int32_t> cols,
                                            const std::vector<double>& w, const std::vector<double>& rc, double target) {
    std::vector<std::int32_t> times(w.size(), 0);
    double covered = 0;
    std::vector<std::uint8_t> in(cols.size(), 0);
    auto rows_of = [&](std::size_t k, auto f) {
        const auto ci = static_cast<std::size_t>(cols[k]);
        for (auto q = m.col_start[ci]; q < m.col_start[ci + 1]; ++q) f(l.row.at_of(m.col_rows[static_cast<std::size_t>(q)]));
    };
    auto take = [&](std::size_t k) {
        in[k] = 1;
        rows_of(k, [&](std::size_t i) {
            if (times[i]++ == 0) covered += w[i];
        });
    };
    for (std::size_t k = 0; k < cols.size(); ++k)
        if (rc[k] < 0) take(k);
    auto gain = [&](std::size_t k) {
        double g = 0;
        rows_of(k, [&](std::size_t i) {
            if (times[i] == 0) g += w[i];
        });
        return g;
    };
    std::priority_queue<std::tuple<double, double, std::size_t, std::size_t>> heap;  // gain, −rc, column, round
    std::size_t round = 0;
    for (std::size_t k = 0; k < cols.size(); ++k)
        if (!in[k]) heap.emplace(gain(k), -rc[k], k, 0);
    while (covered < target - 1e-9 && !heap.empty()) {
        auto [g, r, k, at] = heap.top();
        heap.pop();
        if (at != round) {
            heap.emplace(gain(k), r, k, round);
            continue;
        }
        if (g <= 0) break;
        take(k);
        ++round;
    }
    std::vector<std::size_t> order;
    for (std::size_t k = 0; k < cols.size(); ++k)
        if (in[k]) order.push_back(k);
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return rc[a] > rc[b]; });
    for (std::size_t k : order) {
        double alone = 0;
        rows_of(k, [&](std::size_t i) {
            if (times[i] == 1) alone += w[i];
        });
        if (covered - alone < target - 1e-9) continue;
        covered -= alone;
        in[k] = 0;
        rows_of(k, [&](std::size_t i) { --times[i]; });
    }
    std::vector<std::int32_t> out;
    for (std::size_t k = 0; k < cols.size(); ++k)
        if (in[k]) out.push_back(cols[k]);
    return out;
}

}  // namespace

double min_cover_bound(const CoverModel& m, std::span<const std::int32_t> cols, std::span<const std::int32_t> rows, double target,
                       double best, std::chrono::steady_clock::time_point stop, std::vector<std::int32_t>* better, int steps) {
    // min Σx s.t. Σ w_i·y_i ≥ target, y_i ≤ Σ_{j∋i} x_j; the latter relaxed with μ_i ≥ 0:
    // L(μ) = Σ_j min(0, 1 − Σ_{i∈N(j)} μ_i) + min{Σ μ_i·y_i : Σ w_i·y_i ≥ target, 0 ≤ y ≤ 1} (a fractional knapsack).
    const Local l(m, rows);
    const std::size_t n = rows.size();
    std::vector<double> mu(n, 0.0), w(n), y(n), sub(n), rcost(cols.size(), 0.0);
    for (std::size_t i = 0; i < n; ++i) w[i] = m.weight[static_cast<std::size_t>(rows[i])];
    // Start where no column prices above 1: each row at its weight over the heaviest column reaching it.
    for (std::int32_t c : cols) {
        const auto ci = static_cast<std::size_t>(c);
        double wc = 0;
        for (auto q = m.col_start[ci]; q < m.col_start[ci + 1]; ++q) wc += w[l.row.at_of(m.col_rows[static_cast<std::size_t>(q)])];
        for (auto q = m.col_start[ci]; q < m.col_start[ci + 1]; ++q) {
            const auto i = l.row.at_of(m.col_rows[static_cast<std::size_t>(q)]);
            mu[i] = std::max(mu[i], w[i] / wc);
        }
    }
    for (std::int32_t c : cols) {  // scaled down so that it holds
        const double p = priced(m, l, mu, c);
        if (p > 1) {
            const auto ci = static_cast<std::size_t>(c);
            for (auto q = m.col_start[ci]; q < m.col_start[ci + 1]; ++q) mu[l.row.at_of(m.col_rows[static_cast<std::size_t>(q)])] /= p;
        }
    }
    std::vector<std::size_t> order(n);
    const double total = std::accumulate(w.begin(), w.end(), 0.0);
    double bound = 0, theta = 2.0;
    int stale = 0;
    for (int step = 0; step < steps; ++step) {
        double value = 0;
        std::fill(y.begin(), y.end(), 0.0);
        double need = target;
        if (target >= total - 1e-9) {  // every row is to be covered: y = 1
            for (std::size_t i = 0; i < n; ++i) {
                y[i] = 1;
                value += mu[i];
            }
            need = 0;
        } else {
            for (std::size_t i = 0; i < n; ++i) order[i] = i;
            std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return mu[a] * w[b] < mu[b] * w[a]; });
        }
        for (std::size_t k = 0; k < n && need > 1e-12; ++k) {
            const std::size_t i = order[k];
            y[i] = std::min(1.0, need / w[i]);
            need -= y[i] * w[i];
            value += mu[i] * y[i];
        }
        for (std::size_t i = 0; i < n; ++i) sub[i] = y[i];  // ∂L/∂μ_i = y_i − Σ_{j∋i} x_j
        for (std::size_t k = 0; k < cols.size(); ++k) {
            const std::int32_t c = cols[k];
            const double rc = rcost[k] = 1.0 - priced(m, l, mu, c);
            if (rc >= 0) continue;
            value += rc;
            const auto ci = static_cast<std::size_t>(c);
            for (auto q = m.col_start[ci]; q < m.col_start[ci + 1]; ++q) sub[l.row.at_of(m.col_rows[static_cast<std::size_t>(q)])] -= 1.0;
        }
        if (value > bound + 1e-9) {
            bound = value;
            stale = 0;
        } else if (++stale >= 15) {
            theta /= 2;
            stale = 0;
        }
        // Every few steps a primal answer from the multipliers, kept when it needs fewer sites.
        if (better && step % 10 == 9) {
            std::vector<std::int32_t> x = lagrangian_primal(m, l, cols, w, rcost, target);
            if (static_cast<double>(x.size()) < best) {
                best = static_cast<double>(x.size());
                *better = std::move(x);
            }
        }
        // A site count is whole: a bound within one of the best known proves it.
        if (std::ceil(bound - 1e-6) >= best || theta < 5e-3 || std::chrono::steady_clock::now() > stop) break;
        double norm = 0;
        for (std::size_t i = 0; i < n; ++i)
            if (!(mu[i] <= 0 && sub[i] < 0)) norm += sub[i] * sub[i];
        if (norm == 0) break;
        const double t = theta * (best - value) / norm;
        for (std::size_t i = 0; i < n; ++i) mu[i] = std::max(0.0, mu[i] + t * sub[i]);
    }
    return bound;
}

}  // namespace hcgis::sites
