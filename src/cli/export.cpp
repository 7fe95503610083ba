// hcgis export: one feature per sub-district with every indicator, for the city data platform.
#include "cli/common.h"
#include "cli/layer_styles.h"

#include "core/analysis.h"
#include "io/analysis_while_loading.h"
#include "io/gdal_sink.h"
#include "io/scenario_file.h"
#include "io/writers.h"

#include <filesystem>
#include <iostream>
#include <memory>
#include <optional>

namespace hcgis::cli {
namespace {

struct Args {
    ProjectArgs project;
    std::string out;
    std::string indicator;
    std::string sites_out;
    PgArgs pg;
};

int run(const Args& a) {
    const Opened opened(a.project);
    if (!a.indicator.empty()) indicator_def(opened.catalog(), a.indicator);  // known, before any work
    const auto pg = pg_target(a.out, a.pg, "districts");
    if (!a.sites_out.empty() && a.project.scenario.empty())
        throw UsageError("export: --sites-out writes the proposed sites of a scenario, so it needs --scenario FILE.gpkg");
    if (!a.sites_out.empty()) {
        std::error_code e1, e2;
        if (std::filesystem::weakly_canonical(std::filesystem::absolute(a.sites_out), e1) ==
                std::filesystem::weakly_canonical(std::filesystem::absolute(a.out), e2) &&
            !e1 && !e2)
            throw UsageError("export: --sites-out and --out name the same file");
        opened.check_outputs({a.sites_out}, {".geojson", ".json"});
    }
    if (pg) io::check_pg_target(*pg, {pg->table});
    else opened.check_outputs({a.out}, {".geojson", ".json", ".gpkg"});
    City city;
    io::AnalysisWhileLoading analysis(city, {});  // all that needs no residents made while they are read
    opened.load(city, &analysis);
    stage("computing the indicators");
    const Scorecard card = compute_scorecard(analysis.get(), opened.catalog());
    if (pg) {
        stage("writing " + pg_written(*pg, {pg->table}));
        // The sites are written first and replace their file only once the tables are committed: a failed
        // write of either leaves both as they were.
        std::optional<io::AtomicOutputs> sites;
        if (!a.sites_out.empty()) {
            sites.emplace(std::vector<std::filesystem::path>{a.sites_out});
            io::write_proposal_geojson(*sites, 0, city, *opened.proposal());
        }
        io::export_districts(city, card, *pg,
                             for_tables(export_styles(card, opened.catalog(), a.indicator), {{"districts", pg->table}}),
                             district_classes(card, opened.catalog()));
        if (sites) sites->commit();
        std::cout << pg_written(*pg, {pg->table}) << "\n";
    } else if (!a.sites_out.empty()) {
        // The districts and the sites are replaced together or not at all.
        stage("writing " + a.out + " and " + a.sites_out);
        io::AtomicOutputs outs({a.out, a.sites_out});
        io::export_districts(outs, 0, city, card, export_styles(card, opened.catalog(), a.indicator),
                             district_classes(card, opened.catalog()));
        io::write_proposal_geojson(outs, 1, city, *opened.proposal());
        outs.commit();
    } else {
        stage("writing " + a.out);
        io::export_districts(city, card, opened.catalog(), a.out, export_styles(card, opened.catalog(), a.indicator),
                             district_classes(card, opened.catalog()));
    }
    for (const auto& w : card.warnings) std::cerr << "hcgis: warning: " << w << "\n";
    return 0;
}

}  // namespace

Command add_export(CLI::App& app) {
    auto args = std::make_shared<Args>();
    auto* cmd = app.add_subcommand("export", "districts with every indicator as attributes, for the city data platform");
    add_project_args(cmd, args->project, true);
    add_scenario_arg(cmd, args->project);
    cmd->add_option("--out", args->out, "FILE.geojson (RFC 7946, WGS 84), FILE.gpkg or PG:\"dbname=… host=… user=…\" (working CRS)")
        ->required();
    add_pg_args(cmd, args->pg, "districts");
    cmd->add_option("--sites-out", args->sites_out,
                    "with --scenario: also write its proposed sites to FILE.geojson (RFC 7946, WGS 84: id, facility, "
                    "class, note)");
    cmd->add_option("--indicator", args->indicator,
                    "the indicator a GeoPackage or PostGIS table opens styled by in QGIS (each has its style; default: the first)");
    return {cmd, [args] { return run(*args); }};
}

}  // namespace hcgis::cli
