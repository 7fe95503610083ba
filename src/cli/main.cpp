// hcgis: the command line. One catch at the top maps errors to exit codes: 1 for bad input (one line on
// stderr naming file, layer, feature and field), 2 for a usage error.
#include "core/analysis.h"
#include "core/coverage_map.h"
#include "core/sites/suggest.h"
#include "core/synth.h"
#include "core/geos.h"
#include "io/catalog_file.h"
#include "io/error.h"
#include "io/load.h"
#include "io/project.h"
#include "io/report.h"
#include "io/writers.h"
#include "render/layout.h"
#include "render/map_renderer.h"
#include "render/style.h"
#include "render/thematic.h"

#include <QDate>
#include <QGuiApplication>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <unistd.h>

#include <chrono>
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

/// How every command loads its project (--repair).
io::LoadOptions load_options;
constexpr const char* repair_help = "make invalid polygons valid (GEOSMakeValid; the area change is logged) and leave "
                                    "out features without usable geometry (counted as rejected)";

struct IndicatorsArgs {
    std::string project;
    std::string format = "table";
    std::string out;
    std::string catalog;
    std::string mode = "auto";
    bool profile = false;
};

/// "fitness", "parks", "toilets" as a map or report says them.
const char* facility_zh(const std::string& facility) {
    return facility == "fitness" ? "健身设施" : facility == "parks" ? "公园绿地" : "公厕";
}

Catalog load_catalog(const std::string& path) {
    return io::read_catalog(path.empty() ? io::default_catalog_path() : std::filesystem::path(path));
}

int run_indicators(const IndicatorsArgs& a) {
    const auto start = std::chrono::steady_clock::now();
    const io::Project project = io::read_project(a.project);
    const Catalog catalog = load_catalog(a.catalog);
    const City city = io::load_city(project, load_options);
    const auto loaded = std::chrono::steady_clock::now();
    const Scorecard card = compute_scorecard(city, catalog, {a.mode});
    if (a.profile) {
        std::cerr << fmt::format("load {:.3f} s\n", std::chrono::duration<double>(loaded - start).count());
        for (const auto& [stage, secs] : card.timings) std::cerr << fmt::format("{} {:.3f} s\n", stage, secs);
    }
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
    const City city = io::load_city(project, load_options);
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
    bool profile = false;
};

int run_coverage(const CoverageArgs& a) {
    const io::Project project = io::read_project(a.project);
    const City city = io::load_city(project, load_options);
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
    if (a.profile)
        for (const auto& [stage, secs] : map.timings) std::cerr << fmt::format("{} {:.3f} s\n", stage, secs);
    const Layer& residents = *city.layer("residents");
    const auto& w = analysis.resident_weights();
    double all = 0, covered = 0;
    for (std::size_t i = 0; i < residents.size(); ++i) {
        all += w[i];
        if (map.residents.covered[i]) covered += w[i];
    }
    const char* what = facility_zh(a.facility);
    std::cout << fmt::format("{}: {} 处{}，{}，居民覆盖率 {:.1f} %\n", city.name, map.catchment.size(), what,
                             map.mode == "network" ? "步行网络距离" : "直线距离", all > 0 ? 100.0 * covered / all : 0.0);
    for (const auto& f : files) std::cout << "  " << f.string() << "\n";
    return 0;
}

struct MapArgs {
    std::string project;
    std::string indicator;
    std::string style;
    std::string page = "A4";
    std::string orientation = "landscape";
    int dpi = 300;
    std::string coverage;
    std::string mode = "auto";
    std::string review_number;
    std::string catalog;
    std::string out;
};

int run_map(const MapArgs& a) {
    const io::Project project = io::read_project(a.project);
    const Catalog catalog = load_catalog(a.catalog);
    const IndicatorDef* def = catalog.find(a.indicator);
    if (!def) throw io::InputError(fmt::format("--indicator: \"{}\" is not in the indicator catalog", a.indicator));
    const City city = io::load_city(project, load_options);
    ScorecardOptions options;
    options.coverage_mode = a.mode;
    Analysis analysis(city, options);  // kept: catchments reuse its walking graph and snapped residents
    const Scorecard card = compute_scorecard(analysis, catalog);

    // A display-less Qt: the map is drawn into files only.
    render::prepare_headless_qt();
    int argc = 1;
    char name[] = "hcgis";
    char* argv[] = {name, nullptr};
    QGuiApplication app(argc, argv);

    render::Style style = render::default_style(*def);
    if (!a.style.empty()) {
        try {
            style = render::read_style(a.style);
        } catch (const std::invalid_argument& e) {
            throw io::InputError(e.what());
        }
    }
    render::MapRenderer map(city);
    const render::Thematic t = render::make_thematic(card, *def, style);
    const std::optional<double> target = t.target;
    const std::string mode = render::thematic_mode(card, a.indicator);
    map.set_thematic(t);
    for (const auto& role : render::layers_for_indicator(a.indicator)) map.set_visible(role, true);

    if (!a.coverage.empty()) {
        CoverageOptions c;
        c.facility = a.coverage;
        CoverageMap cov;
        try {
            cov = coverage_map(analysis, c);
        } catch (const std::invalid_argument& e) {
            throw io::InputError(a.project + ": " + e.what());
        }
        const char* what = facility_zh(a.coverage);
        map.set_catchments(cov.all.get(),
                           QString("%1服务范围（%2）").arg(what, cov.mode == "network" ? "步行网络" : "直线距离"), style);
        map.set_visible(a.coverage, true);
        map.set_visible("residents", true);
    }

    render::LayoutText text;
    text.title = QString::fromStdString(city.name) + "  " + QString::fromStdString(def->name_zh);
    QString goal;
    if (target) {
        const double shown = def->unit == "ratio" ? *target * 100 : *target;
        goal = QString("目标 %1 %2%3").arg(def->op == Op::AtLeast ? "≥" : "≤").arg(shown).arg(def->unit == "ratio" ? " %" : "");
    }
    text.subtitle = QString("%1   %2   规划 %3，%4   %5%6")
                        .arg(t.title, goal, QString::fromStdString(def->plan), QString::fromStdString(def->responsible),
                             mode == "network" ? "步行网络距离   " : mode == "straight" ? "直线距离   " : "",
                             QDate::currentDate().toString("yyyy-MM-dd"));
    text.source = QString::fromStdString(city.attribution.empty() ? project.file.string() : city.attribution);
    text.crs_note = QString::fromStdString(fmt::format("坐标系：{}（{}）", city.crs_name, city.crs));
    text.review_number = QString::fromStdString(a.review_number);

    render::PageOptions page;
    page.size = a.page == "A3" ? QPageSize::A3 : QPageSize::A4;
    page.orientation = a.orientation == "portrait" ? QPageLayout::Portrait : QPageLayout::Landscape;
    page.dpi = a.dpi;
    try {
        render::write_map(a.out, page, map, text);
    } catch (const std::runtime_error& e) {
        throw io::InputError(e.what());
    }
    return 0;
}

struct SuggestArgs {
    std::string project;
    std::string facility;
    std::optional<int> count;
    bool to_target = false;
    std::string district;
    double spacing = 100.0;
    std::optional<double> separation;
    std::string mode = "auto";
    std::string catalog;
    std::string out;
};

int run_suggest(const SuggestArgs& a) {
    const io::Project project = io::read_project(a.project);
    const Catalog catalog = load_catalog(a.catalog);
    const City city = io::load_city(project, load_options);
    ScorecardOptions options;
    options.coverage_mode = a.mode;
    Analysis analysis(city, options);
    sites::SuggestOptions o;
    o.facility = a.facility;
    o.count = a.count;
    o.to_target = a.to_target;
    if (!a.district.empty()) o.district = a.district;
    o.spacing_m = a.spacing;
    o.min_separation_m = a.separation;
    if (::isatty(2)) o.progress = [](const std::string& what) { std::cerr << "hcgis suggest: " << what << "\n"; };
    if (const IndicatorDef* d = catalog.find("toilet_density"); d && d->target) o.toilet_density_target = *d->target;
    if (const IndicatorDef* d = catalog.find("fitness_10min_coverage"); d && d->target) o.coverage_target = *d->target;
    sites::SuggestResult r;
    try {
        r = sites::suggest_sites(analysis, o);
    } catch (const std::invalid_argument& e) {
        throw io::InputError(a.project + ": " + e.what());
    }
    io::write_suggestions(city, r, a.out);

    const bool toilets = a.facility == "toilets";
    std::cout << fmt::format("{}：建议新增{} {} 处（候选点 {} 个，{}，服务半径 {:.0f} m）\n", city.name,
                             toilets ? "公厕" : "健身点", r.sites.size(), r.candidates,
                             r.mode == "network" ? "步行网络距离" : "直线距离", r.budget_m);
    for (const auto& d : r.districts) {
        if (d.residents <= 0 && d.placed == 0) continue;
        std::string line = fmt::format("  {}  新增 {} 处", d.name, d.placed);
        if (toilets && a.to_target) line += fmt::format("（按密度目标应补 {} 座）", d.quota);
        if (toilets) line += fmt::format("  建成区公厕密度 {:.2f} → {:.2f} 座/km²", d.density_before, d.density_after);
        if (d.residents > 0)
            line += fmt::format("  服务半径内居民 {:.1f} % → {:.1f} %", 100 * d.served_before / d.residents,
                                100 * d.served_after / d.residents);
        std::cout << line << "\n";
    }
    for (const auto& n : r.notes) std::cout << "  注：" << n << "\n";
    std::cout << "  " << a.out << "\n";
    return 0;
}

struct SynthArgs {
    std::string out;
    int districts = 20;
    std::int64_t residents = 10000;
    std::uint64_t seed = 1;
};

int run_synth(const SynthArgs& a) {
    SynthOptions o;
    o.districts = a.districts;
    o.residents = a.residents;
    o.seed = a.seed;
    const City city = synth_city(o);
    const auto project = io::write_city(city, a.out);
    std::size_t features = city.districts.size();
    for (const auto& [role, l] : city.layers) features += l.size();
    std::cout << fmt::format("{}: {} 个街道，{} 个居民点，共 {} 个要素\n  {}\n", city.name, city.districts.size(),
                             city.layer("residents")->size(), features, project.string());
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
    cmd->add_flag("--repair", load_options.repair, repair_help);
    cmd->add_option("--format", ind.format, "table, csv or json")
        ->check(CLI::IsMember({"table", "csv", "json"}))
        ->capture_default_str();
    cmd->add_option("--out", ind.out, "write here instead of standard output");
    cmd->add_option("--catalog", ind.catalog, "indicator catalog (default: data/indicators.json)");
    cmd->add_flag("--profile", ind.profile, "print the time each stage takes to stderr");
    cmd->add_option("--mode", ind.mode, "walking coverage: network (needs roads), straight, or auto (network when roads exist)")
        ->check(CLI::IsMember({"auto", "network", "straight"}))
        ->capture_default_str();

    ExportArgs exp;
    auto* ecmd = app.add_subcommand("export", "districts with every indicator as attributes, for the city data platform");
    ecmd->add_option("PROJECT", exp.project, "project file (layers/*.json)")->required();
    ecmd->add_flag("--repair", load_options.repair, repair_help);
    ecmd->add_option("--out", exp.out, "FILE.geojson (RFC 7946, WGS 84) or FILE.gpkg (working CRS)")->required();
    ecmd->add_option("--catalog", exp.catalog, "indicator catalog (default: data/indicators.json)");

    CoverageArgs cov;
    auto* ccmd = app.add_subcommand("coverage", "catchments of fitness sites, parks or toilets, and every resident's walk");
    ccmd->add_option("PROJECT", cov.project, "project file (layers/*.json)")->required();
    ccmd->add_flag("--repair", load_options.repair, repair_help);
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
    ccmd->add_flag("--profile", cov.profile, "print the time each stage takes to stderr");

    MapArgs mp;
    auto* mcmd = app.add_subcommand("map", "a thematic map sheet of one indicator, as PDF, PNG or SVG");
    mcmd->add_option("PROJECT", mp.project, "project file (layers/*.json)")->required();
    mcmd->add_flag("--repair", load_options.repair, repair_help);
    mcmd->add_option("--indicator", mp.indicator, "indicator id (data/indicators.json)")->required();
    mcmd->add_option("--style", mp.style, "style file (styles/*.json); default: by the indicator");
    mcmd->add_option("--page", mp.page, "A4 or A3")->check(CLI::IsMember({"A4", "A3"}))->capture_default_str();
    mcmd->add_option("--orientation", mp.orientation, "landscape or portrait")
        ->check(CLI::IsMember({"landscape", "portrait"}))
        ->capture_default_str();
    mcmd->add_option("--dpi", mp.dpi, "resolution")->check(CLI::Range(36, 1200))->capture_default_str();
    mcmd->add_option("--coverage", mp.coverage, "draw the catchments of fitness, parks or toilets")
        ->check(CLI::IsMember({"fitness", "parks", "toilets"}));
    mcmd->add_option("--mode", mp.mode, "walking distance: network, straight or auto")
        ->check(CLI::IsMember({"auto", "network", "straight"}))
        ->capture_default_str();
    mcmd->add_option("--review-number", mp.review_number, "the map review number (审图号) to print");
    mcmd->add_option("--catalog", mp.catalog, "indicator catalog (default: data/indicators.json)");
    mcmd->add_option("--out", mp.out, "FILE.pdf, FILE.png or FILE.svg")->required();

    SuggestArgs sg;
    auto* scmd = app.add_subcommand("suggest", "sites for new toilets or fitness places that close the gap to the targets");
    scmd->add_option("PROJECT", sg.project, "project file (layers/*.json)")->required();
    scmd->add_flag("--repair", load_options.repair, repair_help);
    scmd->add_option("--facility", sg.facility, "toilets or fitness")->required()->check(CLI::IsMember({"toilets", "fitness"}));
    auto* count_opt = scmd->add_option("--count", sg.count, "this many new sites (maximal covering)")->check(CLI::PositiveNumber);
    auto* target_opt = scmd->add_flag("--to-target", sg.to_target, "as many as the target needs (set covering; toilets: density quota per district)");
    count_opt->excludes(target_opt);
    scmd->add_option("--district", sg.district, "only this district (its name)");
    scmd->add_option("--spacing", sg.spacing, "metres between candidate points laid along the roads")
        ->check(CLI::PositiveNumber)
        ->capture_default_str();
    scmd->add_option("--min-separation", sg.separation, "metres at least between new sites (toilets: the toilet radius)");
    scmd->add_option("--mode", sg.mode, "walking distance: network, straight or auto")
        ->check(CLI::IsMember({"auto", "network", "straight"}))
        ->capture_default_str();
    scmd->add_option("--catalog", sg.catalog, "indicator catalog (targets)");
    scmd->add_option("--out", sg.out, "FILE.geojson or FILE.gpkg")->required();

    SynthArgs sy;
    auto* ycmd = app.add_subcommand("synth", "a synthetic city of any size (GeoPackage and project file)");
    ycmd->add_option("--out", sy.out, "folder to write city.gpkg and project.json into")->required();
    ycmd->add_option("--districts", sy.districts, "number of sub-districts")->required()->check(CLI::Range(1, 100000));
    ycmd->add_option("--residents", sy.residents, "number of resident points")->check(CLI::Range(std::int64_t{0}, std::int64_t{100000000}))->capture_default_str();
    ycmd->add_option("--seed", sy.seed, "random seed")->capture_default_str();

    try {
        app.parse(argc, argv);
        if (scmd->parsed() && !sg.count && !sg.to_target)
            throw CLI::RequiredError("suggest needs --count N or --to-target");
    } catch (const CLI::ParseError& e) {
        const int code = app.exit(e);
        return code == 0 ? 0 : 2;
    }
    try {
        if (cmd->parsed()) return run_indicators(ind);
        if (ecmd->parsed()) return run_export(exp);
        if (ccmd->parsed()) return run_coverage(cov);
        if (mcmd->parsed()) return run_map(mp);
        if (scmd->parsed()) return run_suggest(sg);
        if (ycmd->parsed()) return run_synth(sy);
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
