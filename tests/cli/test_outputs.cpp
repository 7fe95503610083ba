// Nothing the user had is ever lost: every writer fails cleanly when the disk is full (the old file stays
// byte for byte, no temporary file is left, exit 1 with one line naming the file and the reason), outputs
// onto inputs are refused before any work (exit 2), and outputs that cannot be written are refused early.
#include "run_hcgis.h"
#include "../temp_dir.h"

#include <catch2/catch.hpp>

#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <sstream>
#include <vector>

namespace fs = std::filesystem;
using hcgis::test::Run;
using hcgis::test::RunOptions;
using hcgis::test::run;
using hcgis::test::slurp;

namespace {

const std::string source_dir = HCGIS_SOURCE_DIR;
const std::string bundled = "'" + source_dir + "/layers/lyg-etdz.json'";

/// A fresh, empty folder under the temporary directory, removed with the object.
using hcgis::test::TempDir;

/// Every file below `dir` with its content.
std::map<std::string, std::string> contents(const fs::path& dir) {
    std::map<std::string, std::string> all;
    for (const auto& e : fs::recursive_directory_iterator(dir))
        if (e.is_regular_file()) all[fs::relative(e.path(), dir).string()] = slurp(e.path());
    return all;
}

void write(const fs::path& p, const std::string& text) { std::ofstream(p, std::ios::binary) << text; }

struct Writer {
    const char* name;
    std::string args;                  // {D} stands for the output folder
    std::vector<std::string> outputs;  // relative to the output folder
    std::string setup = {};            // hcgis arguments run first, without a limit (an input to make)
};

std::string expand(std::string args, const fs::path& dir) {
    std::string quoted = "'";
    quoted += dir.string();
    quoted += "'";
    for (std::size_t at; (at = args.find("{D}")) != std::string::npos;) args.replace(at, 3, quoted);
    return args;
}

}  // namespace

TEST_CASE("every writer, on a full disk, leaves the old files byte-identical and no temporary file", "[cli][outputs]") {
    std::vector<Writer> writers{
        {"indicators json", "indicators " + bundled + " --format json --out {D}/s.json", {"s.json"}},
        {"indicators csv", "indicators " + bundled + " --format csv --out {D}/s.csv", {"s.csv"}},
        {"export geojson", "export " + bundled + " --out {D}/e.geojson", {"e.geojson"}},
        {"export gpkg", "export " + bundled + " --out {D}/e.gpkg", {"e.gpkg"}},
        {"coverage gpkg", "coverage " + bundled + " --facility parks --out {D}/c.gpkg", {"c.gpkg"}},
        {"coverage geojson pair", "coverage " + bundled + " --facility parks --out {D}/c.geojson",
         {"c.geojson", "c-residents.geojson"}},
        {"suggest geojson", "suggest " + bundled + " --facility fitness --count 3 --out {D}/s.geojson", {"s.geojson"}},
        {"suggest gpkg", "suggest " + bundled + " --facility fitness --count 3 --out {D}/s.gpkg", {"s.gpkg"}},
        {"map pdf", "map " + bundled + " --indicator toilet_density --dpi 72 --out {D}/m.pdf", {"m.pdf"}},
        {"map png", "map " + bundled + " --indicator toilet_density --dpi 72 --out {D}/m.png", {"m.png"}},
        {"map svg", "map " + bundled + " --indicator toilet_density --dpi 72 --out {D}/m.svg", {"m.svg"}},
        {"indicators xlsx", "indicators " + bundled + " --format xlsx --out {D}/s.xlsx", {"s.xlsx"}},
        {"report pdf", "report " + bundled + " --out {D}/r.pdf", {"r.pdf"}},
        {"atlas pdf", "atlas " + bundled + " --indicator toilet_density --dpi 72 --out {D}/a.pdf", {"a.pdf"}},
        {"atlas folder", "atlas " + bundled + " --indicator toilet_density --dpi 72 --out {D}/city",
         {"city/320771001-中云街道.pdf", "city/320771002-猴嘴街道.pdf", "city/320771003-朝阳街道.pdf"}},
        {"synth", "synth --out {D}/city --districts 3 --residents 300", {"city/city.gpkg", "city/project.json"}},
        {"export with the scenario sites", "export " + bundled + " --scenario {D}/plan.gpkg --out {D}/e.geojson --sites-out {D}/p.geojson",
         {"e.geojson", "p.geojson"}, "suggest " + bundled + " --facility toilets --count 3 --out {D}/plan.gpkg"},
        {"init", "init '" + source_dir + "/data/liechtenstein/liechtenstein-2013-08-03.osm.pbf' --out {D}/li.json",
         {"li.json"}},
    };
    // hcgis web's folder, where scripts/setup-web has installed the MapLibre GL JS it copies.
    if (fs::exists(source_dir + "/web/node_modules/maplibre-gl/dist/maplibre-gl.js"))
        writers.push_back({"web", "web " + bundled + " --indicator fitness_10min_coverage --out {D}/w",
                           {"w/index.html", "w/style.json", "w/districts.geojson"}});
    for (const Writer& w : writers) {
        SECTION(w.name) {
            TempDir dir(w.name);
            fs::create_directories(dir.path / "city");
            if (!w.setup.empty()) REQUIRE(run(expand(w.setup, dir.path)).status == 0);
            const std::string args = expand(w.args, dir.path);
            // Written once without a limit: how large the outputs are.
            const Run first = run(args);
            INFO(w.name << ": " << first.err);
            REQUIRE(first.status == 0);
            std::uintmax_t smallest = UINTMAX_MAX;
            for (const auto& o : w.outputs) smallest = std::min(smallest, fs::file_size(dir.path / o));
            for (const auto& o : w.outputs) write(dir.path / o, "the planner's own " + o + "\n");
            const auto before = contents(dir.path);

            RunOptions limited;
            limited.file_size_limit = static_cast<long>(std::max<std::uintmax_t>(smallest / 2, 64));
            const Run r = run(args, limited);
            INFO("stderr: " << r.err);
            CHECK(r.status == 1);
            CHECK(std::count(r.err.begin(), r.err.end(), '\n') == 1);
            CHECK(r.err.find("cannot write: File too large (nothing was replaced)") != std::string::npos);
            CHECK(contents(dir.path) == before);  // old files as they were, nothing new (no temporary file)
        }
    }
}

TEST_CASE("coverage's pair: a failure on the second file leaves the first untouched", "[cli][outputs]") {
    TempDir dir("pair");
    const std::string args = "coverage " + bundled + " --facility parks --out '" + (dir.path / "c.geojson").string() + "'";
    REQUIRE(run(args).status == 0);
    const auto first = fs::file_size(dir.path / "c.geojson");
    const auto second = fs::file_size(dir.path / "c-residents.geojson");
    REQUIRE(first * 2 < second);  // so that a limit between them fails the second file only
    write(dir.path / "c.geojson", "old catchments\n");
    write(dir.path / "c-residents.geojson", "old residents\n");
    RunOptions limited;
    limited.file_size_limit = static_cast<long>((first + second) / 2);
    const Run r = run(args, limited);
    INFO(r.err);
    CHECK(r.status == 1);
    CHECK(r.err.find("c-residents.geojson: cannot write: File too large (nothing was replaced)") != std::string::npos);
    CHECK(slurp(dir.path / "c.geojson") == "old catchments\n");
    CHECK(slurp(dir.path / "c-residents.geojson") == "old residents\n");
    CHECK(contents(dir.path).size() == 2);
}

TEST_CASE("a successful write replaces the file and keeps its permissions", "[cli][outputs]") {
    TempDir dir("replace");
    const fs::path out = dir.path / "e.geojson";
    write(out, "old\n");
    fs::permissions(out, fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read);
    const Run r = run("export " + bundled + " --out '" + out.string() + "'");
    REQUIRE(r.status == 0);
    CHECK(slurp(out).find("\"FeatureCollection\"") != std::string::npos);
    CHECK(fs::status(out).permissions() == (fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read));
    CHECK(contents(dir.path).size() == 1);
}

TEST_CASE("an output onto an input is refused before any work, whatever path names it", "[cli][outputs]") {
    TempDir dir("inputs");
    for (const char* f : {"project.json", "districts.geojson", "builtup.geojson", "toilets.geojson"})
        fs::copy_file(source_dir + "/tests/data/toilets-small/" + f, dir.path / f);
    fs::create_directories(dir.path / "sub");
    fs::create_symlink(dir.path / "toilets.geojson", dir.path / "sub" / "link.geojson");
    fs::create_symlink(dir.path / "toilets.geojson", dir.path / "sub" / "c-residents.geojson");
    const auto before = contents(dir.path);
    RunOptions here;
    here.cwd = dir.path;
    struct Case {
        std::string args, names;
    };
    const std::vector<Case> cases{
        {"export project.json --out ./project.json", "the project file"},
        {"export project.json --out sub/../districts.geojson", "the source of the districts layer"},
        {"export project.json --out '" + (dir.path / "toilets.geojson").string() + "'", "the source of the toilets layer"},
        {"export project.json --out sub/link.geojson", "the source of the toilets layer"},
        // coverage's second file, beside the first, is an input too
        {"coverage project.json --facility toilets --out sub/c.geojson", "the source of the toilets layer"},
        {"coverage project.json --facility toilets --out sub/link.gpkg --mode straight", ""},  // no input: runs on
        {"indicators project.json --catalog '" + source_dir + "/data/indicators.json' --out '" + source_dir +
             "/data/indicators.json'",
         "the indicator catalog"},
    };
    for (const Case& c : cases) {
        const Run r = run(c.args, here);
        INFO(c.args << " -> " << r.err);
        if (c.names.empty()) {
            CHECK(r.status != 2);
            fs::remove(dir.path / "sub" / "link.gpkg");
            continue;
        }
        CHECK(r.status == 2);
        CHECK(r.err.find("refusing to overwrite " + c.names) != std::string::npos);
        CHECK(std::count(r.err.begin(), r.err.end(), '\n') == 1);
    }
    CHECK(contents(dir.path) == before);
}

TEST_CASE("outputs that cannot be written are refused early, naming the path", "[cli][outputs]") {
    TempDir dir("early");
    const std::string missing = (dir.path / "no-such-folder" / "e.geojson").string();
    Run r = run("export " + bundled + " --out '" + missing + "'");
    CHECK(r.status == 1);
    CHECK(r.err == "hcgis: " + missing + ": cannot write: the folder " + (dir.path / "no-such-folder").string() +
                       " does not exist\n");
    r = run("export " + bundled + " --out '" + (dir.path / "e.kml").string() + "'");
    CHECK(r.status == 1);
    CHECK(r.err.find("e.kml: unknown output format \".kml\" (expected .geojson, .json, .gpkg)") != std::string::npos);
    r = run("map " + bundled + " --indicator toilet_density --out '" + (dir.path / "m.bmp").string() + "'");
    CHECK(r.status == 1);
    CHECK(r.err.find("m.bmp: unknown output format \".bmp\" (expected .pdf, .png, .svg)") != std::string::npos);
    r = run("export " + bundled + " --out '" + dir.path.string() + "'");
    CHECK(r.status == 1);
    CHECK(contents(dir.path).empty());
}

TEST_CASE("a folder without write permission: exit 1 naming it, before any work", "[cli][outputs]") {
    TempDir dir("readonly");
    fs::permissions(dir.path, fs::perms::owner_read | fs::perms::owner_exec | fs::perms::group_read |
                                  fs::perms::group_exec | fs::perms::others_read | fs::perms::others_exec);
    // Root writes everywhere, so as root the command runs as nobody (who may read the bundled data).
    RunOptions as;
    if (::geteuid() == 0) {
        as.prefix = "runuser -u nobody --";
        if (std::system(("runuser -u nobody -- test -x '" + std::string(HCGIS_EXE) + "' -a -r '" + source_dir +
                         "/layers/lyg-etdz.json'")
                            .c_str()) != 0) {
            WARN("skipped: nobody cannot run " << HCGIS_EXE << " or read the bundled project from here");
            return;
        }
    }
    const std::string out = (dir.path / "e.geojson").string();
    const Run r = run("export " + bundled + " --out '" + out + "'", as);
    CHECK(r.status == 1);
    CHECK(r.err == "hcgis: " + out + ": cannot write in the folder " + dir.path.string() + ": Permission denied\n");
    CHECK(contents(dir.path).empty());
}

TEST_CASE("the output cases of the bad-input catalogue get the answer written beside them", "[cli][outputs]") {
    const fs::path root = fs::path(HCGIS_TEST_DATA) / "bad";
    std::size_t cases = 0;
    for (const auto& entry : fs::directory_iterator(root)) {
        if (!fs::exists(entry.path() / "command.txt")) continue;
        ++cases;
        // command.txt: "fixture: <folder of tests/data>" and "run: <arguments>", run in a copy of the
        // fixture and the case; expect.txt: "exit <status>: <text stderr holds>".
        std::ifstream cmd(entry.path() / "command.txt"), exp(entry.path() / "expect.txt");
        std::string line, fixture, args, expect;
        while (std::getline(cmd, line)) {
            if (line.rfind("fixture: ", 0) == 0) fixture = line.substr(9);
            if (line.rfind("run: ", 0) == 0) args = line.substr(5);
        }
        std::getline(exp, expect);
        INFO(entry.path().filename().string() << ": " << args << " -> " << expect);
        REQUIRE(expect.rfind("exit ", 0) == 0);
        const int status = std::stoi(expect.substr(5));
        const std::string text = expect.substr(expect.find(": ") + 2);
        TempDir dir(entry.path().filename().string());
        if (!fixture.empty())
            fs::copy(fs::path(HCGIS_TEST_DATA) / fixture, dir.path, fs::copy_options::recursive);
        fs::copy(entry.path(), dir.path, fs::copy_options::recursive | fs::copy_options::overwrite_existing);
        const auto before = contents(dir.path);
        RunOptions here;
        here.cwd = dir.path;
        const Run r = run(args, here);
        INFO("stderr: " << r.err);
        CHECK(r.status == status);
        CHECK(r.err.find(text) != std::string::npos);
        CHECK(contents(dir.path) == before);
    }
    CHECK(cases >= 6);
}

TEST_CASE("standard output that cannot be written: exit 1, saying so", "[cli][outputs]") {
    if (!fs::exists("/dev/full")) {
        WARN("skipped: no /dev/full");
        return;
    }
    const Run r = run("indicators " + bundled + " --format json >/dev/full");
    CHECK(r.status == 1);
    CHECK(r.err == "hcgis: standard output: cannot write\n");
}
