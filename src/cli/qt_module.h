// The split of `hcgis` in two (bench/README.md, "Branch `start`"): the executable holds core, io and the
// commands that need neither Qt nor CBC (indicators, export, coverage, synth, init); the module
// hcgis-qt.so, next to it, holds render, site choice (core/sites, CBC) and the commands that draw or
// choose sites (map, suggest, web, report, atlas), and the QGIS styles that the GeoPackages and PostGIS
// tables of the other commands carry (cli/layer_styles.h). The executable loads the module only when a
// command of the module is asked for (or the top-level --help, which lists every command) and when a lean
// command comes to write its styles; a run of `hcgis indicators` to a table, CSV, JSON or xlsx loads
// neither Qt nor CBC. The module takes core's and io's symbols from the executable (ENABLE_EXPORTS), so
// there is one copy of each global (the GEOS context, the thread pool, the stage).
#pragma once

#include "cli/common.h"
#include "cli/layer_styles.h"

#include <vector>

namespace hcgis::cli {

/// What the module gives the executable, from its one exported function hcgis_qt_module().
struct QtModule {
    std::size_t size = sizeof(QtModule);  // the executable refuses a module of another build
    Command (*add_map)(CLI::App&) = nullptr;
    Command (*add_suggest)(CLI::App&) = nullptr;
    Command (*add_web)(CLI::App&) = nullptr;
    Command (*add_report)(CLI::App&) = nullptr;
    Command (*add_atlas)(CLI::App&) = nullptr;
    std::vector<io::SavedStyle> (*export_styles)(const Scorecard&, const Catalog&, const std::string&) = nullptr;
    io::DistrictClasses (*district_classes)(const Scorecard&, const Catalog&) = nullptr;
    std::vector<io::SavedStyle> (*coverage_styles)() = nullptr;
    std::vector<io::SavedStyle> (*suggest_styles)(const std::string&) = nullptr;
    std::vector<io::SavedStyle> (*city_styles)(const City&) = nullptr;
};

/// The module, loaded on the first call (dlopen of hcgis-qt.so in the directory of /proc/self/exe, else
/// in ../lib/hcgis/ from there). Throws InternalError naming the file and why when it cannot be loaded.
const QtModule& qt_module();

/// Registers every command on `app` in the order of the top-level help. When argv[1] names a command of
/// the executable (or is --version alone), only the executable's commands are registered and the module
/// is not loaded: the parse of such a command line does not depend on the other subcommands (one
/// subcommand at most, and none may follow another).
std::vector<Command> add_commands(CLI::App& app, int argc, char** argv);

/// The QGIS styles as the module makes them (cli/layer_styles.cpp); the executable's cli/layer_styles.h
/// functions call these through qt_module().
namespace qt_styles {
std::vector<io::SavedStyle> export_styles(const Scorecard& card, const Catalog& catalog, const std::string& default_id);
io::DistrictClasses district_classes(const Scorecard& card, const Catalog& catalog);
std::vector<io::SavedStyle> coverage_styles();
std::vector<io::SavedStyle> suggest_styles(const std::string& facility);
std::vector<io::SavedStyle> city_styles(const City& city);
}  // namespace qt_styles

}  // namespace hcgis::cli

extern "C" const hcgis::cli::QtModule* hcgis_qt_module();
