#include "core/sites/site_greedy.h"

#include <algorithm>
#include <queue>
#include <tuple>

namespace hcgis::sites {
namespace {

struct State {
    const CoverageSets& sets;
    std::span<const double> w;
    std::vector<std::int32_t> count;  // chosen sites serving each resident; existing ones count as many
    std::size_t evaluations = 0;

    double gain(std::int32_t j) {
        ++evaluations;
        double g = 0;
        for (std::int32_t r : sets.covers[static_cast<std::size_t>(j)])
            if (count[static_cast<std::size_t>(r)] == 0) g += w[static_cast<std::size_t>(r)];
        return g;
    }
    void add(std::int32_t j, int delta) {
        for (std::int32_t r : sets.covers[static_cast<std::size_t>(j)]) count[static_cast<std::size_t>(r)] += delta;
    }
};

constexpr std::int32_t existing = 1 << 20;  // a resident served by an existing facility is never unserved

}  // namespace

namespace {

/// One greedy run (with swaps for MCLP); `first` forces the first site (-1: the greedy's own choice).
GreedyResult greedy_once(const CoverageSets& sets, std::span<const double> weights, const GreedyOptions& o,
                         std::int32_t first) {
    const std::size_t n = sets.covers.size();
    State st{sets, weights, std::vector<std::int32_t>(weights.size(), 0), 0};
    GreedyResult res;
    for (std::size_t r = 0; r < weights.size(); ++r) {
        res.total += weights[r];
        if (!o.already.empty() && o.already[r]) {
            st.count[r] = existing;
            res.served += weights[r];
        }
    }
    auto tie = [&](std::int32_t j) { return o.tie_break.empty() ? 0.0 : o.tie_break[static_cast<std::size_t>(j)]; };
    std::vector<std::uint8_t> blocked(n, 0);
    for (std::size_t j = 0; j < n; ++j)
        if (!o.allowed.empty() && !o.allowed[j]) blocked[j] = 1;

    // CELF: a max-heap of stale upper bounds; a site whose bound is fresh for this round is the best.
    using Entry = std::tuple<double, double, std::int32_t, std::int32_t>;  // gain, tie, -index, round
    std::priority_queue<Entry> heap;
    for (std::size_t j = 0; j < n; ++j)
        if (!blocked[j]) heap.emplace(st.gain(static_cast<std::int32_t>(j)), tie(static_cast<std::int32_t>(j)), -static_cast<std::int32_t>(j), 0);
    std::int32_t round = 0;
    auto done = [&] {
        if (o.count) return static_cast<int>(res.chosen.size()) >= *o.count;
        if (o.target_weight) return res.served >= *o.target_weight - 1e-9;
        return true;
    };
    // Chooses site j, which adds g, and blocks it and the sites too close to it.
    auto take = [&](std::int32_t j, double g) {
        res.chosen.push_back(j);
        res.gain.push_back(g);
        res.served += g;
        st.add(j, 1);
        blocked[static_cast<std::size_t>(j)] = 1;
        if (o.conflicts)
            for (std::int32_t c : (*o.conflicts)[static_cast<std::size_t>(j)]) blocked[static_cast<std::size_t>(c)] = 1;
        ++round;
    };
    // A forced first site; the heap's entry for it is then skipped as blocked.
    if (first >= 0 && !blocked[static_cast<std::size_t>(first)]) take(first, st.gain(first));
    while (!done() && !heap.empty()) {
        auto [g, t, negj, r] = heap.top();
        heap.pop();
        const std::int32_t j = -negj;
        if (blocked[static_cast<std::size_t>(j)]) continue;
        if (r != round) {
            heap.emplace(st.gain(j), t, negj, round);
            continue;
        }
        if (!o.count && g <= 0) break;  // LSCP: nobody left that a candidate can reach
        take(j, g);
    }

    // Swap pass (MCLP): exchange a chosen site for an unchosen one while that serves more.
    if (o.count && o.swap && !res.chosen.empty()) {
        std::vector<std::uint8_t> chosen(n, 0);
        for (std::int32_t j : res.chosen) chosen[static_cast<std::size_t>(j)] = 1;
        auto conflicts_with_others = [&](std::int32_t c, std::int32_t leaving) {
            if (!o.conflicts) return false;
            for (std::int32_t k : (*o.conflicts)[static_cast<std::size_t>(c)])
                if (k != leaving && chosen[static_cast<std::size_t>(k)]) return true;
            return false;
        };
        // Each candidate's gain as things stand (weight it would add), kept up to date as residents'
        // counts change, and which candidates cover each resident: a swap then costs what the leaving
        // site covers, not a pass over every candidate's coverage.
        std::vector<std::int32_t> inv_offset(weights.size() + 1, 0), inv;
        for (const auto& cover : sets.covers)
            for (std::int32_t r : cover) ++inv_offset[static_cast<std::size_t>(r) + 1];
        for (std::size_t r = 0; r < weights.size(); ++r) inv_offset[r + 1] += inv_offset[r];
        inv.resize(static_cast<std::size_t>(inv_offset.back()));
        {
            std::vector<std::int32_t> fill(inv_offset.begin(), inv_offset.end() - 1);
            for (std::size_t c = 0; c < n; ++c)
                for (std::int32_t r : sets.covers[c]) inv[static_cast<std::size_t>(fill[static_cast<std::size_t>(r)]++)] = static_cast<std::int32_t>(c);
        }
        std::vector<double> base(n, 0.0), adj(n, 0.0);
        for (std::size_t c = 0; c < n; ++c) base[c] = st.gain(static_cast<std::int32_t>(c));
        // Changes resident r's count by delta, keeping `base` right.
        auto recount = [&](std::int32_t site, int delta) {
            for (std::int32_t r : sets.covers[static_cast<std::size_t>(site)]) {
                const auto rk = static_cast<std::size_t>(r);
                const bool was_free = st.count[rk] == 0;
                st.count[rk] += delta;
                const bool is_free = st.count[rk] == 0;
                if (was_free == is_free) continue;
                for (auto q = inv_offset[rk]; q < inv_offset[rk + 1]; ++q)
                    base[static_cast<std::size_t>(inv[static_cast<std::size_t>(q)])] += is_free ? weights[rk] : -weights[rk];
            }
        };
        std::vector<std::int32_t> touched;
        for (int pass = 0; pass < 10; ++pass) {
            bool improved = false;
            for (std::size_t i = 0; i < res.chosen.size(); ++i) {
                const std::int32_t s = res.chosen[i];
                // What s alone serves: lost if it leaves, and gained back by any candidate covering it.
                double loss = 0;
                for (std::int32_t r : sets.covers[static_cast<std::size_t>(s)]) {
                    const auto rk = static_cast<std::size_t>(r);
                    if (st.count[rk] != 1) continue;
                    loss += weights[rk];
                    for (auto q = inv_offset[rk]; q < inv_offset[rk + 1]; ++q) {
                        const auto c = static_cast<std::size_t>(inv[static_cast<std::size_t>(q)]);
                        if (adj[c] == 0) touched.push_back(static_cast<std::int32_t>(c));
                        adj[c] += weights[rk];
                    }
                }
                double best = 1e-9;
                std::int32_t best_c = -1;
                for (std::size_t c = 0; c < n; ++c) {
                    if (chosen[c] || (!o.allowed.empty() && !o.allowed[c])) continue;
                    const double g = base[c] + adj[c] - loss;
                    if (g > best && !conflicts_with_others(static_cast<std::int32_t>(c), s)) {
                        best = g;
                        best_c = static_cast<std::int32_t>(c);
                    }
                }
                st.evaluations += n;
                for (std::int32_t c : touched) adj[static_cast<std::size_t>(c)] = 0;
                touched.clear();
                if (best_c < 0) continue;
                recount(s, -1);
                recount(best_c, 1);
                chosen[static_cast<std::size_t>(s)] = 0;
                chosen[static_cast<std::size_t>(best_c)] = 1;
                res.chosen[i] = best_c;
                improved = true;
            }
            if (!improved) break;
        }
        // Pair exchange, where affordable: drop two sites and re-add the best two, one after the other. It
        // escapes local optima of single swaps (two sites that only pay off together).
        const std::size_t k = res.chosen.size();
        const bool exact_pairs = k * (k - 1) / 2 * n * n <= 2'000'000;
        if (k >= 2 && k * (k - 1) / 2 * n <= 2'000'000) {
            // Each candidate's gain once per pair taken out; with x added, y's gain is lowered by what x
            // newly serves of y's (through the residents' candidate lists) rather than recounted.
            std::vector<double> pair_gain(n), pair_drop(n, 0.0);
            // The best candidate to add once x is (x < 0: none), the lowest index of the largest gain.
            auto best_after = [&](std::int32_t x) {
                if (x >= 0) {
                    for (std::int32_t r : sets.covers[static_cast<std::size_t>(x)]) {
                        const auto rk = static_cast<std::size_t>(r);
                        if (st.count[rk] != 0) continue;
                        for (auto q = inv_offset[rk]; q < inv_offset[rk + 1]; ++q) {
                            const auto c = static_cast<std::size_t>(inv[static_cast<std::size_t>(q)]);
                            if (pair_drop[c] == 0) touched.push_back(static_cast<std::int32_t>(c));
                            pair_drop[c] += weights[rk];
                        }
                    }
                    chosen[static_cast<std::size_t>(x)] = 1;
                }
                double gy = -1;
                std::int32_t y = -1;
                for (std::size_t c = 0; c < n; ++c) {
                    const auto ci = static_cast<std::int32_t>(c);
                    if (chosen[c] || (!o.allowed.empty() && !o.allowed[c])) continue;
                    const double g = pair_gain[c] - pair_drop[c];
                    if (g > gy && !conflicts_with_others(ci, -1)) {
                        gy = g;
                        y = ci;
                    }
                }
                st.evaluations += n;
                if (x >= 0) chosen[static_cast<std::size_t>(x)] = 0;
                for (std::int32_t c : touched) pair_drop[static_cast<std::size_t>(c)] = 0;
                touched.clear();
                return std::pair{y, gy};
            };
            bool improved = true;
            for (int pass = 0; improved && pass < 5; ++pass) {
                improved = false;
                for (std::size_t i = 0; i < k && !improved; ++i)
                    for (std::size_t j = i + 1; j < k && !improved; ++j) {
                        const std::int32_t a = res.chosen[i], b = res.chosen[j];
                        double before_gain = 0;  // what a and b serve that no other site does
                        st.add(a, -1);
                        st.add(b, -1);
                        chosen[static_cast<std::size_t>(a)] = chosen[static_cast<std::size_t>(b)] = 0;
                        before_gain = st.gain(a);
                        st.add(a, 1);
                        before_gain += st.gain(b);
                        st.add(a, -1);
                        for (std::size_t c = 0; c < n; ++c) pair_gain[c] = st.gain(static_cast<std::int32_t>(c));
                        auto [c1, g1] = best_after(-1);
                        if (exact_pairs) {
                            // Small enough to try every pair to add: the best pair, not the best two singles.
                            double best_pair = -1;
                            for (std::size_t x = 0; x < n; ++x) {
                                const auto xi = static_cast<std::int32_t>(x);
                                if (chosen[x] || (!o.allowed.empty() && !o.allowed[x]) || conflicts_with_others(xi, -1)) continue;
                                const auto [y, gy] = best_after(xi);
                                if (y >= 0 && pair_gain[x] + gy > best_pair) {
                                    best_pair = pair_gain[x] + gy;
                                    c1 = xi;
                                    g1 = pair_gain[x];
                                }
                            }
                        }
                        if (c1 >= 0) {
                            const auto [c2, g2] = best_after(c1);
                            st.add(c1, 1);
                            chosen[static_cast<std::size_t>(c1)] = 1;
                            if (c2 >= 0 && g1 + g2 > before_gain + 1e-9) {
                                st.add(c2, 1);
                                chosen[static_cast<std::size_t>(c2)] = 1;
                                res.chosen[i] = c1;
                                res.chosen[j] = c2;
                                improved = true;
                                continue;
                            }
                            st.add(c1, -1);
                            chosen[static_cast<std::size_t>(c1)] = 0;
                        }
                        st.add(a, 1);
                        st.add(b, 1);
                        chosen[static_cast<std::size_t>(a)] = chosen[static_cast<std::size_t>(b)] = 1;
                    }
            }
        }
        // Recount served weight and each site's gain in order.
        std::fill(st.count.begin(), st.count.end(), 0);
        res.served = 0;
        for (std::size_t r = 0; r < weights.size(); ++r)
            if (!o.already.empty() && o.already[r]) {
                st.count[r] = existing;
                res.served += weights[r];
            }
        for (std::size_t i = 0; i < res.chosen.size(); ++i) {
            res.gain[i] = st.gain(res.chosen[i]);
            res.served += res.gain[i];
            st.add(res.chosen[i], 1);
        }
    }
    res.evaluations = st.evaluations;
    return res;
}

}  // namespace

GreedyResult greedy_cover(const CoverageSets& sets, std::span<const double> weights, const GreedyOptions& o) {
    GreedyResult best = greedy_once(sets, weights, o, -1);
    if (!o.count || o.starts <= 1 || best.chosen.empty()) return best;
    // Other starts: the candidates with the largest sole gain after the greedy's own first pick.
    std::vector<std::pair<double, std::int32_t>> firsts;
    for (std::size_t j = 0; j < sets.covers.size(); ++j) {
        if (!o.allowed.empty() && !o.allowed[j]) continue;
        if (static_cast<std::int32_t>(j) == best.chosen.front()) continue;
        double g = 0;
        for (std::int32_t r : sets.covers[j])
            if (o.already.empty() || !o.already[static_cast<std::size_t>(r)]) g += weights[static_cast<std::size_t>(r)];
        firsts.emplace_back(-g, static_cast<std::int32_t>(j));
    }
    const std::size_t extra = std::min(firsts.size(), static_cast<std::size_t>(o.starts - 1));
    std::partial_sort(firsts.begin(), firsts.begin() + static_cast<std::ptrdiff_t>(extra), firsts.end());
    std::size_t evaluations = best.evaluations;
    for (std::size_t k = 0; k < extra; ++k) {
        GreedyResult r = greedy_once(sets, weights, o, firsts[k].second);
        evaluations += r.evaluations;
        if (r.served > best.served + 1e-9) best = std::move(r);
    }
    best.evaluations = evaluations;
    return best;
}

}  // namespace hcgis::sites
