// compute_scorecard with `only`: the families asked for, valued and assessed as in the whole scorecard.
#include "core/analysis.h"

#include "core/indicators/indicator.h"
#include "core/synth.h"
#include "test_city.h"
#include "../same_scorecard.h"

#include <catch2/catch.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <string>

using namespace hcgis;
using hcgis::test::require_same;

namespace {

/// Adds a rectangular district [x0, x1] × [y0, y1] of one resident to `c`.
void add_district(City& c, const std::string& name, double x0, double y0, double x1, double y1) {
    c.districts.name.push_back(name);
    c.districts.code.push_back("");
    c.districts.population.push_back(1.0);
    c.districts.elderly.push_back(std::nullopt);
    c.districts.geom.push_back(geos::make_rectangle(x0, y0, x1, y1));
    c.districts.fid.push_back(static_cast<std::int64_t>(c.districts.fid.size()));
}

IndicatorDef def(const char* id, Op op, double target) {
    IndicatorDef d;
    d.id = id;
    d.op = op;
    d.target = target;
    return d;
}

}  // namespace

TEST_CASE("a scorecard of some indicators holds their families' values as the whole scorecard does", "[analysis]") {
    SynthOptions o;
    o.districts = 6;
    o.residents = 4000;
    o.seed = 5;
    City city = synth_city(o);
    code_classes(city);
    const Catalog catalog({def("fitness_10min_coverage", Op::AtLeast, 0.9), def("toilet_density", Op::AtLeast, 4),
                           def("park_green_per_capita", Op::AtLeast, 12), def("health_trail_km", Op::AtLeast, 2)});
    const Scorecard whole = compute_scorecard(city, catalog);
    for (const std::string id : {"fitness_10min_coverage", "toilet_density", "park_service_coverage", "health_trail_km"}) {
        INFO(id);
        Analysis analysis(city);
        const Scorecard part = compute_scorecard(analysis, catalog, {id});
        const indicators::Family* family = nullptr;
        for (const indicators::Family* f : indicators::families())
            for (const indicators::Indicator& i : f->indicators)
                if (id == i.id) family = f;
        REQUIRE(family);
        std::vector<std::string> ids;
        for (const indicators::Indicator& i : family->indicators) ids.push_back(i.id);
        // Its family's indicators, nothing else, in the whole scorecard's order.
        std::vector<std::string> expected;
        for (const auto& w : whole.ids)
            if (std::find(ids.begin(), ids.end(), w) != ids.end()) expected.push_back(w);
        REQUIRE(part.ids == expected);
        REQUIRE(part.districts.size() == whole.districts.size());
        for (const auto& i : part.ids) {
            for (std::size_t d = 0; d < whole.districts.size(); ++d) {
                REQUIRE(part.districts[d].name == whole.districts[d].name);
                require_same(part.districts[d].values.at(i), whole.districts[d].values.at(i));
            }
            require_same(part.total.values.at(i), whole.total.values.at(i));
        }
        CHECK(part.layers.empty());  // no accounting
    }
    // Some of those values are real numbers that pass or fail, so the comparison means something.
    CHECK(whole.total.values.at("fitness_10min_coverage").value.value_or(0) > 0);
    CHECK(whole.total.values.at("toilet_density").pass.has_value());
}

TEST_CASE("the whole scorecard, some families on a second thread, is the families computed one after another",
          "[analysis]") {
    SynthOptions o;
    o.districts = 8;
    o.residents = 6000;
    o.seed = 9;
    City city = synth_city(o);
    code_classes(city);
    // No catalog: the ids keep the order the families set them in, which the merge must keep too.
    const Catalog none;
    const Scorecard whole = compute_scorecard(city, none);
    std::vector<std::string> every;
    for (const indicators::Family* f : indicators::families())
        for (const indicators::Indicator& i : f->indicators) every.push_back(i.id);
    Analysis analysis(city);
    const Scorecard in_turn = compute_scorecard(analysis, none, every);  // one family after another
    REQUIRE(whole.ids == in_turn.ids);
    REQUIRE(whole.ids.size() > 20);
    for (const auto& id : whole.ids) {
        INFO(id);
        for (std::size_t d = 0; d < whole.districts.size(); ++d) {
            REQUIRE(whole.districts[d].values.size() == in_turn.districts[d].values.size());
            require_same(whole.districts[d].values.at(id), in_turn.districts[d].values.at(id));
        }
        require_same(whole.total.values.at(id), in_turn.total.values.at(id));
    }
    // The families of both threads are there, with numbers.
    for (const char* id : {"fitness_10min_coverage", "park_green_per_capita", "toilet_density", "health_trail_km"})
        CHECK(whole.total.values.at(id).value.has_value());
    std::vector<std::string> timed;
    for (const auto& [name, secs] : whole.timings) timed.push_back(name);
    CHECK(timed.size() == indicators::families().size() + 2);  // every family, the accounting, the assessment
}

TEST_CASE("two sums of points in one pass equal each summed alone, bit for bit", "[analysis]") {
    SynthOptions o;
    o.districts = 5;
    o.residents = 20000;
    o.seed = 4;
    const City city = synth_city(o);
    Analysis a(city);
    const auto& w = a.resident_weights();
    auto wa = [&](std::size_t i) { return w[i] * 0.1; };  // 0.1 does not add up exactly: the order shows
    auto wb = [&](std::size_t i) { return i % 3 ? w[i] / 3.0 : 0.0; };
    const auto [sa, sb] = a.sum_points("residents", wa, wb);
    CHECK(sa == a.sum_points("residents", wa));
    CHECK(sb == a.sum_points("residents", wb));
    CHECK(sa.back() > 0);
}

TEST_CASE("trails clipped to many districts at once: each stretch counted once, borders included", "[analysis]") {
    // 4 × 4 districts of 100 m (enough for the districts to be clipped on several threads); a trail along
    // the row border y = 200 across the whole city, one along the column border x = 100 from y = 0 to
    // 100 (a border stretch that meets no other; round a corner: the next test), and one inside
    // district 10 only.
    City c;
    for (int j = 0; j < 4; ++j)
        for (int i = 0; i < 4; ++i)
            add_district(c, fmt::format("d{}", j * 4 + i), i * 100.0, j * 100.0, i * 100.0 + 100, j * 100.0 + 100);
    test::add_shapes(c, "trails", GeomKind::Line,
                     {"LINESTRING(0 200, 400 200)", "LINESTRING(100 0, 100 100)", "LINESTRING(210 210, 290 290)"});
    Analysis a(c);
    const auto len = a.length_by_district("trails");
    const double diagonal = std::hypot(80.0, 80.0);
    REQUIRE(len.size() == 17);
    CHECK(len.back() == Approx(400 + 100 + diagonal));
    double sum = 0;
    for (std::size_t d = 0; d < 16; ++d) sum += len[d];
    CHECK(sum == Approx(len.back()));
    // Each 100 m stretch of a border went to one of the two districts beside it, as DistrictIndex
    // places its midpoint.
    for (int k = 0; k < 4; ++k) {
        const int taker = a.index().locate(k * 100.0 + 50, 200);
        CHECK((taker == 4 + k || taker == 8 + k));
    }
    const int side = a.index().locate(100, 50);
    CHECK((side == 0 || side == 1));
    for (std::size_t d = 0; d < 16; ++d) {
        double expect = 0;
        for (int k = 0; k < 4; ++k)
            if (a.index().locate(k * 100.0 + 50, 200) == static_cast<int>(d)) expect += 100;
        if (side == static_cast<int>(d)) expect += 100;
        if (d == 10) expect += diagonal;
        INFO("district " << d);
        CHECK(len[d] == Approx(expect).margin(1e-9));
    }
}

TEST_CASE("a trail following borders round a corner: each border stretch goes to the district that takes it", "[analysis]") {
    // A west of x = 10; B south-east, C north-east of it, meeting at (10, 5). The trail runs north along
    // A|B (x = 10, y 0..5), then east along B|C (y = 5). DistrictIndex gives a north-south border to the
    // district east of it and an east-west one to the district north of it: the first stretch is B's,
    // the second C's. Merged into one piece, B's whole border stretch would go by the midpoint on B|C.
    City c;
    add_district(c, "A", 0, 0, 10, 10);
    add_district(c, "B", 10, 0, 20, 5);
    add_district(c, "C", 10, 5, 20, 10);
    test::add_shapes(c, "trails", GeomKind::Line, {"LINESTRING(10 0, 10 5, 20 5)"});
    Analysis a(c);
    REQUIRE(a.index().locate(10, 2.5) == 1);
    REQUIRE(a.index().locate(15, 5) == 2);
    const auto len = a.length_by_district("trails");
    REQUIRE(len.size() == 4);
    CHECK(len[0] == Approx(0).margin(1e-9));
    CHECK(len[1] == Approx(5).margin(1e-9));
    CHECK(len[2] == Approx(10).margin(1e-9));
    CHECK(len[3] == Approx(15).margin(1e-9));
}

TEST_CASE("the districts' overlap warnings are those of every pair's intersection", "[analysis]") {
    // A row of 100 m squares; `shift[k]` moves square k's west edge west by that much, so it overlaps
    // square k - 1 by shift × 100 m². A last square lies over the first two (overlaps of three at once).
    struct Case {
        const char* what;
        std::vector<double> shift;
        bool cover;
    };
    const Case cases[] = {{"a clean row", {0, 0, 0, 0}, false},
                          {"overlaps under half a square metre in all", {0, 0.002, 0, 0.001}, false},
                          {"overlaps over half a square metre in all, none over one", {0, 0.004, 0.004, 0.004, 0.004}, false},
                          {"one overlap just over a square metre", {0, 0, 0.0101, 0}, false},
                          {"one overlap of 0.8 m² beside one of 1.2 m²", {0, 0.008, 0.012}, false},
                          {"three at once", {0, 0.5, 0}, true}};
    for (const Case& c : cases) {
        DYNAMIC_SECTION(c.what) {
            City city;
            for (std::size_t k = 0; k < c.shift.size(); ++k) {
                const double x0 = 100.0 * static_cast<double>(k) - c.shift[k], x1 = 100.0 * static_cast<double>(k + 1);
                city.districts.geom.push_back(geos::make_rectangle(x0, 0, x1, 100));
                city.districts.name.push_back(fmt::format("D{}", k));
            }
            if (c.cover) {
                city.districts.geom.push_back(geos::make_rectangle(50, 20, 150, 60));
                city.districts.name.push_back("C");
            }
            // Expected: every pair's intersection, whatever its envelopes.
            std::vector<std::string> expected;
            const Districts& ds = city.districts;
            for (std::size_t d = 0; d < ds.size(); ++d)
                for (std::size_t e = d + 1; e < ds.size(); ++e) {
                    const double overlap = geos::area(geos::intersection(ds.geom[d].get(), ds.geom[e].get()).get());
                    if (overlap > 1.0)
                        expected.push_back(fmt::format("districts: {} and {} overlap by {:.0f} m²; a point in the overlap "
                                                       "counts once, for {} (listed first)",
                                                       ds.name[d], ds.name[e], overlap, ds.name[d]));
                }
            Analysis analysis(city);
            Scorecard card;
            analysis.report_districts(card);
            CHECK(card.warnings == expected);
        }
    }
}
