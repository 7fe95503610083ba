// What the commands of `hcgis` share: the options every project command has, the opening of a project
// (project file, catalog, inputs to protect, outputs checked before any work, loading), and the stage
// named when an internal error stops a run.
#pragma once

#include "core/catalog.h"
#include "core/proposal.h"
#include "core/city.h"
#include "core/scorecard.h"
#include "io/load.h"
#include "io/output.h"
#include "io/pg_target.h"
#include "render/style.h"
#include "io/project.h"
#include "render/layout.h"

#include <CLI/CLI.hpp>

#include <filesystem>
#include <functional>
#include <optional>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

namespace hcgis::cli {

/// A subcommand: its parser and what runs it when it was chosen.
struct Command {
    CLI::App* app = nullptr;
    std::function<int()> run;
};

/// Each command's file defines one of these; main() registers them all.
Command add_indicators(CLI::App& app);
Command add_export(CLI::App& app);
Command add_coverage(CLI::App& app);
Command add_map(CLI::App& app);
Command add_suggest(CLI::App& app);
Command add_synth(CLI::App& app);
Command add_web(CLI::App& app);
Command add_report(CLI::App& app);
Command add_atlas(CLI::App& app);
Command add_init(CLI::App& app);

/// Says what the run is doing, for the message of an internal error ("internal error while …").
void stage(std::string what);
const std::string& current_stage();

/// Ends the process with `status` once every output is written and closed (AtomicOutputs committed,
/// GDAL datasets closed): flushes standard output and error, then leaves without running the
/// destructors of the caller's city and scorecard or GDAL's and PROJ's clean-up at exit, which the
/// system does faster by dropping the address space (17-19 ms on the 1 M city). Under AddressSanitizer
/// (whose leak check then still sees every allocation freed) or ThreadSanitizer it returns `status`, so
/// the caller unwinds and frees everything as before. A build with -fsanitize=leak alone is not told
/// apart by GCC (no macro for it) and ends at once.
int end_now(int status);

/// The options of every command that reads a project.
struct ProjectArgs {
    std::string project;
    std::string catalog;  // "" = data/indicators.json
    bool repair = false;
    std::string scenario;  // "" = none; else a scenario GeoPackage (io/scenario_file.h) whose sites are added
};

/// Adds PROJECT, --repair and (with `catalog`) --catalog to `cmd`.
void add_project_args(CLI::App* cmd, ProjectArgs& args, bool catalog);

/// Adds --scenario FILE.gpkg to `cmd`: the proposed sites of a scenario counted as existing facilities.
void add_scenario_arg(CLI::App* cmd, ProjectArgs& args);

/// The walking-distance mode option ("auto", "network", "straight").
void add_mode_option(CLI::App* cmd, std::string& mode, const char* help);

/// The options of a PostGIS destination (`--out PG:"…"`).
struct PgArgs {
    std::string layer;
    bool overwrite = false;
    bool append = false;
};

/// Adds --layer (naming the default table in its help), --overwrite and --append to `cmd`.
void add_pg_args(CLI::App* cmd, PgArgs& args, const std::string& default_table);

/// The PostGIS target of `out` (table: --layer, else `default_table`), or nullopt for a file, which takes
/// none of --layer, --overwrite, --append (UsageError).
std::optional<io::PgTarget> pg_target(const std::string& out, const PgArgs& args, const std::string& default_table);

/// How a run names where it wrote in PostGIS: the connection without its password and the tables.
std::string pg_written(const io::PgTarget& pg, const std::vector<std::string>& tables);

/// A project opened for a command: the project file and the catalog read, the inputs known, the layers
/// not yet loaded (load() does that, after the outputs have been checked).
class Opened {
public:
    explicit Opened(const ProjectArgs& args);

    /// Refuses, before any work, each output that would overwrite an input (UsageError, exit 2) or that
    /// cannot be written (OutputError, exit 1): no such folder, no permission, an extension not among
    /// `extensions`.
    void check_outputs(const std::vector<std::filesystem::path>& outputs,
                       std::initializer_list<std::string_view> extensions) const;
    /// Also protects `file` (a style, a scenario) as `what`.
    void protect(const std::filesystem::path& file, const std::string& what) { inputs_.add(file, what); }

    /// Loads every layer (io::load_city, with --repair as asked), then, with --scenario, reads the scenario
    /// for the city and appends its sites (append_proposal); its warnings and notes join the city's.
    City load() const;
    /// The same into `city` (a City just made), with `meanwhile` at work while the residents are read
    /// (io::load_city); without --scenario only, as the scenario changes the layers after the load.
    void load(City& city, io::WhileResidentsLoad* meanwhile) const;
    /// load() in two steps, for a command that needs the city without the scenario too (report's 现状):
    /// the project's layers alone, then the scenario read and appended (nothing without --scenario).
    City load_project() const;
    void add_scenario(City& city) const;
    /// The scenario's proposal once load() has read it; nullptr without --scenario.
    const Proposal* proposal() const { return proposal_ ? &*proposal_ : nullptr; }
    /// The scorecard of `city` against the catalog, walking coverage measured in `mode`.
    Scorecard scorecard(const City& city, const std::string& mode) const;

    const io::Project& project() const { return project_; }
    const Catalog& catalog() const { return catalog_; }

private:
    void load_project(City& city, io::WhileResidentsLoad* meanwhile) const;

    ProjectArgs args_;
    io::Project project_;
    Catalog catalog_;
    io::ProtectedInputs inputs_;
    mutable std::optional<Proposal> proposal_;
};

/// Adds the required --indicator and the optional --style of a map of one indicator to `cmd`.
void add_indicator_args(CLI::App* cmd, std::string& indicator, std::string& style);

/// The indicator `id` of `catalog`. Throws InputError naming --indicator when it is not there.
const IndicatorDef& indicator_def(const Catalog& catalog, const std::string& id);

/// The map style for `def`: read from `file` (protected as an input of `opened`), else the default.
render::Style indicator_style(Opened& opened, const IndicatorDef& def, const std::string& file);
/// A printed page's options: --page (A4, A3), --orientation (landscape, portrait) and --dpi.
struct PageArgs {
    std::string page = "A4";
    std::string orientation = "landscape";
    int dpi = 300;
};
void add_page_options(CLI::App* cmd, PageArgs& args);
render::PageOptions page_options(const PageArgs& args);


}  // namespace hcgis::cli
