#include "core/analysis.h"
#include "io/catalog_file.h"
#include "io/load.h"
#include "io/report.h"

#include <catch2/catch.hpp>

using namespace hcgis;

namespace {
struct Fixture {
    City city = io::load_city(io::read_project(std::filesystem::path(HCGIS_TEST_DATA) / "toilets-small/project.json"));
    Catalog catalog = io::read_catalog(std::filesystem::path(HCGIS_SOURCE_DIR) / "data/indicators.json");
    Scorecard card = compute_scorecard(city, catalog);
};
}  // namespace

TEST_CASE("JSON has the shape of DESIGN.md", "[report]") {
    Fixture f;
    const auto j = io::scorecard_json(f.city, f.card, f.catalog);
    CHECK(j["project"] == "两街道测试");
    CHECK(j["crs"] == "EPSG:4549");
    REQUIRE(j["districts"].size() == 2);
    const auto& d = j["districts"][0];
    CHECK(d["name"] == "甲街道");
    CHECK(d["code"] == "A");
    const auto& td = d["indicators"]["toilet_density"];
    CHECK(td["value"].get<double>() == Approx(1.0));
    CHECK(td["target"] == 5);
    CHECK(td["op"] == ">=");
    CHECK(td["pass"] == false);
    CHECK(td["unit"] == "per km²");
    CHECK(td["plan"] == "Z5, C11");
    CHECK(td["responsible"] == "区住建局, 各街道");
    CHECK(td["detail"]["builtup_km2"].get<double>() == Approx(3.0));
    CHECK(j["districts"][1]["indicators"]["toilet_class2_share"]["pass"] == true);
    CHECK(j["total"]["indicators"]["toilet_density"]["value"].get<double>() == Approx(1.5));
    CHECK(j["warnings"][0].get<std::string>().find("toilets: 1 of 10 features lie outside every district") == 0);
    bool found = false;
    for (const auto& l : j["layers"])
        if (l["role"] == "toilets") {
            found = true;
            CHECK(l["read"] == 10);
            CHECK(l["in_district"] == 9);
            CHECK(l["outside"] == 1);
        }
    CHECK(found);
}

TEST_CASE("a null value carries its reason", "[report]") {
    Fixture f;
    f.city.layers.erase("toilets");
    const Scorecard card = compute_scorecard(f.city, f.catalog);
    const auto j = io::scorecard_json(f.city, card, f.catalog);
    const auto& v = j["districts"][0]["indicators"]["toilet_density"];
    CHECK(v["value"].is_null());
    CHECK(v["pass"].is_null());
    CHECK(v["reason"] == "not computed: no toilets layer");
}

TEST_CASE("CSV opens in Excel: BOM, header, one row per district and indicator", "[report]") {
    Fixture f;
    const std::string csv = io::scorecard_csv(f.city, f.card, f.catalog);
    CHECK(csv.rfind("\xEF\xBB\xBF" "district,code,indicator,name,value,unit,op,target,pass,mode,gap,plan,responsible,reason\n", 0) == 0);
    // A header, then every computed indicator for 2 districts and the total.
    CHECK(std::count(csv.begin(), csv.end(), '\n') == 1 + 3 * static_cast<long>(f.card.ids.size()));
    CHECK(csv.find("甲街道,A,toilet_density,建成区公厕密度,1,per km²,>=,5,false,,还需新增三类及以上公厕 12 座,\"Z5, C11\","
                   "\"区住建局, 各街道\",") != std::string::npos);
}

TEST_CASE("the table aligns Chinese text and marks pass and fail", "[report]") {
    Fixture f;
    const std::string t = io::scorecard_table(f.city, f.card, f.catalog);
    CHECK(t.find("甲街道  A  常住人口 10000") != std::string::npos);
    CHECK(t.find("✗") != std::string::npos);
    CHECK(t.find("✓") != std::string::npos);
    CHECK(io::display_width("中云街道") == 8);
    CHECK(io::display_width("abc") == 3);
    CHECK(io::display_width("≥ 30 %") == 6);
    CHECK(io::format_value(0.3333, Unit::Ratio) == "33.3 %");
    CHECK(io::format_value(7, Unit::Count) == "7");
}
