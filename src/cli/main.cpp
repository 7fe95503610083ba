// hcgis: the command line. One catch at the top maps errors to exit codes: 1 for bad input (one line on
// stderr naming file, layer, feature and field), 2 for a usage error.
#include "core/analysis.h"
#include "core/coverage_map.h"
#include "core/geos.h"
#include "io/catalog_file.h"
#include "io/error.h"
#include "io/load.h"
#include "io/project.h"
#include "io/report.h"
#include "io/writers.h"

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <cstdio>
#include <optional>
#include <fstream>
#include <iostream>

namespace {

using namespace hcgis;

void write_output(const std::string& text, const std::string& out) {
    if (out.empty() || out == "-") {
        std::fwrite(text.data(), 1, text.size(), stdout);
        return;
    }
    std::ofstream f(out, std::ios::binary);
    if (!f) throw io::InputError(fmt::format("{}: cannot write", out));
    f << text;
    if (!f) throw io::InputError(fmt::format("{}: write failed", out));
}

struct IndicatorsArgs {
    std::string project;
    std::string format = "table";
    std::string out;
    std::string catalog;
    std::string mode = "auto";
};

Catalog load_catalog(const std::string& path) {
    return io::read_catalog(path.empty() ? io::default_catalog_path() : std::filesystem::path(path));
}

int run_indicators(const IndicatorsArgs& a) {
    const io::Project project = io::read_project(a.project);
    const Catalog catalog = load_catalog(a.catalog);
    const City city = io::load_city(project);
    const Scorecard card = compute_scorecard(city, catalog, {a.mode});
    std::string text;
    if (a.format == "json") text = io::scorecard_json(city, card, catalog).dump(2) + "\n";
    else if (a.format == "csv") text = io::scorecard_csv(city, card, catalog);
    else text = io::scorecard_table(city, card, catalog);
    write_output(text, a.out);
    return 0;
}

struct ExportArgs {
    std::string project;
    std::string out;
    std::string catalog;
};

int run_export(const ExportArgs& a) {
    const io::Project project = io::read_project(a.project);
    const Catalog catalog = load_catalog(a.catalog);
    const City city = io::load_city(project);
    const Scorecard card = compute_scorecard(city, catalog);
    io::export_districts(city, card, catalog, a.out);
    for (const auto& w : card.warnings) std::cerr << "hcgis: warning: " << w << "\n";
    return 0;
}

struct CoverageArgs {
    std::string project;
    std::string facility;
    std::optional<double> minutes;
    std::string mode = "auto";
    double half_width = 50.0;
    std::string out;
};

int run_coverage(const CoverageArgs& a) {
    const io::Project project = io::read_project(a.project);
    const City city = io::load_city(project);
    ScorecardOptions options;
    options.coverage_mode = a.mode;
    Analysis analysis(city, options);
    CoverageOptions c;
    c.facility = a.facility;
    c.minutes = a.minutes;
    c.half_width_m = a.half_width;
    CoverageMap map;
    try {
        map = coverage_map(analysis, c);
    } catch (const std::invalid_argument& e) {
        throw io::InputError(a.project + ": " + e.what());
    }
    const auto files = io::write_coverage(city, map, a.out);
    const Layer& residents = *city.layer("residents");
    const auto& w = analysis.resident_weights();
    double all = 0, covered = 0;
    for (std::size_t i = 0; i < residents.size(); ++i) {
        all += w[i];
        if (map.residents.covered[i]) covered += w[i];
    }
    const char* what = a.facility == "fitness" ? "健身设施" : a.facility == "parks" ? "公园绿地" : "公厕";
    std::cout << fmt::format("{}: {} 处{}，{}，居民覆盖率 {:.1f} %\n", city.name, map.catchment.size(), what,
                             map.mode == "network" ? "步行网络距离" : "直线距离", all > 0 ? 100.0 * covered / all : 0.0);
    for (const auto& f : files) std::cout << "  " << f.string() << "\n";
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{"hcgis: healthy-city GIS. Computes the Healthy City plan's indicators per sub-district."};
    app.require_subcommand(1);
    app.set_version_flag("--version", "hcgis 0.1.0");

    IndicatorsArgs ind;
    auto* cmd = app.add_subcommand("indicators", "every plan indicator per sub-district and for the whole area");
    cmd->add_option("PROJECT", ind.project, "project file (layers/*.json)")->required();
    cmd->add_option("--format", ind.format, "table, csv or json")
        ->check(CLI::IsMember({"table", "csv", "json"}))
        ->capture_default_str();
    cmd->add_option("--out", ind.out, "write here instead of standard output");
    cmd->add_option("--catalog", ind.catalog, "indicator catalog (default: data/indicators.json)");
    cmd->add_option("--mode", ind.mode, "walking coverage: network (needs roads), straight, or auto (network when roads exist)")
        ->check(CLI::IsMember({"auto", "network", "straight"}))
        ->capture_default_str();

    ExportArgs exp;
    auto* ecmd = app.add_subcommand("export", "districts with every indicator as attributes, for the city data platform");
    ecmd->add_option("PROJECT", exp.project, "project file (layers/*.json)")->required();
    ecmd->add_option("--out", exp.out, "FILE.geojson (RFC 7946, WGS 84) or FILE.gpkg (working CRS)")->required();
    ecmd->add_option("--catalog", exp.catalog, "indicator catalog (default: data/indicators.json)");

    CoverageArgs cov;
    auto* ccmd = app.add_subcommand("coverage", "catchments of fitness sites, parks or toilets, and every resident's walk");
    ccmd->add_option("PROJECT", cov.project, "project file (layers/*.json)")->required();
    ccmd->add_option("--facility", cov.facility, "fitness, parks or toilets")
        ->required()
        ->check(CLI::IsMember({"fitness", "parks", "toilets"}));
    ccmd->add_option("--minutes", cov.minutes, "one walking time for every facility (default: each its own radius)")
        ->check(CLI::PositiveNumber);
    ccmd->add_option("--mode", cov.mode, "network (needs roads), straight, or auto")
        ->check(CLI::IsMember({"auto", "network", "straight"}))
        ->capture_default_str();
    ccmd->add_option("--half-width", cov.half_width, "metres each side of a reachable road that a catchment covers")
        ->check(CLI::PositiveNumber)
        ->capture_default_str();
    ccmd->add_option("--out", cov.out, "FILE.gpkg, or FILE.geojson (+ FILE-residents.geojson)")->required();

    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        const int code = app.exit(e);
        return code == 0 ? 0 : 2;
    }
    try {
        if (cmd->parsed()) return run_indicators(ind);
        if (ecmd->parsed()) return run_export(exp);
        if (ccmd->parsed()) return run_coverage(cov);
    } catch (const io::InputError& e) {
        std::cerr << "hcgis: " << e.what() << "\n";
        return 1;
    } catch (const geos::Error& e) {
        std::cerr << "hcgis: geometry error: " << e.what() << "\n";
        return 1;
    } catch (const std::exception& e) {
        std::cerr << "hcgis: " << e.what() << "\n";
        return 1;
    }
    return 0;
}
