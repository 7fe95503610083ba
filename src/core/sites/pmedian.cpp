#include "core/sites/pmedian.h"

#include "core/sites/cbc_solver.h"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstring>
#include <numeric>
#include <queue>
#include <tuple>

namespace hcgis::sites {

double MedianSolution::gap() const {
    if (proven || !solved) return 0.0;
    return bound > 0 ? std::max(0.0, (value - bound) / bound) : (value > 0 ? 1.0 : 0.0);
}

namespace {

/// The model: rows are groups of residents with the same pairs; s = w·(base − d) > 0, what the row saves
/// when served by that column.
struct Model {
    std::vector<std::int32_t> column;                 // candidate of each column
    std::vector<double> tie;                          // per column
    std::vector<std::int32_t> row_start{0}, row_col;  // CSR by row
    std::vector<double> row_save;
    std::vector<std::int32_t> col_start, col_row;     // CSR by column
    std::vector<double> col_save;
    std::vector<std::vector<std::int32_t>> conflicts; // per column
    std::size_t rows() const { return row_start.size() - 1; }
    std::size_t cols() const { return column.size(); }
};

std::uint64_t mix(std::uint64_t h, std::uint64_t v) { return (h ^ v) * 1099511628211ull; }

Model build(const MedianInput& in, std::size_t& residents) {
    const CoverageSets& sets = *in.sets;
    const std::size_t ncand = sets.covers.size(), nres = in.weights.size();
    auto allowed = [&](std::size_t j) { return in.allowed.empty() || in.allowed[j]; };
    // Per resident, the allowed candidates nearer than its base (ascending candidate), by CSR.
    std::vector<std::int32_t> start(nres + 1, 0);
    auto useful = [&](std::size_t j, std::size_t k) {
        const auto r = static_cast<std::size_t>(sets.covers[j][k]);
        return in.weights[r] > 0 && static_cast<double>(sets.distance[j][k]) < in.base[r];
    };
    for (std::size_t j = 0; j < ncand; ++j)
        if (allowed(j))
            for (std::size_t k = 0; k < sets.covers[j].size(); ++k)
                if (useful(j, k)) ++start[static_cast<std::size_t>(sets.covers[j][k]) + 1];
    for (std::size_t r = 0; r < nres; ++r) start[r + 1] += start[r];
    std::vector<std::int32_t> cand(static_cast<std::size_t>(start[nres]));
    std::vector<float> dist(cand.size());
    {
        std::vector<std::int32_t> fill(start.begin(), start.end() - 1);
        for (std::size_t j = 0; j < ncand; ++j)
            if (allowed(j))
                for (std::size_t k = 0; k < sets.covers[j].size(); ++k)
                    if (useful(j, k)) {
                        const auto at = static_cast<std::size_t>(fill[static_cast<std::size_t>(sets.covers[j][k])]++);
                        cand[at] = static_cast<std::int32_t>(j);
                        dist[at] = sets.distance[j][k];
                    }
    }
    // Residents with the same pairs and the same base become one row (their weights summed).
    std::vector<std::uint64_t> h(nres, 0);
    std::vector<std::int32_t> order;
    residents = 0;
    for (std::size_t r = 0; r < nres; ++r) {
        if (start[r + 1] == start[r]) continue;
        ++residents;
        std::uint64_t v = 1469598103934665603ull;
        double b = in.base[r];
        std::uint64_t bits;
        std::memcpy(&bits, &b, sizeof bits);
        v = mix(v, bits);
        for (auto q = start[r]; q < start[r + 1]; ++q) {
            std::uint32_t dbits;
            std::memcpy(&dbits, &dist[static_cast<std::size_t>(q)], sizeof dbits);
            v = mix(mix(v, static_cast<std::uint32_t>(cand[static_cast<std::size_t>(q)])), dbits);
        }
        h[r] = v;
        order.push_back(static_cast<std::int32_t>(r));
    }
    auto same = [&](std::size_t a, std::size_t b) {
        if (h[a] != h[b] || in.base[a] != in.base[b] || start[a + 1] - start[a] != start[b + 1] - start[b]) return false;
        for (auto k = 0; k < start[a + 1] - start[a]; ++k) {
            const auto qa = static_cast<std::size_t>(start[a] + k), qb = static_cast<std::size_t>(start[b] + k);
            if (cand[qa] != cand[qb] || dist[qa] != dist[qb]) return false;
        }
        return true;
    };
    std::stable_sort(order.begin(), order.end(), [&](std::int32_t a, std::int32_t b) { return h[static_cast<std::size_t>(a)] < h[static_cast<std::size_t>(b)]; });
    std::vector<std::int32_t> rep(nres, -1);  // each resident's representative (the lowest of its group)
    for (std::size_t k = 0; k < order.size(); ++k) {
        const auto r = static_cast<std::size_t>(order[k]);
        rep[r] = order[k];
        for (std::size_t l = k; l-- > 0 && h[static_cast<std::size_t>(order[l])] == h[r];)
            if (same(static_cast<std::size_t>(order[l]), r)) {
                rep[r] = std::min(rep[r], rep[static_cast<std::size_t>(order[l])]);
                break;
            }
    }
    std::vector<double> group_w(nres, 0.0);
    for (std::size_t r = 0; r < nres; ++r)
        if (rep[r] >= 0) group_w[static_cast<std::size_t>(rep[r])] += in.weights[r];
    Model m;
    std::vector<std::int32_t> local(ncand, -1);
    for (std::size_t r = 0; r < nres; ++r)
        if (rep[r] == static_cast<std::int32_t>(r))
            for (auto q = start[r]; q < start[r + 1]; ++q) local[static_cast<std::size_t>(cand[static_cast<std::size_t>(q)])] = 0;
    for (std::size_t j = 0; j < ncand; ++j)
        if (local[j] == 0) {
            local[j] = static_cast<std::int32_t>(m.column.size());
            m.column.push_back(static_cast<std::int32_t>(j));
            m.tie.push_back(in.tie_break.empty() ? 0.0 : in.tie_break[j]);
        }
    for (std::size_t r = 0; r < nres; ++r) {
        if (rep[r] != static_cast<std::int32_t>(r)) continue;
        for (auto q = start[r]; q < start[r + 1]; ++q) {
            const auto qi = static_cast<std::size_t>(q);
            m.row_col.push_back(local[static_cast<std::size_t>(cand[qi])]);
            m.row_save.push_back(group_w[r] * (in.base[r] - static_cast<double>(dist[qi])));
        }
        m.row_start.push_back(static_cast<std::int32_t>(m.row_col.size()));
    }
    m.col_start.assign(m.cols() + 1, 0);
    for (std::int32_t c : m.row_col) ++m.col_start[static_cast<std::size_t>(c) + 1];
    for (std::size_t c = 0; c < m.cols(); ++c) m.col_start[c + 1] += m.col_start[c];
    m.col_row.resize(m.row_col.size());
    m.col_save.resize(m.row_col.size());
    std::vector<std::int32_t> fill(m.col_start.begin(), m.col_start.end() - 1);
    for (std::size_t r = 0; r < m.rows(); ++r)
        for (auto q = m.row_start[r]; q < m.row_start[r + 1]; ++q) {
            const auto c = static_cast<std::size_t>(m.row_col[static_cast<std::size_t>(q)]);
            const auto at = static_cast<std::size_t>(fill[c]++);
            m.col_row[at] = static_cast<std::int32_t>(r);
            m.col_save[at] = m.row_save[static_cast<std::size_t>(q)];
        }
    m.conflicts.resize(m.cols());
    if (in.conflicts)
        for (std::size_t l = 0; l < m.cols(); ++l)
            for (std::int32_t k : (*in.conflicts)[static_cast<std::size_t>(m.column[l])])
                if (local[static_cast<std::size_t>(k)] >= 0) m.conflicts[l].push_back(local[static_cast<std::size_t>(k)]);
    return m;
}

/// Total saving of the chosen columns.
double saving_of(const Model& m, const std::vector<std::uint8_t>& chosen) {
    double s = 0;
    for (std::size_t r = 0; r < m.rows(); ++r) {
        double best = 0;
        for (auto q = m.row_start[r]; q < m.row_start[r + 1]; ++q)
            if (chosen[static_cast<std::size_t>(m.row_col[static_cast<std::size_t>(q)])]) best = std::max(best, m.row_save[static_cast<std::size_t>(q)]);
        s += best;
    }
    return s;
}

/// Greedy with lazy evaluation: each step the column saving most (ties: larger tie, lower column).
std::vector<std::int32_t> greedy(const Model& m, int count) {
    std::vector<double> cur(m.rows(), 0.0);
    auto gain = [&](std::size_t c) {
        double g = 0;
        for (auto q = m.col_start[c]; q < m.col_start[c + 1]; ++q)
            g += std::max(0.0, m.col_save[static_cast<std::size_t>(q)] - cur[static_cast<std::size_t>(m.col_row[static_cast<std::size_t>(q)])]);
        return g;
    };
    using Entry = std::tuple<double, double, std::int32_t, int>;  // gain, tie, -column, round
    std::priority_queue<Entry> heap;
    for (std::size_t c = 0; c < m.cols(); ++c) heap.emplace(gain(c), m.tie[c], -static_cast<std::int32_t>(c), 0);
    std::vector<std::uint8_t> blocked(m.cols(), 0);
    std::vector<std::int32_t> out;
    while (static_cast<int>(out.size()) < count && !heap.empty()) {
        auto [g, t, negc, round] = heap.top();
        heap.pop();
        const auto c = static_cast<std::size_t>(-negc);
        if (blocked[c]) continue;
        if (round != static_cast<int>(out.size())) {
            heap.emplace(gain(c), t, negc, static_cast<int>(out.size()));
            continue;
        }
        if (g <= 0) break;  // nobody is brought nearer: the rest are placed by the caller
        out.push_back(-negc);
        blocked[c] = 1;
        for (std::int32_t k : m.conflicts[c]) blocked[static_cast<std::size_t>(k)] = 1;
        for (auto q = m.col_start[c]; q < m.col_start[c + 1]; ++q) {
            double& v = cur[static_cast<std::size_t>(m.col_row[static_cast<std::size_t>(q)])];
            v = std::max(v, m.col_save[static_cast<std::size_t>(q)]);
        }
    }
    return out;
}

/// The fast interchange: the best swap of a chosen column for another while it saves more. With each
/// row's best and second-best saving among the chosen, one sweep over every column costs one pass over
/// the pairs plus columns × chosen.
void interchange(const Model& m, std::vector<std::int32_t>& chosen, std::chrono::steady_clock::time_point deadline) {
    const std::size_t n = m.cols(), p = chosen.size();
    if (p == 0) return;
    std::vector<std::uint8_t> in(n, 0);
    std::vector<double> best1(m.rows()), best2(m.rows());
    std::vector<std::int32_t> at(m.rows()), slot(n, -1);
    auto recount = [&] {
        std::fill(in.begin(), in.end(), 0);
        for (std::size_t k = 0; k < p; ++k) {
            in[static_cast<std::size_t>(chosen[k])] = 1;
            slot[static_cast<std::size_t>(chosen[k])] = static_cast<std::int32_t>(k);
        }
        for (std::size_t r = 0; r < m.rows(); ++r) {
            best1[r] = best2[r] = 0;
            at[r] = -1;
            for (auto q = m.row_start[r]; q < m.row_start[r + 1]; ++q) {
                const auto c = m.row_col[static_cast<std::size_t>(q)];
                if (!in[static_cast<std::size_t>(c)]) continue;
                const double s = m.row_save[static_cast<std::size_t>(q)];
                if (s > best1[r]) {
                    best2[r] = best1[r];
                    best1[r] = s;
                    at[r] = slot[static_cast<std::size_t>(c)];
                } else {
                    best2[r] = std::max(best2[r], s);
                }
            }
        }
    };
    double scale = 0;
    for (double s : m.row_save) scale = std::max(scale, s);
    std::vector<double> loss(p), extra(p);
    std::vector<std::int32_t> touched;
    for (int moves = 0; moves < 50 * static_cast<int>(p) && std::chrono::steady_clock::now() < deadline; ++moves) {
        recount();
        std::fill(loss.begin(), loss.end(), 0.0);
        for (std::size_t r = 0; r < m.rows(); ++r)
            if (at[r] >= 0) loss[static_cast<std::size_t>(at[r])] += best1[r] - best2[r];
        double best_delta = 1e-9 * std::max(1.0, scale);
        std::int32_t best_in = -1, best_out = -1;
        for (std::size_t c = 0; c < n; ++c) {
            if (in[c]) continue;
            // A column in conflict with a chosen one may only replace it; with two, none.
            std::int32_t must = -1;
            bool ok = true;
            for (std::int32_t k : m.conflicts[c])
                if (in[static_cast<std::size_t>(k)]) {
                    ok &= must < 0;
                    must = slot[static_cast<std::size_t>(k)];
                }
            if (!ok) continue;
            double g = 0;
            touched.clear();
            for (auto q = m.col_start[c]; q < m.col_start[c + 1]; ++q) {
                const auto r = static_cast<std::size_t>(m.col_row[static_cast<std::size_t>(q)]);
                const double s = m.col_save[static_cast<std::size_t>(q)];
                const double plain = std::max(0.0, s - best1[r]);
                g += plain;
                if (at[r] >= 0) {
                    const auto k = static_cast<std::size_t>(at[r]);
                    if (extra[k] == 0) touched.push_back(at[r]);
                    extra[k] += std::max(best2[r], s) - best2[r] - plain;
                }
            }
            for (std::size_t k = 0; k < p; ++k) {
                if (must >= 0 && static_cast<std::int32_t>(k) != must) continue;
                const double delta = g - loss[k] + extra[k];
                if (delta > best_delta) {
                    best_delta = delta;
                    best_in = static_cast<std::int32_t>(c);
                    best_out = static_cast<std::int32_t>(k);
                }
            }
            for (std::int32_t k : touched) extra[static_cast<std::size_t>(k)] = 0;
        }
        if (best_in < 0) break;
        slot[static_cast<std::size_t>(chosen[static_cast<std::size_t>(best_out)])] = -1;
        chosen[static_cast<std::size_t>(best_out)] = best_in;
    }
}

/// Lagrangian upper bound on the saving (each row's "at most one column" relaxed, spacing conflicts
/// too): L(λ) = Σλ_i + the `count` largest Σ_i max(0, s_ij − λ_i). Valid for any λ ≥ 0.
double lagrangian(const Model& m, int count, double best, std::vector<double> start, const std::function<bool()>& go,
                  std::chrono::steady_clock::time_point stop, int steps = 150) {
    std::vector<double> lambda(m.rows(), 0.0);
    for (std::size_t r = 0; r < m.rows(); ++r)
        for (auto q = m.row_start[r]; q < m.row_start[r + 1]; ++q) lambda[r] = std::max(lambda[r], m.row_save[static_cast<std::size_t>(q)]);
    double bound = std::accumulate(lambda.begin(), lambda.end(), 0.0);  // every row saved its most
    // Start from each row's saving under the incumbent: the first step's bound is then the incumbent's
    // saving plus the `count` largest gains any column would add to it (valid for any λ ≥ 0).
    lambda = start;
    std::vector<double> v(m.cols());
    std::vector<std::int32_t> idx(m.cols()), grad(m.rows());
    double theta = 1.0;
    int stale = 0;
    const auto k = static_cast<std::size_t>(std::min<std::size_t>(static_cast<std::size_t>(count), m.cols()));
    // One step at least: from the incumbent's savings it is already a useful bound.
    for (int step = 0; step < steps && (step == 0 || (go() && std::chrono::steady_clock::now() < stop)); ++step) {
        for (std::size_t c = 0; c < m.cols(); ++c) {
            double s = 0;
            for (auto q = m.col_start[c]; q < m.col_start[c + 1]; ++q)
                s += std::max(0.0, m.col_save[static_cast<std::size_t>(q)] - lambda[static_cast<std::size_t>(m.col_row[static_cast<std::size_t>(q)])]);
            v[c] = s;
        }
        std::iota(idx.begin(), idx.end(), 0);
        std::partial_sort(idx.begin(), idx.begin() + static_cast<std::ptrdiff_t>(k), idx.end(),
                          [&](std::int32_t a, std::int32_t b) { return v[static_cast<std::size_t>(a)] > v[static_cast<std::size_t>(b)]; });
        double l = std::accumulate(lambda.begin(), lambda.end(), 0.0);
        std::fill(grad.begin(), grad.end(), 1);
        for (std::size_t t = 0; t < k; ++t) {
            const auto c = static_cast<std::size_t>(idx[t]);
            l += v[c];
            for (auto q = m.col_start[c]; q < m.col_start[c + 1]; ++q) {
                const auto r = static_cast<std::size_t>(m.col_row[static_cast<std::size_t>(q)]);
                if (m.col_save[static_cast<std::size_t>(q)] > lambda[r]) --grad[r];
            }
        }
        if (l < bound - 1e-9 * std::max(1.0, bound)) {
            bound = l;
            stale = 0;
        } else if (++stale >= 8) {
            theta /= 2;
            stale = 0;
        }
        if (bound - best <= 1e-9 * std::max(1.0, bound) || theta < 1e-4) break;
        double norm = 0;
        for (std::size_t r = 0; r < m.rows(); ++r)
            if (!(lambda[r] <= 0 && grad[r] > 0)) norm += static_cast<double>(grad[r]) * grad[r];
        if (norm <= 0) break;
        const double t = theta * (l - best) / norm;
        for (std::size_t r = 0; r < m.rows(); ++r) lambda[r] = std::max(0.0, lambda[r] - t * grad[r]);
    }
    return bound;
}

/// CBC on the strong formulation, from the interchange's answer. Returns the saving's bound.
double exact(const Model& m, int count, std::vector<std::int32_t>& chosen, double time_limit, const std::function<bool()>& go,
             bool& optimal, bool& stopped) {
    MipProblem p;
    p.maximise = true;
    for (std::size_t c = 0; c < m.cols(); ++c) p.add_col(0.0, 0, 1, true);
    const int cap = p.add_row(-1e300, count);
    for (std::size_t c = 0; c < m.cols(); ++c) p.set(cap, static_cast<int>(c), 1);
    std::vector<std::uint8_t> in(m.cols(), 0);
    for (std::int32_t c : chosen) in[static_cast<std::size_t>(c)] = 1;
    std::vector<double> start(m.cols());
    for (std::size_t c = 0; c < m.cols(); ++c) start[c] = in[c];
    for (std::size_t r = 0; r < m.rows(); ++r) {
        const int one = p.add_row(-1e300, 1);
        std::int32_t serve = -1;
        double best = 0;
        for (auto q = m.row_start[r]; q < m.row_start[r + 1]; ++q) {
            const auto qi = static_cast<std::size_t>(q);
            if (in[static_cast<std::size_t>(m.row_col[qi])] && m.row_save[qi] > best) {
                best = m.row_save[qi];
                serve = q;
            }
        }
        for (auto q = m.row_start[r]; q < m.row_start[r + 1]; ++q) {
            const auto qi = static_cast<std::size_t>(q);
            const int y = p.add_col(m.row_save[qi], 0, 1, false);
            start.push_back(q == serve ? 1.0 : 0.0);
            p.set(one, y, 1);
            const int link = p.add_row(-1e300, 0);
            p.set(link, y, 1);
            p.set(link, m.row_col[qi], -1);
        }
    }
    for (std::size_t c = 0; c < m.cols(); ++c)
        for (std::int32_t k : m.conflicts[c])
            if (static_cast<std::size_t>(k) > c) {
                const int row = p.add_row(-1e300, 1);
                p.set(row, static_cast<int>(c), 1);
                p.set(row, k, 1);
            }
    MipOptions mo;
    mo.time_limit_s = time_limit;
    mo.start = std::move(start);
    mo.keep_going = go;
    const MipResult r = solve_mip(p, mo);
    chosen.clear();
    for (std::size_t c = 0; c < m.cols(); ++c)
        if (r.x[c] > 0.5) chosen.push_back(static_cast<std::int32_t>(c));
    optimal = r.optimal;
    stopped = r.cancelled;
    return r.bound;
}

}  // namespace

MedianSolution solve_median(const MedianInput& in, const CoverSolveOptions& o) {
    const auto begin = o.started.value_or(std::chrono::steady_clock::now());  // the run's start, as for covering
    const auto deadline = begin + std::chrono::duration_cast<std::chrono::steady_clock::duration>(std::chrono::duration<double>(o.time_limit_s));
    MedianSolution res;
    for (std::size_t r = 0; r < in.weights.size(); ++r) res.base_total += in.weights[r] * in.base[r];
    const Model m = build(in, res.residents);
    res.rows = m.rows();
    res.columns = m.cols();
    res.pairs = m.row_col.size();
    auto next_say = std::chrono::steady_clock::now();
    auto go = [&]() {
        if (res.cancelled) return false;
        if (!o.progress || std::chrono::steady_clock::now() < next_say) return true;
        next_say = std::chrono::steady_clock::now() + std::chrono::milliseconds(500);
        res.cancelled = !o.progress(fmt::format("p-median：{} 个候选点 × {} 组居民（{} 对）", m.cols(), m.rows(), res.pairs));
        return !res.cancelled;
    };
    std::vector<std::int32_t> chosen = greedy(m, in.count);
    // The interchange has a share of the time limit in exact mode; alone it may take it all.
    interchange(m, chosen, o.exact ? begin + (deadline - begin) / 4 : deadline);
    std::vector<std::uint8_t> is(m.cols(), 0);
    for (std::int32_t c : chosen) is[static_cast<std::size_t>(c)] = 1;
    double saving = saving_of(m, is);
    double upper = saving;
    if (o.exact && go()) {
        res.solved = true;
        // The bound has up to half the time limit when CBC follows (it has the rest), else all of it.
        std::vector<double> row_saving(m.rows(), 0.0);  // each row's saving under the incumbent
        for (std::size_t r = 0; r < m.rows(); ++r)
            for (auto q = m.row_start[r]; q < m.row_start[r + 1]; ++q)
                if (is[static_cast<std::size_t>(m.row_col[static_cast<std::size_t>(q)])])
                    row_saving[r] = std::max(row_saving[r], m.row_save[static_cast<std::size_t>(q)]);
        upper = lagrangian(m, in.count, saving, std::move(row_saving), go, res.pairs <= in.exact_pairs ? begin + (deadline - begin) / 2 : deadline);
        const bool tight = upper - saving <= 1e-9 * std::max(1.0, upper);
        const double left = std::chrono::duration<double>(deadline - std::chrono::steady_clock::now()).count();
        if (!tight && res.pairs <= in.exact_pairs && left > 0.05 && !res.cancelled) {
            bool optimal = false, stopped = false;
            std::vector<std::int32_t> mine = chosen;
            const double b = exact(m, in.count, mine, left, go, optimal, stopped);
            std::vector<std::uint8_t> got(m.cols(), 0);
            for (std::int32_t c : mine) got[static_cast<std::size_t>(c)] = 1;
            const double s = saving_of(m, got);
            if (s > saving) {
                saving = s;
                chosen = std::move(mine);
            }
            res.cbc = true;
            upper = std::min(upper, std::max(b, saving));
            if (optimal) upper = saving;
            res.cancelled |= stopped;
        }
        res.proven = upper - saving <= 1e-9 * std::max(1.0, upper);
    }
    // Ranked: each the column saving most given those before (ties: lower column).
    std::vector<double> cur(m.rows(), 0.0);
    std::vector<std::int32_t> left(chosen);
    std::sort(left.begin(), left.end());
    while (!left.empty()) {
        std::size_t pick = 0;
        double best = -1;
        for (std::size_t k = 0; k < left.size(); ++k) {
            const auto c = static_cast<std::size_t>(left[k]);
            double g = 0;
            for (auto q = m.col_start[c]; q < m.col_start[c + 1]; ++q)
                g += std::max(0.0, m.col_save[static_cast<std::size_t>(q)] - cur[static_cast<std::size_t>(m.col_row[static_cast<std::size_t>(q)])]);
            if (g > best) {
                best = g;
                pick = k;
            }
        }
        const auto c = static_cast<std::size_t>(left[pick]);
        for (auto q = m.col_start[c]; q < m.col_start[c + 1]; ++q) {
            double& v = cur[static_cast<std::size_t>(m.col_row[static_cast<std::size_t>(q)])];
            v = std::max(v, m.col_save[static_cast<std::size_t>(q)]);
        }
        res.chosen.push_back(m.column[c]);
        res.saving.push_back(best);
        left.erase(left.begin() + static_cast<std::ptrdiff_t>(pick));
    }
    res.value = res.base_total - saving;
    res.bound = res.solved ? res.base_total - upper : res.value;
    if (res.proven) res.bound = res.value;
    return res;
}

}  // namespace hcgis::sites
