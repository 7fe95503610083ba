// The hcgis command as a user runs it: exit status, the one line on stderr, the output.
#include "run_hcgis.h"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <unistd.h>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace fs = std::filesystem;

namespace {

using hcgis::test::Run;

/// Runs hcgis with `args` through the suite's runner; `prefix` goes before the command (e.g.
/// "runuser -u nobody --" or an environment assignment).
Run run(const std::string& args, const std::string& prefix = "") {
    hcgis::test::RunOptions options;
    options.prefix = prefix;
    return hcgis::test::run(args, options);
}

const std::string data = HCGIS_TEST_DATA;

}  // namespace

TEST_CASE("indicators --format json prints the scorecard", "[cli]") {
    const Run r = run("indicators '" + data + "/toilets-small/project.json' --format json");
    REQUIRE(r.status == 0);
    const auto j = nlohmann::json::parse(r.out);
    CHECK(j["districts"][0]["indicators"]["toilet_density"]["value"].get<double>() == Approx(1.0));
    CHECK(j["total"]["indicators"]["toilet_class2_share"]["value"].get<double>() == Approx(3.0 / 7.0));
    CHECK(r.err.empty());
}

TEST_CASE("indicators --format csv and table, and --out", "[cli]") {
    const Run csv = run("indicators '" + data + "/toilets-small/project.json' --format csv");
    REQUIRE(csv.status == 0);
    CHECK(csv.out.rfind("\xEF\xBB\xBF" "district,", 0) == 0);
    const Run table = run("indicators '" + data + "/toilets-small/project.json'");
    REQUIRE(table.status == 0);
    CHECK(table.out.find("建成区公厕密度") != std::string::npos);

    const fs::path out = fs::temp_directory_path() / ("hcgis-cli-out-" + std::to_string(::getpid()) + ".json");
    const Run file = run("indicators '" + data + "/toilets-small/project.json' --format json --out '" + out.string() + "'");
    REQUIRE(file.status == 0);
    CHECK(file.out.empty());
    CHECK(nlohmann::json::parse(std::ifstream(out))["project"] == "两街道测试");
    fs::remove(out);
}

TEST_CASE("a missing project file: exit 1, one line naming it", "[cli]") {
    const Run r = run("indicators /nonexistent/project.json");
    CHECK(r.status == 1);
    CHECK(r.err == "hcgis: /nonexistent/project.json: cannot open the project file\n");
}

TEST_CASE("a missing data file or field: exit 1, one line naming file, layer and field", "[cli]") {
    const fs::path dir = fs::temp_directory_path() / ("hcgis-cli-" + std::to_string(::getpid()));
    fs::create_directories(dir);
    const std::string d = data + "/toilets-small/districts.geojson";
    std::ofstream(dir / "missing-file.json")
        << R"({"layers":{"districts":{"source":")" << d << R"("},"toilets":{"source":"gone.geojson"}}})";
    std::ofstream(dir / "missing-field.json") << R"({"layers":{"districts":{"source":")" << d
                                              << R"(","fields":{"population":"人口"}}}})";
    const Run a = run("indicators '" + (dir / "missing-file.json").string() + "'");
    CHECK(a.status == 1);
    CHECK(a.err == "hcgis: toilets: " + (dir / "gone.geojson").string() + ": cannot open: no such file\n");
    const Run b = run("indicators '" + (dir / "missing-field.json").string() + "'");
    CHECK(b.status == 1);
    CHECK(b.err == "hcgis: " + d + ": field \"人口\" (mapped as districts.population) does not exist; the layer has: "
                   "name, code, pop, expect_builtup_km2, expect_toilet_density, expect_toilet_class2_share, "
                   "expect_toilet_below_class3\n");
    fs::remove_all(dir);
}

TEST_CASE("an invalid polygon: exit 1 naming it, and --repair makes it valid and logs the area change", "[cli]") {
    const std::string project = "'" + data + "/bad/repair-bowtie/project.json'";
    const Run refused = run("indicators " + project);
    CHECK(refused.status == 1);
    CHECK(refused.err.find("feature 7: invalid polygon: Self-intersection[500500 3800500] (--repair makes it valid") !=
          std::string::npos);
    const Run repaired = run("indicators " + project + " --repair --format json");
    CHECK(repaired.status == 0);
    CHECK(repaired.out.find("--repair made 1 invalid polygon valid with GEOSMakeValid, area +500000.0 m²") !=
          std::string::npos);
    const Run left_out = run("indicators '" + data + "/bad/repair-null-geometry/project.json' --repair --format json");
    CHECK(left_out.status == 0);
    CHECK(left_out.out.find("\"rejected\": 1") != std::string::npos);
}

TEST_CASE("a file the user may not read: exit 1, one line saying so", "[cli]") {
    const fs::path dir = fs::temp_directory_path() / ("hcgis-cli-perm-" + std::to_string(::getpid()));
    fs::create_directories(dir);
    for (const char* f : {"project.json", "districts.geojson", "builtup.geojson", "toilets.geojson"})
        fs::copy_file(data + "/toilets-small/" + f, dir / f, fs::copy_options::overwrite_existing);
    fs::permissions(dir, fs::perms::all);
    fs::permissions(dir / "toilets.geojson", fs::perms::none);
    // Root reads everything, so as root the command runs as nobody.
    const std::string as = ::geteuid() == 0 ? "runuser -u nobody --" : "";
    if (!as.empty() && std::system((as + " test -x '" + HCGIS_EXE + "'").c_str()) != 0) {
        WARN("skipped: nobody cannot run " << HCGIS_EXE << " from here");
        fs::remove_all(dir);
        return;
    }
    const Run r = run("indicators '" + (dir / "project.json").string() + "'", as);
    CHECK(r.status == 1);
    CHECK(r.err == "hcgis: toilets: " + (dir / "toilets.geojson").string() +
                       ": cannot open: Permission denied (check the file's permissions)\n");
    fs::remove_all(dir);
}

TEST_CASE("an internal error has its own exit status and says it is not the user's data", "[cli]") {
    const Run r = run("indicators '" + data + "/toilets-small/project.json'", "HCGIS_INJECT_INTERNAL_ERROR='computing the indicators'");
    CHECK(r.status == 3);
    CHECK(r.err == "hcgis: internal error while computing the indicators: an error injected by "
                   "HCGIS_INJECT_INTERNAL_ERROR (a fault in hcgis, not in your data; please report it)\n");
}

TEST_CASE("usage errors exit 2", "[cli]") {
    CHECK(run("").status == 2);
    CHECK(run("indicators").status == 2);
    CHECK(run("indicators x.json --format xml").status == 2);
    CHECK(run("frobnicate").status == 2);
    CHECK(run("--help").status == 0);
}

TEST_CASE("export writes the districts for the city platform", "[cli]") {
    const fs::path out = fs::temp_directory_path() / ("hcgis-cli-export-" + std::to_string(::getpid()) + ".geojson");
    const Run r = run("export '" + data + "/toilets-small/project.json' --out '" + out.string() + "'");
    REQUIRE(r.status == 0);
    const auto j = nlohmann::json::parse(std::ifstream(out));
    CHECK(j["features"].size() == 2);
    CHECK(j["features"][1]["properties"]["name"] == "乙街道");
    // The points outside every district are still reported, on stderr.
    CHECK(r.err.find("warning: toilets: 1 of 10 features lie outside every district") != std::string::npos);
    fs::remove(out);
    CHECK(run("export '" + data + "/toilets-small/project.json'").status == 2);  // --out is required
    CHECK(run("export '" + data + "/toilets-small/project.json' --out /tmp/x.kml").status == 1);
}

TEST_CASE("coverage writes catchments and residents that agree with the indicator", "[cli][coverage]") {
    const std::string project = std::string(HCGIS_SOURCE_DIR) + "/layers/lyg-etdz.json";
    const fs::path out = fs::temp_directory_path() / ("hcgis-cli-cov-" + std::to_string(::getpid()) + ".geojson");
    const fs::path res = out.parent_path() / (out.stem().string() + "-residents.geojson");
    const Run r = run("coverage '" + project + "' --facility fitness --out '" + out.string() + "'");
    REQUIRE(r.status == 0);
    CHECK(r.out.find("步行网络距离") != std::string::npos);

    const auto areas = nlohmann::json::parse(std::ifstream(out));
    const auto people = nlohmann::json::parse(std::ifstream(res));
    std::size_t facilities = 0, unions = 0;
    for (const auto& f : areas["features"]) {
        if (f["properties"]["kind"] == "facility") ++facilities;
        if (f["properties"]["kind"] == "union") ++unions;
    }
    CHECK(facilities == 80);
    CHECK(unions == 1);
    REQUIRE(people["features"].size() == 3000);
    double all = 0, covered = 0;
    for (const auto& f : people["features"]) {
        const double pop = f["properties"]["population"].get<double>();
        all += pop;
        const bool c = f["properties"]["covered"].get<bool>();
        if (c) {
            covered += pop;
            CHECK(f["properties"]["walk_m"].is_number());
        }
    }
    // The same share as fitness_10min_coverage for the whole zone.
    const Run ind = run("indicators '" + project + "' --format json");
    REQUIRE(ind.status == 0);
    const auto j = nlohmann::json::parse(ind.out);
    CHECK(covered / all == Approx(j["total"]["indicators"]["fitness_10min_coverage"]["value"].get<double>()).epsilon(1e-12));
    fs::remove(out);
    fs::remove(res);

    CHECK(run("coverage '" + project + "' --facility benches --out x.gpkg").status == 2);
    CHECK(run("coverage '" + std::string(HCGIS_SOURCE_DIR) + "/layers/macau.json' --facility fitness --out /tmp/x.gpkg").status == 1);
}

TEST_CASE("map writes a sheet of one indicator, with every bundled style", "[cli][map]") {
    const std::string project = std::string(HCGIS_SOURCE_DIR) + "/layers/lyg-etdz.json";
    const fs::path dir = fs::temp_directory_path() / ("hcgis-cli-map-" + std::to_string(::getpid()));
    fs::create_directories(dir);
    const Run pdf = run("map '" + project + "' --indicator park_green_per_capita --page A3 --out '" + (dir / "m.pdf").string() + "'");
    CHECK(pdf.status == 0);
    CHECK(pdf.err.empty());
    CHECK(fs::file_size(dir / "m.pdf") > 10000);
    for (const auto& style : fs::directory_iterator(fs::path(HCGIS_SOURCE_DIR) / "styles")) {
        if (style.path().extension() != ".json") continue;
        INFO(style.path());
        const Run r = run("map '" + project + "' --indicator park_green_per_capita --dpi 60 --style '" +
                          style.path().string() + "' --coverage parks --out '" + (dir / "m.png").string() + "'");
        CHECK(r.status == 0);
    }
    CHECK(run("map '" + project + "' --indicator no_such --out '" + (dir / "m.png").string() + "'").status == 1);
    CHECK(run("map '" + project + "' --indicator toilet_density --out '" + (dir / "m.bmp").string() + "'").status == 1);
    std::ofstream(dir / "bad.json") << R"({"method": "rainbow"})";
    const Run bad = run("map '" + project + "' --indicator toilet_density --style '" + (dir / "bad.json").string() +
                        "' --out '" + (dir / "m.png").string() + "'");
    CHECK(bad.status == 1);
    CHECK(bad.err.find("bad.json: \"method\" must be one of") != std::string::npos);
    fs::remove_all(dir);
}

TEST_CASE("suggest writes ranked sites with their explanation", "[cli][suggest]") {
    const std::string project = std::string(HCGIS_SOURCE_DIR) + "/layers/lyg-etdz.json";
    const fs::path out = fs::temp_directory_path() / ("hcgis-cli-suggest-" + std::to_string(::getpid()) + ".geojson");
    const Run r = run("suggest '" + project + "' --facility toilets --to-target --out '" + out.string() + "'");
    REQUIRE(r.status == 0);
    CHECK(r.out.find("建成区公厕密度") != std::string::npos);
    const auto j = nlohmann::json::parse(std::ifstream(out));
    REQUIRE_FALSE(j["features"].empty());
    int rank = 0;
    for (const auto& f : j["features"]) {
        CHECK(f["properties"]["rank"] == ++rank);
        CHECK(f["properties"]["explanation"].get<std::string>().rfind("新增覆盖居民", 0) == 0);
        CHECK(f["properties"]["district"].get<std::string>().ends_with("街道"));
    }
    fs::remove(out);
    CHECK(run("suggest '" + project + "' --facility toilets --out x.geojson").status == 2);               // neither
    CHECK(run("suggest '" + project + "' --facility toilets --count 2 --to-target --out x.geojson").status == 2);  // both
    CHECK(run("suggest '" + project + "' --facility fitness --count 2 --district 不存在街道 --out /tmp/x.geojson").status == 1);
}

TEST_CASE("suggest states how good its answer is, and refuses what it cannot do in one line", "[cli][suggest]") {
    const std::string project = std::string(HCGIS_SOURCE_DIR) + "/layers/lyg-etdz.json";
    const fs::path out = fs::temp_directory_path() / ("hcgis-cli-suggest-gap-" + std::to_string(::getpid()) + ".geojson");
    const std::string tail = " --out '" + out.string() + "'";
    // Exact by default: proven optimal on this small project, in the summary, the file and the JSON.
    const Run exact = run("suggest '" + project + "' --facility fitness --count 10 --format json" + tail);
    REQUIRE(exact.status == 0);
    const auto summary = nlohmann::json::parse(exact.out);
    CHECK(summary["solution"]["solver"] == "cbc");
    CHECK(summary["solution"]["proven_optimal"] == true);
    CHECK(summary["solution"]["gap"] == 0.0);
    CHECK(summary["solution"]["bound"].get<double>() >= summary["solution"]["value"].get<double>() - 1e-6);
    const auto file = nlohmann::json::parse(std::ifstream(out));
    REQUIRE(file["features"].size() == 10);
    CHECK(file["features"][0]["properties"]["solution"] == "最优解");
    const Run table = run("suggest '" + project + "' --facility fitness --to-target" + tail);
    REQUIRE(table.status == 0);
    CHECK(table.out.find("求解：最优解") != std::string::npos);
    // An unreachable share is reported as before.
    CHECK(table.out.find("任何候选点都无法") != std::string::npos);
    // The greedy fallback still works, and says it has no bound; fewer or as many sites as it.
    const Run greedy = run("suggest '" + project + "' --facility fitness --to-target --solver greedy --format json" + tail);
    REQUIRE(greedy.status == 0);
    const auto g = nlohmann::json::parse(greedy.out);
    CHECK(g["solution"]["solver"] == "greedy");
    CHECK(g["solution"]["gap"].is_null());
    const auto e = nlohmann::json::parse(run("suggest '" + project + "' --facility fitness --to-target --format json" + tail).out);
    CHECK(e["sites"].get<int>() <= g["sites"].get<int>());
    // The same input, the same file.
    const std::string first = hcgis::test::slurp(out);
    REQUIRE(run("suggest '" + project + "' --facility fitness --to-target" + tail).status == 0);
    CHECK(hcgis::test::slurp(out) == first);
    // More sites than candidates: placed as many as there are, said in one note.
    const Run many = run("suggest '" + project + "' --facility fitness --count 100000" + tail);
    REQUIRE(many.status == 0);
    CHECK(many.out.find("候选点不足：只能布置") != std::string::npos);
    // --profile: each stage's wall and CPU time on stderr, the solver's passes among them; stdout as without.
    const Run profiled = run("suggest '" + project + "' --facility fitness --to-target --profile" + tail);
    REQUIRE(profiled.status == 0);
    for (const char* stage : {"load ", "candidates (", "coverage sets (", "shrunk model (", "solve: greedy + Lagrangian bounds (",
                              "solve: CBC (", "writing ", "total "})
        CHECK(("\n" + profiled.err).find(std::string("\n") + stage) != std::string::npos);
    CHECK(profiled.err.find(" s (cpu ") != std::string::npos);
    CHECK(hcgis::test::slurp(out) == first);
    // A time limit of 0: one line, usage error.
    const Run zero = run("suggest '" + project + "' --facility fitness --count 5 --time-limit 0" + tail);
    CHECK(zero.status == 2);
    CHECK(zero.err == "hcgis: suggest: --time-limit must be more than 0 seconds (got 0); --solver greedy needs none\n");
    fs::remove(out);
}

TEST_CASE("suggest --objective distance: the p-median with the walk before and after", "[cli][suggest]") {
    const std::string project = std::string(HCGIS_SOURCE_DIR) + "/layers/lyg-etdz.json";
    const fs::path out = fs::temp_directory_path() / ("hcgis-cli-suggest-pmedian-" + std::to_string(::getpid()) + ".geojson");
    const std::string tail = " --out '" + out.string() + "'";
    const Run r = run("suggest '" + project + "' --facility fitness --count 5 --objective distance --max-walk 1200 --format json" + tail);
    REQUIRE(r.status == 0);
    const auto j = nlohmann::json::parse(r.out);
    CHECK(j["solution"]["objective"] == "total_walk_m");
    CHECK(j["solution"]["bound"].get<double>() <= j["solution"]["value"].get<double>() + 1e-6);
    REQUIRE(j["walk"].is_object());
    CHECK(j["walk"]["cap_m"] == 1200.0);
    CHECK(j["walk"]["mean_after_m"].get<double>() < j["walk"]["mean_before_m"].get<double>());
    CHECK(j["walk"]["p90_after_m"].get<double>() <= j["walk"]["p90_before_m"].get<double>());
    CHECK(j["walk"]["p90_before_m"].get<double>() <= 1200.0);
    // The value is the residents' total walk after.
    CHECK(j["solution"]["value"].get<double>() == Approx(j["walk"]["mean_after_m"].get<double>() * j["walk"]["residents"].get<double>()).epsilon(1e-6));
    const auto file = nlohmann::json::parse(std::ifstream(out));
    REQUIRE(file["features"].size() == 5);
    const auto& first = file["features"][0]["properties"];
    CHECK(first["walk_saved_m"].get<double>() > 0);
    CHECK(first["walk_mean_after_m"] == j["walk"]["mean_after_m"]);
    // The table says it in one line.
    const Run table = run("suggest '" + project + "' --facility fitness --count 5 --objective distance" + tail);
    REQUIRE(table.status == 0);
    CHECK(table.out.find("的步行距离（计至") != std::string::npos);
    // Without --count: one line, usage error.
    const Run bad = run("suggest '" + project + "' --facility fitness --to-target --objective distance" + tail);
    CHECK(bad.status == 2);
    CHECK(bad.err == "hcgis: suggest: --objective distance (p-median) needs --count N\n");
    fs::remove(out);
}

TEST_CASE("a PostGIS source that does not open: one line, naming the role, without the password", "[cli]") {
    const fs::path dir = fs::temp_directory_path() / ("hcgis-cli-pgsource-" + std::to_string(::getpid()));
    fs::create_directories(dir);
    // Port 1 on loopback: nothing listens, the connection is refused at once.
    std::ofstream(dir / "project.json") << R"({"layers":{"districts":{"source":)"
                                        << R"("PG:dbname=x host=127.0.0.1 port=1 user=u password=s3cret-word",)"
                                        << R"("layer":"districts"}}})";
    const Run r = run("indicators '" + (dir / "project.json").string() + "'");
    CHECK(r.status == 1);
    CHECK(r.err.rfind("hcgis: districts: PG:dbname=x host=127.0.0.1 port=1 user=u: cannot open: ", 0) == 0);
    CHECK(r.err.find("s3cret") == std::string::npos);
    CHECK(std::count(r.err.begin(), r.err.end(), '\n') == 1);
    fs::remove_all(dir);
}
