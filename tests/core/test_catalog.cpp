#include "core/assess.h"
#include "core/catalog.h"
#include "core/indicators/indicator.h"
#include "core/error.h"

#include <catch2/catch.hpp>

using namespace hcgis;

namespace {
IndicatorDef def(std::string id, Op op, std::optional<double> target) {
    IndicatorDef d;
    d.id = std::move(id);
    d.op = op;
    d.target = target;
    return d;
}
}  // namespace

TEST_CASE("a value is held against the target that applies to the area", "[catalog]") {
    IndicatorDef density = def("toilet_density", Op::AtLeast, 5.0);
    CHECK(assess(density, 5.0, "中云街道").pass == true);
    CHECK(assess(density, 4.99, "中云街道").pass == false);
    CHECK(assess(density, std::nullopt, "中云街道").pass == std::nullopt);
    CHECK(assess(density, 3.0, "").target == 5.0);

    IndicatorDef share = def("toilet_class2_share", Op::AtLeast, 0.3);
    CHECK(assess(share, 3.0 / 10.0, "x").pass == true);  // 0.3 == 3/10 despite rounding

    IndicatorDef below = def("toilet_below_class3", Op::AtMost, 0.0);
    CHECK(assess(below, 0.0, "x").pass == true);
    CHECK(assess(below, 1.0, "x").pass == false);
}

TEST_CASE("per-district targets and zone-only targets", "[catalog]") {
    IndicatorDef villages = def("healthy_villages", Op::AtLeast, 6.0);
    villages.district_targets = {{"中云街道", 3.0}, {"朝阳街道", 3.0}};
    CHECK(assess(villages, 3.0, "中云街道").pass == true);
    CHECK(assess(villages, 2.0, "朝阳街道").pass == false);
    CHECK(assess(villages, 0.0, "猴嘴街道").target == std::nullopt);  // the plan sets 猴嘴 none
    CHECK(assess(villages, 5.0, "").pass == false);                  // zone: 6

    IndicatorDef enterprises = def("healthy_enterprises", Op::AtLeast, 15.0);
    enterprises.zone_total_only = true;
    CHECK(assess(enterprises, 4.0, "中云街道").target == std::nullopt);
    CHECK(assess(enterprises, 15.0, "").pass == true);
}

TEST_CASE("the catalog refuses an id defined twice", "[catalog]") {
    std::vector<IndicatorDef> defs{def("a", Op::AtLeast, 1.0), def("a", Op::AtLeast, 1.0)};
    CHECK_THROWS_AS(Catalog(defs), hcgis::InputError);
    Catalog ok({def("a", Op::AtLeast, 1.0), def("b", Op::AtMost, 1.0)});
    REQUIRE(ok.find("b") != nullptr);
    CHECK(ok.find("c") == nullptr);
}

TEST_CASE("every indicator that can fail has a gap rule, read from the details its computation writes", "[catalog]") {
    std::size_t indicators = 0;
    for (const indicators::Family* family : indicators::families())
        for (const indicators::Indicator& ind : family->indicators) {
            ++indicators;
            INFO(ind.id);
            REQUIRE(ind.gap.has_value());
            IndicatorDef d = def(ind.id, Op::AtLeast, 1e9);
            Value v = Value::of(0.0);
            if (ind.gap->num) v.with(*ind.gap->num, 1.0).with(*ind.gap->den, 1.0);
            CHECK(gap_for(d, v, 1e9).has_value());
            CHECK(indicators::find_indicator(ind.id) == &ind);
        }
    CHECK(indicators >= 25);
    CHECK(indicators::find_indicator("no_such_indicator") == nullptr);
}
