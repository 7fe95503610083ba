// The workbook read back through GDAL holds the scorecard's numbers as numbers (1e-9), the task list and
// the layer accounting.
#include "core/analysis.h"
#include "core/roles.h"
#include "core/tasks.h"
#include "io/catalog_file.h"
#include "io/load.h"
#include "io/output.h"
#include "io/report.h"
#include "io/xlsx.h"

#include <catch2/catch.hpp>
#include <gdal_priv.h>
#include <nlohmann/json.hpp>
#include <ogrsf_frmts.h>

#include <unistd.h>

#include <filesystem>

using namespace hcgis;
namespace fs = std::filesystem;

TEST_CASE("the XLSX workbook read back equals the JSON values, with the tasks and the accounting", "[io][xlsx]") {
    const City city = io::load_city(io::read_project(fs::path(HCGIS_SOURCE_DIR) / "layers/lyg-etdz.json"));
    const Catalog catalog = io::read_catalog(fs::path(HCGIS_SOURCE_DIR) / "data/indicators.json");
    const Scorecard card = compute_scorecard(city, catalog);
    const nlohmann::json json = io::scorecard_json(city, card, catalog);
    const fs::path out = fs::temp_directory_path() / ("hcgis-xlsx-" + std::to_string(::getpid()) + ".xlsx");
    {
        io::AtomicOutputs outs({out});
        io::write_scorecard_xlsx(outs, 0, city, card, catalog);
        outs.commit();
    }
    GDALAllRegister();
    GDALDatasetUniquePtr ds(GDALDataset::Open(out.string().c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY));
    REQUIRE(ds);
    REQUIRE(ds->GetLayerByName("评估"));
    OGRLayer* sheet = ds->GetLayerByName("评估");
    std::vector<nlohmann::json> areas(json["districts"].begin(), json["districts"].end());
    areas.push_back(json["total"]);
    REQUIRE(sheet->GetFeatureCount() == static_cast<GIntBig>(areas.size()));
    std::size_t row = 0, numbers = 0;
    for (auto& f : *sheet) {
        const nlohmann::json& area = areas[row++];
        CHECK(std::string(f->GetFieldAsString("街道")) == area["name"].get<std::string>());
        for (const auto& [id, v] : area["indicators"].items()) {
            const IndicatorDef* def = catalog.find(id);
            REQUIRE(def);
            const auto cols = io::xlsx_columns(*def);
            const int value = f->GetFieldIndex(cols[0].c_str()), target = f->GetFieldIndex(cols[1].c_str());
            REQUIRE(value >= 0);
            CHECK(f->GetFieldDefnRef(value)->GetType() != OFTString);  // numbers as numbers (whole ones read back as Integer)
            INFO(id);
            if (v["value"].is_null()) {
                CHECK_FALSE(f->IsFieldSetAndNotNull(value));
            } else {
                CHECK(f->GetFieldAsDouble(value) == Approx(v["value"].get<double>()).margin(1e-9));
                ++numbers;
            }
            if (!v["target"].is_null()) CHECK(f->GetFieldAsDouble(target) == Approx(v["target"].get<double>()).margin(1e-9));
        }
    }
    CHECK(numbers > 50);

    OGRLayer* tasks = ds->GetLayerByName("任务清单");
    REQUIRE(tasks);
    std::size_t expected = 0;
    for (const auto& u : task_list(card, catalog)) expected += std::max<std::size_t>(u.tasks.size(), 1);
    CHECK(tasks->GetFeatureCount() == static_cast<GIntBig>(expected));
    OGRLayer* accounting = ds->GetLayerByName("图层统计");
    REQUIRE(accounting);
    CHECK(accounting->GetFeatureCount() == static_cast<GIntBig>(card.layers.size()));
    bool residents = false;
    for (auto& f : *accounting)
        if (std::string(f->GetFieldAsString("图层")) == hcgis::role_zh("residents")) {
            residents = true;
            for (const auto& l : json["layers"])
                if (l["role"] == "residents") {
                    CHECK(f->GetFieldAsDouble("人口读取") == Approx(l["population"]["read"].get<double>()));
                    CHECK(f->GetFieldAsDouble("人口区内") == Approx(l["population"]["placed"].get<double>()));
                }
        }
    CHECK(residents);
    ds.reset();
    fs::remove(out);
}
