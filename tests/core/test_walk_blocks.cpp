// Walking coverage decided per block (walk_blocks.cpp) against walk_covered() on every resident's snap:
// the flags must be the same exactly, on networks and residents chosen to stress the bounds.
#include "core/walk_blocks.h"
#include "core/walk_coverage.h"
#include "core/walk_graph.h"

#include <catch2/catch.hpp>
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <random>
#include <string>
#include <utility>
#include <vector>

using namespace hcgis;

namespace {

// At projected coordinates' magnitudes (EPSG:4549), where rounding is largest.
constexpr double X0 = 500000, Y0 = 3800000;

using Path = std::vector<std::pair<double, double>>;

std::string wkt_line(const Path& pts) {
    std::string w = "LINESTRING(";
    for (std::size_t k = 0; k < pts.size(); ++k) w += (k ? ", " : "") + fmt::format("{:.17g} {:.17g}", pts[k].first, pts[k].second);
    return w + ")";
}

/// A jittered lattice of `n` × `n` junctions `spacing` apart from (x0, y0), a way along every row and
/// column, cut where a link is missing (dead ends), as the synthetic city makes its streets.
void lattice(std::vector<geos::GeomPtr>& roads, std::mt19937& rng, double x0, double y0, int n, double spacing,
             double missing) {
    std::uniform_real_distribution<double> jitter(-0.2 * spacing, 0.2 * spacing), u(0, 1);
    std::vector<std::pair<double, double>> node(static_cast<std::size_t>(n * n));
    for (int j = 0; j < n; ++j)
        for (int i = 0; i < n; ++i) node[static_cast<std::size_t>(j * n + i)] = {x0 + i * spacing + jitter(rng), y0 + j * spacing + jitter(rng)};
    for (int dir = 0; dir < 2; ++dir)
        for (int a = 0; a < n; ++a) {
            Path way;
            for (int b = 0; b < n; ++b) {
                const auto& p = node[static_cast<std::size_t>(dir == 0 ? a * n + b : b * n + a)];
                if (!way.empty() && u(rng) < missing) {
                    if (way.size() >= 2) roads.push_back(geos::from_wkt(wkt_line(way)));
                    way.clear();
                }
                way.push_back(p);
            }
            if (way.size() >= 2) roads.push_back(geos::from_wkt(wkt_line(way)));
        }
}

/// The least cost (distance less budget, over every facility) of the point snapped at `at`; +inf where
/// no facility reaches it within `bound`.
double cost_of(const WalkGraph& g, const WalkGraph::Field& field, std::span<const WalkGraph::Source> sources, const Snap& at,
               double bound) {
    std::int32_t from = -1;
    return g.cost_at(field, sources, at, bound, from);
}

struct Case {
    std::vector<double> x, y;
    std::size_t near_line = 0;  // residents placed within 5 cm of a budget's line (and found there)
};

/// Residents: uniform over the network's extent and round it, clustered, far off it, on its nodes and
/// midpoints, and moved onto the line where their cost is 0 give or take 0 to 3 cm.
Case residents(const WalkGraph& g, std::span<const Snap> sites, std::span<const double> budget, std::mt19937& rng,
               double x1, double y1, std::size_t count) {
    Case c;
    std::uniform_real_distribution<double> ux(X0 - 300, x1 + 300), uy(Y0 - 300, y1 + 300), far(-40000, 40000), one(0, 1);
    for (std::size_t k = 0; k < count; ++k) {
        c.x.push_back(ux(rng));
        c.y.push_back(uy(rng));
    }
    std::normal_distribution<double> spread(0, 40);
    for (int blob = 0; blob < 20; ++blob) {  // dense clusters: blocks of many residents
        const double cx = ux(rng), cy = uy(rng);
        for (int k = 0; k < 1500; ++k) {
            c.x.push_back(cx + spread(rng));
            c.y.push_back(cy + spread(rng));
        }
    }
    for (int k = 0; k < 300; ++k) {  // far off the network (off the blocks' grid, most of them)
        c.x.push_back(X0 + far(rng));
        c.y.push_back(Y0 + far(rng));
    }
    for (std::size_t s = 0; s < g.segment_count(); s += 3) {  // on the network: leg 0, ties at the nodes
        const auto a = static_cast<std::size_t>(g.segment_a(s)), b = static_cast<std::size_t>(g.segment_b(s));
        c.x.push_back(g.node_x(a));
        c.y.push_back(g.node_y(a));
        c.x.push_back(0.5 * (g.node_x(a) + g.node_x(b)));
        c.y.push_back(0.5 * (g.node_y(a) + g.node_y(b)));
    }
    // Onto the budget line: a resident at cost C with leg L, moved along its leg to L - C + delta, has
    // cost delta as long as its snap stays where it was.
    const auto sources = walk_sources(sites, budget);
    const WalkGraph::Field field = g.search(sources, 2000);
    const double deltas[] = {-0.03, -0.01, -0.002, -1e-6, 0.0, 1e-6, 0.002, 0.01, 0.03};
    const std::size_t base = c.x.size();
    std::size_t placed = 0;
    for (std::size_t k = 0; k < base && placed < 6000; ++k) {
        const Snap s = g.snap(c.x[k], c.y[k]);
        const double cost = cost_of(g, field, sources, s, 2000);
        if (!std::isfinite(cost) || s.leg < 1) continue;
        const double leg = s.leg - cost + deltas[placed % 9];
        if (leg <= 0.5) continue;
        const double x = s.x + (c.x[k] - s.x) / s.leg * leg, y = s.y + (c.y[k] - s.y) / s.leg * leg;
        // Kept only where it did land within 5 cm of the line (its snap may have moved to another segment).
        if (std::abs(cost_of(g, field, sources, g.snap(x, y), 2000)) > 0.05) continue;
        c.x.push_back(x);
        c.y.push_back(y);
        ++placed;
    }
    c.near_line = placed;
    // A shuffle: the blocks must not depend on the residents' order.
    std::vector<std::size_t> perm(c.x.size());
    for (std::size_t k = 0; k < perm.size(); ++k) perm[k] = k;
    std::shuffle(perm.begin(), perm.end(), rng);
    Case out;
    out.near_line = c.near_line;
    for (std::size_t k : perm) {
        out.x.push_back(c.x[k]);
        out.y.push_back(c.y[k]);
    }
    return out;
}

/// Facilities at random places with budgets of several sizes (a few none: left out of the search).
void facilities(std::mt19937& rng, double x1, double y1, std::size_t n, std::vector<double>& fx, std::vector<double>& fy,
                std::vector<double>& budget) {
    std::uniform_real_distribution<double> ux(X0, x1), uy(Y0, y1);
    const double sizes[] = {150, 300, 450, 500, 800, 1000, 225.5, 0};
    for (std::size_t k = 0; k < n; ++k) {
        fx.push_back(ux(rng));
        fy.push_back(uy(rng));
        budget.push_back(sizes[k % 8]);
    }
}

/// Compares the flags per block with walk_covered() on the snaps, for `budget` and three quarters of it
/// at once and for `budget` alone; returns the counts of the first.
BlockStats check(const WalkGraph& g, const std::vector<double>& fx, const std::vector<double>& fy,
                 const std::vector<double>& budget, const Case& c) {
    const std::vector<Snap> sites = g.snap_all(fx, fy);
    const std::vector<Snap> snaps = g.snap_all(c.x, c.y);
    std::vector<double> smaller;
    for (double b : budget) smaller.push_back(0.75 * b);
    const std::vector<std::vector<double>> budgets{budget, smaller};
    const PointBlocks blocks(g, c.x, c.y);
    BlockStats stats, alone;
    const auto both = walk_covered(g, sites, budgets, blocks, &stats);
    const auto one = walk_covered(g, sites, budget, blocks, &alone);
    REQUIRE(both.size() == 2);
    for (std::size_t k = 0; k < 2; ++k) {
        const std::vector<std::uint8_t> want = walk_covered(g, sites, budgets[k], snaps);
        std::size_t differ = 0, covered = 0;
        for (std::size_t r = 0; r < want.size(); ++r) {
            differ += both[k][r] != want[r] ? 1 : 0;
            covered += want[r];
        }
        INFO("budget set " << k << ": " << differ << " of " << want.size() << " residents differ");
        CHECK(differ == 0);
        CHECK(covered > want.size() / 20);          // the test means something: many are covered
        CHECK(covered < want.size() - want.size() / 20);  // and many are not
        if (k == 0) CHECK(one == want);
    }
    CHECK(stats.by_block + stats.by_point + stats.snapped == 2 * c.x.size());
    CHECK(alone.by_block + alone.by_point + alone.snapped == c.x.size());
    return stats;
}

}  // namespace

TEST_CASE("walking coverage per block gives walk_covered's flags exactly", "[walk_blocks]") {
    std::mt19937 rng(2026);
    SECTION("a jittered lattice with dead ends, and a second part across a river") {
        std::vector<geos::GeomPtr> roads;
        lattice(roads, rng, X0, Y0, 26, 150, 0.12);
        lattice(roads, rng, X0, Y0 + 4200, 12, 110, 0.05);  // unconnected to the first
        const WalkGraph g(roads);
        REQUIRE(g.component_count() >= 2);
        std::vector<double> fx, fy, budget;
        facilities(rng, X0 + 3800, Y0 + 5400, 45, fx, fy, budget);
        const Case c = residents(g, std::vector<Snap>(g.snap_all(fx, fy)), budget, rng, X0 + 3800, Y0 + 5400, 40000);
        CHECK(c.near_line > 1000);
        const BlockStats s = check(g, fx, fy, budget, c);
        // Most residents are settled without a snap; the ones on the line are snapped.
        CHECK(s.by_block > c.x.size());
        CHECK(s.snapped > 500);
    }
    SECTION("random streets, long diagonals among short ones, most of them apart") {
        std::vector<geos::GeomPtr> roads;
        std::uniform_real_distribution<double> u(0, 3000), ang(0, 2 * M_PI), shortlen(10, 120), longlen(800, 2500);
        for (int k = 0; k < 700; ++k) {
            const double x = X0 + u(rng), y = Y0 + u(rng), a = ang(rng), len = k % 12 == 0 ? longlen(rng) : shortlen(rng);
            roads.push_back(geos::from_wkt(wkt_line({{x, y}, {x + len * std::cos(a), y + len * std::sin(a)}, {x + len * std::cos(a) + 30, y + len * std::sin(a)}})));
        }
        lattice(roads, rng, X0 + 500, Y0 + 500, 10, 200, 0.3);
        const WalkGraph g(roads);
        std::vector<double> fx, fy, budget;
        facilities(rng, X0 + 3000, Y0 + 3000, 120, fx, fy, budget);
        const Case c = residents(g, std::vector<Snap>(g.snap_all(fx, fy)), budget, rng, X0 + 3000, Y0 + 3000, 30000);
        CHECK(c.near_line > 250);
        const BlockStats s = check(g, fx, fy, budget, c);
        CHECK(s.by_block > c.x.size() / 2);
    }
    SECTION("a whole-metre lattice: ties between equally near segments everywhere") {
        std::vector<geos::GeomPtr> roads;
        for (int a = 0; a <= 30; ++a) {
            Path h, v;
            for (int b = 0; b <= 30; ++b) {
                h.emplace_back(X0 + 40.0 * b, Y0 + 40.0 * a);
                v.emplace_back(X0 + 40.0 * a, Y0 + 40.0 * b);
            }
            roads.push_back(geos::from_wkt(wkt_line(h)));
            roads.push_back(geos::from_wkt(wkt_line(v)));
        }
        const WalkGraph g(roads);
        std::vector<double> fx, fy, budget;
        facilities(rng, X0 + 1200, Y0 + 1200, 6, fx, fy, budget);
        Case c = residents(g, std::vector<Snap>(g.snap_all(fx, fy)), budget, rng, X0 + 1200, Y0 + 1200, 10000);
        for (int i = -8; i <= 248; ++i)  // block centres (four segments equally near), junctions, sides
            for (int j = -8; j <= 248; j += 2) {
                c.x.push_back(X0 + 5.0 * i);
                c.y.push_back(Y0 + 5.0 * j);
            }
        check(g, fx, fy, budget, c);
    }
}

TEST_CASE("walking coverage per block: villages far apart, most blocks in snap cells that list no segment", "[walk_blocks]") {
    // Ten small lattices (40 m streets) over 5 km: the snap grid's cells (about 250 m) mostly list no
    // segment, so most blocks take their reach from the centre's snap; the others from the segments of
    // their own cell. Budgets up to 2 km reach far into the empty land round each village.
    std::mt19937 rng(77);
    std::vector<geos::GeomPtr> roads;
    std::uniform_real_distribution<double> u(0, 4800);
    for (int v = 0; v < 10; ++v) lattice(roads, rng, X0 + u(rng), Y0 + u(rng), 5, 40, 0.1);
    const WalkGraph g(roads);
    std::size_t empty = 0;
    for (std::int64_t j = 0; j < g.grid_rows(); ++j)
        for (std::int64_t i = 0; i < g.grid_columns(); ++i) empty += g.cell_segments(i, j).empty() ? 1 : 0;
    REQUIRE(empty > static_cast<std::size_t>(g.grid_rows() * g.grid_columns() / 2));
    std::vector<double> fx, fy, budget;
    const double sizes[] = {300, 800, 1500, 2000, 0};
    for (int k = 0; k < 25; ++k) {
        // Near a road (facilities stand in the villages), with budgets reaching far beyond them.
        const auto s = static_cast<std::size_t>(k * 7) % g.segment_count();
        fx.push_back(g.node_x(static_cast<std::size_t>(g.segment_a(s))) + 3);
        fy.push_back(g.node_y(static_cast<std::size_t>(g.segment_a(s))) - 2);
        budget.push_back(sizes[k % 5]);
    }
    const Case c = residents(g, std::vector<Snap>(g.snap_all(fx, fy)), budget, rng, X0 + 5000, Y0 + 5000, 30000);
    CHECK(c.near_line > 1000);
    check(g, fx, fy, budget, c);
}

TEST_CASE("walking coverage per block: thousands of points off the blocks' grid, costed on every core", "[walk_blocks]") {
    // A 2 km street and 6,000 points 5-40 km away from it (beyond the grid's ring of blocks: each snapped
    // and costed exactly, in chunks on every core), a few of them reached by a facility of huge budget.
    std::vector<geos::GeomPtr> roads;
    roads.push_back(geos::from_wkt(fmt::format("LINESTRING({} {}, {} {})", X0, Y0, X0 + 2000, Y0)));
    const WalkGraph g(roads);
    std::mt19937 rng(5);
    std::uniform_real_distribution<double> far(5000, 40000), turn(0, 2 * M_PI);
    std::vector<double> x, y;
    for (int i = 0; i < 6000; ++i) {
        const double r = far(rng), a = turn(rng);
        x.push_back(X0 + 1000 + r * std::cos(a)), y.push_back(Y0 + r * std::sin(a));
    }
    const PointBlocks blocks(g, x, y);
    REQUIRE(blocks.apart.size() > 4096);  // the parallel path
    const std::vector<Snap> sites = g.snap_all(std::vector<double>{X0 + 1000, X0 + 10}, std::vector<double>{Y0 + 3, Y0 - 2});
    const std::vector<std::vector<double>> budgets{{20000.0, 800.0}, {9000.0, 30000.0}};
    BlockStats stats;
    const auto got = walk_covered(g, sites, budgets, blocks, &stats);
    const auto snaps = g.snap_all(x, y);
    std::size_t covered = 0;
    for (std::size_t k = 0; k < budgets.size(); ++k) {
        const auto want = walk_covered(g, sites, budgets[k], snaps);
        CHECK(got[k] == want);
        for (auto f : want) covered += f;
    }
    CHECK(covered > 1000);
    CHECK(covered < 2 * x.size() - 1000);
    CHECK(stats.snapped >= 2 * blocks.apart.size());
}

TEST_CASE("walking coverage per block: no roads, no facilities, points at one place", "[walk_blocks]") {
    const std::vector<double> x{X0, X0 + 10, X0 + 10, X0 + 10}, y{Y0, Y0 + 5, Y0 + 5, Y0 + 5};
    SECTION("an empty network covers nobody") {
        const WalkGraph g(std::span<const geos::GeomPtr>{});
        const PointBlocks blocks(g, x, y);
        const auto flags = walk_covered(g, std::vector<Snap>{}, std::vector<double>{}, blocks);
        CHECK(flags == std::vector<std::uint8_t>(4, 0));
    }
    SECTION("one street; points at one place and a facility without budget") {
        std::vector<geos::GeomPtr> roads;
        roads.push_back(geos::from_wkt(fmt::format("LINESTRING({} {}, {} {})", X0 - 100, Y0, X0 + 100, Y0)));
        const WalkGraph g(roads);
        std::vector<double> px(40, X0 + 10), py(40, Y0 + 5);  // forty at one place: the box is a point
        px.push_back(X0 + 90);
        py.push_back(Y0 + 80);
        const PointBlocks blocks(g, px, py);
        const std::vector<Snap> sites = g.snap_all(std::vector<double>{X0, X0 + 50}, std::vector<double>{Y0 + 1, Y0});
        const std::vector<double> budget{20, 0};
        const auto flags = walk_covered(g, sites, budget, blocks);
        CHECK(flags == walk_covered(g, sites, budget, g.snap_all(px, py)));
        CHECK(flags[0] == 1);  // 1 + 10 + 5 = 16 <= 20
        CHECK(flags.back() == 0);
        const WalkGraph other(roads);
        CHECK_THROWS_AS(walk_covered(other, sites, budget, blocks), std::invalid_argument);
    }
    SECTION("budgets without bound or not a number, on a network of two parts") {
        std::vector<geos::GeomPtr> roads;
        roads.push_back(geos::from_wkt(fmt::format("LINESTRING({} {}, {} {}, {} {}, {} {})", X0, Y0, X0 + 120, Y0, X0 + 250, Y0 + 10,
                                                   X0 + 500, Y0)));
        roads.push_back(geos::from_wkt(fmt::format("LINESTRING({} {}, {} {}, {} {})", X0, Y0 + 300, X0 + 200, Y0 + 300, X0 + 500, Y0 + 300)));
        const WalkGraph g(roads);
        std::vector<double> px, py;
        for (int i = 0; i < 400; ++i) {
            px.push_back(X0 - 50 + 1.5 * i);
            py.push_back(Y0 - 40 + 0.97 * i);
        }
        const PointBlocks blocks(g, px, py);
        const std::vector<Snap> sites = g.snap_all(std::vector<double>{X0 + 10, X0 + 400}, std::vector<double>{Y0 + 5, Y0 + 290});
        for (const std::vector<double>& budget : {std::vector<double>{INFINITY, 50}, std::vector<double>{NAN, 120}}) {
            const auto flags = walk_covered(g, sites, budget, blocks);
            CHECK(flags == walk_covered(g, sites, budget, g.snap_all(px, py)));
        }
    }
}

TEST_CASE("walking coverage per block: -0 and +0 are one junction, and a segment too short for the bounds is costed exactly", "[walk_blocks]") {
    auto same_flags = [](const WalkGraph& g, double fx, double fy, const std::vector<std::vector<double>>& budgets,
                         const std::vector<double>& x, const std::vector<double>& y) {
        const std::vector<Snap> sites = g.snap_all(std::vector<double>{fx}, std::vector<double>{fy});
        const PointBlocks blocks(g, x, y);
        const auto got = walk_covered(g, sites, budgets, blocks);
        const auto snaps = g.snap_all(x, y);
        std::size_t differ = 0;
        for (std::size_t k = 0; k < budgets.size(); ++k) {
            const auto want = walk_covered(g, sites, budgets[k], snaps);
            for (std::size_t r = 0; r < want.size(); ++r) differ += want[r] != got[k][r] ? 1 : 0;
        }
        return differ;
    };
    {  // A dead-end way from (0, 0) to (-0, 0) is one node, not a segment of length 0 between two nodes (whose
       // bounds would be NaN), and its residents get walk_covered's flags.
        std::vector<geos::GeomPtr> roads;
        roads.push_back(geos::from_wkt("LINESTRING(0 0, -0 0)"));
        roads.push_back(geos::from_wkt("LINESTRING(-200 30, 200 30)"));
        const WalkGraph g(roads);
        CHECK(g.segment_count() == 1);
        std::vector<double> x, y;
        for (int i = 0; i < 40; ++i) x.push_back(-4 + 0.2 * i), y.push_back(-3 + 0.1 * i);
        CHECK(same_flags(g, 0, 31, {{200.0}, {20.0}}, x, y) == 0);
        // Streets that meet at (-0, 0) and (0, 0) are joined there.
        std::vector<geos::GeomPtr> cross;
        cross.push_back(geos::from_wkt("LINESTRING(-0 0, 0 -300)"));
        cross.push_back(geos::from_wkt("LINESTRING(0 0, 300 0)"));
        CHECK(WalkGraph(cross).component_count() == 1);
    }
    {  // 1e-170 m long: its squared length underflows to 0, so its fractions and normal are not finite.
        std::vector<geos::GeomPtr> roads;
        roads.push_back(geos::from_wkt("LINESTRING(0 0, 1e-170 0)"));
        roads.push_back(geos::from_wkt("LINESTRING(1000 0, 1001 0)"));
        const WalkGraph g(roads);
        REQUIRE(g.segment_count() == 2);
        std::vector<double> x, y;
        for (int i = 0; i < 50; ++i) x.push_back(1 + i), y.push_back(2 + 0.5 * i);
        CHECK(same_flags(g, 1000.5, 1, {{10.0}, {2000.0}}, x, y) == 0);
    }
}

TEST_CASE("walking coverage per block against searches made before the points are there", "[walk_blocks]") {
    std::mt19937 rng(77);
    std::vector<geos::GeomPtr> roads;
    lattice(roads, rng, X0, Y0, 18, 150, 0.1);
    const WalkGraph g(roads);
    std::vector<double> fx, fy, budget;
    facilities(rng, X0 + 2600, Y0 + 2600, 30, fx, fy, budget);
    const std::vector<Snap> sites = g.snap_all(fx, fy);
    std::vector<double> smaller, none(budget.size(), 0.0), larger;
    for (double b : budget) {
        smaller.push_back(0.6 * b);
        larger.push_back(1.4 * b);
    }
    // Eleven budgets: more than one pass over the blocks takes, and one that covers nobody in the middle.
    std::vector<std::vector<double>> budgets{budget, smaller, none, larger};
    for (int k = 0; k < 7; ++k) budgets.push_back(k % 2 ? smaller : budget);
    const WalkSearches searches(g, sites, budgets);  // before any point
    REQUIRE(searches.size() == budgets.size());
    const Case c = residents(g, sites, budget, rng, X0 + 2600, Y0 + 2600, 12000);
    const PointBlocks blocks(g, c.x, c.y);
    const auto expected = walk_covered(g, sites, budgets, blocks);
    const auto snaps = g.snap_all(c.x, c.y);
    const auto all = walk_covered(searches, blocks);
    REQUIRE(all == expected);
    for (std::size_t k = 0; k < budgets.size(); ++k) {  // each against walk_covered on the snaps, on its own
        INFO(k);
        REQUIRE(all[k] == walk_covered(g, sites, budgets[k], snaps));
    }
    REQUIRE(std::count(all[2].begin(), all[2].end(), 1) == 0);
    const auto some = walk_covered(searches, blocks, nullptr, 3);  // the first three
    REQUIRE(some.size() == 3);
    for (std::size_t k = 0; k < 3; ++k) REQUIRE(some[k] == expected[k]);
    CHECK(std::count(all[0].begin(), all[0].end(), 1) > 1000);
    CHECK(std::count(all[0].begin(), all[0].end(), 0) > 1000);
    // Points bucketed on another graph are refused.
    const WalkGraph other(roads);
    const PointBlocks elsewhere(other, c.x, c.y);
    REQUIRE_THROWS_AS(walk_covered(searches, elsewhere), std::invalid_argument);
}
