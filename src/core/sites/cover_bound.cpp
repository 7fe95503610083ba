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

/// Each of the part's columns with its rows in the part's own numbering (the position in `rows`), in
/// the model's order (CSR by position in `cols`: the steps read every column's rows, one look-up less
/// per pair than going through the model).
struct Local {
    std::vector<std::size_t> start{0}, rows_of;
    Local(const CoverModel& m, std::span<const std::int32_t> rows, std::span<const std::int32_t> cols) {
        std::vector<std::int32_t> at(m.rows(), -1);
        for (std::size_t i = 0; i < rows.size(); ++i) at[static_cast<std::size_t>(rows[i])] = static_cast<std::int32_t>(i);
        for (std::int32_t c : cols) {
            const auto ci = static_cast<std::size_t>(c);
            for (auto q = m.col_start[ci]; q < m.col_start[ci + 1]; ++q)
                rows_of.push_back(static_cast<std::size_t>(at[static_cast<std::size_t>(m.col_rows[static_cast<std::size_t>(q)])]));
            start.push_back(rows_of.size());
        }
    }
    /// The rows of the part's k-th column.
    std::span<const std::size_t> rows(std::size_t k) const { return {rows_of.data() + start[k], rows_of.data() + start[k + 1]}; }
};

/// Σ multipliers of the rows of the part's k-th column.
double priced_at(const Local& l, const std::vector<double>& lambda, std::size_t k) {
    double s = 0;
    for (std::size_t i : l.rows(k)) s += lambda[i];
    return s;
}

}  // namespace

std::vector<std::vector<std::int32_t>> conflict_cliques(const CoverModel& m, std::span<const std::int32_t> cols) {
    std::vector<std::int32_t> local(m.cols(), -1);
    for (std::size_t i = 0; i < cols.size(); ++i) local[static_cast<std::size_t>(cols[i])] = static_cast<std::int32_t>(i);
    std::vector<std::vector<std::int32_t>> adj(cols.size());
    for (std::size_t i = 0; i < cols.size(); ++i) {
        for (std::int32_t k : m.conflicts[static_cast<std::size_t>(cols[i])])
            if (const std::int32_t l = local[static_cast<std::size_t>(k)]; l >= 0) adj[i].push_back(l);
        std::sort(adj[i].begin(), adj[i].end());
    }
    // Growing the cliques costs about 10 steps a conflict on the city's spacing (toilets, or fitness 300 m
    // apart), far more with hundreds of conflicts a candidate (a wide --min-separation): beyond 2 M
    // conflicts or 32 steps a conflict, none (the caller keeps the pairs).
    std::size_t pairs = 0;
    for (const auto& v : adj) pairs += v.size();
    if (pairs > 2'000'000) return {};
    const std::size_t budget = 32 * pairs + 10000;
    std::size_t work = 0;
    auto linked = [&](std::int32_t a, std::int32_t b) {
        ++work;
        const auto& v = adj[static_cast<std::size_t>(a)];
        return std::binary_search(v.begin(), v.end(), b);
    };
    std::vector<std::vector<std::int32_t>> done(cols.size());  // per column: the later ones it shares a clique with
    std::vector<std::vector<std::int32_t>> out;
    for (std::size_t i = 0; i < cols.size(); ++i) {
        const auto c = static_cast<std::int32_t>(i);
        for (std::int32_t k : adj[i]) {
            if (k < c || std::binary_search(done[i].begin(), done[i].end(), k)) continue;
            // Grown from the pair, in column order, by every column in conflict with all so far.
            std::vector<std::int32_t> q{c, k};
            for (std::int32_t v : adj[i])
                if (v != k && std::all_of(q.begin() + 1, q.end(), [&](std::int32_t u) { return linked(u, v); })) q.push_back(v);
            std::sort(q.begin(), q.end());
            for (std::size_t x = 0; x < q.size(); ++x) {
                auto& d = done[static_cast<std::size_t>(q[x])];
                work += d.size() + q.size();
                if (work > budget) return {};
                d.insert(d.end(), q.begin() + static_cast<std::ptrdiff_t>(x) + 1, q.end());
                std::sort(d.begin(), d.end());
                d.erase(std::unique(d.begin(), d.end()), d.end());
            }
            for (auto& v : q) v = cols[static_cast<std::size_t>(v)];
            out.push_back(std::move(q));
        }
    }
    return out;
}

double max_cover_bound(const CoverModel& m, std::span<const std::int32_t> cols, std::span<const std::int32_t> rows,
                       const std::function<int(std::int32_t)>& limit, double best, std::chrono::steady_clock::time_point stop,
                       const std::vector<std::vector<std::int32_t>>* cliques, std::vector<std::int32_t>* better, int steps) {
    // L(λ, ν) = Σ_i max(0, w_i − λ_i) + Σ_q ν_q
    //         + Σ_g (the limit(g) largest positive Σ_{i∈N(j)} λ_i − Σ_{q∋j} ν_q of g's columns), λ, ν ≥ 0.
    const Local l(m, rows, cols);
    const std::size_t nq = cliques ? cliques->size() : 0;
    std::vector<double> lambda(rows.size()), w(rows.size()), sub(rows.size()), nu(nq, 0.0), nu_sub(nq);
    // Each column's cliques (CSR over the part's columns).
    std::vector<std::int32_t> local(m.cols(), -1), q_start(cols.size() + 1, 0), q_of;
    for (std::size_t k = 0; k < cols.size(); ++k) local[static_cast<std::size_t>(cols[k])] = static_cast<std::int32_t>(k);
    for (std::size_t q = 0; q < nq; ++q)
        for (std::int32_t c : (*cliques)[q]) ++q_start[static_cast<std::size_t>(local[static_cast<std::size_t>(c)]) + 1];
    for (std::size_t k = 0; k < cols.size(); ++k) q_start[k + 1] += q_start[k];
    q_of.resize(static_cast<std::size_t>(q_start.back()));
    {
        std::vector<std::int32_t> fill(q_start.begin(), q_start.end() - 1);
        for (std::size_t q = 0; q < nq; ++q)
            for (std::int32_t c : (*cliques)[q]) q_of[static_cast<std::size_t>(fill[static_cast<std::size_t>(local[static_cast<std::size_t>(c)])]++)] = static_cast<std::int32_t>(q);
    }
    // λ = w first: then the bound is what the largest columns of each group reach together.
    for (std::size_t i = 0; i < rows.size(); ++i) lambda[i] = w[i] = m.weight[static_cast<std::size_t>(rows[i])];
    // Whole weights (people) make the optimum whole: a bound under best + 1 proves best.
    const bool whole = std::all_of(w.begin(), w.end(), [](double x) { return x == std::floor(x); });
    auto proves = [&](double b) { return whole ? std::floor(b + 1e-7) <= best + 1e-9 : b - best <= 1e-9; };
    double bound = 0, theta = 2.0;
    for (double x : w) bound += x;
    int stale = 0;
    std::map<std::int32_t, std::vector<std::pair<double, std::int32_t>>> by_group;  // (value, local column)
    std::vector<std::uint8_t> blocked(cols.size()), hit(rows.size());
    std::size_t max_degree = 0;
    for (std::int32_t c : cols) max_degree = std::max(max_degree, m.conflicts[static_cast<std::size_t>(c)].size());
    for (int step = 0; step < steps; ++step) {
        double value = 0;
        for (std::size_t i = 0; i < rows.size(); ++i) {
            const bool y = w[i] > lambda[i];
            value += y ? w[i] - lambda[i] : 0.0;
            sub[i] = y ? -1.0 : 0.0;  // ∂L/∂λ_i = −y_i + (chosen columns reaching i)
        }
        for (std::size_t q = 0; q < nq; ++q) {
            value += nu[q];
            nu_sub[q] = 1.0;  // ∂L/∂ν_q = 1 − (chosen columns in q)
        }
        for (auto& [g, v] : by_group) v.clear();
        for (std::size_t k = 0; k < cols.size(); ++k) {
            double p = priced_at(l, lambda, k);
            for (auto e = q_start[k]; e < q_start[k + 1]; ++e) p -= nu[static_cast<std::size_t>(q_of[static_cast<std::size_t>(e)])];
            by_group[m.group[static_cast<std::size_t>(cols[k])]].emplace_back(p, static_cast<std::int32_t>(k));
        }
        for (auto& [g, v] : by_group) {
            const auto n = std::min(v.size(), static_cast<std::size_t>(std::max(0, limit(g))));
            std::partial_sort(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(n), v.end(), std::greater<>());
            for (std::size_t t = 0; t < n && v[t].first > 0; ++t) {
                value += v[t].first;
                const auto k = static_cast<std::size_t>(v[t].second);
                for (std::size_t i : l.rows(k)) sub[i] += 1.0;
                for (auto e = q_start[k]; e < q_start[k + 1]; ++e) nu_sub[static_cast<std::size_t>(q_of[static_cast<std::size_t>(e)])] -= 1.0;
            }
        }
        if (value < bound - 1e-9) {
            bound = value;
            stale = 0;
        } else if (++stale >= 20) {
            theta /= 2;
            stale = 0;
        }
        // Every few steps a choice from the multipliers: per group the columns of most worth, none in
        // conflict with one taken, kept when it covers more than the best known.
        if (better && step % 10 == 9) {
            std::fill(blocked.begin(), blocked.end(), 0);
            std::fill(hit.begin(), hit.end(), 0);
            std::vector<std::int32_t> x;
            double covered = 0;
            for (auto& [g, v] : by_group) {
                int left = std::max(0, limit(g));
                // Each column taken blocks at most max_degree others: the first limit × (1 + max_degree) suffice.
                const auto deep = static_cast<std::ptrdiff_t>(std::min(v.size(), static_cast<std::size_t>(left) * (1 + max_degree)));
                std::partial_sort(v.begin(), v.begin() + deep, v.end(),
                                  [](const auto& a, const auto& b) { return a.first != b.first ? a.first > b.first : a.second < b.second; });
                for (std::size_t t = 0; t < static_cast<std::size_t>(deep) && left > 0 && v[t].first > 0; ++t) {
                    const auto k = static_cast<std::size_t>(v[t].second);
                    if (blocked[k]) continue;
                    const auto ci = static_cast<std::size_t>(cols[k]);
                    x.push_back(cols[k]);
                    --left;
                    for (std::int32_t o : m.conflicts[ci])
                        if (const std::int32_t lo = local[static_cast<std::size_t>(o)]; lo >= 0) blocked[static_cast<std::size_t>(lo)] = 1;
                    for (std::size_t i : l.rows(k)) {
                        if (!hit[i]) covered += w[i];
                        hit[i] = 1;
                    }
                }
            }
            if (covered > best + 1e-9) {
                best = covered;
                std::sort(x.begin(), x.end());
                *better = std::move(x);
            }
        }
        double norm = 0;
        for (double g : sub) norm += g * g;
        for (std::size_t q = 0; q < nq; ++q)
            if (!(nu[q] <= 0 && nu_sub[q] > 0)) norm += nu_sub[q] * nu_sub[q];
        if (norm == 0 || proves(bound) || theta < 5e-3 || std::chrono::steady_clock::now() > stop) break;
        const double t = theta * (value - best) / norm;
        for (std::size_t i = 0; i < rows.size(); ++i) lambda[i] = std::max(0.0, lambda[i] - t * sub[i]);
        for (std::size_t q = 0; q < nq; ++q) nu[q] = std::max(0.0, nu[q] - t * nu_sub[q]);
    }
    return bound;
}

namespace {

/// A primal answer from the multipliers (Beasley's Lagrangian heuristic): the columns of negative reduced
/// cost, completed greedily (the most weight not yet covered) until the target is reached, then those the
/// target can do without dropped, the dearest first. Model columns, ascending.
std::vector<std::int32_t> lagrangian_primal(const Local& l, std::span<const std::int32_t> cols, const std::vector<double>& w,
                                            const std::vector<double>& rc, double target) {
    std::vector<std::int32_t> times(w.size(), 0);
    double covered = 0;
    std::vector<std::uint8_t> in(cols.size(), 0);
    auto rows_of = [&](std::size_t k, auto f) {
        for (std::size_t i : l.rows(k)) f(i);
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
    const Local l(m, rows, cols);
    const std::size_t n = rows.size();
    std::vector<double> mu(n, 0.0), w(n), y(n), sub(n), rcost(cols.size(), 0.0);
    for (std::size_t i = 0; i < n; ++i) w[i] = m.weight[static_cast<std::size_t>(rows[i])];
    // Start where no column prices above 1: each row at its weight over the heaviest column reaching it.
    for (std::size_t k = 0; k < cols.size(); ++k) {
        double wc = 0;
        for (std::size_t i : l.rows(k)) wc += w[i];
        for (std::size_t i : l.rows(k)) mu[i] = std::max(mu[i], w[i] / wc);
    }
    for (std::size_t k = 0; k < cols.size(); ++k) {  // scaled down so that it holds
        const double p = priced_at(l, mu, k);
        if (p > 1)
            for (std::size_t i : l.rows(k)) mu[i] /= p;
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
            const double rc = rcost[k] = 1.0 - priced_at(l, mu, k);
            if (rc >= 0) continue;
            value += rc;
            for (std::size_t i : l.rows(k)) sub[i] -= 1.0;
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
            std::vector<std::int32_t> x = lagrangian_primal(l, cols, w, rcost, target);
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
