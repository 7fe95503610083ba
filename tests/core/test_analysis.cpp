// compute_scorecard with `only`: the families asked for, valued and assessed as in the whole scorecard.
#include "core/analysis.h"

#include "core/indicators/indicator.h"
#include "core/synth.h"

#include <catch2/catch.hpp>

#include <algorithm>

using namespace hcgis;

namespace {

IndicatorDef def(const char* id, Op op, double target) {
    IndicatorDef d;
    d.id = id;
    d.op = op;
    d.target = target;
    return d;
}

void require_same(const Value& a, const Value& b) {
    REQUIRE(a.value == b.value);
    REQUIRE(a.reason == b.reason);
    REQUIRE(a.detail == b.detail);
    REQUIRE(a.mode == b.mode);
    REQUIRE(a.data_target == b.data_target);
    REQUIRE(a.target == b.target);
    REQUIRE(a.pass == b.pass);
    REQUIRE(a.gap.has_value() == b.gap.has_value());
    if (a.gap) {
        REQUIRE(a.gap->amount == b.gap->amount);
        REQUIRE(a.gap->unit == b.gap->unit);
        REQUIRE(a.gap->text == b.gap->text);
    }
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
