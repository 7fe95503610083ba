#include "core/analysis.h"
#include "core/builtup.h"
#include "core/indicators/park.h"
#include "core/straight_coverage.h"

#include <catch2/catch.hpp>

#include <cmath>
#include <limits>
#include <random>

using namespace hcgis;

TEST_CASE("built-up area is district ∩ union of builtup polygons", "[builtup]") {
    Districts d;
    d.geom.push_back(geos::from_wkt("POLYGON((0 0,100 0,100 100,0 100,0 0))"));
    d.geom.push_back(geos::from_wkt("POLYGON((100 0,200 0,200 100,100 100,100 0))"));
    Layer b;
    b.kind = GeomKind::Polygon;
    // Two overlapping blobs in district 0 (overlap 20 x 100 counted once), one crossing into district 1.
    b.geoms.push_back(geos::from_wkt("POLYGON((0 0,50 0,50 100,0 100,0 0))"));
    b.geoms.push_back(geos::from_wkt("POLYGON((30 0,60 0,60 100,30 100,30 0))"));
    b.geoms.push_back(geos::from_wkt("POLYGON((90 0,130 0,130 50,90 50,90 0))"));
    b.fid = {0, 1, 2};
    const BuiltUp bu = compute_builtup(d, &b);
    REQUIRE(bu.from_layer);
    CHECK(bu.area_m2[0] == Approx(60 * 100 + 10 * 50));
    CHECK(bu.area_m2[1] == Approx(30 * 50));
    CHECK(bu.contains(40, 50));
    CHECK_FALSE(bu.contains(80, 80));
}

TEST_CASE("without a builtup layer the whole district is built-up", "[builtup]") {
    Districts d;
    d.geom.push_back(geos::from_wkt("POLYGON((0 0,100 0,100 100,0 100,0 0))"));
    const BuiltUp bu = compute_builtup(d, nullptr);
    CHECK_FALSE(bu.from_layer);
    CHECK(bu.area_m2[0] == Approx(10000));
    CHECK(bu.contains(500, 500));
}

TEST_CASE("a trail along a shared border is counted once", "[analysis]") {
    City c;
    c.districts.name = {"A", "B"};
    c.districts.code = {"", ""};
    c.districts.population = {1.0, 1.0};
    c.districts.elderly = {std::nullopt, std::nullopt};
    c.districts.geom.push_back(geos::from_wkt("POLYGON((0 0,100 0,100 100,0 100,0 0))"));
    c.districts.geom.push_back(geos::from_wkt("POLYGON((100 0,200 0,200 100,100 100,100 0))"));
    c.districts.fid = {0, 1};
    Layer t;
    t.role = "trails";
    t.kind = GeomKind::Line;
    t.geoms.push_back(geos::from_wkt("LINESTRING(100 0, 100 100)"));  // on the border
    t.geoms.push_back(geos::from_wkt("LINESTRING(10 50, 60 50)"));    // inside A
    t.fid = {0, 1};
    c.layers.emplace("trails", std::move(t));
    Analysis a(c);
    const auto len = a.length_by_district("trails");
    CHECK(len.back() == Approx(150));  // 100 on the border + 50 inside A
    CHECK(len[0] + len[1] == Approx(150));
    CHECK((len[1] == Approx(100) || len[0] == Approx(150)));  // the border stretch went to one side
}

TEST_CASE("parks are sized by the park they belong to, not by feature", "[analysis]") {
    std::vector<geos::GeomPtr> parks;
    parks.push_back(geos::from_wkt("POLYGON((0 0,50 0,50 30,0 30,0 0))"));      // 1500 m²
    parks.push_back(geos::from_wkt("POLYGON((50 0,100 0,100 30,50 30,50 0))"));  // 1500 m², touching: one 3000 m² park
    parks.push_back(geos::from_wkt("POLYGON((500 0,550 0,550 30,500 30,500 0))"));  // 1500 m² alone
    const auto r = indicators::park_radii(parks);
    CHECK(r == std::vector<double>{300, 300, 0});
}

TEST_CASE("straight point coverage equals brute force: nearest site whose own radius reaches", "[straight]") {
    std::mt19937_64 rng(42);
    for (int round = 0; round < 3; ++round) {
        // Sites over 10 km with radii 300/500/1000 m (and some that serve nobody); 120,000 residents, so
        // the search runs on every core; a third round spreads the sites along a line (a degenerate grid).
        std::uniform_real_distribution<double> pos(0, 10000), pick(0, 1);
        std::vector<double> fx, fy, r, rx, ry;
        for (int k = 0; k < 300; ++k) {
            fx.push_back(pos(rng));
            fy.push_back(round == 2 ? 5000.0 : pos(rng));
            const double u = pick(rng);
            r.push_back(u < 0.1 ? 0.0 : u < 0.4 ? 300.0 : u < 0.7 ? 500.0 : 1000.0);
        }
        for (int i = 0; i < 120000; ++i) rx.push_back(pos(rng) * 1.1 - 500), ry.push_back(pos(rng) * 1.1 - 500);
        const std::vector<double> got = point_coverage(fx, fy, r, rx, ry);
        std::size_t covered = 0;
        for (std::size_t i = 0; i < rx.size(); i += 7) {  // every 7th resident against all sites
            double best = std::numeric_limits<double>::infinity();
            for (std::size_t k = 0; k < fx.size(); ++k) {
                const double d = std::hypot(fx[k] - rx[i], fy[k] - ry[i]);
                if (r[k] > 0 && d <= r[k]) best = std::min(best, d);
            }
            INFO("round " << round << " resident " << i);
            if (std::isinf(best)) {
                CHECK(std::isinf(got[i]));
            } else {
                CHECK(got[i] == Approx(best).margin(1e-9));
                ++covered;
            }
        }
        CHECK(covered > 100);  // the test sees both outcomes
    }
}
