#include "io/catalog_file.h"
#include "io/error.h"

#include <catch2/catch.hpp>

using namespace hcgis;

TEST_CASE("the bundled catalog holds every indicator of INDICATORS.md", "[catalog_file]") {
    const Catalog c = io::read_catalog(std::filesystem::path(HCGIS_SOURCE_DIR) / "data/indicators.json");
    // INDICATORS.md's 23, with home-care coverage split urban / rural and the elderly fitness circle.
    CHECK(c.all().size() == 25);
    const IndicatorDef* d = c.find("toilet_density");
    REQUIRE(d);
    CHECK(d->name_zh == "建成区公厕密度");
    CHECK(d->op == Op::AtLeast);
    CHECK(d->target == 5.0);
    CHECK(d->plan == "Z5, C11");
    CHECK(d->responsible == "区住建局, 各街道");
    CHECK(c.find("toilet_class2_share")->target == Approx(0.30));
    CHECK(c.find("toilet_below_class3")->op == Op::AtMost);
    CHECK(c.find("park_green_per_capita")->city_target == 14.0);
    CHECK(c.find("healthy_villages")->district_targets.at("中云街道") == 3.0);
    CHECK(c.find("healthy_enterprises")->zone_total_only);
}

TEST_CASE("catalog errors name the entry and the key", "[catalog_file]") {
    CHECK_THROWS_WITH(io::parse_catalog(R"({"indicators":[{"id":"x","name_zh":"x","unit":"count","op":"=>",
                                             "plan":"Z1","responsible":"r"}]})", "c.json"),
                      "c.json: indicators[0] (x): \"op\" is \"=>\", expected \">=\" or \"<=\"");
    CHECK_THROWS_WITH(io::parse_catalog(R"({"indicators":[{"id":"x","unit":"count","op":">=","plan":"Z1",
                                             "responsible":"r"}]})", "c.json"),
                      "c.json: indicators[0]: missing \"name_zh\"");
    CHECK_THROWS_WITH(io::parse_catalog(R"({"indicators":[{"id":"x","name_zh":"x","unit":"count","op":">=",
                                             "target":"5","plan":"Z1","responsible":"r"}]})", "c.json"),
                      "c.json: indicators[0]: \"target\" must be a number");
    CHECK_THROWS_WITH(io::parse_catalog(R"({"indicators":[{"id":"x","name_zh":"x","unit":"furlongs","op":">=",
                                             "plan":"Z1","responsible":"r"}]})", "c.json"),
                      Catch::Contains("c.json: indicators[0] (x): \"unit\" is \"furlongs\", expected one of ratio, count"));
    CHECK_THROWS_AS(io::parse_catalog("{}", "c.json"), io::InputError);
}
