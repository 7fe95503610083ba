// From a scorecard to what a map shows (thematic.cpp): the choropleth's values, target, title and
// direction, the measuring mode, and the layers that go with an indicator.
#include "render/thematic.h"
#include "render/sheet_text.h"
#include "core/geos.h"
#include "render/map_renderer.h"

#include <catch2/catch.hpp>

using namespace hcgis;
using namespace hcgis::render;

namespace {

IndicatorDef park_green() {
    IndicatorDef def;
    def.id = "park_green_per_capita";
    def.name_zh = "人均公园绿地面积";
    def.unit = Unit::M2PerPerson;
    def.unit_zh = "m²/人";
    def.op = Op::AtLeast;
    def.target = 15;
    return def;
}

Value with_target(Value v, std::optional<double> target, Measure mode = Measure::None) {
    v.target = target;
    v.mode = mode;
    return v;
}

// Three districts: 12.5 m² against 14 (a district's own target), no value computed, and a value that
// could not be computed (null) against 15.
Scorecard three_districts() {
    Scorecard card;
    card.districts.resize(3);
    card.districts[0].values["park_green_per_capita"] = with_target(Value::of(12.5), 14.0);
    card.districts[2].values["park_green_per_capita"] = with_target(Value::none(Reason::of(Reason::Code::ZeroPopulation)), 15.0);
    return card;
}

}  // namespace

TEST_CASE("a thematic holds every district's value, null where there is none", "[thematic]") {
    Style style;
    style.name = "target";
    style.method = Method::Target;
    const Thematic t = make_thematic(three_districts(), park_green(), style);
    REQUIRE(t.values.size() == 3);
    REQUIRE(t.values[0].has_value());
    CHECK(*t.values[0] == Approx(12.5).margin(1e-12));
    CHECK_FALSE(t.values[1].has_value());  // the district has no such value
    CHECK_FALSE(t.values[2].has_value());  // a null value stays null, never 0
    // The target the assessment used: the first district's that has one (14), not the catalog's (15).
    REQUIRE(t.target.has_value());
    CHECK(*t.target == Approx(14).margin(1e-12));
    CHECK(t.title == QString::fromUtf8("人均公园绿地面积（m²/人）"));
    CHECK(t.unit == Unit::M2PerPerson);
    CHECK(t.at_least);
    CHECK(t.style.name == "target");
}

TEST_CASE("a thematic's target: the first district's that has one, else the catalog's", "[thematic]") {
    Scorecard card = three_districts();
    card.districts[0].values["park_green_per_capita"].target = std::nullopt;
    // District 0 has no target of its own: the next district's that has one (16, unlike the catalog's 15).
    card.districts[2].values["park_green_per_capita"].target = 16.0;
    CHECK(*make_thematic(card, park_green(), Style()).target == Approx(16).margin(1e-12));

    card.districts[2].values["park_green_per_capita"].target = std::nullopt;
    CHECK(*make_thematic(card, park_green(), Style()).target == Approx(15).margin(1e-12));  // the catalog's

    IndicatorDef count = park_green();
    count.unit_zh = "";
    count.op = Op::AtMost;
    const Thematic t = make_thematic(card, count, Style());
    CHECK(t.title == QString::fromUtf8("人均公园绿地面积"));  // no unit, no brackets
    CHECK_FALSE(t.at_least);
}

TEST_CASE("the measuring mode is the first district's that names one", "[thematic]") {
    Scorecard card;
    card.districts.resize(3);
    card.districts[0].values["fitness_10min_coverage"] = with_target(Value::none(Reason::of(Reason::Code::NoResidentPoints)), 1.0);
    card.districts[1].values["fitness_10min_coverage"] = with_target(Value::of(0.4), 1.0, Measure::Network);
    CHECK(thematic_mode(card, "fitness_10min_coverage") == Measure::Network);
    CHECK(thematic_mode(card, "toilet_density") == Measure::None);
}

TEST_CASE("the layers that show what an indicator counts", "[thematic]") {
    using L = std::vector<std::string>;
    CHECK(layers_for_indicator("toilet_density") == L{"toilets", "builtup"});
    CHECK(layers_for_indicator("toilet_cleaners_needed") == L{"toilets", "builtup"});
    CHECK(layers_for_indicator("fitness_10min_coverage_elderly") == L{"fitness", "residents"});
    CHECK(layers_for_indicator("park_service_coverage") == L{"parks", "residents"});
    CHECK(layers_for_indicator("sports_area_per_capita") == L{"sports"});
    CHECK(layers_for_indicator("eldercare_beds_per_1000") == L{"eldercare"});
    for (const char* id : {"gp_per_10k", "public_health_staff_per_10k", "tcm_pavilion_share", "tcm_service_share_village",
                           "vaccination_clinic_standard_share"})
        CHECK(layers_for_indicator(id) == L{"clinics"});
    CHECK(layers_for_indicator("farmers_market_per_township") == L{"markets"});
    CHECK(layers_for_indicator("health_trail_km") == L{"trails"});
    for (const char* id : {"homecare_center_coverage", "homecare_center_coverage_rural", "gp_studio_share",
                           "healthy_villages", "healthy_communities", "vector_demo_communities"})
        CHECK(layers_for_indicator(id) == L{"communities"});
    // District attributes: no layer counts them.
    CHECK(layers_for_indicator("food_sampling_per_1000").empty());
    CHECK(layers_for_indicator("healthy_enterprises").empty());
    CHECK(layers_for_indicator("no_such_indicator").empty());
}

TEST_CASE("a map holds each district against its own target, and leaves one without a target unjudged",
          "[thematic]") {
    IndicatorDef def;
    def.id = "healthy_communities";
    def.name_zh = "健康社区";
    def.unit = Unit::Count;
    def.unit_zh = "个";
    def.target = 5;
    def.district_targets = {{"中云街道", 3}, {"猴嘴街道", 2}};
    Scorecard card;
    card.districts.resize(3);
    const char* names[] = {"中云街道", "猴嘴街道", "朝阳街道"};
    const double got[] = {3, 2, 0};
    City city;
    for (int d = 0; d < 3; ++d) {
        Value v = Value::of(got[d]);
        const Assessment a = assess(def, v.value, names[d]);
        v.target = a.target;
        v.pass = a.pass;
        card.districts[static_cast<std::size_t>(d)].name = names[d];
        card.districts[static_cast<std::size_t>(d)].values[def.id] = v;
        const std::string x0 = std::to_string(2000 * d), x1 = std::to_string(2000 * d + 2000);
        city.districts.name.push_back(names[d]);
        city.districts.geom.push_back(
            geos::from_wkt("POLYGON((" + x0 + " 0," + x1 + " 0," + x1 + " 2000," + x0 + " 2000," + x0 + " 0))"));
    }
    REQUIRE(*card.districts[1].values.at(def.id).pass);         // 猴嘴: 2 of its own 2
    REQUIRE_FALSE(card.districts[2].values.at(def.id).target);  // 朝阳: the plan sets it none
    const Style style = default_style(def);
    const Thematic t = make_thematic(card, def, style);
    const Choropleth c = classify_districts(t, 3);
    CHECK(c.fills[0] == style.pass);     // 中云: 3 of 3
    CHECK(c.fills[1] == style.pass);     // 猴嘴: 2 of 2, not failing against 中云's 3
    CHECK(c.fills[2] == style.no_data);  // 朝阳: not judged
    bool listed = false;
    for (const auto& item : c.legend.items) listed |= item.label == "本街道无考核目标" && item.count == 1;
    CHECK(listed);
    MapRenderer map(city);
    map.set_thematic(t);
    CHECK(map.district_fill(1) == style.pass);
}

TEST_CASE("a sheet's subtitle names the districts' own targets as a range, never the first one's alone", "[thematic]") {
    City city;
    city.name = "开发区";
    IndicatorDef def = park_green();
    Thematic t;
    t.title = "人均公园绿地面积";
    t.target = 14;
    t.targets = {14.0, std::nullopt, 16.0};
    const QDate day(2026, 12, 1);
    CHECK(sheet_text(city, def, t, Measure::None, "", day).subtitle.contains(QString::fromUtf8("目标按各街道 ≥ 14–16")));
    t.targets = {14.0, 14.0};
    const QString one = sheet_text(city, def, t, Measure::None, "", day).subtitle;
    CHECK(one.contains(QString::fromUtf8("目标 ≥ 14")));
    CHECK_FALSE(one.contains(QString::fromUtf8("按各街道")));
    def.unit = Unit::Ratio;
    t.target = 0.9;
    t.targets = {0.9, 0.8};
    CHECK(sheet_text(city, def, t, Measure::None, "", day).subtitle.contains(QString::fromUtf8("目标按各街道 ≥ 80–90 %")));
}
