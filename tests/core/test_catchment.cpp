#include "core/catchment.h"
#include "core/walk_coverage.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <numbers>
#include <random>

using namespace hcgis;

namespace {

// Two streets 300 m apart across a river, joined by one bridge at x = 1500; a cul-de-sac runs south from
// the south street at x = 500. Every junction is a shared vertex; no roads cross without one.
std::vector<geos::GeomPtr> town() {
    std::vector<geos::GeomPtr> v;
    for (const char* w : {"LINESTRING(0 0, 250 0, 500 0, 750 0, 1000 0, 1250 0, 1500 0, 1750 0, 2000 0)",
                          "LINESTRING(0 300, 500 300, 1000 300, 1500 300, 2000 300)",
                          "LINESTRING(1500 0, 1500 300)",
                          "LINESTRING(500 0, 500 -400)"})
        v.push_back(geos::from_wkt(w));
    return v;
}

bool inside(const GEOSGeometry* area, double x, double y) {
    const auto pt = geos::make_point(x, y);
    const char r = GEOSIntersects_r(geos::ctx(), area, pt.get());
    REQUIRE(r != 2);
    return r == 1;
}

}  // namespace

TEST_CASE("reachable roads stop where the budget runs out", "[catchment]") {
    auto roads = town();
    WalkGraph g(roads);
    const Snap f = g.snap(250, -20);  // leg 20
    const auto lines = reachable_roads(g, f, 800);
    // West 250 m to the end, east 780 m (to x = 1030), and the whole 400 m cul-de-sac (it costs 270 + 400).
    CHECK(geos::length(lines.get()) == Approx(250 + 780 + 400).epsilon(1e-9));
    CHECK(geos::is_empty(reachable_roads(g, f, 15).get()));  // the leg alone is over budget
}

TEST_CASE("a catchment never covers a place whose walk exceeds budget + half-width", "[catchment]") {
    auto roads = town();
    WalkGraph g(roads);
    const double budget = 800, half_width = 50;
    const Snap f = g.snap(250, -20);
    const auto area = catchment(g, f, budget, half_width);
    REQUIRE_FALSE(geos::is_empty(area.get()));

    std::mt19937 rng(11);
    std::uniform_real_distribution<double> ux(-100, 2100), uy(-500, 400);
    std::size_t in = 0, near_and_reached = 0;
    for (int i = 0; i < 20000; ++i) {
        const double x = ux(rng), y = uy(rng);
        const Snap r = g.snap(x, y);
        const auto cov = walk_coverage(g, std::vector<Snap>{f}, std::vector<double>{budget}, std::vector<Snap>{r}, 1e9);
        const double walk = cov.distance[0];
        if (inside(area.get(), x, y)) {
            ++in;
            INFO("point " << x << " " << y << " walks " << walk);
            REQUIRE(walk <= budget + half_width + 1e-6);
        }
        // And it covers every place close to a road it reaches, with budget to spare.
        if (r.leg <= half_width - 1 && walk <= budget - 1) {
            ++near_and_reached;
            INFO("point " << x << " " << y << " walks " << walk);
            REQUIRE(inside(area.get(), x, y));
        }
    }
    CHECK(in > 500);
    CHECK(near_and_reached > 500);
    // Across the river, 320 m away in a straight line, is out of reach.
    CHECK_FALSE(inside(area.get(), 250, 310));
    // The square end at x = 1030: just before it in, just beyond it out.
    CHECK(inside(area.get(), 1025, 30));
    CHECK_FALSE(inside(area.get(), 1040, 30));
}

TEST_CASE("a catchment keeps the outer corner of a bend its budget runs out just past", "[catchment]") {
    // An L of two roads; the facility 470 m before the bend, budget 500: the bend is reached with 25 m to
    // spare (475 m), less than the half-width, and the road beyond it for 25 m. Places in the bend's outer
    // corner walk to the bend itself: (1001, -1) walks 476 m and is in (a square end would cut it off).
    std::vector<geos::GeomPtr> roads;
    roads.push_back(geos::from_wkt("LINESTRING(0 0, 1000 0, 1000 1000)"));
    const WalkGraph g(roads);
    const double budget = 500, half_width = 50;
    const Snap f = g.snap(530, -5);
    const auto area = catchment(g, f, budget, half_width);
    REQUIRE(geos::is_valid(area.get()));
    CHECK(inside(area.get(), 1001, -1));
    CHECK(inside(area.get(), 1015, -15));   // 21.2 m from the bend: walks 496 m
    CHECK_FALSE(inside(area.get(), 1030, -30));  // 42 m: walks 517 m, past the budget and off the roads' ends
    // Both promises of the catchment round the bend: every place near a road it reaches with budget to
    // spare is in; and a place in the outer corner (whose nearest road point is the bend) walks at most
    // budget + half-width. (Inside the bend the two roads are nearer each other than twice the half-width,
    // where the first promise is not made: a place in one road's rectangle may lie nearer the other road.)
    std::mt19937 rng(3);
    std::uniform_real_distribution<double> ux(900, 1100), uy(-100, 100);
    std::size_t in_corner = 0, near_and_reached = 0;
    for (int i = 0; i < 20000; ++i) {
        const double x = ux(rng), y = uy(rng);
        const Snap r = g.snap(x, y);
        const double walk = walk_coverage(g, std::vector<Snap>{f}, std::vector<double>{budget}, std::vector<Snap>{r}, 1e9).distance[0];
        INFO("point " << x << " " << y << " walks " << walk);
        if (x > 1000 && y < 0 && inside(area.get(), x, y)) {
            ++in_corner;
            REQUIRE(walk <= budget + half_width + 1e-6);
        }
        if (r.leg <= half_width - 1 && walk <= budget - 1) {
            ++near_and_reached;
            REQUIRE(inside(area.get(), x, y));
        }
    }
    CHECK(in_corner > 100);
    CHECK(near_and_reached > 1000);
}

TEST_CASE("a catchment ends square where the budget runs out mid-edge", "[catchment]") {
    // One street, a source at either end, each with a budget too short to meet the other.
    std::vector<geos::GeomPtr> roads;
    roads.push_back(geos::from_wkt("LINESTRING(0 0, 1000 0)"));
    WalkGraph g(roads);
    const auto a = catchment(g, g.snap(0, 0), 450, 50);
    const auto b = catchment(g, g.snap(1000, 0), 450, 50);
    CHECK(inside(a.get(), 440, 0));
    CHECK_FALSE(inside(a.get(), 460, 0));
    CHECK(geos::area(a.get()) == Approx(450 * 100 + 3.14159 * 50 * 50 / 2).epsilon(0.01));  // round start, square tip
    CHECK_FALSE(inside(b.get(), 500, 0));
}

TEST_CASE("squaring a tip keeps what another reached road covers", "[catchment]") {
    // A short east-west street with a branch north from its middle; the budget runs out 30 m up the branch.
    std::vector<geos::GeomPtr> roads;
    roads.push_back(geos::from_wkt("LINESTRING(480 0, 500 0, 520 0)"));
    roads.push_back(geos::from_wkt("LINESTRING(500 0, 500 500)"));
    WalkGraph g(roads);
    const auto area = catchment(g, g.snap(500, -5), 35, 50);
    CHECK(inside(area.get(), 470, 40));   // 40 m from the street, which is reached: kept
    CHECK(inside(area.get(), 500, 25));   // on the branch, reached
    CHECK_FALSE(inside(area.get(), 500, 75));  // beyond the tip and further than 50 m from the street
}

namespace {

/// The catchment as its definition draws it, computed apart from catchment(): node costs from the
/// multi-source search (not the bounded local one), each segment's reached fractions from them, and the
/// round parts as GEOS's round buffers with 32 segments a quarter circle (0.06 m inside the circle):
/// whole reached segments with round ends, cut pieces with flat ends, a disk at every junction a cut piece
/// leaves with a half-width of budget to spare.
geos::GeomPtr defined_catchment(const WalkGraph& g, const Snap& f, double budget, double hw) {
    const WalkGraph::Source src{f, 0.0, 0};
    const WalkGraph::Field field = g.search(std::span<const WalkGraph::Source>(&src, 1), budget);
    std::vector<geos::GeomPtr> whole, cut, disks, small;
    for (std::size_t s = 0; s < g.segment_count(); ++s) {
        const auto a = static_cast<std::size_t>(g.segment_a(s)), b = static_cast<std::size_t>(g.segment_b(s));
        const double len = g.segment_length(s), ca = field.cost[a], cb = field.cost[b];
        std::vector<std::pair<double, double>> iv;
        if (ca <= budget) iv.emplace_back(0.0, std::min(1.0, (budget - ca) / len));
        if (cb <= budget) iv.emplace_back(std::max(0.0, 1.0 - (budget - cb) / len), 1.0);
        if (static_cast<std::int32_t>(s) == f.seg && f.leg <= budget)
            iv.emplace_back(std::max(0.0, f.t - (budget - f.leg) / len), std::min(1.0, f.t + (budget - f.leg) / len));
        std::sort(iv.begin(), iv.end());
        std::vector<std::pair<double, double>> merged;
        for (const auto& i : iv) {
            if (!merged.empty() && i.first <= merged.back().second) merged.back().second = std::max(merged.back().second, i.second);
            else merged.push_back(i);
        }
        const double ax = g.node_x(a), ay = g.node_y(a), bx = g.node_x(b), by = g.node_y(b);
        for (const auto& [t0, t1] : merged) {
            if (!(t1 > t0)) continue;
            const geos::XY ends[] = {{ax + t0 * (bx - ax), ay + t0 * (by - ay)}, {ax + t1 * (bx - ax), ay + t1 * (by - ay)}};
            const bool is_whole = t0 == 0.0 && t1 == 1.0;
            (is_whole ? whole : cut).push_back(geos::make_line(ends));
            if (!is_whole) {
                // A junction a cut piece leaves: a disk of the half-width, or of what is left over cos 15°
                // when less than that is, none under a metre left.
                auto disk = [&](double x, double y, double cost) {
                    const double spare = budget - cost;
                    if (spare >= hw) disks.push_back(geos::make_point(x, y));
                    else if (spare >= 1.0) small.push_back(geos::buffer(geos::make_point(x, y).get(), std::min(hw, spare / std::cos(std::numbers::pi / 12)), 32));
                };
                if (t0 == 0.0) disk(ax, ay, ca);
                if (t1 == 1.0) disk(bx, by, cb);
            }
        }
    }
    std::vector<geos::GeomPtr> parts;
    if (!whole.empty()) parts.push_back(geos::buffer(geos::make_collection(std::move(whole), GEOS_MULTILINESTRING).get(), hw, 32));
    if (!cut.empty()) parts.push_back(geos::buffer_flat(geos::make_collection(std::move(cut), GEOS_MULTILINESTRING).get(), hw, 32));
    if (!disks.empty()) parts.push_back(geos::buffer(geos::make_collection(std::move(disks), GEOS_MULTIPOINT).get(), hw, 32));
    for (auto& d : small) parts.push_back(std::move(d));
    std::vector<const GEOSGeometry*> raw;
    for (const auto& p : parts) raw.push_back(p.get());
    return geos::unary_union(raw);
}

/// The area of `a` outside `b` grown by `margin`.
double outside(const GEOSGeometry* a, const GEOSGeometry* b, double margin) {
    return geos::area(geos::difference(a, geos::buffer(b, margin, 8).get()).get());
}

}  // namespace

TEST_CASE("a catchment is its defined shape, the disks 12-gons at most 1.7 m inside their circles", "[catchment]") {
    // The town, a jittered 9 × 9 street lattice (150 m, ±22 m) with two links missing: sources on
    // segments and at junctions, budgets that end mid-edge, at junctions and beyond the network.
    std::vector<geos::GeomPtr> lattice;
    std::mt19937 rng(5);
    std::uniform_real_distribution<double> jitter(-22, 22);
    double nx[9][9], ny[9][9];
    for (int i = 0; i < 9; ++i)
        for (int j = 0; j < 9; ++j) nx[i][j] = 150 * i + jitter(rng), ny[i][j] = 150 * j + jitter(rng);
    for (int i = 0; i < 9; ++i)
        for (int j = 0; j + 1 < 9; ++j) {
            if ((i == 3 && j == 4) || (i == 6 && j == 1)) continue;
            const geos::XY v[] = {{nx[i][j], ny[i][j]}, {nx[i][j + 1], ny[i][j + 1]}};
            const geos::XY h[] = {{nx[j][i], ny[j][i]}, {nx[j + 1][i], ny[j + 1][i]}};
            lattice.push_back(geos::make_line(v));
            lattice.push_back(geos::make_line(h));
        }
    // And junctions 30 m apart, whose disks overlap (drawn by GEOS's buffer of their points, not one by one).
    std::vector<geos::GeomPtr> close;
    for (const char* w : {"LINESTRING(0 0, 200 0, 230 0, 430 0)", "LINESTRING(200 0, 200 200)", "LINESTRING(230 0, 230 -200)"})
        close.push_back(geos::from_wkt(w));
    const auto roads = town();
    const WalkGraph town_graph(roads), lattice_graph(lattice), close_graph(close);
    struct Case {
        const WalkGraph* g;
        double x, y, budget;
    };
    const Case cases[] = {{&town_graph, 250, -20, 800},   {&town_graph, 1500, 150, 420}, {&town_graph, 500, -390, 250},
                          {&lattice_graph, 600, 600, 800}, {&lattice_graph, 620, 590, 330},
                          {&lattice_graph, nx[4][4], ny[4][4], 450}, {&lattice_graph, 10, 1190, 2500},
                          {&close_graph, 100, 10, 400}, {&close_graph, 215, 5, 120}};
    const double hw = 50, gap = hw * (1 - std::cos(std::numbers::pi / 12));  // 1.70 m
    for (const Case& c : cases) {
        INFO("source " << c.x << " " << c.y << " budget " << c.budget);
        const Snap f = c.g->snap(c.x, c.y);
        const auto area = catchment(*c.g, f, c.budget, hw);
        const auto defined = defined_catchment(*c.g, f, c.budget, hw);
        REQUIRE(geos::is_valid(area.get()));
        const double a = geos::area(defined.get());
        REQUIRE(a > 1e4);
        // Never beyond the defined shape (its own 128-gons lie up to 50 m · (1 − cos(π/128)) = 0.015 m
        // inside the circles the 12-gons' vertices are on), never more than the 12-gons' gap inside it.
        CHECK(outside(area.get(), defined.get(), 0.016) < 1e-6);
        CHECK(outside(defined.get(), area.get(), gap + 1e-3) < 1e-6);
        // The 12-gons lose 1 - 3/π = 4.5 % of a disk at most: a few thousandths of the whole.
        CHECK(geos::area(area.get()) <= a);
        CHECK(geos::area(area.get()) > 0.99 * a);
    }
}

TEST_CASE("a smaller junction disk the pieces hold is left out without chaining the pieces through it", "[catchment]") {
    // Three 1 km streets from J = (0, 0) at 0°, 120° and 240°, a facility on each 5 m from J with a
    // budget of 40 m: J is reached with 35 m to spare, a disk of 36.2 m (less than the 50 m half-width),
    // and each street's merged piece runs 40 m from J, so the three rays hold that disk and it goes. Two
    // pieces chained through J would be buffered with a round join of 50 m at J, reaching past the third
    // street's 40 m piece (the review of cov4: 92.7 m² outside the defined shape).
    std::vector<geos::GeomPtr> roads;
    for (const char* w : {"LINESTRING(0 0, 1000 0)", "LINESTRING(0 0, -500 866.0254037844386)", "LINESTRING(0 0, -500 -866.0254037844386)"})
        roads.push_back(geos::from_wkt(w));
    const WalkGraph g(roads);
    const double hw = 50, budget = 40;
    std::vector<CatchmentParts> parts;
    std::vector<geos::GeomPtr> defined;
    for (const double deg : {0.0, 120.0, 240.0}) {
        const double a = deg * std::numbers::pi / 180;
        const Snap f = g.snap(5 * std::cos(a), 5 * std::sin(a));
        parts.push_back(catchment_parts(g, f, budget, hw));
        defined.push_back(defined_catchment(g, f, budget, hw));
    }
    std::vector<const GEOSGeometry*> raw;
    for (const auto& d : defined) raw.push_back(d.get());
    const auto defined_all = geos::unary_union(raw);
    const auto merged = catchment_polygon(g, merge_parts(parts), hw);  // a park of three entrances
    const auto all = catchments_union(g, parts, hw, 1);                // three facilities' union
    CHECK(outside(merged.get(), defined_all.get(), 0.016) < 1e-6);
    CHECK(outside(all.get(), defined_all.get(), 0.016) < 1e-6);
    // 48 m from J at 240°, beside the 240° street's piece beyond its end: outside the defined shape.
    const double px = 48 * std::cos(4 * std::numbers::pi / 3), py = 48 * std::sin(4 * std::numbers::pi / 3);
    CHECK_FALSE(inside(defined_all.get(), px, py));
    CHECK_FALSE(inside(merged.get(), px, py));
    CHECK_FALSE(inside(all.get(), px, py));
    CHECK(geos::area(merged.get()) <= geos::area(defined_all.get()) + 1e-3);
}
