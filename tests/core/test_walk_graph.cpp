#include "core/walk_coverage.h"
#include "core/walk_graph.h"

#include <catch2/catch.hpp>
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <random>
#include <string>

using namespace hcgis;

namespace {

std::vector<geos::GeomPtr> lines(std::initializer_list<const char*> wkt) {
    std::vector<geos::GeomPtr> v;
    for (const char* w : wkt) v.push_back(geos::from_wkt(w));
    return v;
}

// Two streets on either bank of a river (y = 0 and y = 200) joined by one bridge at x = 900, which shares
// its end vertices with both streets. A flyover crosses the south street at x = 500 without a common vertex.
std::vector<geos::GeomPtr> river_town() {
    return lines({"LINESTRING(0 0, 500 0, 900 0, 1000 0)",      // south street
                  "LINESTRING(0 200, 500 200, 900 200, 1000 200)",  // north street
                  "LINESTRING(900 0, 900 200)",                 // the bridge
                  "LINESTRING(500 -300, 500 300)",              // flyover: no junction with anything
                  "LINESTRING(1000 0, 1000 -150)"});            // a dead end
}

/// Walking distance from facility (fx, fy) to resident (rx, ry), unbounded.
double walk(const WalkGraph& g, double fx, double fy, double rx, double ry) {
    const Snap f = g.snap(fx, fy), r = g.snap(rx, ry);
    const double budget = 1e9;
    const auto cov = walk_coverage(g, std::vector<Snap>{f}, std::vector<double>{budget}, std::vector<Snap>{r});
    return cov.distance[0];
}

}  // namespace

TEST_CASE("ways join only where they share a vertex", "[walk_graph]") {
    auto roads = river_town();
    WalkGraph g(roads);
    // Nodes: south 4, north 4, flyover 2, dead end 1 more; the bridge adds none.
    CHECK(g.node_count() == 11);
    CHECK(g.segment_count() == 3 + 3 + 1 + 1 + 1);
    CHECK(g.component_count() == 2);  // the town, and the flyover on its own
}

TEST_CASE("snapping finds the nearest point of the nearest segment", "[walk_graph]") {
    auto roads = river_town();
    WalkGraph g(roads);
    const Snap s = g.snap(100, -10);
    CHECK(s.leg == Approx(10));
    CHECK(s.x == Approx(100));
    CHECK(s.y == Approx(0));
    CHECK(s.t == Approx(0.2));  // 100 m along the 500 m segment
    // Far outside the network's extent still finds it.
    const Snap far = g.snap(-5000, 100);
    CHECK(far.leg == Approx(std::hypot(5000.0, 100.0)).epsilon(1e-9));
    // The same answers as a brute-force scan over all segments, for random points.
    std::mt19937 rng(3);
    std::uniform_real_distribution<double> ux(-400, 1400), uy(-500, 500);
    for (int i = 0; i < 2000; ++i) {
        const double x = ux(rng), y = uy(rng);
        double best = 1e18;
        for (std::size_t k = 0; k < g.segment_count(); ++k) {
            double t;
            const auto a = static_cast<std::size_t>(g.segment_a(k)), b = static_cast<std::size_t>(g.segment_b(k));
            best = std::min(best, point_segment_distance(x, y, g.node_x(a), g.node_y(a), g.node_x(b), g.node_y(b), t));
        }
        REQUIRE(g.snap(x, y).leg == Approx(best).margin(1e-9));
    }
}

TEST_CASE("a river with one bridge: the walk goes round by the bridge", "[walk_graph]") {
    auto roads = river_town();
    WalkGraph g(roads);
    // Facility 10 m south of the south street at x = 100; resident 10 m north of the north street.
    // Straight line: 220 m. Walk: 10 + 800 to the bridge + 200 across + 800 back + 10.
    CHECK(walk(g, 100, -10, 100, 210) == Approx(1820));
}

TEST_CASE("a flyover is no junction", "[walk_graph]") {
    auto roads = river_town();
    WalkGraph g(roads);
    // The resident stands by the flyover, which touches the south street only in plan.
    CHECK(std::isinf(walk(g, 100, -10, 510, 250)));
    // A walk along the flyover itself works.
    CHECK(walk(g, 505, -250, 495, 250) == Approx(5 + 500 + 5));
}

TEST_CASE("facility and resident on the same segment reach each other along it", "[walk_graph]") {
    auto roads = river_town();
    WalkGraph g(roads);
    CHECK(walk(g, 100, 5, 400, -5) == Approx(5 + 300 + 5));
    // Mid-edge facility, resident on the next segment: through the shared node.
    CHECK(walk(g, 400, 5, 700, -5) == Approx(5 + 100 + 200 + 5));
    // Into a dead end.
    CHECK(walk(g, 950, 5, 1010, -140) == Approx(5 + 50 + 140 + 10));
}

TEST_CASE("one multi-source search: nearest facility, budgets per facility, and the bound", "[walk_graph]") {
    auto roads = river_town();
    WalkGraph g(roads);
    const std::vector<Snap> fac = {g.snap(0, -10), g.snap(1000, 190)};
    const std::vector<Snap> res = {g.snap(300, 10),   // 10 + 300 + 10 from facility 0
                                   g.snap(800, 210),  // 10 + 200 + 10 from facility 1
                                   g.snap(700, -10),  // 710 + 10 from 0; 10 + 100 + 200 + 200 + 10 = 520 from 1
                                   g.snap(510, 250)};  // by the flyover: unreachable
    SECTION("the same budget for all") {
        const std::vector<double> budget = {600, 600};
        const auto cov = walk_coverage(g, fac, budget, res, 10000);
        CHECK(cov.covered == std::vector<std::uint8_t>{1, 1, 1, 0});
        CHECK(cov.facility == std::vector<std::int32_t>{0, 1, 1, -1});
        CHECK(cov.distance[0] == Approx(320));
        CHECK(cov.distance[1] == Approx(220));
        CHECK(cov.distance[2] == Approx(520));
        CHECK(std::isinf(cov.distance[3]));
    }
    SECTION("budgets differ: the facility with most to spare serves") {
        const std::vector<double> budget = {1000, 300};
        const auto cov = walk_coverage(g, fac, budget, res, 0);
        CHECK(cov.covered == std::vector<std::uint8_t>{1, 1, 1, 0});
        CHECK(cov.facility[2] == 0);  // 1000 - 720 = 280 to spare, against 300 - 520 < 0
        CHECK(cov.distance[2] == Approx(720));
    }
    SECTION("beyond the bound nothing is reported") {
        const std::vector<double> budget = {250, 250};
        const auto cov = walk_coverage(g, fac, budget, res, 0);
        CHECK(cov.covered == std::vector<std::uint8_t>{0, 1, 0, 0});
        CHECK(cov.facility[0] == -1);
    }
}

TEST_CASE("an empty network snaps nothing and covers nobody", "[walk_graph]") {
    std::vector<geos::GeomPtr> none;
    WalkGraph g(none);
    CHECK(g.snap(0, 0).seg == -1);
    const auto cov = walk_coverage(g, std::vector<Snap>{g.snap(0, 0)}, std::vector<double>{800},
                                   std::vector<Snap>{g.snap(1, 1)});
    CHECK(cov.covered[0] == 0);
}

TEST_CASE("non-walkable lines are left out", "[walk_graph]") {
    auto roads = river_town();
    const std::vector<std::uint8_t> use = {1, 1, 0, 1, 1};  // the bridge is closed
    WalkGraph g(roads, use);
    CHECK(std::isinf(walk(g, 100, -10, 100, 210)));
}

TEST_CASE("walking coverage agrees with all-pairs shortest paths, sources on residents' segments included",
          "[walk_graph]") {
    // A jittered street grid: 9 × 9 junctions, 144 segments (more than one 64-bit word of has_source).
    std::mt19937 rng(41);
    std::uniform_real_distribution<double> jit(-15, 15);
    double jx[9][9], jy[9][9];
    for (int i = 0; i < 9; ++i)
        for (int j = 0; j < 9; ++j) {
            jx[i][j] = i * 100 + jit(rng);
            jy[i][j] = j * 100 + jit(rng);
        }
    std::vector<geos::GeomPtr> roads;
    for (int a = 0; a < 9; ++a) {
        std::string h = "LINESTRING(", v = "LINESTRING(";
        for (int b = 0; b < 9; ++b) {
            if (b > 0) {
                h += ", ";
                v += ", ";
            }
            h += std::to_string(jx[b][a]) + " " + std::to_string(jy[b][a]);
            v += std::to_string(jx[a][b]) + " " + std::to_string(jy[a][b]);
        }
        roads.push_back(geos::from_wkt(h + ")"));
        roads.push_back(geos::from_wkt(v + ")"));
    }
    const WalkGraph g(roads);
    REQUIRE(g.segment_count() == 144);
    const std::size_t n = g.node_count();
    // Floyd-Warshall over the junctions: the independent shortest paths.
    std::vector<double> d(n * n, 1e18);
    for (std::size_t k = 0; k < n; ++k) d[k * n + k] = 0;
    for (std::size_t s = 0; s < g.segment_count(); ++s) {
        const auto a = static_cast<std::size_t>(g.segment_a(s)), b = static_cast<std::size_t>(g.segment_b(s));
        d[a * n + b] = d[b * n + a] = std::min(d[a * n + b], g.segment_length(s));
    }
    for (std::size_t k = 0; k < n; ++k)
        for (std::size_t i = 0; i < n; ++i)
            for (std::size_t j = 0; j < n; ++j) d[i * n + j] = std::min(d[i * n + j], d[i * n + k] + d[k * n + j]);
    auto walk_between = [&](const Snap& f, const Snap& r) {
        const auto fs = static_cast<std::size_t>(f.seg), rs = static_cast<std::size_t>(r.seg);
        const double fa = f.t * g.segment_length(fs), fb = (1 - f.t) * g.segment_length(fs);
        const double ra = r.t * g.segment_length(rs), rb = (1 - r.t) * g.segment_length(rs);
        const auto f0 = static_cast<std::size_t>(g.segment_a(fs)), f1 = static_cast<std::size_t>(g.segment_b(fs));
        const auto r0 = static_cast<std::size_t>(g.segment_a(rs)), r1 = static_cast<std::size_t>(g.segment_b(rs));
        double best = std::min({fa + d[f0 * n + r0] + ra, fa + d[f0 * n + r1] + rb, fb + d[f1 * n + r0] + ra,
                                fb + d[f1 * n + r1] + rb});
        if (fs == rs) best = std::min(best, std::abs(f.t - r.t) * g.segment_length(fs));
        return f.leg + best + r.leg;
    };
    std::uniform_real_distribution<double> u(-50, 850), ub(100, 600);
    std::vector<Snap> fac, res;
    std::vector<double> budget;
    for (int k = 0; k < 25; ++k) {
        fac.push_back(g.snap(u(rng), u(rng)));
        budget.push_back(ub(rng));
    }
    for (int k = 0; k < 3000; ++k) {
        if (k % 3 == 0) {  // a third next to a facility's segment, so that many share one with a source
            const Snap& f = fac[static_cast<std::size_t>(k / 3) % fac.size()];
            res.push_back(g.snap(f.x + jit(rng), f.y + jit(rng)));
        } else {
            res.push_back(g.snap(u(rng), u(rng)));
        }
    }
    const auto cov = walk_coverage(g, fac, budget, res, 1e6);
    const auto flags = walk_covered(g, fac, budget, res);
    REQUIRE(flags.size() == res.size());
    std::size_t shared = 0, served = 0;
    for (std::size_t r = 0; r < res.size(); ++r) {
        double spare = 1e18;  // least (walk - budget) over the facilities
        for (std::size_t f = 0; f < fac.size(); ++f) {
            spare = std::min(spare, walk_between(fac[f], res[r]) - budget[f]);
            if (fac[f].seg == res[r].seg) ++shared;
        }
        REQUIRE(cov.facility[r] >= 0);
        const auto f = static_cast<std::size_t>(cov.facility[r]);
        REQUIRE(cov.distance[r] - budget[f] == Approx(spare).margin(1e-6));
        REQUIRE(cov.distance[r] == Approx(walk_between(fac[f], res[r])).margin(1e-6));
        REQUIRE(cov.covered[r] == (spare <= 1e-6 ? 1 : 0));
        REQUIRE(flags[r] == (spare <= 1e-6 ? 1 : 0));
        served += flags[r];
    }
    CHECK(shared > 500);
    CHECK(served == res.size());  // the budgets above serve everyone: a tenth of them serve some
    std::vector<double> tight(budget);
    for (double& b : tight) b *= 0.1;
    const auto some = walk_covered(g, fac, tight, res);
    std::size_t in = 0;
    for (std::size_t r = 0; r < res.size(); ++r) {
        double spare = 1e18;
        for (std::size_t f = 0; f < fac.size(); ++f) spare = std::min(spare, walk_between(fac[f], res[r]) - tight[f]);
        REQUIRE(some[r] == (spare <= 1e-6 ? 1 : 0));
        in += some[r];
    }
    CHECK(in > 100);
    CHECK(in < res.size() - 100);
}

namespace {

/// The nearest segment by a scan over all of them, with snap's own arithmetic and tie rule (the lower
/// segment id at an equal squared distance): what the grid search must give bit for bit.
Snap snap_by_scan(const WalkGraph& g, double x, double y) {
    Snap best;
    double best2 = std::numeric_limits<double>::infinity();
    for (std::size_t s = 0; s < g.segment_count(); ++s) {
        const auto a = static_cast<std::size_t>(g.segment_a(s)), b = static_cast<std::size_t>(g.segment_b(s));
        const double ax = g.node_x(a), ay = g.node_y(a), dx = g.node_x(b) - ax, dy = g.node_y(b) - ay;
        const double len2 = dx * dx + dy * dy;
        const double t = len2 > 0 ? std::clamp(((x - ax) * dx + (y - ay) * dy) / len2, 0.0, 1.0) : 0.0;
        const double ex = ax + t * dx - x, ey = ay + t * dy - y;
        const double d2 = ex * ex + ey * ey;
        if (d2 < best2) {  // s rises, so an equal distance keeps the lower id
            best2 = d2;
            best.seg = static_cast<std::int32_t>(s);
            best.t = t;
        }
    }
    best.leg = std::sqrt(best2);
    return best;
}

std::string wkt_line(const std::vector<std::pair<double, double>>& pts) {
    std::string w = "LINESTRING(";
    for (std::size_t k = 0; k < pts.size(); ++k) w += (k ? ", " : "") + fmt::format("{:.17g} {:.17g}", pts[k].first, pts[k].second);
    return w + ")";
}

/// Snaps every point and compares with the scan; returns how many points were checked.
std::size_t check_against_scan(const WalkGraph& g, const std::vector<std::pair<double, double>>& points) {
    std::size_t checked = 0;
    for (const auto& [x, y] : points) {
        const Snap s = g.snap(x, y), want = snap_by_scan(g, x, y);
        INFO("point " << fmt::format("{:.17g} {:.17g}", x, y));
        REQUIRE(s.seg == want.seg);
        REQUIRE(s.t == want.t);
        REQUIRE(s.leg == want.leg);
        ++checked;
    }
    return checked;
}

}  // namespace

TEST_CASE("the pruned grid search snaps bit for bit as a scan over every segment", "[walk_graph]") {
    std::mt19937 rng(20);
    // At projected coordinates' magnitudes (EPSG:4549), where rounding is largest.
    const double X0 = 500000, Y0 = 3800000;
    SECTION("random streets, long diagonals among short ones") {
        std::vector<geos::GeomPtr> roads;
        std::uniform_real_distribution<double> u(0, 3000), ang(0, 2 * M_PI), shortlen(5, 60), longlen(800, 2500);
        for (int k = 0; k < 400; ++k) {
            // Every tenth a long diagonal: listed in many cells its box touches but does not cross, with its
            // nearest point to a resident often cells away from the resident's own cell.
            const double x = X0 + u(rng), y = Y0 + u(rng), a = ang(rng), len = k % 10 == 0 ? longlen(rng) : shortlen(rng);
            roads.push_back(geos::from_wkt(wkt_line({{x, y}, {x + len * std::cos(a), y + len * std::sin(a)}})));
        }
        const WalkGraph g(roads);
        std::vector<std::pair<double, double>> points;
        std::uniform_real_distribution<double> up(-500, 3500), far(-30000, 30000);
        for (int k = 0; k < 20000; ++k) points.emplace_back(X0 + up(rng), Y0 + up(rng));
        for (int k = 0; k < 300; ++k) points.emplace_back(X0 + far(rng), Y0 + far(rng));  // far off the grid
        // On a segment's nodes and midpoints: distance 0, often to several segments at once.
        for (std::size_t s = 0; s < g.segment_count(); ++s) {
            const auto a = static_cast<std::size_t>(g.segment_a(s)), b = static_cast<std::size_t>(g.segment_b(s));
            points.emplace_back(g.node_x(a), g.node_y(a));
            points.emplace_back(0.5 * (g.node_x(a) + g.node_x(b)), 0.5 * (g.node_y(a) + g.node_y(b)));
        }
        CHECK(check_against_scan(g, points) == points.size());
        // All at once (over 20,000 points: in chunks on every core), each in its own place.
        std::vector<double> xs, ys;
        for (const auto& [x, y] : points) {
            xs.push_back(x);
            ys.push_back(y);
        }
        const std::vector<Snap> all = g.snap_all(xs, ys);
        REQUIRE(all.size() == points.size());
        std::size_t same = 0;
        for (std::size_t k = 0; k < points.size(); ++k) {
            const Snap want = snap_by_scan(g, xs[k], ys[k]);
            same += all[k].seg == want.seg && all[k].t == want.t && all[k].leg == want.leg ? 1 : 0;
        }
        CHECK(same == points.size());
        // Walking coverage of them all (over 50,000 residents: in chunks) as of each slice of 997 (serial).
        std::vector<Snap> many;
        while (many.size() < 120000) many.insert(many.end(), all.begin(), all.end());
        std::vector<Snap> sites(all.begin(), all.begin() + 40);
        std::vector<double> budget(sites.size());
        for (std::size_t f = 0; f < sites.size(); ++f) budget[f] = 200.0 + 37.0 * static_cast<double>(f);
        const WalkCoverage whole = walk_coverage(g, sites, budget, many, 300);
        std::size_t agree = 0, covered = 0;
        for (std::size_t b = 0; b < many.size(); b += 997) {
            const std::size_t e = std::min(many.size(), b + 997);
            const WalkCoverage part = walk_coverage(g, sites, budget, std::span<const Snap>(many).subspan(b, e - b), 300);
            for (std::size_t r = b; r < e; ++r) {
                agree += whole.covered[r] == part.covered[r - b] && whole.facility[r] == part.facility[r - b] &&
                                 (whole.distance[r] == part.distance[r - b])
                             ? 1
                             : 0;
                covered += whole.covered[r];
            }
        }
        CHECK(agree == many.size());
        const std::vector<std::uint8_t> flags = walk_covered(g, sites, budget, many);
        const WalkCoverage within = walk_coverage(g, sites, budget, many);
        CHECK(flags == within.covered);
        CHECK(covered > 1000);  // the test means something: many residents are served
    }
    SECTION("a lattice of streets: ties between segments equally near") {
        // 40 × 40 blocks of 25 m (whole metres, so distances to the lattice are exact and ties are real):
        // a block's centre is equally near its four sides, a junction lies on four segments.
        std::vector<geos::GeomPtr> roads;
        for (int a = 0; a <= 40; ++a) {
            std::vector<std::pair<double, double>> h, v;
            for (int b = 0; b <= 40; ++b) {
                h.emplace_back(X0 + 25.0 * b, Y0 + 25.0 * a);
                v.emplace_back(X0 + 25.0 * a, Y0 + 25.0 * b);
            }
            roads.push_back(geos::from_wkt(wkt_line(h)));
            roads.push_back(geos::from_wkt(wkt_line(v)));
        }
        const WalkGraph g(roads);
        std::vector<std::pair<double, double>> points;
        std::size_t ties = 0;
        for (int i = -4; i <= 164; ++i)
            for (int j = -4; j <= 164; ++j) points.emplace_back(X0 + 6.25 * i, Y0 + 6.25 * j);  // centres, junctions, sides
        for (const auto& [x, y] : points) {
            // Count the points whose nearest distance is shared by two segments or more.
            const Snap s = snap_by_scan(g, x, y);
            std::size_t at_best = 0;
            for (std::size_t k = 0; k < g.segment_count(); ++k) {
                double t;
                const auto a = static_cast<std::size_t>(g.segment_a(k)), b = static_cast<std::size_t>(g.segment_b(k));
                if (point_segment_distance(x, y, g.node_x(a), g.node_y(a), g.node_x(b), g.node_y(b), t) == s.leg) ++at_best;
            }
            if (at_best > 1) ++ties;
        }
        CHECK(ties > 10000);
        CHECK(check_against_scan(g, points) == points.size());
    }
}
