#include "cli/common.h"

#include "core/analysis.h"

#include "io/catalog_file.h"
#include "io/scenario_file.h"

#include <fmt/format.h>

#include <cstdio>
#include <cstdlib>
#include <iostream>

#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define HCGIS_SANITIZED 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(leak_sanitizer) || __has_feature(thread_sanitizer)
#define HCGIS_SANITIZED 1
#endif
#endif

namespace hcgis::cli {
namespace {

std::string stage_text = "starting";

constexpr const char* repair_help = "make invalid polygons valid (GEOSMakeValid; the area change is logged) and leave "
                                    "out features without usable geometry (counted as rejected)";

}  // namespace

void stage(std::string what) { stage_text = std::move(what); }
const std::string& current_stage() { return stage_text; }

int end_now(int status) {
#ifdef HCGIS_SANITIZED
    return status;
#else
    std::cout.flush();
    std::cerr.flush();
    std::fflush(nullptr);
    std::_Exit(status);
#endif
}

void add_project_args(CLI::App* cmd, ProjectArgs& args, bool catalog) {
    cmd->add_option("PROJECT", args.project, "project file (layers/*.json)")->required();
    cmd->add_flag("--repair", args.repair, repair_help);
    if (catalog) cmd->add_option("--catalog", args.catalog, "indicator catalog (default: data/indicators.json)");
}

void add_scenario_arg(CLI::App* cmd, ProjectArgs& args) {
    cmd->add_option("--scenario", args.scenario,
                    "a scenario (FILE.gpkg, saved by hcgis-viewer or written by hcgis suggest): its proposed sites "
                    "are counted as existing facilities");
}

void add_mode_option(CLI::App* cmd, std::string& mode, const char* help) {
    cmd->add_option("--mode", mode, help)->check(CLI::IsMember({"auto", "network", "straight"}))->capture_default_str();
}

Opened::Opened(const ProjectArgs& args) : args_(args) {
    stage("reading the project file");
    project_ = io::read_project(args.project);
    const std::filesystem::path catalog_file =
        args.catalog.empty() ? io::default_catalog_path() : std::filesystem::path(args.catalog);
    stage("reading the indicator catalog");
    catalog_ = io::read_catalog(catalog_file);
    inputs_.add_project(project_);
    inputs_.add(catalog_file, "the indicator catalog");
    if (!args.scenario.empty()) {
        inputs_.add(args.scenario, "the scenario");
        for (const char* side : {"-wal", "-shm"}) inputs_.add(args.scenario + side, "the scenario");
    }
}

void Opened::check_outputs(const std::vector<std::filesystem::path>& outputs,
                           std::initializer_list<std::string_view> extensions) const {
    for (const auto& out : outputs) {
        inputs_.refuse(out);
        io::check_writable(out, extensions);
    }
}

City Opened::load() const {
    City city = load_project();
    add_scenario(city);
    return city;
}

void Opened::load(City& city, io::WhileResidentsLoad* meanwhile) const {
    load_project(city, args_.scenario.empty() ? meanwhile : nullptr);
    add_scenario(city);
}

City Opened::load_project() const {
    City city;
    load_project(city, nullptr);
    return city;
}

void Opened::load_project(City& city, io::WhileResidentsLoad* meanwhile) const {
    stage("loading the layers");
    io::LoadOptions options;
    options.repair = args_.repair;
    io::load_city(project_, options, city, meanwhile);
}

void Opened::add_scenario(City& city) const {
    if (!args_.scenario.empty()) {
        stage("reading the scenario " + args_.scenario);
        proposal_ = io::read_scenario(args_.scenario, city, &city.warnings, &city.notes);
        append_proposal(city, *proposal_);
        std::size_t toilets = 0, fitness = 0;
        for (const ProposedSite& s : proposal_->sites) (s.role == "toilets" ? toilets : fitness)++;
        city.notes.push_back(fmt::format("scenario {}: {} proposed toilets and {} proposed fitness sites added",
                                         args_.scenario, toilets, fitness));
    }
}

void add_pg_args(CLI::App* cmd, PgArgs& args, const std::string& default_table) {
    cmd->add_option("--layer", args.layer, "with --out PG:\"…\": the table to write (default " + default_table + ")");
    auto* over = cmd->add_flag("--overwrite", args.overwrite, "with --out PG:\"…\": replace a table that exists");
    cmd->add_flag("--append", args.append, "with --out PG:\"…\": add to a table that exists")->excludes(over);
}

std::optional<io::PgTarget> pg_target(const std::string& out, const PgArgs& args, const std::string& default_table) {
    if (!io::is_pg(out)) {
        if (!args.layer.empty() || args.overwrite || args.append)
            throw UsageError("--layer, --overwrite and --append are for a PostGIS destination (--out PG:\"…\")");
        return std::nullopt;
    }
    io::PgTarget pg;
    pg.connection = out;
    pg.table = args.layer.empty() ? default_table : args.layer;
    pg.existing = args.overwrite ? io::PgTarget::Existing::Overwrite
                  : args.append  ? io::PgTarget::Existing::Append
                                 : io::PgTarget::Existing::Refuse;
    return pg;
}

std::string pg_written(const io::PgTarget& pg, const std::vector<std::string>& tables) {
    std::string out = "PostgreSQL \"" + io::pg_display(pg.connection) + "\": table";
    for (std::size_t i = 0; i < tables.size(); ++i) out += (i ? ", " : " ") + tables[i];
    return out;
}

void add_indicator_args(CLI::App* cmd, std::string& indicator, std::string& style) {
    cmd->add_option("--indicator", indicator, "indicator id (data/indicators.json)")->required();
    cmd->add_option("--style", style, "style file (styles/*.json); default: by the indicator");
}

const IndicatorDef& indicator_def(const Catalog& catalog, const std::string& id) {
    const IndicatorDef* def = catalog.find(id);
    if (!def) throw InputError("--indicator: \"" + id + "\" is not in the indicator catalog");
    return *def;
}

Scorecard Opened::scorecard(const City& city, const std::string& mode) const {
    ScorecardOptions options;
    options.coverage_mode = *parse_mode_choice(mode);
    stage("computing the indicators");
    return compute_scorecard(city, catalog_, options);
}

void add_page_options(CLI::App* cmd, PageArgs& args) {
    cmd->add_option("--page", args.page, "A4 or A3")->check(CLI::IsMember({"A4", "A3"}))->capture_default_str();
    cmd->add_option("--orientation", args.orientation, "landscape or portrait")
        ->check(CLI::IsMember({"landscape", "portrait"}))
        ->capture_default_str();
    cmd->add_option("--dpi", args.dpi, "resolution")->check(CLI::Range(36, 1200))->capture_default_str();
}

}  // namespace hcgis::cli
