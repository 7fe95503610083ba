// Several programs solved by CBC in one child process (solve_mips) against the exhaustive optimum of
// each, and against solve_mip of each alone.
#include "core/sites/cbc_solver.h"

#include <catch2/catch.hpp>

#include <random>

using namespace hcgis::sites;

namespace {

/// Maximal covering of `rows` weighted rows by at most `count` of `cols` columns, with y_r ≤ Σ x_j.
MipProblem covering(unsigned seed, int cols, int rows, int count, std::vector<std::vector<int>>& reach, std::vector<double>& w) {
    std::mt19937 rng(seed);
    std::uniform_int_distribution<int> col(0, cols - 1), weight(1, 20), many(1, 3);
    MipProblem p;
    p.maximise = true;
    for (int j = 0; j < cols; ++j) p.add_col(0, 0, 1, true);
    const int limit = p.add_row(-1e300, count);
    for (int j = 0; j < cols; ++j) p.set(limit, j, 1);
    reach.assign(static_cast<std::size_t>(rows), {});
    w.clear();
    for (int r = 0; r < rows; ++r) {
        w.push_back(weight(rng));
        const int y = p.add_col(w.back(), 0, 1, false);
        const int row = p.add_row(-1e300, 0);
        p.set(row, y, 1);
        for (int k = many(rng); k > 0; --k) {
            const int j = col(rng);
            reach[static_cast<std::size_t>(r)].push_back(j);
            p.set(row, j, -1);
        }
    }
    return p;
}

double exhaustive(int cols, int count, const std::vector<std::vector<int>>& reach, const std::vector<double>& w) {
    double best = 0;
    for (unsigned mask = 0; mask < (1u << cols); ++mask) {
        if (__builtin_popcount(mask) > count) continue;
        double v = 0;
        for (std::size_t r = 0; r < reach.size(); ++r)
            for (int j : reach[r])
                if (mask & (1u << j)) {
                    v += w[r];
                    break;
                }
        best = std::max(best, v);
    }
    return best;
}

}  // namespace

TEST_CASE("CBC solves a batch of covering programs in one child as each alone, to the exhaustive optimum", "[cover_solve]") {
    std::vector<MipProblem> ps;
    std::vector<MipOptions> os(6);
    std::vector<double> best;
    for (unsigned s = 0; s < 6; ++s) {
        std::vector<std::vector<int>> reach;
        std::vector<double> w;
        const int cols = 8 + static_cast<int>(s), count = 2 + static_cast<int>(s % 3);
        ps.push_back(covering(s + 1, cols, 40, count, reach, w));
        best.push_back(exhaustive(cols, count, reach, w));
        os[s].time_limit_s = 10;
        os[s].cuts = false;
    }
    std::vector<const MipProblem*> pp;
    std::vector<const MipOptions*> op;
    for (std::size_t s = 0; s < ps.size(); ++s) {
        pp.push_back(&ps[s]);
        op.push_back(&os[s]);
    }
    const std::vector<MipResult> batch = solve_mips(pp, op);
    REQUIRE(batch.size() == ps.size());
    CHECK(batch.front().cpu_s > 0);
    for (std::size_t s = 0; s < ps.size(); ++s) {
        CHECK(batch[s].optimal);
        CHECK(batch[s].objective == Approx(best[s]).margin(1e-6));
        CHECK(batch[s].bound == Approx(best[s]).margin(1e-6));
        const MipResult alone = solve_mip(ps[s], os[s]);
        CHECK(alone.x == batch[s].x);
    }
}

TEST_CASE("a batch of covering programs cancelled by its first options' callback keeps every start", "[cover_solve]") {
    std::vector<std::vector<int>> reach;
    std::vector<double> w;
    std::vector<MipProblem> ps{covering(1, 10, 30, 3, reach, w), covering(2, 10, 30, 3, reach, w)};
    std::vector<MipOptions> os(2);
    for (std::size_t s = 0; s < 2; ++s) os[s].start.assign(ps[s].cols(), 0.0);  // nothing chosen: feasible
    os[0].keep_going = [] { return false; };
    // The child answers small programs at once; a callback is asked only while waiting: either way each
    // result is CBC's (optimal) or the start (not optimal, bound unset).
    const MipProblem* pp[2] = {&ps[0], &ps[1]};
    const MipOptions* op[2] = {&os[0], &os[1]};
    const std::vector<MipResult> r = solve_mips(pp, op);
    REQUIRE(r.size() == 2);
    for (std::size_t s = 0; s < 2; ++s) {
        if (r[s].optimal) continue;
        CHECK(r[s].x == os[s].start);
        CHECK(r[s].bound == 1e300);
    }
}
