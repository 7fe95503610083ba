// The exact site choice (cover_model + cover_solve over CBC) against exhaustive enumeration on small
// generated instances, its bound and gap on a medium one, the time limit, the greedy fallback and
// determinism.
#include "core/sites/cover_bound.h"
#include "core/sites/cover_model.h"
#include "core/sites/cover_solve.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <chrono>
#include <numeric>
#include <random>
#include <regex>

using namespace hcgis::sites;

namespace {

struct Instance {
    CoverageSets sets;
    std::vector<double> w;
    std::vector<std::uint8_t> already;
    std::vector<std::vector<std::int32_t>> conflicts;
    std::vector<std::int32_t> group;
};

Instance random_instance(unsigned seed, int candidates, int residents, int reach, bool with_conflicts) {
    std::mt19937 rng(seed);
    Instance in;
    std::uniform_int_distribution<int> pick(0, residents - 1), size(1, reach), weight(1, 9), coin(0, 9);
    for (int j = 0; j < candidates; ++j) {
        std::vector<std::int32_t> c;
        for (int k = size(rng); k > 0; --k) c.push_back(pick(rng));
        std::sort(c.begin(), c.end());
        c.erase(std::unique(c.begin(), c.end()), c.end());
        in.sets.covers.push_back(c);
        in.group.push_back(j % 2);
    }
    for (int r = 0; r < residents; ++r) {
        in.w.push_back(weight(rng));
        in.already.push_back(coin(rng) == 0 ? 1 : 0);
    }
    in.conflicts.resize(static_cast<std::size_t>(candidates));
    if (with_conflicts)
        for (int j = 0; j + 1 < candidates; j += 3) {
            in.conflicts[static_cast<std::size_t>(j)].push_back(j + 1);
            in.conflicts[static_cast<std::size_t>(j + 1)].push_back(j);
        }
    return in;
}

double served(const Instance& in, const std::vector<std::int32_t>& chosen) {
    std::vector<std::uint8_t> hit(in.w.size(), 0);
    for (std::int32_t j : chosen)
        for (std::int32_t r : in.sets.covers[static_cast<std::size_t>(j)]) hit[static_cast<std::size_t>(r)] = 1;
    double t = 0;
    for (std::size_t r = 0; r < in.w.size(); ++r)
        if (hit[r] && !in.already[r]) t += in.w[r];
    return t;
}

/// Every subset of the candidates, with `visit(chosen)` for those free of conflicts.
template <typename F>
void each_subset(const Instance& in, F visit) {
    const auto n = in.sets.covers.size();
    for (std::uint32_t mask = 0; mask < (1u << n); ++mask) {
        std::vector<std::int32_t> chosen;
        bool ok = true;
        for (std::size_t j = 0; j < n && ok; ++j) {
            if (!(mask >> j & 1u)) continue;
            for (std::int32_t k : in.conflicts[j]) ok &= !(mask >> k & 1u);
            chosen.push_back(static_cast<std::int32_t>(j));
        }
        if (ok) visit(chosen);
    }
}

struct Solved {
    CoverModel model;
    CoverSolution solution;
    std::vector<std::int32_t> candidates;  // the chosen columns as candidates
};

Solved solve(const Instance& in, CoverTask task, bool conflicts, bool groups, bool exact = true, double seconds = 10) {
    Solved s;
    CoverModelInput mi;
    mi.sets = &in.sets;
    mi.weights = in.w;
    mi.already = in.already;
    mi.conflicts = conflicts ? &in.conflicts : nullptr;
    if (groups) mi.group = in.group;
    s.model = build_cover_model(mi);
    task.model = &s.model;
    CoverSolveOptions o;
    o.exact = exact;
    o.time_limit_s = seconds;
    s.solution = solve_cover(task, o);
    for (std::int32_t c : s.solution.columns) s.candidates.push_back(s.model.column[static_cast<std::size_t>(c)]);
    return s;
}

}  // namespace

TEST_CASE("maximal covering equals the best of every choice of N sites", "[cover_solve]") {
    for (unsigned seed = 1; seed <= 12; ++seed) {
        const Instance in = random_instance(seed, 12, 40, 8, false);
        for (int count : {1, 2, 3, 5}) {
            double best = 0;
            each_subset(in, [&](const std::vector<std::int32_t>& c) {
                if (static_cast<int>(c.size()) <= count) best = std::max(best, served(in, c));
            });
            CoverTask t;
            t.limit = {count};
            const Solved s = solve(in, t, false, false);
            INFO("seed " << seed << " count " << count);
            CHECK(s.solution.proven);
            CHECK(s.solution.value == Approx(best));
            CHECK(served(in, s.candidates) == Approx(best));
            CHECK(static_cast<int>(s.candidates.size()) <= count);
        }
    }
}

TEST_CASE("set covering equals the fewest sites reaching the target", "[cover_solve]") {
    for (unsigned seed = 1; seed <= 12; ++seed) {
        const Instance in = random_instance(seed, 12, 40, 8, false);
        double reachable = 0;
        each_subset(in, [&](const std::vector<std::int32_t>& c) { reachable = std::max(reachable, served(in, c)); });
        for (double share : {0.5, 0.8, 1.0}) {
            const double target = share * reachable;
            std::size_t fewest = 99;
            each_subset(in, [&](const std::vector<std::int32_t>& c) {
                if (served(in, c) >= target - 1e-9) fewest = std::min(fewest, c.size());
            });
            CoverTask t;
            t.min_sites = true;
            t.target = target;
            const Solved s = solve(in, t, false, false);
            INFO("seed " << seed << " share " << share);
            CHECK(s.solution.proven);
            CHECK(s.candidates.size() == fewest);
            CHECK(served(in, s.candidates) >= target - 1e-6);
        }
    }
}

TEST_CASE("quotas per group with spacing conflicts equal the best feasible choice", "[cover_solve]") {
    for (unsigned seed = 1; seed <= 10; ++seed) {
        const Instance in = random_instance(seed, 12, 40, 8, true);
        for (auto limits : {std::vector<int>{1, 2}, std::vector<int>{3, 1}, std::vector<int>{2, 2}}) {
            double best = 0;
            each_subset(in, [&](const std::vector<std::int32_t>& c) {
                int per[2] = {0, 0};
                for (std::int32_t j : c) ++per[in.group[static_cast<std::size_t>(j)]];
                if (per[0] <= limits[0] && per[1] <= limits[1]) best = std::max(best, served(in, c));
            });
            CoverTask t;
            t.limit = limits;
            const Solved s = solve(in, t, true, true);
            INFO("seed " << seed << " limits " << limits[0] << "," << limits[1]);
            CHECK(s.solution.proven);
            CHECK(served(in, s.candidates) == Approx(best));
            for (std::int32_t a : s.candidates)
                for (std::int32_t b : in.conflicts[static_cast<std::size_t>(a)])
                    CHECK(std::find(s.candidates.begin(), s.candidates.end(), b) == s.candidates.end());
        }
    }
}

TEST_CASE("the model merges residents with the same candidates and drops dominated candidates", "[cover_solve]") {
    Instance in;
    in.sets.covers = {{0, 1, 2}, {0, 1}, {3}, {2, 3}};  // 1 ⊂ 0; residents 0 and 1 are reached by 0 and 1 alike
    in.w = {1, 2, 4, 8};
    CoverModelInput mi;
    mi.sets = &in.sets;
    mi.weights = in.w;
    const CoverModel m = build_cover_model(mi);
    CHECK(m.dominated == 2);  // 1 (inside 0) and 2 (inside 3)
    REQUIRE(m.column == std::vector<std::int32_t>{0, 3});
    CHECK(m.rows() == 3);     // {0,1} one row of weight 3, {2}, {3}
    CHECK(m.weight.front() == 3);
    CHECK(m.weight_total == 15);
    CHECK(m.residents == 4);
}

TEST_CASE("on a medium instance the bound is at least the value and the gap agrees with them", "[cover_solve]") {
    const Instance in = random_instance(7, 300, 3000, 80, false);
    CoverTask t;
    t.limit = {25};
    const Solved s = solve(in, t, false, false, true, 2);
    CHECK(s.solution.solved);
    CHECK(s.solution.bound >= s.solution.value - 1e-6);
    if (s.solution.proven) CHECK(s.solution.gap() == 0);
    else CHECK(s.solution.gap() == Approx((s.solution.bound - s.solution.value) / s.solution.bound));
    CHECK(served(in, s.candidates) == Approx(s.solution.value));
    // Never worse than the greedy it starts from.
    const Solved g = solve(in, t, false, false, false);
    CHECK_FALSE(g.solution.solved);
    CHECK(s.solution.value >= g.solution.value - 1e-6);
}

TEST_CASE("the time limit is honoured and the gap stated", "[cover_solve]") {
    const Instance in = random_instance(11, 1500, 20000, 400, false);
    CoverTask t;
    t.limit = {60};
    const auto start = std::chrono::steady_clock::now();
    const Solved s = solve(in, t, false, false, true, 1);
    const double took = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    CHECK(took < 8);  // 1 s of search, plus the model and CBC's root work
    CHECK(s.solution.solved);
    CHECK(s.solution.bound >= s.solution.value - 1e-6);
    CHECK((s.solution.proven || s.solution.gap() > 0));
}

TEST_CASE("the same input gives the same sites", "[cover_solve]") {
    const Instance in = random_instance(5, 60, 600, 30, true);
    CoverTask t;
    t.limit = {4, 3};
    const Solved a = solve(in, t, true, true), b = solve(in, t, true, true);
    CHECK(a.candidates == b.candidates);
    CHECK(a.solution.value == b.solution.value);
}

TEST_CASE("the Lagrangian bound holds against the exhaustive optimum", "[cover_solve]") {
    for (unsigned seed = 1; seed <= 10; ++seed) {
        const Instance in = random_instance(seed, 12, 40, 8, false);
        CoverModelInput mi;
        mi.sets = &in.sets;
        mi.weights = in.w;
        mi.already = in.already;
        const CoverModel m = build_cover_model(mi);
        std::vector<std::int32_t> cols(m.cols()), rows(m.rows());
        std::iota(cols.begin(), cols.end(), 0);
        std::iota(rows.begin(), rows.end(), 0);
        double best3 = 0;
        each_subset(in, [&](const std::vector<std::int32_t>& c) {
            if (c.size() <= 3) best3 = std::max(best3, served(in, c));
        });
        INFO("seed " << seed);
        const double bound = max_cover_bound(m, cols, rows, [](std::int32_t) { return 3; }, 0.0);
        CHECK(bound >= best3 - 1e-6);
        CHECK(bound <= m.weight_total + 1e-6);
    }
}

TEST_CASE("a progress callback that returns false stops the solver and keeps the greedy's answer", "[cover_solve]") {
    const Instance in = random_instance(3, 300, 3000, 80, false);
    CoverModelInput mi;
    mi.sets = &in.sets;
    mi.weights = in.w;
    mi.already = in.already;
    const CoverModel m = build_cover_model(mi);
    CoverTask t;
    t.model = &m;
    t.limit = {25};
    CoverSolveOptions o;
    int told = 0;
    o.progress = [&](const std::string&) {
        ++told;
        return false;
    };
    const CoverSolution stopped = solve_cover(t, o);
    CoverSolveOptions greedy;
    greedy.exact = false;
    const CoverSolution g = solve_cover(t, greedy);
    CHECK(told == 1);
    CHECK(stopped.cancelled);
    CHECK_FALSE(stopped.proven);
    CHECK(stopped.value == Approx(g.value));
    CHECK(stopped.bound >= stopped.value);
}

TEST_CASE("the set covering Lagrangian bound holds against the exhaustive optimum", "[cover_solve]") {
    int tight = 0;
    for (unsigned seed = 1; seed <= 10; ++seed) {
        const Instance in = random_instance(seed, 12, 40, 8, false);
        CoverModelInput mi;
        mi.sets = &in.sets;
        mi.weights = in.w;
        mi.already = in.already;
        const CoverModel m = build_cover_model(mi);
        std::vector<std::int32_t> cols(m.cols()), rows(m.rows());
        std::iota(cols.begin(), cols.end(), 0);
        std::iota(rows.begin(), rows.end(), 0);
        for (double share : {0.5, 0.8, 1.0}) {
            const double target = share * m.weight_total;
            std::size_t fewest = 99;
            each_subset(in, [&](const std::vector<std::int32_t>& c) {
                if (served(in, c) >= target - 1e-9) fewest = std::min(fewest, c.size());
            });
            INFO("seed " << seed << " share " << share);
            const double bound = min_cover_bound(m, cols, rows, target, static_cast<double>(fewest) + 3);
            CHECK(bound <= static_cast<double>(fewest) + 1e-6);
            CHECK(bound > 0);
            if (std::ceil(bound - 1e-6) >= static_cast<double>(fewest)) ++tight;
        }
    }
    CHECK(tight > 0);  // the bound proves some of them
}

TEST_CASE("a progress callback that cancels while CBC runs stops it within a second or so", "[cover_solve]") {
    const Instance in = random_instance(11, 1500, 20000, 400, false);
    CoverModelInput mi;
    mi.sets = &in.sets;
    mi.weights = in.w;
    const CoverModel m = build_cover_model(mi);
    CoverTask t;
    t.model = &m;
    t.limit = {60};
    CoverSolveOptions greedy;
    greedy.exact = false;
    const CoverSolution g = solve_cover(t, greedy);
    CoverSolveOptions o;
    o.time_limit_s = 60;
    const auto start = std::chrono::steady_clock::now();
    int told = 0;
    o.progress = [&](const std::string&) {
        ++told;
        return std::chrono::steady_clock::now() - start < std::chrono::seconds(2);
    };
    const CoverSolution s = solve_cover(t, o);
    const double took = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    CHECK(told >= 2);  // asked again while CBC ran
    CHECK(s.cancelled);
    CHECK(took < 10);  // not the 60 s of the limit
    CHECK(s.value >= g.value - 1e-6);  // the best found, at least the greedy's
    CHECK(s.bound >= s.value - 1e-6);
}

namespace {

/// The candidates' conflicts: j and k (j < k) in conflict where `pair(j, k)`, asked in order of j, then k.
template <class Pair>
void set_conflicts(Instance& in, Pair pair) {
    const auto n = static_cast<std::int32_t>(in.sets.covers.size());
    in.conflicts.assign(static_cast<std::size_t>(n), {});
    for (std::int32_t j = 0; j < n; ++j)
        for (std::int32_t k = j + 1; k < n; ++k)
            if (pair(j, k)) {
                in.conflicts[static_cast<std::size_t>(j)].push_back(k);
                in.conflicts[static_cast<std::size_t>(k)].push_back(j);
            }
}

/// Conflicts as spacing gives them: candidates on a line in index order, each in conflict with the two
/// before and after it (triangles and larger cliques), and a few more at random.
void dense_conflicts(Instance& in, unsigned seed) {
    std::mt19937 rng(seed * 7 + 1);
    std::uniform_int_distribution<int> coin(0, 9);
    set_conflicts(in, [&](std::int32_t j, std::int32_t k) { return k - j <= 2 || coin(rng) == 0; });
}

bool in_conflict(const Instance& in, std::int32_t a, std::int32_t b) {
    const auto& c = in.conflicts[static_cast<std::size_t>(a)];
    return std::find(c.begin(), c.end(), b) != c.end();
}

}  // namespace

TEST_CASE("conflict cliques hold every conflicting pair, and only columns pairwise in conflict", "[cover_solve]") {
    for (unsigned seed = 1; seed <= 10; ++seed) {
        Instance in = random_instance(seed, 12, 40, 8, false);
        dense_conflicts(in, seed);
        CoverModelInput mi;
        mi.sets = &in.sets;
        mi.weights = in.w;
        mi.conflicts = &in.conflicts;
        const CoverModel m = build_cover_model(mi);
        std::vector<std::int32_t> cols(m.cols());
        std::iota(cols.begin(), cols.end(), 0);
        const auto cliques = conflict_cliques(m, cols);
        INFO("seed " << seed);
        std::size_t larger = 0;
        for (const auto& q : cliques) {
            CHECK(q.size() >= 2);
            larger += q.size() > 2 ? 1 : 0;
            for (std::size_t a = 0; a < q.size(); ++a)
                for (std::size_t b = a + 1; b < q.size(); ++b)
                    CHECK(in_conflict(in, m.column[static_cast<std::size_t>(q[a])], m.column[static_cast<std::size_t>(q[b])]));
        }
        CHECK(larger > 0);  // the line's triangles
        for (std::size_t a = 0; a < m.cols(); ++a)
            for (std::int32_t b : m.conflicts[a]) {
                const bool held = std::any_of(cliques.begin(), cliques.end(), [&](const auto& q) {
                    return std::find(q.begin(), q.end(), static_cast<std::int32_t>(a)) != q.end() && std::find(q.begin(), q.end(), b) != q.end();
                });
                CHECK(held);
            }
    }
}

TEST_CASE("quotas and set covering with dense spacing conflicts equal the best feasible choice", "[cover_solve]") {
    for (unsigned seed = 1; seed <= 10; ++seed) {
        Instance in = random_instance(seed, 12, 40, 8, false);
        dense_conflicts(in, seed);
        for (auto limits : {std::vector<int>{1, 2}, std::vector<int>{3, 2}}) {
            double best = 0;
            each_subset(in, [&](const std::vector<std::int32_t>& c) {
                int per[2] = {0, 0};
                for (std::int32_t j : c) ++per[in.group[static_cast<std::size_t>(j)]];
                if (per[0] <= limits[0] && per[1] <= limits[1]) best = std::max(best, served(in, c));
            });
            CoverTask t;
            t.limit = limits;
            const Solved s = solve(in, t, true, true);
            INFO("seed " << seed << " limits " << limits[0] << "," << limits[1]);
            CHECK(s.solution.proven);
            CHECK(served(in, s.candidates) == Approx(best));
            for (std::int32_t a : s.candidates)
                for (std::int32_t b : s.candidates) CHECK(!in_conflict(in, a, b));
        }
        double reachable = 0;
        each_subset(in, [&](const std::vector<std::int32_t>& c) { reachable = std::max(reachable, served(in, c)); });
        const double target = 0.8 * reachable;
        std::size_t fewest = 99;
        each_subset(in, [&](const std::vector<std::int32_t>& c) {
            if (served(in, c) >= target - 1e-9) fewest = std::min(fewest, c.size());
        });
        CoverTask t;
        t.min_sites = true;
        t.target = target;
        const Solved s = solve(in, t, true, false);
        INFO("seed " << seed << " set covering");
        CHECK(s.solution.proven);
        CHECK(s.candidates.size() == fewest);
        CHECK(served(in, s.candidates) >= target - 1e-6);
        for (std::int32_t a : s.candidates)
            for (std::int32_t b : s.candidates) CHECK(!in_conflict(in, a, b));
    }
}

TEST_CASE("the Lagrangian bound with the conflicts as cliques holds against the exhaustive optimum, its answers are feasible",
          "[cover_solve]") {
    int tighter = 0;
    for (unsigned seed = 1; seed <= 10; ++seed) {
        Instance in = random_instance(seed, 12, 40, 8, false);
        dense_conflicts(in, seed);
        CoverModelInput mi;
        mi.sets = &in.sets;
        mi.weights = in.w;
        mi.already = in.already;
        mi.conflicts = &in.conflicts;
        const CoverModel m = build_cover_model(mi);
        std::vector<std::int32_t> cols(m.cols()), rows(m.rows());
        std::iota(cols.begin(), cols.end(), 0);
        std::iota(rows.begin(), rows.end(), 0);
        double best3 = 0;
        each_subset(in, [&](const std::vector<std::int32_t>& c) {
            if (c.size() <= 3) best3 = std::max(best3, served(in, c));
        });
        const auto cliques = conflict_cliques(m, cols);
        std::vector<std::int32_t> better;
        auto three = [](std::int32_t) { return 3; };
        const double with = max_cover_bound(m, cols, rows, three, 0.0, std::chrono::steady_clock::time_point::max(), &cliques, &better);
        const double without = max_cover_bound(m, cols, rows, three, 0.0);
        INFO("seed " << seed);
        CHECK(with >= best3 - 1e-6);  // (either bound may end lower: the steps are not monotone)
        tighter += with < without - 1e-6 ? 1 : 0;
        // The answer built from the multipliers: at most 3 sites, none two in conflict, no better than the optimum.
        REQUIRE(!better.empty());
        CHECK(better.size() <= 3);
        std::vector<std::int32_t> chosen;
        for (std::int32_t c : better) chosen.push_back(m.column[static_cast<std::size_t>(c)]);
        for (std::int32_t a : chosen)
            for (std::int32_t b : chosen) CHECK(!in_conflict(in, a, b));
        CHECK(served(in, chosen) <= best3 + 1e-6);
    }
    CHECK(tighter >= 5);  // the cliques tighten the bound on most instances
}

TEST_CASE("with conflicts too many to grow into cliques, one row a pair: the best feasible choice, by CBC", "[cover_solve]") {
    // Half of all pairs of 100 candidates in conflict: growing cliques would cost more than its work
    // budget, so conflict_cliques gives none and the program holds each conflicting pair as a row. Each
    // candidate reaches about a fifth of the residents, so the bounds leave the parts to CBC.
    int by_cbc = 0;
    for (unsigned seed = 1; seed <= 4; ++seed) {
        Instance in = random_instance(seed, 100, 90, 40, false);
        std::mt19937 rng(seed * 13 + 5);
        std::uniform_int_distribution<int> coin(0, 1);
        set_conflicts(in, [&](std::int32_t, std::int32_t) { return coin(rng) == 1; });
        const auto n = static_cast<std::int32_t>(in.sets.covers.size());
        CoverModelInput mi;
        mi.sets = &in.sets;
        mi.weights = in.w;
        mi.already = in.already;
        mi.conflicts = &in.conflicts;
        const CoverModel m = build_cover_model(mi);
        std::vector<std::int32_t> cols(m.cols());
        std::iota(cols.begin(), cols.end(), 0);
        INFO("seed " << seed << ", " << m.cols() << " columns");
        REQUIRE(conflict_cliques(m, cols).empty());
        double best = 0;  // every choice of at most 3 sites none two of which are in conflict
        for (std::int32_t a = 0; a < n; ++a) {
            best = std::max(best, served(in, {a}));
            for (std::int32_t b = a + 1; b < n; ++b) {
                if (in_conflict(in, a, b)) continue;
                best = std::max(best, served(in, {a, b}));
                for (std::int32_t c = b + 1; c < n; ++c)
                    if (!in_conflict(in, a, c) && !in_conflict(in, b, c)) best = std::max(best, served(in, {a, b, c}));
            }
        }
        CoverTask t;
        t.limit = {3};
        const Solved s = solve(in, t, true, false);
        CHECK(s.solution.proven);
        CHECK(served(in, s.candidates) == Approx(best));
        CHECK(s.candidates.size() <= 3);
        for (std::int32_t a : s.candidates)
            for (std::int32_t b : s.candidates) CHECK(!in_conflict(in, a, b));
        for (const auto& x : s.solution.timings)  // "solve: CBC (1 of 1 open parts run in 1 children, 1 proven optimal by CBC; ..."
            if (std::smatch got; std::regex_search(x.name, got, std::regex(R"(([0-9]+) proven optimal by CBC)")))
                by_cbc += std::stoi(got[1]) > 0 ? 1 : 0;
    }
    CHECK(by_cbc == 4);  // every seed's part went to CBC with its pair rows (the bounds did not settle it)
}
