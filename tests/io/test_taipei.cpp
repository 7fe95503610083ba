// The bundled real city: Taipei (data/taipei, layers/taipei.json and taipei-li.json).
#include "core/analysis.h"
#include "io/catalog_file.h"
#include "io/load.h"
#include "io/project.h"
#include "io/report.h"

#include <catch2/catch.hpp>
#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <filesystem>
#include <map>
#include <memory>

using namespace hcgis;
namespace fs = std::filesystem;

namespace {

const fs::path root = HCGIS_SOURCE_DIR;

struct Taipei {
    City city;
    Catalog catalog = io::read_catalog(root / "data/indicators.json");
    Scorecard card;
    explicit Taipei(const char* project) : city(io::load_city(io::read_project(root / "layers" / project))) {
        card = compute_scorecard(city, catalog);
    }
    const Value& value(const std::string& district, const char* id) const {
        for (std::size_t d = 0; d < card.districts.size(); ++d)
            if (card.districts[d].name == district) return card.districts[d].values.at(id);
        FAIL("no district " << district);
        throw;
    }
};

/// Toilets of class III or better (特優級, 優等級, 普通級) inside the district named `name`, and its area in km²
/// in TWD97 / TM2, counted with GDAL alone (OGR geometries, not hcgis's loader).
std::pair<int, double> gdal_count(const std::string& name) {
    GDALAllRegister();
    const std::string dir = "/vsigzip/" + (root / "data/taipei").string();
    GDALDatasetUniquePtr d(GDALDataset::Open((dir + "/districts.geojson.gz").c_str(), GDAL_OF_VECTOR));
    GDALDatasetUniquePtr t(GDALDataset::Open((dir + "/toilets.geojson.gz").c_str(), GDAL_OF_VECTOR));
    REQUIRE(d);
    REQUIRE(t);
    OGRSpatialReference tm2;
    tm2.importFromEPSG(3826);
    tm2.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    OGRLayer* dl = d->GetLayer(0);
    dl->SetAttributeFilter(("district = '" + name + "'").c_str());
    std::unique_ptr<OGRGeometry> geom;
    for (auto& f : *dl) geom.reset(f->GetGeometryRef()->clone());
    REQUIRE(geom);
    geom->transformTo(&tm2);
    OGRLayer* tl = t->GetLayer(0);
    tl->SetAttributeFilter("grade IN ('特優級', '優等級', '普通級')");
    int n = 0;
    for (auto& f : *tl) {
        std::unique_ptr<OGRGeometry> p(f->GetGeometryRef()->clone());
        p->transformTo(&tm2);
        if (geom->Contains(p.get())) ++n;
    }
    return {n, geom->toMultiPolygon()->get_Area() / 1e6};
}

}  // namespace

TEST_CASE("Taipei: toilet density per 行政區 equals a count of three districts done apart", "[taipei]") {
    const Taipei t("taipei.json");
    CHECK(t.city.crs == "EPSG:3826");
    CHECK(t.city.districts.size() == 12);
    // Counted apart, with ogrinfo's SQLite dialect on the same files reprojected to EPSG:3826:
    //   ogr2ogr -f GPKG tpe.gpkg /vsigzip/data/taipei/districts.geojson.gz -nln districts -t_srs EPSG:3826
    //   ogr2ogr -update tpe.gpkg /vsigzip/data/taipei/toilets.geojson.gz -nln toilets -t_srs EPSG:3826
    //   ogrinfo tpe.gpkg -dialect SQLite -sql "SELECT d.district, ST_Area(d.geom)/1e6, (SELECT count(*) FROM
    //     toilets t WHERE t.grade IN ('特優級','優等級','普通級') AND ST_Within(t.geom, d.geom)) FROM districts d"
    // 大安區 121 toilets on 11.3395 km², 中正區 156 on 7.5506 km², 信義區 110 on 11.2395 km² (no built-up
    // layer: the district is its built-up area). And again here with GDAL's own geometry.
    const std::map<std::string, std::pair<int, double>> by_hand = {
        {"大安區", {121, 11.3395}}, {"中正區", {156, 7.5506}}, {"信義區", {110, 11.2395}}};
    for (const auto& [name, hand] : by_hand) {
        const auto [n, km2] = gdal_count(name);
        CHECK(n == hand.first);
        CHECK(km2 == Approx(hand.second).margin(1e-4));
        const Value& v = t.value(name, "toilet_density");
        REQUIRE(v.value);
        CHECK(*v.value == Approx(n / km2).epsilon(1e-9));
    }
    // The grades reached the class through the value map: 特優級 and 優等級 are class II or better.
    const Value& share = t.value("大安區", "toilet_class2_share");
    REQUIRE(share.value);
    CHECK(*share.value > 0.9);
    // Each 里 lies in one 行政區, but the two boundary files (see data/taipei/*.SOURCE.txt) disagree along
    // some borders: the residents placed in a district add up to its population summed from its 里 within
    // 1 % (two districts differ by 0.7 % and 0.9 %, the rest by less than 0.5 %).
    CHECK(t.value("大安區", "fitness_10min_coverage").value.has_value());  // 大安區 lies within the network
    const std::vector<double>& w = t.city.layer("residents")->numbers.at("population");
    Analysis a(t.city);
    const auto sums = a.sum_points("residents", [&](std::size_t i) { return w[i]; });
    for (std::size_t d = 0; d < t.city.districts.size(); ++d)
        CHECK(sums[d] == Approx(*t.city.districts.population[d]).epsilon(0.01));
    CHECK(sums.back() == Approx(2586660).margin(1));
}


TEST_CASE("Taipei: residents spread from the 里 keep the city's 2,586,660 and its 499,593 aged 65+", "[taipei]") {
    const Taipei t("taipei-li.json");
    CHECK(t.city.districts.size() == 456);
    const Layer& r = *t.city.layer("residents");
    double pop = 0, old = 0;
    for (std::size_t i = 0; i < r.size(); ++i) {
        pop += r.numbers.at("population")[i];
        old += r.numbers.at("elderly")[i];
    }
    CHECK(pop == Approx(2586660).margin(1e-3));
    CHECK(old == Approx(499593).margin(1e-3));
    for (const auto& l : t.card.layers)
        if (l.role == "residents") {
            const PopulationAccount& p = *l.account.population;
            CHECK(p.read == Approx(2586660).margin(1e-3));
            CHECK(p.placed + p.outside + p.dropped == Approx(p.read).margin(1e-3));
            CHECK(p.outside < 0.001 * p.read);  // the 里 are the districts here: next to nothing falls outside
        }

    // The walking indicators: computed on the roads for the central 里 (大安區), not computed where the
    // roads layer does not reach, saying why, and so not for the whole city.
    const Value& centre = t.value("大安區龍淵里", "park_service_coverage");
    CHECK(centre.value.has_value());
    CHECK(centre.mode == Measure::Network);
    const Value& north = t.value("北投區湖山里", "park_service_coverage");
    CHECK_FALSE(north.value.has_value());
    CHECK(north.reason.code == Reason::Code::OffNetwork);
    CHECK(t.card.total.values.at("park_service_coverage").reason.code == Reason::Code::PartialNetwork);
    CHECK(t.value("大安區龍淵里", "fitness_10min_coverage").value.has_value());
}
