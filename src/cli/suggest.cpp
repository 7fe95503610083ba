// hcgis suggest: where to build new toilets or fitness places so that the targets are met.
#include "cli/common.h"
#include "cli/layer_styles.h"

#include "core/analysis.h"
#include "core/sites/suggest.h"
#include "io/gdal_sink.h"
#include "io/writers.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <unistd.h>

#include <chrono>
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
    std::string objective = "coverage";
    std::optional<double> max_walk;
    std::string district;
    double spacing = 100.0;
    std::optional<double> separation;
    std::string mode = "auto";
    std::string solver = "cbc";
    double time_limit = 10;
    std::string format = "table";
    std::string out;
    PgArgs pg;
    bool profile = false;
};

sites::SuggestOptions suggest_options(const Args& a, const Catalog& catalog, std::chrono::steady_clock::time_point started) {
    sites::SuggestOptions o;
    o.started = started;
    o.facility = a.facility;
    o.count = a.count;
    o.to_target = a.to_target;
    o.objective = a.objective;
    o.max_walk_m = a.max_walk;
    if (!a.district.empty()) o.district = a.district;
    o.spacing_m = a.spacing;
    o.min_separation_m = a.separation;
    o.exact = a.solver == "cbc";
    o.time_limit_s = a.time_limit;
    if (::isatty(2))
        o.progress = [](const std::string& what) {
            std::cerr << "hcgis suggest: " << what << "\n";
            return true;
        };
    if (const IndicatorDef* d = catalog.find("toilet_density"); d && d->target) o.toilet_density_target = *d->target;
    if (const IndicatorDef* d = catalog.find("fitness_10min_coverage"); d && d->target) o.coverage_target = *d->target;
    return o;
}

/// "求解：最优解（CBC，…）": how good the answer is and what the solver worked on.
std::string solve_line(const sites::SolveReport& s) {
    const std::string what = s.min_sites ? "新增点数" : s.distance ? "步行距离合计（人·m）" : "新增覆盖居民";
    if (!s.exact) return fmt::format("求解：{}（--solver greedy）", s.text());
    std::string line = fmt::format("求解：{}（CBC；{} {:.0f}，界 {:.0f}；模型 {} 个候选点 × {} 组居民，{} 个独立子问题，剔除被支配候选点 {} 个）",
                                   s.text(), what, s.value, s.bound, s.columns, s.rows, s.problems, s.dominated);
    if (s.cancelled) line += "，已中止";
    return line;
}

/// The machine-readable summary (--format json) on stdout.
void print_json(const City& city, const Args& a, const sites::SuggestResult& r) {
    nlohmann::json j;
    j["project"] = city.name;
    j["facility"] = r.facility;
    j["mode"] = measure_name(r.mode);
    j["candidates"] = r.candidates;
    j["sites"] = r.sites.size();
    j["unreachable"] = r.unreachable;
    const auto& s = r.solve;
    j["solution"] = {{"solver", s.exact ? "cbc" : "greedy"}, {"proven_optimal", s.proven}, {"text", s.text()},
                     {"objective", s.min_sites ? "sites" : s.distance ? "total_walk_m" : "residents_newly_covered"}, {"value", s.value},
                     {"bound", s.exact ? nlohmann::json(s.bound) : nlohmann::json()},
                     {"gap", s.exact ? nlohmann::json(s.gap) : nlohmann::json()}, {"cancelled", s.cancelled},
                     {"problems", s.problems}, {"model_candidates", s.columns}, {"model_rows", s.rows},
                     {"dominated", s.dominated}};
    nlohmann::json ds = nlohmann::json::array();
    for (const auto& d : r.districts)
        if (d.residents > 0 || d.placed > 0)
            ds.push_back({{"name", d.name}, {"placed", d.placed}, {"quota", d.quota}, {"residents", d.residents},
                          {"served_before", d.served_before}, {"served_after", d.served_after}});
    j["districts"] = ds;
    if (r.walk)
        j["walk"] = {{"cap_m", r.walk->cap_m}, {"residents", r.walk->residents}, {"mean_before_m", r.walk->mean_before},
                     {"mean_after_m", r.walk->mean_after}, {"p90_before_m", r.walk->p90_before}, {"p90_after_m", r.walk->p90_after}};
    j["notes"] = r.notes;
    j["out"] = a.out;
    std::cout << j.dump(2) << "\n";
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
    if (r.walk)
        std::cout << fmt::format("  到最近{}的步行距离（计至 {:.0f} m）：平均 {:.0f} → {:.0f} m，90 % 分位 {:.0f} → {:.0f} m\n",
                                 toilets ? "公厕" : "健身点", r.walk->cap_m, r.walk->mean_before, r.walk->mean_after,
                                 r.walk->p90_before, r.walk->p90_after);
    std::cout << "  " << solve_line(r.solve) << "\n";
    for (const auto& n : r.notes) std::cout << "  注：" << n << "\n";
    std::cout << "  " << written << "\n";
}

int run(const Args& a) {
    const auto start = std::chrono::steady_clock::now();
    std::vector<StageTime> times;  // load, then the rest (the solver's own stages and writing), for --profile
    StageClock clock(times);
    if (!a.count && !a.to_target) throw UsageError("suggest needs --count N or --to-target");
    if (a.objective == "distance" && !a.count) throw UsageError("suggest: --objective distance (p-median) needs --count N");
    if (a.solver == "cbc" && !(a.time_limit > 0))
        throw UsageError(fmt::format("suggest: --time-limit must be more than 0 seconds (got {}); --solver greedy needs none", a.time_limit));
    const Opened opened(a.project);
    const auto pg = pg_target(a.out, a.pg, "suggested_" + a.facility);
    if (pg) io::check_pg_target(*pg, {pg->table});
    else opened.check_outputs({a.out}, {".geojson", ".json", ".gpkg"});
    const City city = opened.load();
    clock.lap("load");
    ScorecardOptions options;
    options.coverage_mode = *parse_mode_choice(a.mode);
    Analysis analysis(city, options);
    stage("choosing sites");
    const sites::SuggestResult r = sites::suggest_sites(analysis, suggest_options(a, opened.catalog(), start));
    if (pg) {
        stage("writing " + pg_written(*pg, {pg->table}));
        io::write_suggestions(city, r, *pg, for_tables(suggest_styles(a.facility), {{"suggested_" + a.facility, pg->table}}));
    } else {
        stage("writing " + a.out);
        io::write_suggestions(city, r, a.out, suggest_styles(a.facility));
    }
    if (a.profile) {
        // Wall and CPU (all threads, and the solver's child processes) per stage, on stderr: writing is
        // what the time since loading leaves after the solver's stages.
        clock.lap("rest");
        const StageTime& load = times[0];
        StageTime writing = times[1];
        std::cerr << fmt::format("load {:.3f} s (cpu {:.3f} s)\n", load.wall_s, load.cpu_s);
        for (const auto& t : r.timings) {
            std::cerr << fmt::format("{} {:.3f} s (cpu {:.3f} s)\n", t.name, t.wall_s, t.cpu_s);
            writing.wall_s -= t.wall_s;
            writing.cpu_s -= t.cpu_s;
        }
        std::cerr << fmt::format("writing {:.3f} s (cpu {:.3f} s)\n", writing.wall_s, writing.cpu_s);
        std::cerr << fmt::format("total {:.3f} s (cpu {:.3f} s)\n", load.wall_s + times[1].wall_s, load.cpu_s + times[1].cpu_s);
    }
    if (a.format == "json") print_json(city, a, r);
    else print_summary(city, a, r, pg ? pg_written(*pg, {pg->table}) : a.out);
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
    cmd->add_option("--objective", args->objective,
                    "with --count: coverage (most residents within the walk) or distance (p-median: least total walk)")
        ->check(CLI::IsMember({"coverage", "distance"}))
        ->capture_default_str();
    cmd->add_option("--max-walk", args->max_walk,
                    "p-median: metres a walk counts at most (default: twice the service distance, at least the 10-minute walk)")
        ->check(CLI::PositiveNumber);
    cmd->add_option("--district", args->district, "only this district (its name)");
    cmd->add_option("--spacing", args->spacing, "metres between candidate points laid along the roads")
        ->check(CLI::PositiveNumber)
        ->capture_default_str();
    cmd->add_option("--min-separation", args->separation, "metres at least between new sites (toilets: the toilet radius)");
    add_mode_option(cmd, args->mode, "walking distance: network, straight or auto");
    cmd->add_option("--solver", args->solver, "cbc: proven optimum or stated gap (greedy as warm start); greedy: greedy and swaps only")
        ->check(CLI::IsMember({"cbc", "greedy"}))
        ->capture_default_str();
    cmd->add_option("--time-limit", args->time_limit, "seconds from the command's start until the answer (the solver stops then, keeping the best found; writing it comes after)")->capture_default_str();
    cmd->add_option("--format", args->format, "summary on stdout: table or json")
        ->check(CLI::IsMember({"table", "json"}))
        ->capture_default_str();
    cmd->add_option("--out", args->out, "FILE.geojson, FILE.gpkg or PG:\"dbname=… host=… user=…\"")->required();
    add_pg_args(cmd, args->pg, "suggested_<facility>");
    cmd->add_flag("--profile", args->profile, "print the time each stage takes to stderr");
    return {cmd, [args] { return run(*args); }};
}

}  // namespace hcgis::cli
