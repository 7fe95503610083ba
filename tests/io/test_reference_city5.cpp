// The reference city (../shared/reference): values computed independently with PostGIS 3.3 and the exact
// definitions of INDICATORS.md. Counts must match exactly, areas and shares to 1e-6 relative.
#include "core/analysis.h"
#include "io/load.h"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <fstream>

using namespace hcgis;

TEST_CASE("reference city-5: area, count and straight-line indicators agree with PostGIS", "[reference]") {
    const std::filesystem::path dir = std::filesystem::path(HCGIS_TEST_DATA) / "reference";
    const auto expected = nlohmann::json::parse(std::ifstream(dir / "city-5.expected.json"));
    const City city = io::load_city(io::read_project(dir / "city-5/project.json"));
    const Scorecard card = compute_scorecard(city, Catalog(), {ModeChoice::Straight});
    REQUIRE(card.districts.size() == expected["districts"].size());

    for (std::size_t d = 0; d < card.districts.size(); ++d) {
        const auto& e = expected["districts"][d];
        const AreaResult& got = card.districts[d];
        INFO(got.name);
        REQUIRE(got.name == e["name"].get<std::string>());

        const Value& density = got.values.at("toilet_density");
        auto detail = [](const Value& v, const std::string& key) {
            for (const auto& [k, x] : v.detail)
                if (k == key) return x;
            FAIL("no detail " << key);
            return 0.0;
        };
        CHECK(detail(density, "builtup_km2") == Approx(e["builtup_km2"].get<double>()).epsilon(1e-6).margin(1e-12));
        CHECK(detail(density, "toilets_class_1_to_3_in_builtup") == e["toilets_class_1_to_3_in_builtup"].get<double>());
        CHECK(detail(got.values.at("toilet_below_class3"), "toilets_in_builtup") == e["toilets_in_builtup"].get<double>());

        // In straight mode fitness_10min_coverage is the 800 m straight-line coverage.
        const std::pair<const char*, const char*> pairs[] = {
            {"toilet_density", "toilet_density"},
            {"toilet_class2_share", "toilet_class2_share"},
            {"park_green_per_capita", "park_green_per_capita"},
            {"sports_area_per_capita", "sports_area_per_capita"},
            {"park_service_coverage", "park_service_coverage"},
            {"fitness_10min_coverage", "fitness_straight_coverage_800m"}};
        for (const auto& [id, ref] : pairs) {
            INFO(id);
            const auto& want = e["indicators"][ref];
            const Value& v = got.values.at(id);
            if (want.is_null()) {
                CHECK_FALSE(v.value.has_value());
            } else {
                REQUIRE(v.value.has_value());
                CHECK(*v.value == Approx(want.get<double>()).epsilon(1e-6).margin(1e-12));
            }
        }
    }
}

TEST_CASE("reference city-5: 10-minute walking coverage agrees with an independent shortest-path program",
          "[reference][walk]") {
    const std::filesystem::path dir = std::filesystem::path(HCGIS_TEST_DATA) / "reference";
    const auto expected = nlohmann::json::parse(std::ifstream(dir / "city-5.expected.json"));
    const City city = io::load_city(io::read_project(dir / "city-5/project.json"));
    const Scorecard card = compute_scorecard(city);  // "auto": roads are loaded, so on the network
    constexpr double tolerance = 0.005;               // 0.5 percentage point (the reference README)
    for (std::size_t d = 0; d < card.districts.size(); ++d) {
        INFO(card.districts[d].name);
        const Value& v = card.districts[d].values.at("fitness_10min_coverage");
        CHECK(v.mode == Measure::Network);
        REQUIRE(v.value);
        CHECK(*v.value == Approx(expected["districts"][d]["indicators"]["fitness_10min_coverage"].get<double>())
                              .margin(tolerance));
    }
}
