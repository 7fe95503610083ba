// hcgis's start-up (cli/qt_module.h): the commands of the executable load neither Qt, nor CBC, nor the
// module hcgis-qt.so; those of the module load it; without the module the executable still runs its own
// commands and says, in one line, which file is missing for the others. The dynamic loader's own log
// (LD_DEBUG=files, on stderr) names every library mapped, at start or by dlopen, during the whole run.
#include "run_hcgis.h"
#include "../temp_dir.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

namespace fs = std::filesystem;

namespace {

using hcgis::test::Run;
using hcgis::test::quoted;

const std::string data = HCGIS_TEST_DATA;

Run traced(const std::string& args) {
    hcgis::test::RunOptions options;
    options.prefix = "LD_DEBUG=files";
    return hcgis::test::run(args, options);
}

bool loads(const Run& r, const std::string& library) { return r.err.find("file=" + library) != std::string::npos ||
                                                              r.err.find("/" + library) != std::string::npos; }

/// Runs `exe` (not HCGIS_EXE) with `args`.
Run run_copy(const fs::path& exe, const std::string& args) {
    hcgis::test::RunOptions options;
    options.prefix = "sh -c 'shift; exec \"$0\" \"$@\"' " + quoted(exe.string());
    return hcgis::test::run(args, options);
}

}  // namespace

TEST_CASE("the executable's commands load neither Qt, nor CBC, nor the module hcgis-qt.so", "[cli][start]") {
    const std::string project = quoted(data + "/services-small/project.json");
    for (const std::string& args : std::vector<std::string>{"--version", "indicators --help", "export --help", "coverage --help", "synth --help",
                                   "init --help", "indicators " + project + " --format json",
                                   "indicators " + project + " --format csv --mode straight"}) {
        INFO(args);
        const Run r = traced(args);
        CHECK(r.status == 0);
        CHECK(!r.out.empty());
        CHECK(r.err.find("file=libgdal") != std::string::npos);  // the log is there: GDAL is loaded at start
        CHECK(!loads(r, "hcgis-qt.so"));
        CHECK(!loads(r, "libQt6"));
        CHECK(!loads(r, "libCbc"));
    }
}

TEST_CASE("the module's commands and the top-level help load the module, Qt and CBC", "[cli][start]") {
    for (const std::string& args : std::vector<std::string>{"--help", "map --help", "suggest --help", "report --help"}) {
        INFO(args);
        const Run r = traced(args);
        CHECK(r.status == 0);
        CHECK(loads(r, "hcgis-qt.so"));
        CHECK(loads(r, "libQt6Gui"));
        CHECK(loads(r, "libCbc"));
    }
}

TEST_CASE("without hcgis-qt.so hcgis runs its own commands and names the missing file for the others", "[cli][start]") {
    const hcgis::test::TempDir dir("start");
    const fs::path exe = dir.path / "hcgis";
    fs::copy_file(HCGIS_EXE, exe);
    const std::string project = quoted(data + "/services-small/project.json");

    const Run own = run_copy(exe, "indicators " + project + " --format json");
    CHECK(own.status == 0);
    CHECK(own.out == hcgis::test::run("indicators " + project + " --format json").out);
    CHECK(own.err.empty());

    const std::string missing = (dir.path / "hcgis-qt.so").string() + ": cannot load the module of the commands map";
    for (const std::string& args : std::vector<std::string>{"map --help", "--help", "suggest " + project + " --facility toilets --count 1"}) {
        INFO(args);
        const Run r = run_copy(exe, args);
        CHECK(r.status == 3);
        CHECK(r.out.empty());
        CHECK(r.err.rfind("hcgis: internal error while starting: " + missing, 0) == 0);
        CHECK(std::count(r.err.begin(), r.err.end(), '\n') == 1);
    }

    // A command of the executable that writes QGIS styles needs the module when it comes to them, and
    // leaves no output behind.
    const fs::path gpkg = dir.path / "districts.gpkg";
    const Run styled = run_copy(exe, "export " + project + " --out " + quoted(gpkg.string()));
    CHECK(styled.status == 3);
    CHECK(styled.err.find(missing) != std::string::npos);
    CHECK(std::count(styled.err.begin(), styled.err.end(), '\n') == 1);
    CHECK(!fs::exists(gpkg));
}
