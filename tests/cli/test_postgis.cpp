// PostGIS as a source and a destination, against a live server: the private cluster of tests/pg/cluster
// (a CTest fixture; the connection in $HCGIS_PG_STATE/connection). The bundled project read from PostGIS
// gives the indicators it gives from files; an export written to PostGIS reads back as the GeoPackage
// export; a refused or failed write (a table that exists, a connection dropped mid-write, on --append and on
// --overwrite) leaves the database as it was and names the connection without its password, and the table.
// Where the server is missing every test says so and passes (skipped).
#include "run_hcgis.h"
#include "../temp_dir.h"

#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <nlohmann/json.hpp>

#include <catch2/catch.hpp>

#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <fstream>
#include <map>
#include <optional>

namespace fs = std::filesystem;
using hcgis::test::quoted;
using hcgis::test::run;
using hcgis::test::slurp;

namespace {

const std::string source_dir = HCGIS_SOURCE_DIR;
const std::string bundled = source_dir + "/layers/lyg-etdz.json";

/// The fixture's connection string ("PG:…"), or nullopt with the reason printed when there is no server.
std::optional<std::string> connection() {
    const char* state = std::getenv("HCGIS_PG_STATE");
    if (!state) {
        WARN("skipped: HCGIS_PG_STATE is not set (run through CTest, which starts the PostGIS fixture)");
        return std::nullopt;
    }
    if (fs::exists(fs::path(state) / "skip")) {
        WARN("skipped: " << slurp(fs::path(state) / "skip"));
        return std::nullopt;
    }
    std::string c = slurp(fs::path(state) / "connection");
    while (!c.empty() && (c.back() == '\n' || c.back() == ' ')) c.pop_back();
    REQUIRE_FALSE(c.empty());
    return c;
}

/// Runs `sql` with psql on the fixture's database; returns its unaligned output.
std::string psql(const std::string& pg, const std::string& sql) {
    // The statement goes through a file: it holds quotes the shell would take.
    const fs::path file = fs::temp_directory_path() / ("hcgis-pg-" + std::to_string(::getpid()) + ".sql");
    std::ofstream(file) << sql << "\n";
    const std::string cmd = "psql -X -q -At -v ON_ERROR_STOP=1 " + quoted(pg.substr(3)) + " -f " + quoted(file.string()) + " 2>&1";
    std::string out;
    FILE* p = ::popen(cmd.c_str(), "r");
    REQUIRE(p);
    char buf[4096];
    for (std::size_t n; (n = std::fread(buf, 1, sizeof buf, p)) > 0;) out.append(buf, n);
    const int status = ::pclose(p);
    fs::remove(file);
    INFO(sql << "\n" << out);
    REQUIRE(status == 0);
    while (!out.empty() && out.back() == '\n') out.pop_back();
    return out;
}

/// Every row of `table` as text, in fid order: what "as it was" compares.
std::string table_text(const std::string& pg, const std::string& table) {
    return psql(pg, "SELECT coalesce(md5(string_agg(t::text, '|' ORDER BY fid)), 'empty') || ' ' || count(*) FROM " +
                        table + " t");
}

using hcgis::test::TempDir;

GDALDatasetUniquePtr open(const std::string& name, bool update = false) {
    GDALAllRegister();
    GDALDatasetUniquePtr ds(GDALDataset::Open(name.c_str(), GDAL_OF_VECTOR | (update ? GDAL_OF_UPDATE : 0)));
    REQUIRE(ds);
    return ds;
}

/// The indicators of a project as `hcgis indicators --format json` gives them: districts and total.
nlohmann::json indicators(const std::string& project) {
    const auto r = run("indicators " + quoted(project) + " --format json");
    INFO(r.err);
    REQUIRE(r.status == 0);
    const auto j = nlohmann::json::parse(r.out);
    return {{"districts", j["districts"]}, {"total", j["total"]}};
}

/// Equal JSON, numbers to 1e-9 (relative for large ones).
bool same(const nlohmann::json& a, const nlohmann::json& b, const std::string& at = "") {
    if (a.is_number() && b.is_number()) {
        const double x = a.get<double>(), y = b.get<double>();
        if (std::abs(x - y) <= 1e-9 * std::max(1.0, std::abs(x))) return true;
    } else if (a.type() == b.type() && (a.is_object() || a.is_array()) && a.size() == b.size()) {
        bool ok = true;
        if (a.is_object()) {
            for (auto it = a.begin(); it != a.end(); ++it)
                ok = b.contains(it.key()) && same(it.value(), b[it.key()], at + "/" + it.key()) && ok;
        } else {
            for (std::size_t i = 0; i < a.size(); ++i) ok = same(a[i], b[i], at + "/" + std::to_string(i)) && ok;
        }
        return ok;
    } else if (a == b) {
        return true;
    }
    UNSCOPED_INFO("differs at " << at << ": " << a.dump() << " vs " << b.dump());
    return false;
}

}  // namespace

TEST_CASE("the bundled project read from PostGIS gives the indicators it gives from files", "[postgis]") {
    const auto pg = connection();
    if (!pg) return;
    TempDir dir;
    nlohmann::json project = nlohmann::json::parse(slurp(bundled));
    auto db = open(*pg, true);
    for (auto& [role, layer] : project["layers"].items()) {
        const fs::path source = fs::path(bundled).parent_path() / layer["source"].get<std::string>();
        auto src = open(source.string());
        const std::string table = "lyg_" + role;
        const char* options[] = {"OVERWRITE=YES", nullptr};
        REQUIRE(db->CopyLayer(src->GetLayer(0), table.c_str(), const_cast<char**>(options)));
        layer["source"] = *pg;
        layer["layer"] = table;
    }
    db.reset();
    const fs::path from_pg = dir.path / "lyg-pg.json";
    std::ofstream(from_pg) << project.dump(2);
    CHECK(same(indicators(bundled), indicators(from_pg.string())));
}

TEST_CASE("an export written to PostGIS reads back as the GeoPackage export", "[postgis]") {
    const auto pg = connection();
    if (!pg) return;
    TempDir dir;
    const fs::path gpkg = dir.path / "e.gpkg";
    REQUIRE(run("export " + quoted(bundled) + " --out " + quoted(gpkg.string())).status == 0);
    const auto r = run("export " + quoted(bundled) + " --out " + quoted(*pg) + " --layer t_export --overwrite");
    INFO(r.err);
    REQUIRE(r.status == 0);
    CHECK(r.out.find("table t_export") != std::string::npos);
    CHECK(psql(*pg, "SELECT Find_SRID('public', 't_export', 'geom')") == "4549");
    CHECK(psql(*pg, "SELECT count(*) FROM pg_indexes WHERE tablename = 't_export' AND indexdef LIKE '%USING gist%'") == "1");

    auto a = open(gpkg.string());
    auto b = open(*pg);
    OGRLayer* la = a->GetLayerByName("districts");
    OGRLayer* lb = b->GetLayerByName("t_export");
    REQUIRE(la);
    REQUIRE(lb);
    REQUIRE(la->GetFeatureCount() == lb->GetFeatureCount());
    std::map<std::string, std::unique_ptr<OGRFeature>> by_code;
    for (auto& f : *lb) by_code[f->GetFieldAsString("code")].reset(f.release());
    OGRFeatureDefn* defn = la->GetLayerDefn();
    for (auto& fa : *la) {
        const std::string code = fa->GetFieldAsString("code");
        REQUIRE(by_code.count(code));
        OGRFeature& fb = *by_code[code];
        for (int i = 0; i < defn->GetFieldCount(); ++i) {
            const char* name = defn->GetFieldDefn(i)->GetNameRef();
            INFO(code << " " << name);
            const int j = fb.GetFieldIndex(name);
            REQUIRE(j >= 0);
            REQUIRE(fa->IsFieldSetAndNotNull(i) == fb.IsFieldSetAndNotNull(j));
            if (!fa->IsFieldSetAndNotNull(i)) continue;
            if (defn->GetFieldDefn(i)->GetType() == OFTReal)
                CHECK(fb.GetFieldAsDouble(j) == Approx(fa->GetFieldAsDouble(i)).epsilon(1e-9).margin(1e-9));
            else
                CHECK(std::string(fb.GetFieldAsString(j)) == fa->GetFieldAsString(i));
        }
        CHECK(fa->GetGeometryRef()->Equals(fb.GetGeometryRef()));
    }
}

TEST_CASE("a table that exists is refused without --overwrite, and the database stays as it was", "[postgis]") {
    const auto pg = connection();
    if (!pg) return;
    const std::string with_password = *pg + " password=secret";
    REQUIRE(run("suggest " + quoted(bundled) + " --facility fitness --count 3 --out " + quoted(with_password) +
                " --layer t_refuse --overwrite").status == 0);
    const std::string before = table_text(*pg, "t_refuse");
    const auto r = run("suggest " + quoted(bundled) + " --facility fitness --count 5 --out " + quoted(with_password) +
                       " --layer t_refuse");
    INFO(r.err);
    CHECK(r.status == 1);
    CHECK(r.err.find("table t_refuse") != std::string::npos);
    CHECK(r.err.find("dbname=hcgis") != std::string::npos);
    CHECK(r.err.find("secret") == std::string::npos);
    CHECK(r.out.find("secret") == std::string::npos);
    CHECK(table_text(*pg, "t_refuse") == before);
    // A file destination takes none of the PostGIS options.
    CHECK(run("export " + quoted(bundled) + " --out x.gpkg --overwrite").status == 2);
}

TEST_CASE("a connection dropped mid-write leaves the database as it was", "[postgis]") {
    const auto pg = connection();
    if (!pg) return;
    REQUIRE(run("coverage " + quoted(bundled) + " --facility parks --out " + quoted(*pg) + " --layer t_drop --overwrite")
                .status == 0);
    const std::string catchments = table_text(*pg, "t_drop"), residents = table_text(*pg, "t_drop_residents");
    psql(*pg, "CREATE OR REPLACE FUNCTION hcgis_drop() RETURNS trigger LANGUAGE plpgsql AS "
              "$$ BEGIN PERFORM pg_terminate_backend(pg_backend_pid()); RETURN NEW; END $$");
    const std::string tables[] = {"t_drop", "t_drop_residents"};

    SECTION("on --append, at the residents, after the catchments were added") {
        psql(*pg, "CREATE TRIGGER hcgis_drop BEFORE INSERT ON t_drop_residents FOR EACH ROW EXECUTE FUNCTION hcgis_drop()");
        const auto r = run("coverage " + quoted(bundled) + " --facility parks --out " + quoted(*pg) + " --layer t_drop --append");
        INFO(r.err);
        CHECK(r.status == 1);
        CHECK(r.err.find("cannot write") != std::string::npos);
        CHECK(r.err.find("table t_drop") != std::string::npos);
        psql(*pg, "DROP TRIGGER hcgis_drop ON t_drop_residents");
    }
    SECTION("on --overwrite, when the new table is indexed") {
        psql(*pg, "CREATE OR REPLACE FUNCTION hcgis_drop_ddl() RETURNS event_trigger LANGUAGE plpgsql AS "
                  "$$ BEGIN PERFORM pg_terminate_backend(pg_backend_pid()); END $$");
        psql(*pg, "CREATE EVENT TRIGGER hcgis_drop_ddl ON ddl_command_end WHEN TAG IN ('CREATE INDEX') "
                  "EXECUTE FUNCTION hcgis_drop_ddl()");
        const auto r = run("coverage " + quoted(bundled) + " --facility parks --out " + quoted(*pg) + " --layer t_drop --overwrite");
        psql(*pg, "DROP EVENT TRIGGER hcgis_drop_ddl");
        INFO(r.err);
        CHECK(r.status == 1);
        CHECK(r.err.find("table t_drop") != std::string::npos);
    }
    CHECK(table_text(*pg, tables[0]) == catchments);
    CHECK(table_text(*pg, tables[1]) == residents);
}

namespace {

/// The rows of `layer` in `ds` as text, the fields named in `fields`, in order: what two writers compare.
std::vector<std::string> rows(GDALDataset& ds, const std::string& layer, const std::vector<std::string>& fields) {
    OGRLayer* l = ds.GetLayerByName(layer.c_str());
    REQUIRE(l);
    std::vector<std::string> out;
    for (auto& f : *l) {
        std::string row;
        for (const auto& name : fields) {
            const int i = f->GetFieldIndex(name.c_str());
            REQUIRE(i >= 0);
            row += std::string(f->IsFieldSetAndNotNull(i) ? f->GetFieldAsString(i) : "∅") + "|";
        }
        out.push_back(row);
    }
    return out;
}

}  // namespace

TEST_CASE("the report's data goes to PostGIS in one transaction: districts, scorecard, tasks, accounting", "[postgis]") {
    const auto pg = connection();
    if (!pg) return;
    TempDir dir;
    const auto r = run("indicators " + quoted(bundled) + " --out " + quoted(*pg) + " --layer t_ind --overwrite");
    INFO(r.err);
    REQUIRE(r.status == 0);
    CHECK(r.out.find("table t_ind, t_ind_total, t_ind_tasks, t_ind_layers") != std::string::npos);
    CHECK(psql(*pg, "SELECT Find_SRID('public', 't_ind', 'geom')") == "4549");

    // The values equal the JSON's (1e-9): every district's and the whole area's.
    const auto r_json = run("indicators " + quoted(bundled) + " --format json");
    REQUIRE(r_json.status == 0);
    const auto j = nlohmann::json::parse(r_json.out);
    auto db = open(*pg);
    OGRLayer* districts = db->GetLayerByName("t_ind");
    REQUIRE(districts);
    CHECK(districts->GetFeatureCount() == static_cast<GIntBig>(j["districts"].size()));
    int compared = 0;
    for (auto& f : *districts) {
        const std::string code = f->GetFieldAsString("code");
        for (const auto& d : j["districts"]) {
            if (d["code"] != code) continue;
            for (auto& [id, v] : d["indicators"].items()) {
                if (!v["value"].is_number()) continue;
                CHECK(f->GetFieldAsDouble(id.c_str()) == Approx(v["value"].get<double>()).epsilon(1e-9).margin(1e-9));
                ++compared;
            }
        }
    }
    CHECK(compared > 20);
    std::map<std::string, double> total;
    for (auto& f : *db->GetLayerByName("t_ind_total"))
        if (f->IsFieldSetAndNotNull(f->GetFieldIndex("value"))) total[f->GetFieldAsString("indicator")] = f->GetFieldAsDouble("value");
    int in_total = 0;
    for (auto& [id, v] : j["total"]["indicators"].items()) {
        if (!v["value"].is_number()) continue;
        REQUIRE(total.count(id));
        CHECK(total[id] == Approx(v["value"].get<double>()).epsilon(1e-9).margin(1e-9));
        ++in_total;
    }
    CHECK(in_total == static_cast<int>(total.size()));
    // The task list and the accounting hold what the workbook holds, row by row.
    const fs::path xlsx = dir.path / "i.xlsx";
    REQUIRE(run("indicators " + quoted(bundled) + " --format xlsx --out " + quoted(xlsx.string())).status == 0);
    auto book = open(xlsx.string());
    const auto tasks = rows(*db, "t_ind_tasks", {"unit", "district", "amount", "gap"});
    CHECK(tasks.size() > 5);
    std::vector<std::string> book_tasks = rows(*book, "任务清单", {"责任单位", "区域", "差额", "差距"});
    for (auto& row : book_tasks)  // the workbook says 已达标 in its gap column; the table in `status`
        if (row.find("|已达标|") != std::string::npos) row.replace(row.find("|已达标|"), std::string("|已达标|").size(), "|∅|");
    CHECK(tasks == book_tasks);
    CHECK(rows(*db, "t_ind_layers", {"read", "in_district", "outside", "rejected"}) ==
          rows(*book, "图层统计", {"读取", "区内", "区外", "拒绝"}));
    // Its districts open styled in QGIS: the export's styles, one of them the default.
    CHECK(psql(*pg, "SELECT count(*) FROM layer_styles WHERE f_table_name = 't_ind' AND useasdefault") == "1");

    // A second write refused, and one whose connection drops at the last table, leave all four as they were.
    std::vector<std::string> before;
    for (const char* t : {"t_ind", "t_ind_total", "t_ind_tasks", "t_ind_layers"}) before.push_back(table_text(*pg, t));
    const auto refused = run("indicators " + quoted(bundled) + " --out " + quoted(*pg) + " --layer t_ind");
    CHECK(refused.status == 1);
    CHECK(refused.err.find("table t_ind") != std::string::npos);
    psql(*pg, "CREATE OR REPLACE FUNCTION hcgis_drop() RETURNS trigger LANGUAGE plpgsql AS "
              "$$ BEGIN PERFORM pg_terminate_backend(pg_backend_pid()); RETURN NEW; END $$");
    psql(*pg, "CREATE TRIGGER hcgis_drop BEFORE INSERT ON t_ind_layers FOR EACH ROW EXECUTE FUNCTION hcgis_drop()");
    const auto dropped = run("indicators " + quoted(bundled) + " --out " + quoted(*pg) + " --layer t_ind --append");
    psql(*pg, "DROP TRIGGER hcgis_drop ON t_ind_layers");
    INFO(dropped.err);
    CHECK(dropped.status == 1);
    std::vector<std::string> after;
    for (const char* t : {"t_ind", "t_ind_total", "t_ind_tasks", "t_ind_layers"}) after.push_back(table_text(*pg, t));
    CHECK(after == before);
    CHECK(run("indicators " + quoted(bundled) + " --out " + quoted(*pg) + " --layer t_ind --overwrite --format csv").status == 2);
}

TEST_CASE("a PostGIS export, coverage and suggest carry their QGIS styles in public.layer_styles", "[postgis]") {
    const auto pg = connection();
    if (!pg) return;
    TempDir dir;
    const fs::path gpkg = dir.path / "e.gpkg";
    REQUIRE(run("export " + quoted(bundled) + " --indicator park_green_per_capita --out " + quoted(gpkg.string())).status == 0);
    for (int round = 0; round < 2; ++round) {  // written again: replaced, not doubled
        const auto r = run("export " + quoted(bundled) + " --indicator park_green_per_capita --out " + quoted(*pg) +
                           " --layer t_styled --overwrite");
        INFO(r.err);
        REQUIRE(r.status == 0);
    }
    // QGIS's columns, QGIS's keys: the database, the schema, the table and its geometry column.
    CHECK(psql(*pg, "SELECT DISTINCT f_table_catalog || ' ' || f_table_schema || ' ' || f_geometry_column || ' ' || owner "
                    "FROM layer_styles WHERE f_table_name = 't_styled'") == "hcgis public geom hcgis");
    CHECK(psql(*pg, "SELECT stylename FROM layer_styles WHERE f_table_name = 't_styled' AND useasdefault") ==
          "park_green_per_capita");
    // The same styles as the GeoPackage's, and their QML read as XML by the server: a graduated renderer
    // with the classes of the GeoPackage's.
    auto a = open(gpkg.string());
    std::map<std::string, std::string> qml;
    for (auto& f : *a->GetLayerByName("layer_styles")) qml[f->GetFieldAsString("styleName")] = f->GetFieldAsString("styleQML");
    CHECK(psql(*pg, "SELECT count(*) FROM layer_styles WHERE f_table_name = 't_styled'") == std::to_string(qml.size()));
    // The SLD of each beside it, read as XML by the server: a rule per range.
    CHECK(psql(*pg, "SELECT count(*) FROM layer_styles WHERE f_table_name = 't_styled' AND "
                    "xpath_exists('/sld:StyledLayerDescriptor//sld:Rule', stylesld, "
                    "ARRAY[ARRAY['sld', 'http://www.opengis.net/sld']])") == std::to_string(qml.size()));
    const std::string ranges = psql(*pg, "SELECT array_length(xpath('//ranges/range', styleqml), 1) || ' ' || "
                                         "(xpath('/qgis/renderer-v2/@type', styleqml))[1]::text FROM layer_styles "
                                         "WHERE f_table_name = 't_styled' AND stylename = 'park_green_per_capita'");
    const std::string& park = qml["park_green_per_capita"];
    std::size_t n = 0;
    for (auto at = park.find("<range "); at != std::string::npos; at = park.find("<range ", at + 1)) ++n;
    CHECK(n > 0);
    CHECK(ranges == std::to_string(n) + " graduatedSymbol");
    CHECK(psql(*pg, "SELECT styleqml::text FROM layer_styles WHERE f_table_name = 't_styled' AND "
                    "stylename = 'park_green_per_capita'").find("<range ") != std::string::npos);

    REQUIRE(run("coverage " + quoted(bundled) + " --facility toilets --out " + quoted(*pg) + " --layer t_cov --overwrite").status == 0);
    CHECK(psql(*pg, "SELECT string_agg(f_table_name || ' ' || useasdefault, ',' ORDER BY f_table_name) FROM layer_styles "
                    "WHERE f_table_name LIKE 't_cov%'") == "t_cov true,t_cov_residents true");
    REQUIRE(run("suggest " + quoted(bundled) + " --facility fitness --count 3 --out " + quoted(*pg) + " --layer t_sites --overwrite")
                .status == 0);
    CHECK(psql(*pg, "SELECT (xpath('//labeling/@type', styleqml))[1]::text FROM layer_styles WHERE f_table_name = 't_sites'") ==
          "simple");

    // A write that fails at the styles leaves the table as it was: one transaction.
    const std::string before = table_text(*pg, "t_styled");
    psql(*pg, "CREATE OR REPLACE FUNCTION hcgis_drop() RETURNS trigger LANGUAGE plpgsql AS "
              "$$ BEGIN PERFORM pg_terminate_backend(pg_backend_pid()); RETURN NEW; END $$");
    psql(*pg, "CREATE TRIGGER hcgis_drop BEFORE INSERT ON layer_styles FOR EACH ROW EXECUTE FUNCTION hcgis_drop()");
    const auto r = run("export " + quoted(bundled) + " --out " + quoted(*pg) + " --layer t_styled --overwrite");
    psql(*pg, "DROP TRIGGER hcgis_drop ON layer_styles");
    INFO(r.err);
    CHECK(r.status == 1);
    CHECK(r.err.find("layer_styles") != std::string::npos);
    CHECK(table_text(*pg, "t_styled") == before);
}
