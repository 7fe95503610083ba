// scorecard_json_text() writes the bytes of scorecard_json(...).dump(2) + "\n" without the tree: checked
// against nlohmann's own dump on every bundled project and on a scorecard made to hit each rule the
// writer copies (key order, repeated keys, empty containers, numbers, escapes, UTF-8, missing parts).
#include "core/analysis.h"
#include "io/catalog_file.h"
#include "io/load.h"
#include "io/report.h"

#include <catch2/catch.hpp>

#include <cmath>
#include <filesystem>
#include <limits>

using namespace hcgis;
namespace fs = std::filesystem;

namespace {

std::string tree_text(const City& city, const Scorecard& card, const Catalog& catalog) {
    return io::scorecard_json(city, card, catalog).dump(2) + "\n";
}

IndicatorDef def(std::string id, std::optional<double> target, std::optional<double> city_target) {
    IndicatorDef d;
    d.id = std::move(id);
    d.name_zh = "指标 \"" + d.id + "\"";
    d.unit = Unit::Ratio;
    d.unit_zh = "%";
    d.op = Op::AtMost;
    d.target = target;
    d.city_target = city_target;
    d.plan = "Z5, C11";
    d.responsible = "区住建局\\各街道";
    return d;
}

/// A scorecard of two districts and a total, with something of every kind the JSON can hold.
struct Odd {
    City city;
    Catalog catalog{{def("b_second", 0.5, 0.7), def("a_first", 1.0, 1.0), def("c_none", std::nullopt, std::nullopt)}};
    Scorecard card;

    Odd() {
        city.name = "项目\t\"名\"\\\x01\x1f\x7f end";
        city.crs = "EPSG:4549";
        city.crs_note = "";
        city.districts.population = {std::nullopt, 1234.5};
        card.ids = {"b_second", "zz_unknown", "a_first", "c_none", "b_second", "not_in_area"};
        AreaResult one;
        one.name = "甲\n街道\r\b\f";
        one.code = "";  // no code: the key is left out
        Value v = Value::of(0.1 + 0.2);
        v.with({"zeta"}, 1e300).with({"alpha"}, -0.0).with({"zeta"}, 5e-324).with({"Beta"}, 3.0);
        v.mode = Measure::Straight;
        v.target = 0.5;
        v.pass = true;
        v.gap = Gap{12345.678, "m²", "还需公园绿地 1.2 万 m²"};
        one.values["b_second"] = v;
        one.values["zz_unknown"] = Value::of(std::numeric_limits<double>::quiet_NaN());
        one.values["a_first"] = Value::none(Reason{});
        Value inf = Value::of(std::numeric_limits<double>::infinity());
        inf.pass = false;
        one.values["c_none"] = inf;
        AreaResult two;
        two.name = "乙街道";
        two.code = "B2";
        two.values["a_first"] = Value::of(100);
        card.districts = {one, two};
        card.total.name = "全区";  // no values: an empty object
        card.warnings = {"w1 \"quoted\"", "", "\u00e9\u4e2d\U0001F600"};
        card.notes = {};
        LayerReport plain{"toilets", "a.gpkg", {}, "EPSG:4326"};
        plain.account.read = 10;
        plain.account.in_district = 7;
        plain.account.outside = 2;
        plain.account.rejected = 1;
        LayerReport residents{"residents", "r.gpkg", {}, "EPSG:4549"};
        residents.account.population = PopulationAccount{280.25, 258, 22.25, 0, 1, 2, 3};
        card.layers = {plain, residents};
    }
};

}  // namespace

TEST_CASE("the JSON text is nlohmann's dump of the JSON tree, byte for byte, on every bundled project", "[report]") {
    const Catalog catalog = io::read_catalog(fs::path(HCGIS_SOURCE_DIR) / "data/indicators.json");
    int projects = 0;
    for (const auto& entry : fs::directory_iterator(fs::path(HCGIS_SOURCE_DIR) / "layers")) {
        if (entry.path().extension() != ".json") continue;
        const City city = io::load_city(io::read_project(entry.path()));
        for (const ModeChoice mode : {ModeChoice::Auto, ModeChoice::Straight}) {
            ScorecardOptions options;
            options.coverage_mode = mode;
            const Scorecard card = compute_scorecard(city, catalog, options);
            INFO(entry.path().string());
            CHECK(io::scorecard_json_text(city, card, catalog) == tree_text(city, card, catalog));
        }
        ++projects;
    }
    CHECK(projects >= 5);
}

TEST_CASE("the JSON text follows nlohmann in key order, repeated keys, empty parts, numbers and escapes", "[report]") {
    Odd o;
    const std::string text = io::scorecard_json_text(o.city, o.card, o.catalog);
    CHECK(text == tree_text(o.city, o.card, o.catalog));
    // What the case is there for actually came out.
    CHECK(text.find("\\u0001\\u001f\x7f") != std::string::npos);
    CHECK(text.find("\"notes\": []") != std::string::npos);
    CHECK(text.find("\"indicators\": {}") != std::string::npos);
    CHECK(text.find("\"alpha\": -0.0") != std::string::npos);
    CHECK(text.find("5e-324") != std::string::npos);
    CHECK(text.find("\"value\": null") != std::string::npos);
    CHECK(text.find("0.30000000000000004") != std::string::npos);

    SECTION("a string that is not UTF-8 throws what the tree's dump throws") {
        for (const std::string bad : {"\xC0\xAF", "\xED\xA0\x80", "ok\xE4\xB8", "\xF4\x90\x80\x80", "\xFF"}) {
            o.card.warnings = {"fine", bad};
            std::string ours, theirs;
            try {
                static_cast<void>(io::scorecard_json_text(o.city, o.card, o.catalog));
            } catch (const std::exception& e) {
                ours = e.what();
            }
            try {
                static_cast<void>(tree_text(o.city, o.card, o.catalog));
            } catch (const std::exception& e) {
                theirs = e.what();
            }
            CHECK_FALSE(theirs.empty());
            CHECK(ours == theirs);
        }
    }
}
