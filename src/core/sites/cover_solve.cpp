#include "core/sites/cover_solve.h"

#include "core/parallel.h"
#include "core/sites/cbc_solver.h"
#include "core/sites/cover_bound.h"
#include "core/sites/site_greedy.h"

#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <functional>
#include <mutex>
#include <numeric>
#include <thread>
#include <chrono>
#include <cmath>
#include <queue>
#include <unordered_map>

namespace hcgis::sites {

double CoverSolution::gap() const {
    if (proven || !solved) return 0.0;
    // Maximising, the optimum is at most the bound: (opt - value)/opt ≤ (bound - value)/bound.
    // Minimising, at least the bound: (value - opt)/opt ≤ (value - bound)/bound.
    const double g = bound > value ? (bound - value) / bound : bound > 0 ? (value - bound) / bound : 1.0;
    return std::max(0.0, g);
}

namespace {

/// Parts larger than this (columns + rows) are left to the greedy and the Lagrangian bound: CBC does not
/// finish their first relaxation within seconds (on the 1 M city, fitness --count 50 is one part of
/// 22,480 × 165,708, and CBC's 10 s neither improved the answer nor the bound), and its copy of the
/// model would take another 200 MB.
constexpr std::size_t cbc_max_size = 60000;

/// One independent problem: some columns and the rows only they reach.
struct Part {
    std::vector<std::int32_t> cols, rows;
};

std::vector<Part> parts_of(const CoverModel& m, bool apart) {
    std::vector<Part> parts(apart ? static_cast<std::size_t>(m.components) : 1);
    for (std::size_t j = 0; j < m.cols(); ++j) parts[apart ? static_cast<std::size_t>(m.component[j]) : 0].cols.push_back(static_cast<std::int32_t>(j));
    for (std::size_t r = 0; r < m.rows(); ++r) {
        const auto c = static_cast<std::size_t>(m.row_cols[static_cast<std::size_t>(m.row_start[r])]);
        parts[apart ? static_cast<std::size_t>(m.component[c]) : 0].rows.push_back(static_cast<std::int32_t>(r));
    }
    return parts;
}

int limit_of(const CoverTask& t, std::int32_t group) {
    return group < 0 ? t.limit.at(0) : t.limit.at(static_cast<std::size_t>(group));
}

/// The greedy (with swaps) over `cols` alone, as covering sets over the rows they reach that are not
/// `covered` yet; chosen columns (model indices) mark their rows covered and block their conflicts.
void local_greedy(const CoverModel& m, std::span<const std::int32_t> cols, GreedyOptions g, std::vector<std::uint8_t>& covered,
                  std::vector<std::uint8_t>& blocked, std::vector<std::int32_t>& chosen) {
    std::vector<std::int32_t> here;
    for (std::int32_t c : cols)
        if (!blocked[static_cast<std::size_t>(c)]) here.push_back(c);
    std::unordered_map<std::int32_t, std::int32_t> row_local, col_local;
    for (std::size_t i = 0; i < here.size(); ++i) col_local.emplace(here[i], static_cast<std::int32_t>(i));
    CoverageSets sets;
    std::vector<std::int32_t> rows;
    std::vector<std::vector<std::int32_t>> conflicts(here.size());
    std::vector<double> tie;
    for (std::size_t i = 0; i < here.size(); ++i) {
        const auto c = static_cast<std::size_t>(here[i]);
        auto& cover = sets.covers.emplace_back();
        for (auto q = m.col_start[c]; q < m.col_start[c + 1]; ++q) {
            const std::int32_t r = m.col_rows[static_cast<std::size_t>(q)];
            if (covered[static_cast<std::size_t>(r)]) continue;
            auto [it, added] = row_local.emplace(r, static_cast<std::int32_t>(rows.size()));
            if (added) rows.push_back(r);
            cover.push_back(it->second);
        }
        for (std::int32_t k : m.conflicts[c])
            if (auto it = col_local.find(k); it != col_local.end()) conflicts[i].push_back(it->second);
        tie.push_back(m.tie[c]);
    }
    std::vector<double> weight;
    for (std::int32_t r : rows) weight.push_back(m.weight[static_cast<std::size_t>(r)]);
    g.tie_break = tie;
    g.conflicts = &conflicts;
    for (std::int32_t c : greedy_cover(sets, weight, g).chosen) {
        const auto mc = static_cast<std::size_t>(here[static_cast<std::size_t>(c)]);
        chosen.push_back(here[static_cast<std::size_t>(c)]);
        for (auto q = m.col_start[mc]; q < m.col_start[mc + 1]; ++q) covered[static_cast<std::size_t>(m.col_rows[static_cast<std::size_t>(q)])] = 1;
        blocked[mc] = 1;
        for (std::int32_t k : m.conflicts[mc]) blocked[static_cast<std::size_t>(k)] = 1;
    }
}

double part_weight_of(const CoverModel& m, const Part& part) {
    double w = 0;
    for (std::int32_t r : part.rows) w += m.weight[static_cast<std::size_t>(r)];
    return w;
}

/// Set covering: drops chosen columns the target can do without, those covering least alone first.
void drop_redundant(const CoverModel& m, const Part& part, double target, std::vector<std::int32_t>& chosen) {
    std::vector<std::int32_t> times(m.rows(), 0);
    for (std::int32_t c : chosen)
        for (auto q = m.col_start[static_cast<std::size_t>(c)]; q < m.col_start[static_cast<std::size_t>(c) + 1]; ++q)
            ++times[static_cast<std::size_t>(m.col_rows[static_cast<std::size_t>(q)])];
    double covered = 0;
    for (std::int32_t r : part.rows)
        if (times[static_cast<std::size_t>(r)] > 0) covered += m.weight[static_cast<std::size_t>(r)];
    auto alone = [&](std::int32_t c) {  // weight only c covers
        double w = 0;
        for (auto q = m.col_start[static_cast<std::size_t>(c)]; q < m.col_start[static_cast<std::size_t>(c) + 1]; ++q) {
            const auto r = static_cast<std::size_t>(m.col_rows[static_cast<std::size_t>(q)]);
            if (times[r] == 1) w += m.weight[r];
        }
        return w;
    };
    std::vector<std::pair<double, std::int32_t>> order;
    for (std::int32_t c : chosen) order.emplace_back(alone(c), c);
    std::sort(order.begin(), order.end());
    std::vector<std::int32_t> kept;
    for (const auto& [first, c] : order) {
        const double loss = alone(c);  // may have grown as others left
        if (covered - loss >= target - 1e-9) {
            covered -= loss;
            for (auto q = m.col_start[static_cast<std::size_t>(c)]; q < m.col_start[static_cast<std::size_t>(c) + 1]; ++q)
                --times[static_cast<std::size_t>(m.col_rows[static_cast<std::size_t>(q)])];
        } else {
            kept.push_back(c);
        }
    }
    std::sort(kept.begin(), kept.end());
    chosen = std::move(kept);
}

/// The warm start of one part: the greedy over its columns; the toilet quotas group by group, as the old
/// per-district greedy did. Not `light`, with swaps and four starts (the answer without a solver); light,
/// the greedy alone, as the start of the bounds and CBC (on the 1 M city the swaps cost the toilets 0.7 s
/// of CPU over all parts, and the bounds proved no more of them nor did CBC less). Returns model columns.
std::vector<std::int32_t> greedy_start(const CoverTask& t, const Part& part, bool light) {
    GreedyOptions base;
    const CoverModel& m = *t.model;
    std::vector<std::uint8_t> covered(m.rows(), 0), blocked(m.cols(), 0);
    std::vector<std::int32_t> chosen;
    if (light) {
        base.starts = 1;
        base.swap = false;
    }
    if (t.min_sites) {
        GreedyOptions g;
        g.target_weight = t.target;
        g.swap = false;
        local_greedy(m, part.cols, g, covered, blocked, chosen);
        drop_redundant(m, part, std::min(t.target, part_weight_of(m, part)), chosen);
        return chosen;
    }
    std::vector<std::int32_t> by_group(part.cols);
    std::stable_sort(by_group.begin(), by_group.end(), [&](std::int32_t a, std::int32_t b) {
        return m.group[static_cast<std::size_t>(a)] < m.group[static_cast<std::size_t>(b)];
    });
    for (auto it = by_group.begin(); it != by_group.end();) {
        const std::int32_t grp = m.group[static_cast<std::size_t>(*it)];
        auto end = std::find_if(it, by_group.end(), [&](std::int32_t c) { return m.group[static_cast<std::size_t>(c)] != grp; });
        GreedyOptions g = base;
        g.count = limit_of(t, grp);
        local_greedy(m, std::span<const std::int32_t>(&*it, static_cast<std::size_t>(end - it)), g, covered, blocked, chosen);
        it = end;
    }
    return chosen;
}

/// Per row of the part (where a row may stay uncovered): whether at most one of its columns can be
/// chosen (one column; or every two in conflict, or in a group of limit 1). Such a row is covered exactly
/// by the sum of its columns, so its weight folds into each of them and it needs no y nor row: the same
/// program, integer and relaxed, with fewer rows and columns.
std::vector<std::uint8_t> folding(const CoverTask& t, const Part& part, bool cover_all) {
    const CoverModel& m = *t.model;
    std::vector<std::uint8_t> out(part.rows.size(), 0);
    if (cover_all) return out;
    std::vector<std::vector<std::int32_t>> near(m.cols());
    for (std::int32_t c : part.cols) {
        auto& v = near[static_cast<std::size_t>(c)] = m.conflicts[static_cast<std::size_t>(c)];
        std::sort(v.begin(), v.end());
    }
    auto apart = [&](std::int32_t a, std::int32_t b) {  // never both chosen
        const auto ga = m.group[static_cast<std::size_t>(a)];
        if (!t.min_sites && ga == m.group[static_cast<std::size_t>(b)] && limit_of(t, ga) <= 1) return true;
        const auto& v = near[static_cast<std::size_t>(a)];
        return std::binary_search(v.begin(), v.end(), b);
    };
    for (std::size_t k = 0; k < part.rows.size(); ++k) {
        const auto ri = static_cast<std::size_t>(part.rows[k]);
        bool one = true;
        for (auto a = m.row_start[ri]; a < m.row_start[ri + 1] && one; ++a)
            for (auto b = a + 1; b < m.row_start[ri + 1] && one; ++b)
                one = apart(m.row_cols[static_cast<std::size_t>(a)], m.row_cols[static_cast<std::size_t>(b)]);
        out[k] = one ? 1 : 0;
    }
    return out;
}

/// The program of one part: x per column; y per row that may stay uncovered and whose columns may be
/// chosen together (the others fold into their columns: `folds`, from folding()); the conflicts as cliques.
MipProblem program(const CoverTask& t, const Part& part, bool cover_all, const std::vector<std::uint8_t>& folds,
                   const std::vector<std::vector<std::int32_t>>& cliques) {
    const CoverModel& m = *t.model;
    MipProblem p;
    p.maximise = !t.min_sites;
    std::vector<int> col_of(m.cols(), -1);
    for (std::int32_t c : part.cols) col_of[static_cast<std::size_t>(c)] = p.add_col(t.min_sites ? 1.0 : 0.0, 0, 1, true);
    int target_row = t.min_sites && !cover_all ? p.add_row(t.target - 1e-6, 1e300) : -1;
    std::vector<double> folded(part.cols.size(), 0.0);  // weight of the rows folded into each column
    for (std::size_t k = 0; k < part.rows.size(); ++k) {
        const auto ri = static_cast<std::size_t>(part.rows[k]);
        if (folds[k]) {
            for (auto q = m.row_start[ri]; q < m.row_start[ri + 1]; ++q)
                folded[static_cast<std::size_t>(col_of[static_cast<std::size_t>(m.row_cols[static_cast<std::size_t>(q)])])] += m.weight[ri];
            continue;
        }
        int row;
        if (cover_all) {
            row = p.add_row(1, 1e300);
        } else {
            const int y = p.add_col(t.min_sites ? 0.0 : m.weight[ri], 0, 1, false);
            if (target_row >= 0) p.set(target_row, y, m.weight[ri]);
            row = p.add_row(-1e300, 0);
            p.set(row, y, 1);
        }
        for (auto q = m.row_start[ri]; q < m.row_start[ri + 1]; ++q)
            p.set(row, col_of[static_cast<std::size_t>(m.row_cols[static_cast<std::size_t>(q)])], cover_all ? 1 : -1);
    }
    for (std::size_t c = 0; c < folded.size(); ++c)
        if (folded[c] > 0) {
            if (target_row >= 0) p.set(target_row, static_cast<int>(c), folded[c]);
            else if (!t.min_sites) p.obj[c] += folded[c];
        }
    if (!t.min_sites) {
        std::vector<int> group_row;
        for (std::int32_t c : part.cols) {
            const std::int32_t g = m.group[static_cast<std::size_t>(c)];
            const auto gi = static_cast<std::size_t>(std::max(g, 0));
            if (gi >= group_row.size()) group_row.resize(gi + 1, -1);
            if (group_row[gi] < 0) group_row[gi] = p.add_row(-1e300, limit_of(t, g));
            p.set(group_row[gi], col_of[static_cast<std::size_t>(c)], 1);
        }
    }
    for (const auto& q : cliques) {
        const int row = p.add_row(-1e300, 1);
        for (std::int32_t c : q) p.set(row, col_of[static_cast<std::size_t>(c)], 1);
    }
    if (cliques.empty())  // too many conflicts to grow cliques (or none): a row per pair
        for (std::int32_t c : part.cols)
            for (std::int32_t k : m.conflicts[static_cast<std::size_t>(c)])
                if (k > c) {
                    const int row = p.add_row(-1e300, 1);
                    p.set(row, col_of[static_cast<std::size_t>(c)], 1);
                    p.set(row, col_of[static_cast<std::size_t>(k)], 1);
                }
    return p;
}

/// The start vector of `program` (with the same `folds`) from chosen columns (x, then each y as covered or not).
std::vector<double> start_vector(const CoverTask& t, const Part& part, bool cover_all, const std::vector<std::uint8_t>& folds,
                                 const std::vector<std::uint8_t>& is_chosen) {
    const CoverModel& m = *t.model;
    std::vector<double> x;
    for (std::int32_t c : part.cols) x.push_back(is_chosen[static_cast<std::size_t>(c)] ? 1.0 : 0.0);
    if (!cover_all)
        for (std::size_t k = 0; k < part.rows.size(); ++k) {
            const auto ri = static_cast<std::size_t>(part.rows[k]);
            if (folds[k]) continue;
            bool hit = false;
            for (auto q = m.row_start[ri]; q < m.row_start[ri + 1] && !hit; ++q)
                hit = is_chosen[static_cast<std::size_t>(m.row_cols[static_cast<std::size_t>(q)])];
            x.push_back(hit ? 1.0 : 0.0);
        }
    return x;
}

double covered_weight(const CoverModel& m, const CoverageSets& sets, std::span<const std::int32_t> chosen) {
    std::vector<std::uint8_t> hit(m.rows(), 0);
    double w = 0;
    for (std::int32_t c : chosen)
        for (std::int32_t r : sets.covers[static_cast<std::size_t>(c)])
            if (!hit[static_cast<std::size_t>(r)]) {
                hit[static_cast<std::size_t>(r)] = 1;
                w += m.weight[static_cast<std::size_t>(r)];
            }
    return w;
}

/// The chosen columns ranked: each the one adding most given those before (ties: lower column).
std::vector<std::int32_t> ranked(const CoverModel& m, const CoverageSets& sets, std::vector<std::int32_t> chosen) {
    std::vector<std::uint8_t> hit(m.rows(), 0);
    auto gain = [&](std::int32_t c) {
        double g = 0;
        for (std::int32_t r : sets.covers[static_cast<std::size_t>(c)])
            if (!hit[static_cast<std::size_t>(r)]) g += m.weight[static_cast<std::size_t>(r)];
        return g;
    };
    using Entry = std::tuple<double, std::int32_t, int>;  // gain, -column, round
    std::priority_queue<Entry> heap;
    for (std::int32_t c : chosen) heap.emplace(gain(c), -c, 0);
    std::vector<std::int32_t> out;
    while (!heap.empty()) {
        auto [g, negc, round] = heap.top();
        heap.pop();
        if (round != static_cast<int>(out.size())) {
            heap.emplace(gain(-negc), negc, static_cast<int>(out.size()));
            continue;
        }
        out.push_back(-negc);
        for (std::int32_t r : sets.covers[static_cast<std::size_t>(-negc)]) hit[static_cast<std::size_t>(r)] = 1;
    }
    return out;
}

}  // namespace

CoverSolution solve_cover(const CoverTask& t, const CoverSolveOptions& o) {
    const CoverModel& m = *t.model;
    CoverSolution res;
    StageClock clock(res.timings);
    CoverageSets sets;  // the model's columns as covering sets over its rows, for the greedy
    sets.covers.resize(m.cols());
    for (std::size_t j = 0; j < m.cols(); ++j)
        sets.covers[j].assign(m.col_rows.begin() + m.col_start[j], m.col_rows.begin() + m.col_start[j + 1]);
    const bool cover_all = t.min_sites && t.target >= m.weight_total - 1e-9;
    const bool grouped = !m.group.empty() && m.group.front() >= 0;
    std::vector<Part> parts = parts_of(m, cover_all || grouped);
    // Small parts first: most are proven in moments, and the time left goes to the large ones.
    std::stable_sort(parts.begin(), parts.end(), [](const Part& a, const Part& b) {
        return a.cols.size() + a.rows.size() < b.cols.size() + b.rows.size();
    });
    clock.lap(fmt::format("solve: {} parts", parts.size()));
    res.solved = o.exact;
    res.problems = static_cast<int>(parts.size());
    const auto now = [] { return std::chrono::steady_clock::now(); };
    auto after = [&](double seconds) {
        return now() + std::chrono::duration_cast<std::chrono::steady_clock::duration>(std::chrono::duration<double>(seconds));
    };
    const auto deadline = o.started.value_or(now()) + std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                                                          std::chrono::duration<double>(o.time_limit_s));
    const double limit_left = std::max(0.0, std::chrono::duration<double>(deadline - now()).count());
    // Parts are independent: two workers (the cores there are, at most 2: CBC runs in a child process
    // each) take the next part as they finish one. The progress callback is called by one at a time.
    const std::size_t workers = std::min<std::size_t>(2, std::max(1u, std::thread::hardware_concurrency()));
    std::mutex lock;
    auto next_say = now();
    // Told at most twice a second (a city has hundreds of parts), also while CBC runs; each call may
    // cancel, CBC's search too (the answer it started from is kept).
    auto go = [&](std::size_t at) {
        const std::lock_guard hold(lock);
        if (!res.cancelled && o.progress && now() >= next_say) {
            next_say = now() + std::chrono::milliseconds(500);
            res.cancelled = !o.progress(fmt::format("精确求解 {}/{}（{} 个候选点，{} 组居民）", at + 1, parts.size(), parts[at].cols.size(), parts[at].rows.size()));
        }
        return !res.cancelled;
    };
    auto each = [&](const std::vector<std::size_t>& queue, const std::function<void(std::size_t, std::size_t)>& f) {
        std::atomic<std::size_t> next{0};
        parallel_for(workers, 2, [&](std::size_t b, std::size_t e) {
            for (std::size_t w = b; w < e; ++w)
                for (std::size_t i = next++; i < queue.size(); i = next++) f(i, queue[i]);
        });
    };
    struct Answer {
        std::vector<std::int32_t> chosen;
        std::vector<std::vector<std::int32_t>> cliques;  // the spacing conflicts
        double value = 0, bound = 0;
        bool proven = false;
    };
    std::vector<Answer> answers(parts.size());
    // Whole weights (people) make the maximal covering optimum whole: its bound rounds down (a bound of
    // 17,660.03 proves an answer of 17,660).
    const bool whole = std::all_of(m.weight.begin(), m.weight.end(), [](double w) { return w == std::floor(w); });
    auto rounded = [&](double bound) { return whole ? std::floor(bound + 1e-7) : bound; };
    std::vector<std::size_t> all(parts.size());
    std::iota(all.begin(), all.end(), std::size_t{0});
    // First pass: the greedy's answer of every part with the bounds that need no solver (Lagrangian ones,
    // with answers of their own), in at most half the time limit; most parts are proven here.
    // For --profile: worker-seconds and counts per kind of work.
    struct Tally {
        double greedy_s = 0, bound_s = 0, build_s = 0, cbc_s = 0, cbc_cpu_s = 0;
        int trivial = 0, by_bound = 0, cbc_runs = 0, cbc_proven = 0, cbc_children = 0;
    } tally;
    auto seconds_since = [&](std::chrono::steady_clock::time_point from) { return std::chrono::duration<double>(now() - from).count(); };
    // The bounds stop after their steps, or at the part's share (by size) of 0.4 of the time left, but
    // maximal covering never before 0.3 s (so that no bound of the toilets on the 1 M city depends on the
    // machine's speed: their largest part needs 0.2 s; set covering's steps would take the time CBC
    // needs), and all at half the time left.
    const auto pass_stop = after(0.5 * limit_left);
    std::size_t total_size = 0;
    for (const auto& p : parts) total_size += p.cols.size() + p.rows.size();
    each(all, [&](std::size_t, std::size_t k) {
        const Part& part = parts[k];
        Answer& a = answers[k];
        const auto t0 = now();
        a.chosen = greedy_start(t, part, o.exact);
        a.value = t.min_sites ? static_cast<double>(a.chosen.size()) : covered_weight(m, sets, a.chosen);
        const double part_weight = part_weight_of(m, part);
        // One site at least; the part's weight.
        a.bound = t.min_sites ? (part.rows.empty() ? 0.0 : 1.0) : part_weight;
        a.proven = std::abs(a.bound - a.value) < 1e-9;
        const auto t1 = now();
        const bool trivial = a.proven;
        if (o.exact && !a.proven && go(k)) {
            const auto stop = std::min(pass_stop, after(std::max(t.min_sites ? 0.02 : 0.3, 0.4 * limit_left * static_cast<double>(part.cols.size() + part.rows.size()) /
                                                                         static_cast<double>(std::max<std::size_t>(total_size, 1)))));
            a.cliques = conflict_cliques(m, part.cols);
            if (!t.min_sites) {
                auto limit = [&](std::int32_t g) { return limit_of(t, g); };
                auto bound_by = [&](const std::vector<std::vector<std::int32_t>>* cliques, std::chrono::steady_clock::time_point until,
                                    int steps) {
                    std::vector<std::int32_t> better;
                    a.bound = std::min(a.bound, rounded(max_cover_bound(m, part.cols, part.rows, limit, a.value, until, cliques, &better, steps)));
                    if (!better.empty())
                        if (const double v = covered_weight(m, sets, better); v > a.value) {
                            a.chosen = std::move(better);
                            a.value = v;
                        }
                    a.proven = a.bound <= a.value + 1e-9;
                };
                // With the cliques the bound is tighter where it converges (the toilets' parts: at most 1.2
                // cliques a column); with many more multipliers than columns (or the pairs, a wide
                // --min-separation) it may not: then without them; and where the cliques' steps ran out of
                // their half of the part's time, without them as well in the other half (the lower counts).
                const bool few = std::any_of(a.cliques.begin(), a.cliques.end(), [](const auto& q) { return q.size() > 2; }) &&
                                 a.cliques.size() <= 4 * part.cols.size();
                const auto half = few ? now() + (stop - now()) / 2 : stop;
                bound_by(few ? &a.cliques : nullptr, half, 1500);
                if (!a.proven && few && now() >= half) bound_by(nullptr, stop, 300);
            } else {
                std::vector<std::int32_t> better;
                a.bound = std::max(a.bound, std::ceil(min_cover_bound(m, part.cols, part.rows, cover_all ? part_weight : t.target, a.value, stop, &better) - 1e-6));
                if (!better.empty() && static_cast<double>(better.size()) < a.value) {
                    a.chosen = std::move(better);
                    a.value = static_cast<double>(a.chosen.size());
                }
                a.proven = a.bound >= a.value - 1e-9;
            }
        }
        const std::lock_guard hold(lock);
        tally.greedy_s += std::chrono::duration<double>(t1 - t0).count();
        tally.bound_s += seconds_since(t1);
        tally.trivial += trivial ? 1 : 0;
        tally.by_bound += !trivial && a.proven ? 1 : 0;
    });
    clock.lap(fmt::format("solve: greedy + Lagrangian bounds ({} parts proven by the greedy alone, {} by the bound; "
                          "worker-seconds greedy {:.3f}, bounds {:.3f})",
                          tally.trivial, tally.by_bound, tally.greedy_s, tally.bound_s));
    std::vector<std::size_t> open;
    for (std::size_t k = 0; k < parts.size(); ++k)
        if (o.exact && !answers[k].proven && parts[k].cols.size() + parts[k].rows.size() <= cbc_max_size) open.push_back(k);
    // Maximal covering: the largest part first, with all the time left, on one worker while the other
    // takes the rest smallest first (CBC mostly proves these parts: started last, the largest kept one
    // worker busy alone at the end; on the 1 M city's toilets 0.5 s of wall).
    const bool largest_first = !t.min_sites && workers > 1 && open.size() > 2;
    if (largest_first) std::rotate(open.begin(), open.end() - 1, open.end());
    // Small parts go to CBC several at a time, in one child process each batch (a fork of this process
    // costs the 1 M city's toilets 5-10 ms of a worker and the child's exit as much again): consecutive
    // parts while the batch stays within batch_size (columns + rows), the largest first part alone.
    // Maximal covering only: CBC proves those parts in milliseconds; set covering's parts often run to
    // their limits, and each as its own child has its share of the time left when it starts.
    const std::size_t batch_size = t.min_sites ? 0 : 6000;
    std::vector<std::vector<std::size_t>> batches;  // indices into open
    std::size_t batch_fill = 0;
    for (std::size_t i = 0; i < open.size(); ++i) {
        const std::size_t size = parts[open[i]].cols.size() + parts[open[i]].rows.size();
        if (batches.empty() || (largest_first && i == 1) || batch_fill + size > batch_size) {
            batches.emplace_back();
            batch_fill = 0;
        }
        batches.back().push_back(i);
        batch_fill += size;
    }
    std::vector<std::size_t> batch_ids(batches.size());
    std::iota(batch_ids.begin(), batch_ids.end(), std::size_t{0});
    each(batch_ids, [&](std::size_t, std::size_t b) {
        std::vector<std::size_t> here;  // parts of the batch to run
        std::vector<MipProblem> mips;
        std::vector<MipOptions> options;
        mips.reserve(batches[b].size());
        options.reserve(batches[b].size());
        const auto t0 = now();
        for (std::size_t i : batches[b]) {
            const std::size_t k = open[i];
            const Answer& a = answers[k];
            const double left = std::chrono::duration<double>(deadline - now()).count();
            const double share = largest_first && i == 0 ? left
                                                         : std::min(left, left * static_cast<double>(workers) / static_cast<double>(open.size() - i));
            if (left < 0.02 || !go(k)) continue;
            const Part& part = parts[k];
            std::vector<std::uint8_t> mine(m.cols(), 0);
            for (std::int32_t c : a.chosen) mine[static_cast<std::size_t>(c)] = 1;
            MipOptions& mo = options.emplace_back();
            mo.time_limit_s = std::max(0.02, share);
            const std::vector<std::uint8_t> folds = folding(t, part, cover_all);
            mo.start = start_vector(t, part, cover_all, folds, mine);
            mo.keep_going = [&go, k] { return go(k); };
            mo.cuts = t.min_sites;
            mips.push_back(program(t, part, cover_all, folds, a.cliques));
            here.push_back(k);
        }
        if (here.empty()) return;
        std::vector<const MipProblem*> ps;
        std::vector<const MipOptions*> os;
        for (std::size_t x = 0; x < here.size(); ++x) {
            ps.push_back(&mips[x]);
            os.push_back(&options[x]);
        }
        const auto t1 = now();
        const std::vector<MipResult> results = solve_mips(ps, os);
        {
            const std::lock_guard hold(lock);
            tally.build_s += std::chrono::duration<double>(t1 - t0).count();
            tally.cbc_s += seconds_since(t1);
            ++tally.cbc_children;
            for (const MipResult& r : results) {
                tally.cbc_cpu_s += r.cpu_s;
                ++tally.cbc_runs;
                tally.cbc_proven += r.optimal ? 1 : 0;
            }
        }
        for (std::size_t x = 0; x < here.size(); ++x) {
            const MipResult& r = results[x];
            const Part& part = parts[here[x]];
            Answer& a = answers[here[x]];
            a.chosen.clear();
            for (std::size_t c = 0; c < part.cols.size(); ++c)
                if (r.x[c] > 0.5) a.chosen.push_back(part.cols[c]);
            a.value = t.min_sites ? static_cast<double>(a.chosen.size()) : covered_weight(m, sets, a.chosen);
            // A site count is whole: its bound rounds up.
            a.bound = t.min_sites ? std::max(a.bound, std::ceil(r.bound - 1e-6)) : std::min(a.bound, rounded(r.bound));
            a.proven = r.optimal || std::abs(a.bound - a.value) < 1e-9;
        }
    });
    clock.lap(fmt::format("solve: CBC ({} of {} open parts run in {} children, {} proven optimal by CBC; worker-seconds "
                          "building programs {:.3f}, waiting for CBC children {:.3f}, CPU in them {:.3f})",
                          tally.cbc_runs, open.size(), tally.cbc_children, tally.cbc_proven, tally.build_s, tally.cbc_s, tally.cbc_cpu_s));
    // Parts still not proven (out of time, stopped, too large for CBC): the greedy with swaps and other
    // starts as well, so that the answer is at least --solver greedy's. (Before CBC it would cost the
    // toilets 0.4 s of CPU and CBC no less.)
    std::vector<std::size_t> unproven;
    for (std::size_t k = 0; k < parts.size(); ++k)
        if (o.exact && !answers[k].proven && !t.min_sites) unproven.push_back(k);
    each(unproven, [&](std::size_t, std::size_t k) {
        Answer& a = answers[k];
        std::vector<std::int32_t> full = greedy_start(t, parts[k], false);
        if (const double v = covered_weight(m, sets, full); v > a.value) {
            a.chosen = std::move(full);
            a.value = v;
            a.proven = a.bound <= a.value + 1e-9;
        }
    });
    clock.lap(fmt::format("solve: greedy with swaps on the {} parts left open", unproven.size()));
    std::vector<std::uint8_t> is_chosen(m.cols(), 0);
    bool all_proven = true;
    for (std::size_t k = 0; k < parts.size(); ++k) {
        const Answer& a = answers[k];
        all_proven &= a.proven;
        res.value += a.value;
        res.bound += a.bound;
        for (std::int32_t c : a.chosen) is_chosen[static_cast<std::size_t>(c)] = 1;
    }
    res.proven = o.exact && all_proven;
    std::vector<std::int32_t> chosen;
    for (std::size_t j = 0; j < m.cols(); ++j)
        if (is_chosen[j]) chosen.push_back(static_cast<std::int32_t>(j));
    res.columns = ranked(m, sets, std::move(chosen));
    if (!o.exact) res.bound = res.value;
    clock.lap("solve: ranking the chosen");
    return res;
}

}  // namespace hcgis::sites
