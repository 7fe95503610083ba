#include "core/sites/site_greedy.h"

#include <catch2/catch.hpp>

#include <functional>
#include <random>

using namespace hcgis::sites;

namespace {

CoverageSets random_sets(std::mt19937& rng, int candidates, int residents, int reach) {
    CoverageSets s;
    std::uniform_int_distribution<int> pick(0, residents - 1), size(1, reach);
    for (int j = 0; j < candidates; ++j) {
        std::vector<std::int32_t> c;
        const int n = size(rng);
        for (int k = 0; k < n; ++k) c.push_back(pick(rng));
        std::sort(c.begin(), c.end());
        c.erase(std::unique(c.begin(), c.end()), c.end());
        s.covers.push_back(c);
    }
    return s;
}

double served(const CoverageSets& s, const std::vector<double>& w, const std::vector<std::int32_t>& chosen,
              const std::vector<std::uint8_t>& already) {
    std::vector<std::uint8_t> in(already.empty() ? std::vector<std::uint8_t>(w.size(), 0) : already);
    for (std::int32_t j : chosen)
        for (std::int32_t r : s.covers[static_cast<std::size_t>(j)]) in[static_cast<std::size_t>(r)] = 1;
    double t = 0;
    for (std::size_t r = 0; r < w.size(); ++r)
        if (in[r]) t += w[r];
    return t;
}

// The best served weight over every choice of k candidates.
double optimum(const CoverageSets& s, const std::vector<double>& w, int k, const std::vector<std::uint8_t>& already) {
    double best = 0;
    std::vector<std::int32_t> pick;
    std::function<void(int)> rec = [&](int from) {
        if (static_cast<int>(pick.size()) == k) {
            best = std::max(best, served(s, w, pick, already));
            return;
        }
        for (int j = from; j < static_cast<int>(s.covers.size()); ++j) {
            pick.push_back(j);
            rec(j + 1);
            pick.pop_back();
        }
    };
    rec(0);
    return best;
}

}  // namespace

TEST_CASE("greedy with swaps is within 2 % of the optimum found by enumeration", "[site_greedy]") {
    std::mt19937 rng(2024);
    std::uniform_real_distribution<double> weight(1, 100);
    double worst = 1.0;
    for (int trial = 0; trial < 40; ++trial) {
        const CoverageSets s = random_sets(rng, 14, 50, 12);
        std::vector<double> w(50);
        for (double& x : w) x = std::round(weight(rng));
        std::vector<std::uint8_t> already(50, 0);
        for (int r = 0; r < 8; ++r) already[static_cast<std::size_t>(rng() % 50)] = 1;  // existing facilities
        for (int k : {2, 3, 4}) {
            GreedyOptions o;
            o.count = k;
            o.already = already;
            const GreedyResult g = greedy_cover(s, w, o);
            REQUIRE(static_cast<int>(g.chosen.size()) == k);
            const double best = optimum(s, w, k, already);
            CHECK(g.served == Approx(served(s, w, g.chosen, already)));
            worst = std::min(worst, g.served / best);
            REQUIRE(g.served >= 0.98 * best);
        }
    }
    INFO("worst ratio " << worst);
    CHECK(worst >= 0.98);
}

TEST_CASE("lazy evaluation picks what plain greedy picks, with fewer evaluations", "[site_greedy]") {
    std::mt19937 rng(7);
    const CoverageSets s = random_sets(rng, 400, 3000, 60);
    std::vector<double> w(3000, 1.0);
    GreedyOptions o;
    o.count = 20;
    o.swap = false;
    o.starts = 1;
    const GreedyResult lazy = greedy_cover(s, w, o);
    // Plain greedy: every candidate re-evaluated every round.
    std::vector<std::uint8_t> in(w.size(), 0);
    std::vector<std::int32_t> plain;
    for (int round = 0; round < 20; ++round) {
        double best = -1;
        std::int32_t bj = -1;
        for (std::size_t j = 0; j < s.covers.size(); ++j) {
            if (std::find(plain.begin(), plain.end(), static_cast<std::int32_t>(j)) != plain.end()) continue;
            double g = 0;
            for (std::int32_t r : s.covers[j]) g += in[static_cast<std::size_t>(r)] ? 0 : 1;
            if (g > best) {
                best = g;
                bj = static_cast<std::int32_t>(j);
            }
        }
        plain.push_back(bj);
        for (std::int32_t r : s.covers[static_cast<std::size_t>(bj)]) in[static_cast<std::size_t>(r)] = 1;
    }
    CHECK(lazy.chosen == plain);
    CHECK(lazy.evaluations < 400 * 20 / 4);
}

TEST_CASE("set covering stops at the target, and at what no site can reach", "[site_greedy]") {
    CoverageSets s;
    s.covers = {{0, 1}, {1, 2}, {2, 3}, {3}};  // resident 4 is reachable by nobody
    const std::vector<double> w = {1, 1, 1, 1, 1};
    GreedyOptions o;
    o.target_weight = 3;
    GreedyResult r = greedy_cover(s, w, o);
    CHECK(r.served >= 3);
    CHECK(r.chosen.size() == 2);
    o.target_weight = 5;  // unreachable: stops when no candidate adds anyone
    r = greedy_cover(s, w, o);
    CHECK(r.served == 4);
    CHECK(r.chosen.size() == 2);  // {0,1} and {2,3}
}

TEST_CASE("conflicting candidates are never chosen together, disallowed ones never", "[site_greedy]") {
    CoverageSets s;
    s.covers = {{0, 1, 2}, {0, 1, 2, 3}, {4}, {5, 6}};
    const std::vector<double> w(7, 1.0);
    const std::vector<std::vector<std::int32_t>> conflicts = {{1}, {0}, {}, {}};
    const std::vector<std::uint8_t> allowed = {1, 1, 1, 0};
    GreedyOptions o;
    o.count = 2;
    o.conflicts = &conflicts;
    o.allowed = allowed;
    const GreedyResult r = greedy_cover(s, w, o);
    CHECK(r.chosen == std::vector<std::int32_t>{1, 2});
}
