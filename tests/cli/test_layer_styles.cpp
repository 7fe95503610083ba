// Every GeoPackage hcgis writes carries its QGIS styles in the standard layer_styles table: QGIS's columns,
// f_table_schema '', the layer's geometry column, one default style per layer, QML that parses with the
// renderer meant (export: graduated by the indicator, --indicator choosing the default; coverage: catchments
// and residents categorised; suggest: sites labelled by rank; synth: toilets categorised by class).
#include "run_hcgis.h"
#include "../temp_dir.h"

#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <QXmlStreamReader>

#include <catch2/catch.hpp>

#include <unistd.h>

#include <map>
#include <set>
#include <vector>

namespace fs = std::filesystem;
using hcgis::test::run;

namespace {

const std::string source_dir = HCGIS_SOURCE_DIR;
const std::string bundled = "'" + source_dir + "/layers/lyg-etdz.json'";

struct StyleRow {
    std::string table, geometry_column, name, qml, schema;
    bool is_default = false;
};

struct Gpkg {
    std::vector<std::string> columns;
    std::vector<StyleRow> rows;
    std::map<std::string, std::string> geometry_columns;  // of the other layers
};

Gpkg read_styles(const fs::path& file) {
    GDALAllRegister();
    GDALDatasetUniquePtr ds(GDALDataset::Open(file.c_str(), GDAL_OF_VECTOR));
    REQUIRE(ds);
    Gpkg out;
    for (OGRLayer* l : ds->GetLayers())
        if (std::string(l->GetName()) != "layer_styles") out.geometry_columns[l->GetName()] = l->GetGeometryColumn();
    OGRLayer* t = ds->GetLayerByName("layer_styles");
    REQUIRE(t);
    OGRFeatureDefn* defn = t->GetLayerDefn();
    for (int i = 0; i < defn->GetFieldCount(); ++i) out.columns.push_back(defn->GetFieldDefn(i)->GetNameRef());
    for (auto& f : *t)
        out.rows.push_back({f->GetFieldAsString("f_table_name"), f->GetFieldAsString("f_geometry_column"),
                            f->GetFieldAsString("styleName"), f->GetFieldAsString("styleQML"),
                            f->GetFieldAsString("f_table_schema"), f->GetFieldAsInteger("useAsDefault") == 1});
    return out;
}

struct Qml {
    std::string renderer, attr;
    std::vector<std::pair<double, double>> ranges;
    int categories = 0;
    bool labels = false;
};

Qml parse(const std::string& text) {
    Qml q;
    QXmlStreamReader xml(QString::fromStdString(text));
    while (!xml.atEnd()) {
        if (xml.readNext() != QXmlStreamReader::StartElement) continue;
        const auto a = xml.attributes();
        if (xml.name() == u"qgis") q.labels = a.value("labelsEnabled") == u"1";
        if (xml.name() == u"renderer-v2") {
            q.renderer = a.value("type").toString().toStdString();
            q.attr = a.value("attr").toString().toStdString();
        }
        if (xml.name() == u"range") q.ranges.emplace_back(a.value("lower").toDouble(), a.value("upper").toDouble());
        if (xml.name() == u"category") ++q.categories;
    }
    INFO(xml.errorString().toStdString());
    REQUIRE_FALSE(xml.hasError());
    return q;
}

/// The table has QGIS's columns, every row names a written layer and its geometry column, each layer has
/// one default; returns the default style's QML per layer.
std::map<std::string, Qml> check_table(const fs::path& file) {
    const Gpkg g = read_styles(file);
    const std::set<std::string> columns(g.columns.begin(), g.columns.end());
    CHECK(columns == std::set<std::string>{"f_table_catalog", "f_table_schema", "f_table_name", "f_geometry_column",
                                           "styleName", "styleQML", "styleSLD", "useAsDefault", "description",
                                           "owner", "ui", "update_time"});
    std::map<std::string, Qml> defaults;
    for (const StyleRow& r : g.rows) {
        INFO(r.table << " " << r.name);
        REQUIRE(g.geometry_columns.count(r.table));
        CHECK(r.geometry_column == g.geometry_columns.at(r.table));
        CHECK(r.schema.empty());
        const Qml q = parse(r.qml);
        if (r.is_default) {
            CHECK_FALSE(defaults.count(r.table));
            defaults[r.table] = q;
        }
    }
    return defaults;
}

using hcgis::test::TempDir;

std::string q(const fs::path& p) { return hcgis::test::quoted(p.string()); }

}  // namespace

TEST_CASE("export's GeoPackage opens graduated by an indicator, each indicator a style", "[cli][styles]") {
    TempDir dir;
    const fs::path out = dir.path / "e.gpkg";
    REQUIRE(run("export " + bundled + " --out " + q(out)).status == 0);
    auto defaults = check_table(out);
    REQUIRE(defaults.count("districts"));
    const Qml& d = defaults["districts"];
    CHECK(d.renderer == "graduatedSymbol");
    CHECK(d.attr == "toilet_density");  // the first indicator
    REQUIRE(d.ranges.size() == 3);      // fail, near, pass against the target
    for (std::size_t k = 0; k + 1 < d.ranges.size(); ++k) CHECK(d.ranges[k].second < d.ranges[k + 1].first);
    CHECK(read_styles(out).rows.size() > 10);  // one per indicator

    REQUIRE(run("export " + bundled + " --indicator park_green_per_capita --out " + q(out)).status == 0);
    CHECK(check_table(out)["districts"].attr == "park_green_per_capita");
    const auto bad = run("export " + bundled + " --indicator nope --out " + q(out));
    CHECK(bad.status == 1);
    CHECK(bad.err.find("--indicator: \"nope\"") != std::string::npos);
}

TEST_CASE("where districts' targets differ, the export's style colours each district by its class attribute", "[cli][styles]") {
    // The bundled plan sets healthy communities per district: 中云 3 (has 3: pass), 猴嘴 2 (has 1: fail),
    // 朝阳 none (unjudged), as the printed map holds them.
    TempDir dir;
    const fs::path out = dir.path / "e.gpkg";
    REQUIRE(run("export " + bundled + " --indicator healthy_communities --out " + q(out)).status == 0);
    const Qml d = check_table(out)["districts"];
    CHECK(d.renderer == "graduatedSymbol");
    CHECK(d.attr == "healthy_communities_class");
    REQUIRE(d.ranges.size() == 3);
    GDALDatasetUniquePtr ds(GDALDataset::Open(out.c_str(), GDAL_OF_VECTOR));
    REQUIRE(ds);
    std::map<std::string, std::string> by_name;
    for (auto& f : *ds->GetLayerByName("districts")) {
        const int i = f->GetFieldIndex("healthy_communities_class");
        REQUIRE(i >= 0);
        const std::string c = f->IsFieldSetAndNotNull(i) ? f->GetFieldAsString(i) : "null";  // before the next call reuses its buffer
        by_name[f->GetFieldAsString("name")] = c;
    }
    CHECK(by_name == std::map<std::string, std::string>{{"中云街道", "2"}, {"猴嘴街道", "0"}, {"朝阳街道", "null"}});
    // Each class value falls in one range, in order fail, near, pass.
    for (int c = 0; c < 3; ++c) {
        CHECK(d.ranges[static_cast<std::size_t>(c)].first <= c);
        CHECK(c <= d.ranges[static_cast<std::size_t>(c)].second);
    }
}

TEST_CASE("coverage, suggest and synth GeoPackages carry their styles", "[cli][styles]") {
    TempDir dir;
    REQUIRE(run("coverage " + bundled + " --facility parks --out " + q(dir.path / "c.gpkg")).status == 0);
    auto cov = check_table(dir.path / "c.gpkg");
    CHECK(cov["catchments"].attr == "kind");
    CHECK(cov["residents"].attr == "covered");

    REQUIRE(run("suggest " + bundled + " --facility fitness --count 3 --out " + q(dir.path / "s.gpkg")).status == 0);
    auto sites = check_table(dir.path / "s.gpkg");
    REQUIRE(sites.count("suggested_fitness"));
    CHECK(sites["suggested_fitness"].labels);

    REQUIRE(run("synth --out " + q(dir.path / "city") + " --districts 3 --residents 300").status == 0);
    auto city = check_table(dir.path / "city" / "city.gpkg");
    CHECK(city["toilets"].renderer == "categorizedSymbol");
    CHECK(city["toilets"].categories == 5);
    CHECK(city["districts"].renderer == "singleSymbol");
}
