// hcgis suggest: where to build new toilets or fitness places so that the targets are met.
#include "cli/common.h"
#include "cli/layer_styles.h"

#include "core/analysis.h"
#include "core/sites/suggest.h"
#include "io/gdal_sink.h"
#include "io/writers.h"

#include <fmt/format.h>

#include <unistd.h>

#include <iostream>
#include <memory>
#include <optional>

namespace hcgis::cli {
namespace {

struct Args {
    ProjectArgs project;
    std::string facility;
    std::optional<int> count;
    bool to_target = false;
    std::string district;
    double spacing = 100.0;
    std::optional<double> separation;
    std::string mode = "auto";
    std::string out;
    PgArgs pg;
};

sites::SuggestOptions suggest_options(const Args& a, const Catalog& catalog) {
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
    return o;
}

/// The summary a planner reads on the terminal: sites per district and the indicators after.
void print_summary(const City& city, const Args& a, const sites::SuggestResult& r, const std::string& written) {
    const bool toilets = a.facility == "toilets";
    std::cout << fmt::format("{}：建议新增{} {} 处（候选点 {} 个，{}，服务半径 {:.0f} m）\n", city.name,
                             toilets ? "公厕" : "健身点", r.sites.size(), r.candidates,
                             measure_zh(r.mode), r.budget_m);
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
    std::cout << "  " << written << "\n";
}

int run(const Args& a) {
    if (!a.count && !a.to_target) throw UsageError("suggest needs --count N or --to-target");
    const Opened opened(a.project);
    const auto pg = pg_target(a.out, a.pg, "suggested_" + a.facility);
    if (pg) io::check_pg_target(*pg, {pg->table});
    else opened.check_outputs({a.out}, {".geojson", ".json", ".gpkg"});
    const City city = opened.load();
    ScorecardOptions options;
    options.coverage_mode = *parse_mode_choice(a.mode);
    Analysis analysis(city, options);
    stage("choosing sites");
    const sites::SuggestResult r = sites::suggest_sites(analysis, suggest_options(a, opened.catalog()));
    if (pg) {
        stage("writing " + pg_written(*pg, {pg->table}));
        io::write_suggestions(city, r, *pg);
    } else {
        stage("writing " + a.out);
        io::write_suggestions(city, r, a.out, suggest_styles(a.facility));
    }
    print_summary(city, a, r, pg ? pg_written(*pg, {pg->table}) : a.out);
    return 0;
}

}  // namespace

Command add_suggest(CLI::App& app) {
    auto args = std::make_shared<Args>();
    auto* cmd = app.add_subcommand("suggest", "sites for new toilets or fitness places that close the gap to the targets");
    add_project_args(cmd, args->project, true);
    cmd->add_option("--facility", args->facility, "toilets or fitness")->required()->check(CLI::IsMember({"toilets", "fitness"}));
    auto* count = cmd->add_option("--count", args->count, "this many new sites (maximal covering)")->check(CLI::PositiveNumber);
    auto* target = cmd->add_flag("--to-target", args->to_target,
                                 "as many as the target needs (set covering; toilets: density quota per district)");
    count->excludes(target);
    cmd->add_option("--district", args->district, "only this district (its name)");
    cmd->add_option("--spacing", args->spacing, "metres between candidate points laid along the roads")
        ->check(CLI::PositiveNumber)
        ->capture_default_str();
    cmd->add_option("--min-separation", args->separation, "metres at least between new sites (toilets: the toilet radius)");
    add_mode_option(cmd, args->mode, "walking distance: network, straight or auto");
    cmd->add_option("--out", args->out, "FILE.geojson, FILE.gpkg or PG:\"dbname=… host=… user=…\"")->required();
    add_pg_args(cmd, args->pg, "suggested_<facility>");
    return {cmd, [args] { return run(*args); }};
}

}  // namespace hcgis::cli
