// Residents spread from population polygons (core/spread.h): every polygon keeps its population exactly,
// on hand-built cases whose shares are worked out by hand in the comments.
#include "core/point_in_district.h"
#include "core/spread.h"

#include <catch2/catch.hpp>

#include <numeric>

using namespace hcgis;

namespace {

geos::GeomPtr rect(double x0, double y0, double x1, double y1) { return geos::make_rectangle(x0, y0, x1, y1); }

Layer polygons(const char* role, std::vector<geos::GeomPtr> geoms) {
    Layer l;
    l.role = role;
    l.kind = GeomKind::Polygon;
    for (std::size_t i = 0; i < geoms.size(); ++i) l.fid.push_back(static_cast<std::int64_t>(i));
    l.geoms = std::move(geoms);
    return l;
}

PopulationUnits one_unit(geos::GeomPtr g, double pop, std::optional<double> old = std::nullopt) {
    PopulationUnits u;
    u.source = "units";
    u.geom.push_back(std::move(g));
    u.population = {pop};
    if (old) u.elderly = {old};
    u.fid = {7};
    u.name = {"甲里"};
    return u;
}

double sum(const std::vector<double>& v) { return std::accumulate(v.begin(), v.end(), 0.0); }

/// Population of `r` per district of `districts` (last slot: outside every one).
std::vector<double> by_district(const Layer& r, const std::vector<geos::GeomPtr>& districts) {
    const DistrictIndex index(districts);
    std::vector<double> out(districts.size() + 1, 0.0);
    const auto where = index.locate_all(r.x, r.y);
    for (std::size_t i = 0; i < where.size(); ++i)
        out[where[i] < 0 ? districts.size() : static_cast<std::size_t>(where[i])] += r.numbers.at("population")[i];
    return out;
}

}  // namespace

TEST_CASE("a polygon with buildings: its population goes to the buildings by floor area, all of it", "[spread]") {
    // The unit is 100 m × 100 m. Building 1 (10-30, 10-30): 400 m² × 2 floors = 800; building 2 (60-80, 60-70):
    // 200 m² × 1 floor = 200. Of 1000 residents, 800 live in the first and 200 in the second; of 100 elderly,
    // 80 and 20. A third building lies outside the unit and takes nobody.
    Layer buildings = polygons("buildings", {});
    buildings.geoms.push_back(rect(10, 10, 30, 30));
    buildings.geoms.push_back(rect(60, 60, 80, 70));
    buildings.geoms.push_back(rect(500, 500, 520, 520));
    buildings.fid = {0, 1, 2};
    buildings.numbers["levels"] = {2, 1, 10};
    SpreadWeights w;
    w.buildings = &buildings;
    const SpreadResult r = spread_population(one_unit(rect(0, 0, 100, 100), 1000, 100.0), {}, w, {});
    const Layer& p = r.residents;
    REQUIRE(p.size() == 2);  // one point per 50 m cell holding weight: (0,0) and (1,1)
    CHECK(sum(p.numbers.at("population")) == Approx(1000).epsilon(1e-12));
    CHECK(sum(p.numbers.at("elderly")) == Approx(100).epsilon(1e-12));
    for (std::size_t i = 0; i < p.size(); ++i) {
        const bool first = p.x[i] < 50;
        CHECK(p.numbers.at("population")[i] == Approx(first ? 800 : 200).margin(1e-9));
        CHECK(p.numbers.at("elderly")[i] == Approx(first ? 80 : 20).margin(1e-9));
        // The point stands inside its building.
        if (first) CHECK((p.x[i] > 10 && p.x[i] < 30 && p.y[i] > 10 && p.y[i] < 30));
        else CHECK((p.x[i] > 60 && p.x[i] < 80 && p.y[i] > 60 && p.y[i] < 70));
        CHECK(p.fid[i] == 7);
    }
    CHECK(r.account.read == 1000);
    CHECK(r.account.dropped == 0);
    CHECK(r.warnings.empty());
}

TEST_CASE("a polygon without buildings falls back to its area, uniformly, and says so", "[spread]") {
    // Buildings exist, but none in this unit (0-100 × 200-300): its 500 residents spread over its four
    // 50 m cells, 125 each, with a warning naming it.
    Layer buildings = polygons("buildings", {});
    buildings.geoms.push_back(rect(10, 10, 30, 30));
    buildings.fid = {0};
    SpreadWeights w;
    w.buildings = &buildings;
    const SpreadResult r = spread_population(one_unit(rect(0, 200, 100, 300), 500), {}, w, {});
    const Layer& p = r.residents;
    REQUIRE(p.size() == 4);
    for (double v : p.numbers.at("population")) CHECK(v == Approx(125).margin(1e-9));
    CHECK(sum(p.numbers.at("population")) == Approx(500).epsilon(1e-12));
    REQUIRE(r.warnings.size() == 1);
    CHECK(r.warnings[0].find("甲里 (feature 7)") != std::string::npos);
    CHECK(r.warnings[0].find("hold no buildings") != std::string::npos);
    CHECK(p.numbers.count("elderly") == 0);  // the unit carries none
}

TEST_CASE("a polygon crossing two districts gives each the share of its area inside it", "[spread]") {
    // District A is x 0-60, B x 60-200, both y 0-100. The unit 0-100 × 0-100 of 1000 residents lies 60 %
    // in A and 40 % in B: 600 and 400. On the 50 m grid A's piece fills cells (0,0), (0,1) (2500 m² each)
    // and 10 m of (1,0), (1,1) (500 m² each) = 6000 m²; B's the other 40 m of those = 4000 m².
    std::vector<geos::GeomPtr> districts;
    districts.push_back(rect(0, 0, 60, 100));
    districts.push_back(rect(60, 0, 200, 100));
    const SpreadResult r = spread_population(one_unit(rect(0, 0, 100, 100), 1000, 300.0), districts, {}, {});
    const auto per = by_district(r.residents, districts);
    CHECK(per[0] == Approx(600).margin(1e-9));
    CHECK(per[1] == Approx(400).margin(1e-9));
    CHECK(per[2] == 0);
    CHECK(sum(r.residents.numbers.at("elderly")) == Approx(300).epsilon(1e-12));
    CHECK(r.residents.size() == 6);  // A: 4 cells, B: 2

    // A unit reaching beyond every district: the part outside keeps its share, outside (x 200-250: 1/3).
    const SpreadResult out = spread_population(one_unit(rect(100, 0, 250, 100), 300), districts, {}, {});
    const auto per2 = by_district(out.residents, districts);
    CHECK(per2[0] == 0);
    CHECK(per2[1] == Approx(200).margin(1e-9));
    CHECK(per2[2] == Approx(100).margin(1e-9));
}

TEST_CASE("residents spread along the walkable roads of a polygon, motorways excluded", "[spread]") {
    // A street of 100 m along y = 20 and a motorway of 100 m along y = 80 in a 100 × 100 unit: all 400
    // residents go to the street, 200 in each 50 m cell it crosses.
    Layer roads;
    roads.role = "roads";
    roads.kind = GeomKind::Line;
    roads.geoms.push_back(geos::from_wkt("LINESTRING(0 20,100 20)"));
    roads.geoms.push_back(geos::from_wkt("LINESTRING(0 80,100 80)"));
    roads.fid = {0, 1};
    roads.texts["highway"] = {"residential", "motorway"};
    SpreadWeights w;
    w.roads = &roads;
    w.exclude_highway = {"motorway"};
    const SpreadResult r = spread_population(one_unit(rect(0, 0, 100, 100), 400), {}, w, {});
    REQUIRE(r.residents.size() == 2);
    for (std::size_t i = 0; i < 2; ++i) {
        CHECK(r.residents.y[i] == Approx(20));
        CHECK(r.residents.numbers.at("population")[i] == Approx(200).margin(1e-9));
    }
}

TEST_CASE("a polygon with population but no area is a warning naming it, and counted dropped", "[spread]") {
    PopulationUnits u = one_unit(geos::from_wkt("POLYGON((0 0,10 0,20 0,0 0))"), 50);
    u.geom.push_back(rect(0, 0, 10, 10));
    u.population.push_back(0);  // zero: nothing to place, counted apart
    u.fid.push_back(8);
    u.name.push_back("乙里");
    const SpreadResult r = spread_population(u, {}, {}, {});
    CHECK(r.residents.size() == 0);
    CHECK(r.account.read == 50);
    CHECK(r.account.dropped == 50);
    CHECK(r.account.unplaceable == 1);
    CHECK(r.account.zero == 1);
    REQUIRE(r.warnings.size() == 1);
    CHECK(r.warnings[0].find("甲里 (feature 7)") != std::string::npos);
    CHECK(r.warnings[0].find("no area") != std::string::npos);
}

TEST_CASE("raster cells without a grid: one point per cell, split where a district border crosses it", "[spread]") {
    // Cell 0-100 × 0-100 of 90 people, the border at x = 25: 22.5 to A, 67.5 to B.
    std::vector<geos::GeomPtr> districts;
    districts.push_back(rect(-100, 0, 25, 100));
    districts.push_back(rect(25, 0, 300, 100));
    SpreadOptions o;
    o.cell_m = 0;
    o.by = SpreadBy::Area;
    const SpreadResult r = spread_population(one_unit(rect(0, 0, 100, 100), 90), districts, {}, o);
    CHECK(r.residents.size() == 2);
    const auto per = by_district(r.residents, districts);
    CHECK(per[0] == Approx(22.5).margin(1e-9));
    CHECK(per[1] == Approx(67.5).margin(1e-9));
}
