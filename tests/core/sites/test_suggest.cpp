#include "core/sites/suggest.h"
#include "core/error.h"

#include <catch2/catch.hpp>

#include <fmt/format.h>

#include <cmath>
#include <string>

using namespace hcgis;
using namespace hcgis::sites;

namespace {

std::string box(double x0, double y0, double x1, double y1) {
    return fmt::format("POLYGON(({0} {1},{2} {1},{2} {3},{0} {3},{0} {1}))", x0, y0, x1, y1);
}

// Two districts of 2 km × 1 km (A west, B east), all built-up, a street grid every 200 m sharing vertices,
// residents every 100 m, one park in A, and two existing toilets in A.
City grid_city() {
    City c;
    c.crs = "EPSG:4549";
    c.districts.name = {"A街道", "B街道"};
    c.districts.code = {"A", "B"};
    c.districts.population = {1.0, 1.0};
    c.districts.elderly = {std::nullopt, std::nullopt};
    c.districts.geom.push_back(geos::from_wkt(box(0, 0, 2000, 1000)));
    c.districts.geom.push_back(geos::from_wkt(box(2000, 0, 4000, 1000)));
    c.districts.fid = {0, 1};
    Layer roads;
    roads.role = "roads";
    roads.kind = GeomKind::Line;
    for (int i = 0; i <= 20; ++i) {  // north-south streets, vertices at every crossing
        std::string wkt = "LINESTRING(";
        for (int j = 0; j <= 5; ++j) wkt += fmt::format("{}{} {}", j ? "," : "", i * 200, j * 200);
        roads.geoms.push_back(geos::from_wkt(wkt + ")"));
    }
    for (int j = 0; j <= 5; ++j) {  // east-west streets
        std::string wkt = "LINESTRING(";
        for (int i = 0; i <= 20; ++i) wkt += fmt::format("{}{} {}", i ? "," : "", i * 200, j * 200);
        roads.geoms.push_back(geos::from_wkt(wkt + ")"));
    }
    for (std::size_t k = 0; k < roads.geoms.size(); ++k) roads.fid.push_back(static_cast<std::int64_t>(k));
    c.layers.emplace("roads", std::move(roads));
    Layer people;
    people.role = "residents";
    people.kind = GeomKind::Point;
    for (int i = 0; i < 40; ++i)
        for (int j = 0; j < 10; ++j) {
            people.x.push_back(50 + 100 * i);
            people.y.push_back(50 + 100 * j);
            people.fid.push_back(static_cast<std::int64_t>(people.x.size()));
        }
    people.numbers["population"] = std::vector<double>(people.x.size(), 10.0);
    c.layers.emplace("residents", std::move(people));
    Layer park;
    park.role = "parks";
    park.kind = GeomKind::Polygon;
    park.geoms.push_back(geos::from_wkt(box(1000, 300, 1500, 700)));
    park.fid = {0};
    c.layers.emplace("parks", std::move(park));
    Layer wc;
    wc.role = "toilets";
    wc.kind = GeomKind::Point;
    wc.x = {200, 600};
    wc.y = {200, 800};
    wc.fid = {0, 1};
    wc.numbers["class"] = {2, 3};
    c.layers.emplace("toilets", std::move(wc));
    return c;
}

bool in_park(double x, double y) { return x >= 1000 && x <= 1500 && y >= 300 && y <= 700; }

}  // namespace

TEST_CASE("toilets to target: a quota per district from the density target", "[suggest]") {
    const City city = grid_city();
    Analysis a(city);
    SuggestOptions o;
    o.facility = "toilets";
    o.to_target = true;
    o.toilet_density_target = 5;
    const SuggestResult r = suggest_sites(a, o);
    REQUIRE(r.districts.size() == 2);
    CHECK(r.mode == Measure::Network);
    // A: 2 km², needs 10, has 2; B: 2 km², needs 10, has none.
    CHECK(r.districts[0].quota == 8);
    CHECK(r.districts[1].quota == 10);
    CHECK(r.districts[0].density_before == Approx(1.0));
    int in_a = 0, in_b = 0;
    for (const auto& s : r.sites) {
        (s.district == 0 ? in_a : in_b)++;
        CHECK_FALSE(in_park(s.x, s.y));  // never inside a park
        for (const auto& t : r.sites)
            if (&t != &s) CHECK(std::hypot(t.x - s.x, t.y - s.y) >= 300 - 1e-9);  // spacing among new ones
        for (auto [ex, ey] : {std::pair{200.0, 200.0}, {600.0, 800.0}})
            CHECK(std::hypot(ex - s.x, ey - s.y) >= 300 - 1e-9);  // and from the existing ones
    }
    CHECK(in_a + in_b == static_cast<int>(r.sites.size()));
    CHECK(in_a <= 8);
    CHECK(in_b <= 10);
    for (const auto& d : r.districts) CHECK(d.density_after >= d.density_before);
    if (in_a + in_b < 18) CHECK_FALSE(r.notes.empty());  // a shortfall is said, not hidden
}

TEST_CASE("existing facilities stay fixed: new sites go where residents are unserved", "[suggest]") {
    City city = grid_city();
    // Existing fitness sites cover district A entirely within 800 m of walking.
    Layer fit;
    fit.role = "fitness";
    fit.kind = GeomKind::Point;
    fit.x = {400, 1000, 1600};
    fit.y = {500, 500, 500};
    fit.fid = {0, 1, 2};
    city.layers.emplace("fitness", std::move(fit));
    Analysis a(city);
    SuggestOptions o;
    o.facility = "fitness";
    o.count = 2;
    const SuggestResult r = suggest_sites(a, o);
    REQUIRE(r.sites.size() == 2);
    for (const auto& s : r.sites) {
        CHECK(s.district == 1);  // all the gain is in B
        CHECK(s.new_residents > 0);
        CHECK(s.note.rfind("新增覆盖居民", 0) == 0);
    }
    CHECK(r.districts[1].served_after > r.districts[1].served_before);
    CHECK(r.districts[0].served_after == r.districts[0].served_before);
    // Coverage after the last site equals the district's share after all.
    CHECK(r.sites.back().coverage_after == Approx(r.districts[1].served_after / r.districts[1].residents));
}

TEST_CASE("fitness to target: coverage reaches the target, the unreachable are reported", "[suggest]") {
    City city = grid_city();
    // A resident far from every road: no candidate can reach it within 800 m.
    Layer& people = city.layers.at("residents");
    people.x.push_back(2000);
    people.y.push_back(2500);
    people.fid.push_back(99999);
    people.numbers["population"].push_back(10.0);
    Analysis a(city);
    SuggestOptions o;
    o.facility = "fitness";
    o.to_target = true;
    const SuggestResult r = suggest_sites(a, o);
    CHECK(r.unreachable == Approx(10.0));
    double residents = 0, served = 0;
    for (const auto& d : r.districts) {
        residents += d.residents;
        served += d.served_after;
    }
    CHECK(served == Approx(residents));  // every reachable resident in a district is served
    CHECK_FALSE(r.notes.empty());
}

TEST_CASE("suggest refuses contradictory options", "[suggest]") {
    const City city = grid_city();
    Analysis a(city);
    SuggestOptions o;
    o.facility = "toilets";
    CHECK_THROWS_AS(suggest_sites(a, o), hcgis::UsageError);  // neither count nor target
    o.count = 3;
    o.district = "C街道";
    CHECK_THROWS_AS(suggest_sites(a, o), hcgis::InputError);  // no such district
}

TEST_CASE("fitness to target in one district serves that district only", "[suggest]") {
    const City city = grid_city();
    Analysis a(city);
    SuggestOptions o;
    o.facility = "fitness";
    o.to_target = true;
    o.district = "A街道";
    const SuggestResult r = suggest_sites(a, o);
    REQUIRE_FALSE(r.sites.empty());
    for (const auto& s : r.sites) CHECK(s.district == 0);
    CHECK(r.districts[0].served_after == Approx(r.districts[0].residents));
    // Few sites: none is added for B's residents' sake once A is served.
    SuggestOptions all = o;
    all.district.reset();
    Analysis b(city);
    CHECK(r.sites.size() < suggest_sites(b, all).sites.size());
}

TEST_CASE("p-median: sites that shorten the walk most, with the walk before and after", "[suggest][pmedian]") {
    City city = grid_city();
    Layer fit;  // one existing fitness site in the far west: most residents walk far
    fit.role = "fitness";
    fit.kind = GeomKind::Point;
    fit.x = {200};
    fit.y = {500};
    fit.fid = {0};
    city.layers.emplace("fitness", std::move(fit));
    Analysis a(city);
    SuggestOptions o;
    o.facility = "fitness";
    o.count = 3;
    o.objective = "distance";
    o.max_walk_m = 1500;
    const SuggestResult r = suggest_sites(a, o);
    REQUIRE(r.sites.size() == 3);
    REQUIRE(r.walk.has_value());
    CHECK(r.walk->cap_m == 1500);
    CHECK(r.walk->residents == Approx(4000));  // 400 points of 10
    CHECK(r.walk->mean_after < r.walk->mean_before);
    CHECK(r.walk->p90_after <= r.walk->p90_before);
    CHECK(r.walk->p90_before == Approx(1500));  // most of the east is beyond the cap before
    CHECK(r.walk->mean_before <= 1500);
    CHECK(r.solve.distance);
    CHECK(r.solve.exact);
    CHECK(r.solve.bound <= r.solve.value + 1e-6);
    // The value is the residents' total walk after: the mean times the residents.
    CHECK(r.solve.value == Approx(r.walk->mean_after * r.walk->residents).epsilon(1e-6));
    for (std::size_t k = 0; k < r.sites.size(); ++k) {
        CHECK(r.sites[k].walk_saved > 0);
        if (k > 0) CHECK(r.sites[k].walk_saved <= r.sites[k - 1].walk_saved + 1e-6);
    }
    // Not worse than the greedy and swaps alone; the same when run again.
    SuggestOptions g = o;
    g.exact = false;
    Analysis b(city);
    const SuggestResult rg = suggest_sites(b, g);
    CHECK_FALSE(rg.solve.exact);
    CHECK(r.solve.value <= rg.solve.value + 1e-6);
    Analysis c(city);
    const SuggestResult again = suggest_sites(c, o);
    REQUIRE(again.sites.size() == r.sites.size());
    for (std::size_t k = 0; k < r.sites.size(); ++k) CHECK(again.sites[k].x == r.sites[k].x);
    // p-median needs a count.
    SuggestOptions bad = o;
    bad.count.reset();
    bad.to_target = true;
    Analysis d(city);
    CHECK_THROWS_AS(suggest_sites(d, bad), hcgis::UsageError);
}

TEST_CASE("facilities given as built (the viewer's proposal) count as existing: the suggestion adds to them",
          "[suggest]") {
    const City city = grid_city();
    Analysis a(city);
    SuggestOptions o;
    o.facility = "toilets";
    o.to_target = true;
    const SuggestResult plain = suggest_sites(a, o);
    REQUIRE(plain.districts[1].quota == 10);
    // Three toilets already proposed in B (class III, in the built-up area): B's quota falls by three, and
    // no new site comes nearer to them than the spacing.
    Layer built;
    built.role = "toilets";
    built.kind = GeomKind::Point;
    const Layer& own = *city.layer("toilets");
    built.x = own.x;
    built.y = own.y;
    built.fid = own.fid;
    built.numbers = own.numbers;
    for (double x : {2500.0, 3000.0, 3500.0}) {
        built.x.push_back(x);
        built.y.push_back(500);
        built.fid.push_back(static_cast<std::int64_t>(built.fid.size()));
        built.numbers["class"].push_back(3);
    }
    o.existing = &built;
    const SuggestResult more = suggest_sites(a, o);
    CHECK(more.districts[0].quota == plain.districts[0].quota);
    CHECK(more.districts[1].quota == 7);
    CHECK(more.districts[1].density_before == Approx(1.5));  // 3 toilets over B's 2 km²
    for (const auto& s : more.sites)
        for (double x : {2500.0, 3000.0, 3500.0}) CHECK(std::hypot(x - s.x, 500 - s.y) >= 300 - 1e-9);
    // A layer of another facility is refused.
    built.role = "fitness";
    CHECK_THROWS_AS(suggest_sites(a, o), UsageError);
}
