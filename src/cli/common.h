// What the commands of `hcgis` share: the options every project command has, the opening of a project
// (project file, catalog, inputs to protect, outputs checked before any work, loading), and the stage
// named when an internal error stops a run.
#pragma once

#include "core/catalog.h"
#include "core/city.h"
#include "core/scorecard.h"
#include "io/load.h"
#include "io/output.h"
#include "io/project.h"
#include "render/layout.h"

#include <CLI/CLI.hpp>

#include <filesystem>
#include <functional>
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
Command add_report(CLI::App& app);
Command add_atlas(CLI::App& app);

/// Says what the run is doing, for the message of an internal error ("internal error while …").
void stage(std::string what);
const std::string& current_stage();

/// The options of every command that reads a project.
struct ProjectArgs {
    std::string project;
    std::string catalog;  // "" = data/indicators.json
    bool repair = false;
};

/// Adds PROJECT, --repair and (with `catalog`) --catalog to `cmd`.
void add_project_args(CLI::App* cmd, ProjectArgs& args, bool catalog);

/// The walking-distance mode option ("auto", "network", "straight").
void add_mode_option(CLI::App* cmd, std::string& mode, const char* help);

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

    /// Loads every layer (io::load_city, with --repair as asked).
    City load() const;
    /// The scorecard of `city` against the catalog, walking coverage measured in `mode`.
    Scorecard scorecard(const City& city, const std::string& mode) const;

    const io::Project& project() const { return project_; }
    const Catalog& catalog() const { return catalog_; }

private:
    ProjectArgs args_;
    io::Project project_;
    Catalog catalog_;
    io::ProtectedInputs inputs_;
};

/// A printed page's options: --page (A4, A3), --orientation (landscape, portrait) and --dpi.
struct PageArgs {
    std::string page = "A4";
    std::string orientation = "landscape";
    int dpi = 300;
};
void add_page_options(CLI::App* cmd, PageArgs& args);
render::PageOptions page_options(const PageArgs& args);

/// "fitness", "parks", "toilets" as a map or report says them.
const char* facility_zh(const std::string& facility);

}  // namespace hcgis::cli
