// PostGIS as a source and a destination, against a live server: the private cluster of tests/pg/cluster
// (a CTest fixture; the connection in $HCGIS_PG_STATE/connection). The bundled project read from PostGIS
// gives the indicators it gives from files; an export written to PostGIS reads back as the GeoPackage
// export; a refused or failed write (a table that exists, a connection dropped mid-write, on --append and on
// --overwrite) leaves the database as it was and names the connection without its password, and the table.
// Where the server is missing every test says so and passes (skipped).
#include "run_hcgis.h"

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

struct TempDir {
    fs::path path = fs::temp_directory_path() / ("hcgis-pg-" + std::to_string(::getpid()));
    TempDir() { fs::create_directories(path); }
    ~TempDir() { fs::remove_all(path); }
};

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
