// hcgis … --scenario FILE.gpkg: a hand-made scenario on the bundled project counts its sites as existing
// facilities, with figures worked out here from the project's own data (toilet tallies from the scorecard
// without the scenario; the straight-line fitness coverage from the residents and fitness GeoJSON);
// suggest's GeoPackage opens as a scenario; export writes the proposed sites for the platform; a bad
// scenario is refused by name and a scenario is never overwritten.
#include "run_hcgis.h"
#include "../temp_dir.h"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <vector>

namespace fs = std::filesystem;
using hcgis::test::quoted;
using hcgis::test::Run;
using hcgis::test::run;
using nlohmann::json;

namespace {

const std::string source_dir = HCGIS_SOURCE_DIR;
const std::string data = source_dir + "/data/lyg-etdz/";
const std::string bundled = quoted(source_dir + "/layers/lyg-etdz.json");

using hcgis::test::TempDir;

OGRSpatialReference srs(int epsg) {
    OGRSpatialReference s;
    s.importFromEPSG(epsg);
    s.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    return s;
}

struct Site {
    const char* layer;
    double lon, lat;
    std::optional<int> cls;
};

/// A scenario GeoPackage made with GDAL alone, its points in WGS 84 (hcgis reprojects them).
void write_scenario(const fs::path& file, const std::vector<Site>& sites, const std::string& project) {
    GDALAllRegister();
    GDALDriver* gpkg = GetGDALDriverManager()->GetDriverByName("GPKG");
    GDALDatasetUniquePtr ds(gpkg->Create(file.c_str(), 0, 0, 0, GDT_Unknown, nullptr));
    REQUIRE(ds);
    OGRSpatialReference wgs84 = srs(4326);
    int id = 0;
    for (const char* name : {"proposed_toilets", "proposed_fitness"}) {
        OGRLayer* l = ds->CreateLayer(name, &wgs84, wkbPoint, nullptr);
        OGRFieldDefn fid("id", OFTInteger), cls("class", OFTInteger), note("note", OFTString);
        l->CreateField(&fid), l->CreateField(&cls), l->CreateField(&note);
        for (const Site& s : sites) {
            if (std::string(s.layer) != name) continue;
            OGRFeature f(l->GetLayerDefn());
            f.SetField("id", ++id);
            if (s.cls) f.SetField("class", *s.cls);
            f.SetField("note", "hand-placed");
            f.SetGeometryDirectly(new OGRPoint(s.lon, s.lat));
            REQUIRE(l->CreateFeature(&f) == OGRERR_NONE);
        }
    }
    OGRLayer* meta = ds->CreateLayer("hcgis_scenario", nullptr, wkbNone, nullptr);
    OGRFieldDefn p("project", OFTString);
    meta->CreateField(&p);
    OGRFeature f(meta->GetLayerDefn());
    f.SetField("project", project.c_str());
    REQUIRE(meta->CreateFeature(&f) == OGRERR_NONE);
}

struct Point {
    double x, y;
    double pop = 0, pop60 = 0;
    std::string kind;
};

/// Every point of a GeoJSON layer in EPSG:4549, with its pop, pop60 and kind.
std::vector<Point> points(const std::string& file) {
    GDALAllRegister();
    GDALDatasetUniquePtr ds(GDALDataset::Open(file.c_str(), GDAL_OF_VECTOR));
    REQUIRE(ds);
    OGRLayer* l = ds->GetLayer(0);
    const OGRSpatialReference from = srs(4326), to = srs(4549);
    std::unique_ptr<OGRCoordinateTransformation> ct(OGRCreateCoordinateTransformation(&from, &to));
    std::vector<Point> out;
    for (auto& f : *l) {
        Point p{f->GetGeometryRef()->toPoint()->getX(), f->GetGeometryRef()->toPoint()->getY(), 0, 0, ""};
        REQUIRE(ct->Transform(1, &p.x, &p.y));
        const int pop = f->GetFieldIndex("pop"), old = f->GetFieldIndex("pop60"), kind = f->GetFieldIndex("kind");
        if (pop >= 0) p.pop = f->GetFieldAsDouble(pop);
        if (old >= 0) p.pop60 = f->GetFieldAsDouble(old);
        if (kind >= 0) p.kind = f->GetFieldAsString(kind);
        out.push_back(p);
    }
    return out;
}

/// A point of the built-up area inside 猴嘴街道 (lon, lat).
std::pair<double, double> builtup_point_in_houzui() {
    GDALAllRegister();
    GDALDatasetUniquePtr districts(GDALDataset::Open((data + "districts.geojson").c_str(), GDAL_OF_VECTOR));
    GDALDatasetUniquePtr builtup(GDALDataset::Open((data + "builtup.geojson").c_str(), GDAL_OF_VECTOR));
    REQUIRE(districts);
    REQUIRE(builtup);
    std::unique_ptr<OGRGeometry> houzui;
    for (auto& f : *districts->GetLayer(0))
        if (std::string(f->GetFieldAsString("name")) == "猴嘴街道") houzui.reset(f->GetGeometryRef()->clone());
    REQUIRE(houzui);
    for (auto& f : *builtup->GetLayer(0)) {
        OGRPoint inside;
        if (f->GetGeometryRef()->Centroid(&inside) != OGRERR_NONE) continue;
        if (f->GetGeometryRef()->Contains(&inside) && houzui->Contains(&inside)) return {inside.getX(), inside.getY()};
    }
    FAIL("no built-up polygon in 猴嘴街道");
    return {};
}

json indicators(const std::string& extra) {
    const Run r = run("indicators " + bundled + " --format json --mode straight " + extra);
    INFO(r.err);
    REQUIRE(r.status == 0);
    return json::parse(r.out);
}

const json& area(const json& card, const std::string& name) {
    for (const auto& d : card["districts"])
        if (d["name"] == name) return d;
    FAIL("no district " << name);
    return card;
}

double radius(const std::string& kind) { return kind == "体育中心" ? 1000 : kind == "多功能运动场" ? 500 : 300; }

/// Residents' weight (pop, or pop60 with `elderly`) newly within reach of a 体育中心 at (x, y), in a
/// straight line: within its budget and not within any existing site's own (class radius × speed ratio).
double newly_covered(double x, double y, bool elderly) {
    const double scale = elderly ? 60.0 / 80.0 : 1.0;
    const auto sites = points(data + "fitness.geojson");
    double sum = 0;
    for (const Point& r : points(data + "residents.geojson")) {
        auto within = [&](double fx, double fy, double rad) {
            const double dx = fx - r.x, dy = fy - r.y;
            return dx * dx + dy * dy <= rad * rad;
        };
        bool before = false;
        for (const Point& f : sites) before = before || within(f.x, f.y, radius(f.kind) * scale);
        if (!before && within(x, y, 1000 * scale)) sum += elderly ? r.pop60 : r.pop;
    }
    return sum;
}

}  // namespace

TEST_CASE("indicators --scenario counts the proposed sites as hand-worked on the bundled project", "[cli][scenario]") {
    TempDir dir("hand");
    const auto [lon, lat] = builtup_point_in_houzui();
    const fs::path file = dir.path / "plan.gpkg";
    // A class II toilet and a 体育中心 in 猴嘴's built-up area, and a toilet far outside every district.
    write_scenario(file, {{"proposed_toilets", lon, lat, 2}, {"proposed_fitness", lon, lat, 3}, {"proposed_toilets", 121.5, 31.2, 1}},
                   "连云港经济技术开发区");
    const json before = indicators("");
    const json after = indicators("--scenario " + quoted(file.string()));

    const json& b = area(before, "猴嘴街道")["indicators"];
    const json& a = area(after, "猴嘴街道")["indicators"];
    const double n = b["toilet_density"]["detail"]["toilets_class_1_to_3_in_builtup"];
    const double km2 = b["toilet_density"]["detail"]["builtup_km2"];
    CHECK(a["toilet_density"]["detail"]["toilets_class_1_to_3_in_builtup"] == n + 1);
    CHECK(a["toilet_density"]["value"].get<double>() == Approx((n + 1) / km2).epsilon(1e-12));
    const double c12 = b["toilet_class2_share"]["detail"]["toilets_class_1_to_2_in_builtup"];
    const double inb = b["toilet_class2_share"]["detail"]["toilets_in_builtup"];
    CHECK(a["toilet_class2_share"]["value"].get<double>() == Approx((c12 + 1) / (inb + 1)).epsilon(1e-12));
    CHECK(a["toilet_below_class3"]["value"] == b["toilet_below_class3"]["value"]);
    // One more toilet of class II or better: one more cleaner.
    CHECK(a["toilet_cleaners_needed"]["value"].get<double>() == b["toilet_cleaners_needed"]["value"].get<double>() + 1);
    // The toilet outside every district counts in no district, nor in the total.
    CHECK(after["total"]["indicators"]["toilet_density"]["detail"]["toilets_class_1_to_3_in_builtup"] ==
          before["total"]["indicators"]["toilet_density"]["detail"]["toilets_class_1_to_3_in_builtup"].get<double>() + 1);

    // The 体育中心 (1000 m; 750 m at the elderly speed), in a straight line, counted from the GeoJSON here.
    const auto at = points(data + "residents.geojson");  // only to get the site's projected position:
    GDALAllRegister();
    const OGRSpatialReference from = srs(4326), to = srs(4549);
    std::unique_ptr<OGRCoordinateTransformation> ct(OGRCreateCoordinateTransformation(&from, &to));
    double x = lon, y = lat;
    REQUIRE(ct->Transform(1, &x, &y));
    REQUIRE_FALSE(at.empty());
    for (bool elderly : {false, true}) {
        const char* id = elderly ? "fitness_10min_coverage_elderly" : "fitness_10min_coverage";
        INFO(id);
        const double gained = newly_covered(x, y, elderly);
        CHECK(gained > 0);
        const double was = before["total"]["indicators"][id]["detail"]["covered_population"];
        CHECK(after["total"]["indicators"][id]["detail"]["covered_population"].get<double>() == Approx(was + gained).margin(1e-9));
    }
    // Warned by name: the outside site, and nothing about another project.
    const std::string warnings = after["warnings"].dump();
    CHECK(warnings.find("layer proposed_toilets: feature 2: the proposed site lies outside every district") != std::string::npos);
    CHECK(warnings.find("was made for the project") == std::string::npos);
    CHECK(after["notes"].dump().find("reprojected from EPSG:4326 to EPSG:4549") != std::string::npos);
}

TEST_CASE("a scenario of another project is warned by name, a bad class is refused by file, layer, feature, field",
          "[cli][scenario]") {
    TempDir dir("bad");
    const auto [lon, lat] = builtup_point_in_houzui();
    const fs::path other = dir.path / "other.gpkg";
    write_scenario(other, {{"proposed_fitness", lon, lat, 1}}, "澳门");
    const json card = indicators("--scenario " + quoted(other.string()));
    CHECK(card["warnings"].dump().find("was made for the project \\\"澳门\\\"") != std::string::npos);

    const fs::path bad = dir.path / "bad.gpkg";
    write_scenario(bad, {{"proposed_toilets", lon, lat, 7}}, "连云港经济技术开发区");
    const Run r = run("indicators " + bundled + " --scenario " + quoted(bad.string()));
    INFO(r.err);
    CHECK(r.status == 1);
    CHECK(r.err.find(bad.string()) != std::string::npos);
    CHECK(r.err.find("layer proposed_toilets: feature 1: field \"class\"") != std::string::npos);

    // The scenario is an input: never overwritten.
    const Run over = run("export " + bundled + " --scenario " + quoted(other.string()) + " --out " + quoted(other.string()));
    CHECK(over.status == 2);
    CHECK(over.err.find("the scenario") != std::string::npos);
}

TEST_CASE("suggest's GeoPackage is a scenario, and export writes its sites for the platform", "[cli][scenario]") {
    TempDir dir("suggest");
    const fs::path gpkg = dir.path / "s.gpkg";
    const Run s = run("suggest " + bundled + " --facility toilets --count 4 --out " + quoted(gpkg.string()));
    INFO(s.err);
    REQUIRE(s.status == 0);
    const json before = indicators("");
    const json after = indicators("--scenario " + quoted(gpkg.string()));
    auto read = [](const json& card) {
        for (const auto& l : card["layers"])
            if (l["role"] == "toilets") return l["read"].get<double>();
        return -1.0;
    };
    CHECK(read(after) == read(before) + 4);
    // Suggested toilets are class III in the built-up area: four more of class III or better there.
    CHECK(after["total"]["indicators"]["toilet_density"]["detail"]["toilets_class_1_to_3_in_builtup"] ==
          before["total"]["indicators"]["toilet_density"]["detail"]["toilets_class_1_to_3_in_builtup"].get<double>() + 4);

    const fs::path sites = dir.path / "sites.geojson", districts = dir.path / "d.geojson";
    const Run e = run("export " + bundled + " --scenario " + quoted(gpkg.string()) + " --out " + quoted(districts.string()) +
                      " --sites-out " + quoted(sites.string()));
    INFO(e.err);
    REQUIRE(e.status == 0);
    const json fc = json::parse(hcgis::test::slurp(sites));
    REQUIRE(fc["features"].size() == 4);
    CHECK(fc["features"][0]["properties"]["facility"] == "toilets");
    CHECK(fc["features"][0]["properties"]["class"] == 3);
    CHECK_FALSE(fc["features"][0]["properties"]["note"].get<std::string>().empty());
    const double lon0 = fc["features"][0]["geometry"]["coordinates"][0];
    CHECK(lon0 > 119);  // WGS 84 for the platform
    CHECK(lon0 < 120);
    // --sites-out without a scenario is a usage error.
    CHECK(run("export " + bundled + " --out " + quoted(districts.string()) + " --sites-out " + quoted(sites.string())).status == 2);
    // The same file spelled two ways is refused before any work, and both files stay as they were.
    const std::string districts_before = hcgis::test::slurp(districts), sites_before = hcgis::test::slurp(sites);
    const fs::path other_spelling = dir.path / "." / "d.geojson";
    const Run same = run("export " + bundled + " --scenario " + quoted(gpkg.string()) + " --out " +
                         quoted(districts.string()) + " --sites-out " + quoted(other_spelling.string()));
    CHECK(same.status == 2);
    CHECK_THAT(same.err, Catch::Contains("name the same file"));
    CHECK(hcgis::test::slurp(districts) == districts_before);
    CHECK(hcgis::test::slurp(sites) == sites_before);
}

TEST_CASE("report --scenario has the 现状 / 方案 / 变化 table of what the proposed sites change", "[cli][scenario]") {
    if (std::system("command -v pdftotext >/dev/null") != 0) {
        WARN("pdftotext (poppler-utils) is missing: the report's text cannot be read");
        return;
    }
    TempDir dir("report");
    const auto [lon, lat] = builtup_point_in_houzui();
    const fs::path file = dir.path / "plan.gpkg";
    write_scenario(file, {{"proposed_toilets", lon, lat, 2}, {"proposed_fitness", lon, lat, 3}}, "连云港经济技术开发区");
    const fs::path pdf = dir.path / "r.pdf";
    const Run r = run("report " + bundled + " --scenario " + quoted(file.string()) + " --out " + quoted(pdf.string()));
    INFO(r.err);
    REQUIRE(r.status == 0);
    const fs::path txt = dir.path / "r.txt";
    REQUIRE(std::system(("pdftotext -enc UTF-8 " + quoted(pdf.string()) + " " + quoted(txt.string())).c_str()) == 0);
    std::string text;
    for (char c : hcgis::test::slurp(txt))
        if (c != '\n' && c != '\f') text += c;
    CHECK(text.find("方案对比（现状 / 方案 / 变化）") != std::string::npos);
    CHECK(text.find("拟建公厕 1 座、健身设施 1 处") != std::string::npos);
    // 猴嘴's toilet density before and with the toilet, as the scorecards give them.
    const json before = indicators("");
    const json& b = area(before, "猴嘴街道")["indicators"]["toilet_density"];
    const double n = b["detail"]["toilets_class_1_to_3_in_builtup"], km2 = b["detail"]["builtup_km2"];
    char row[256];
    std::snprintf(row, sizeof row, "猴嘴街道建成区公厕密度（座/km²）%.2f%.2f+%.2f", n / km2, (n + 1) / km2, (n + 1) / km2 - n / km2);
    INFO(row);
    CHECK(text.find(row) != std::string::npos);
    // The maps draw the proposed sites apart, with their legend group (拟建 + the class, with its count).
    CHECK(text.find("规划方案") != std::string::npos);
    CHECK(text.find("拟建二类公厕（1）") != std::string::npos);
    // And so does hcgis map with the scenario.
    const fs::path sheet = dir.path / "m.pdf";
    const Run m = run("map " + bundled + " --indicator toilet_density --scenario " + quoted(file.string()) + " --out " +
                      quoted(sheet.string()));
    INFO(m.err);
    REQUIRE(m.status == 0);
    const fs::path mtxt = dir.path / "m.txt";
    REQUIRE(std::system(("pdftotext -enc UTF-8 " + quoted(sheet.string()) + " " + quoted(mtxt.string())).c_str()) == 0);
    std::string sheet_text;
    for (char c : hcgis::test::slurp(mtxt))
        if (c != '\n' && c != '\f') sheet_text += c;
    CHECK(sheet_text.find("拟建二类公厕（1）") != std::string::npos);
}
