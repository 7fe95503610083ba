// Fixtures that carry their own answers (PROJ .gie style): each district of tests/data/<case>/districts.geojson
// has expect_<indicator> properties, and expected.json holds the totals, all worked out by hand.
#include "core/analysis.h"
#include "io/load.h"

#include <catch2/catch.hpp>
#include <gdal_priv.h>
#include <ogrsf_frmts.h>
#include <nlohmann/json.hpp>

#include <fstream>

using namespace hcgis;

TEST_CASE("toilets-small: every indicator equals the answer written in the fixture", "[fixture]") {
    const std::filesystem::path dir = std::filesystem::path(HCGIS_TEST_DATA) / "toilets-small";
    const City city = io::load_city(io::read_project(dir / "project.json"));
    const Scorecard card = compute_scorecard(city);
    constexpr double tolerance = 1e-12;  // relative; the fixture's answers are exact fractions

    // The expectations, read with GDAL straight from the districts file.
    GDALDatasetUniquePtr ds(GDALDataset::Open((dir / "districts.geojson").c_str(), GDAL_OF_VECTOR));
    REQUIRE(ds);
    std::size_t checked = 0;
    for (auto& f : *ds->GetLayer(0)) {
        const std::string name = f->GetFieldAsString("name");
        const AreaResult* got = nullptr;
        for (const auto& a : card.districts)
            if (a.name == name) got = &a;
        REQUIRE(got);
        for (int i = 0; i < f->GetFieldCount(); ++i) {
            const std::string field = f->GetFieldDefnRef(i)->GetNameRef();
            if (!field.starts_with("expect_") || field == "expect_builtup_km2") continue;
            const std::string id = field.substr(7);
            INFO(name << " " << id);
            REQUIRE(got->values.at(id).value);
            CHECK(*got->values.at(id).value == Approx(f->GetFieldAsDouble(i)).epsilon(tolerance));
            ++checked;
        }
        const auto& detail = got->values.at("toilet_density").detail;
        CHECK(detail.at(0).first == "builtup_km2");
        CHECK(detail.at(0).second == Approx(f->GetFieldAsDouble("expect_builtup_km2")).epsilon(tolerance));
    }
    CHECK(checked == 6);

    const auto expected = nlohmann::json::parse(std::ifstream(dir / "expected.json"));
    for (const auto& [id, v] : expected["total"].items()) {
        if (id == "builtup_km2") continue;
        INFO("total " << id);
        REQUIRE(card.total.values.at(id).value);
        CHECK(*card.total.values.at(id).value == Approx(v.get<double>()).epsilon(tolerance));
    }
    for (const auto& l : card.layers)
        if (l.role == "toilets") CHECK(l.account.outside == expected["outside"]["toilets"].get<std::size_t>());
}
