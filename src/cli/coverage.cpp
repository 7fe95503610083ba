// hcgis coverage: the catchment of every facility on the walking network, and every resident's walk.
#include "cli/common.h"
#include "cli/layer_styles.h"

#include "core/analysis.h"
#include "core/coverage_map.h"
#include "core/roles.h"
#include "core/stage_clock.h"
#include "io/gdal_sink.h"
#include "io/writers.h"

#include <fmt/format.h>

#include <exception>
#include <future>
#include <iostream>
#include <memory>
#include <optional>
#include <thread>

namespace hcgis::cli {
namespace {

struct Args {
    ProjectArgs project;
    std::string facility;
    std::optional<double> minutes;
    std::string mode = "auto";
    double half_width = 50.0;
    std::string out;
    bool profile = false;
    PgArgs pg;
};

/// The share of residents (weighted by population) the map covers.
double covered_share(Analysis& analysis, const CoverageMap& map) {
    const auto& w = analysis.resident_weights();
    double all = 0, covered = 0;
    for (std::size_t i = 0; i < w.size(); ++i) {
        all += w[i];
        if (map.residents.covered[i]) covered += w[i];
    }
    return all > 0 ? covered / all : 0.0;
}

int run(const Args& a) {
    std::vector<StageTime> loading, writing;  // the stages before and after coverage_map()'s own
    StageClock load_clock(loading);
    const Opened opened(a.project);
    const auto pg = pg_target(a.out, a.pg, "coverage_" + a.facility);
    const std::vector<std::string> tables = pg ? io::coverage_tables(pg->table) : std::vector<std::string>{};
    if (pg) io::check_pg_target(*pg, tables);
    else opened.check_outputs(io::coverage_files(a.out), {".geojson", ".json", ".gpkg"});
    const City city = opened.load();
    load_clock.lap("load");
    ScorecardOptions options;
    options.coverage_mode = *parse_mode_choice(a.mode);
    Analysis analysis(city, options);
    CoverageOptions c;
    c.facility = a.facility;
    c.minutes = a.minutes;
    c.half_width_m = a.half_width;
    stage("computing the catchments");
    // The residents are written on a thread of their own as soon as they are known, while the catchments
    // are computed; the catchments after them (the writer's dataset is used by one thread at a time).
    const std::string destination = pg ? pg_written(*pg, tables) : a.out;
    std::optional<io::CoverageWriter> writer;
    if (pg)
        writer.emplace(city, *pg,
                       for_tables(coverage_styles(), {{"catchments", tables[0]}, {"residents", tables[1]}}));
    else
        writer.emplace(city, a.out, coverage_styles());
    std::exception_ptr residents_failed;
    // The facilities' catchments follow the residents on the writer's thread once they are drawn (while
    // their union is computed): `drawn` is set then, or with coverage_map()'s failure, so that the thread
    // never waits for what will not come.
    std::promise<void> drawn;
    std::future<void> drawn_future = drawn.get_future();
    bool drawn_set = false;
    std::promise<void> writer_done;  // set by the writer's thread when it ends
    CoverageMap map;  // before the thread, which reads it: the thread is joined first on the way out
    std::jthread residents_writer;
    // The residents' writer takes a core while the catchments are drawn and, until it is done, while
    // their union is computed.
    c.cores_taken = 1;
    c.taken_until = writer_done.get_future().share();
    c.residents_ready = [&](const CoverageMap& m) {
        residents_writer = std::jthread([&writer, &residents_failed, &m, &drawn_future, &writer_done] {
            try {
                writer->residents(m);
                drawn_future.get();  // rethrows coverage_map()'s failure: nothing more to write
                writer->catchments(m);
            } catch (...) {
                residents_failed = std::current_exception();
            }
            writer_done.set_value();
        });
    };
    c.catchments_ready = [&](const CoverageMap&) {
        drawn.set_value();
        drawn_set = true;
    };
    try {
        coverage_map(analysis, c, map);
        if (!drawn_set) drawn.set_value();  // the writer's thread waits for it
    } catch (...) {
        if (!drawn_set) drawn.set_exception(std::current_exception());
        throw;
    }
    StageClock write_clock(writing);
    stage("writing " + destination);
    if (residents_writer.joinable()) residents_writer.join();
    if (residents_failed) std::rethrow_exception(residents_failed);
    std::vector<std::string> written;
    if (pg) {
        writer->finish(map);
        written = {destination};
    } else {
        for (const auto& f : writer->finish(map)) written.push_back(f.string());
    }
    write_clock.lap("writing");
    if (a.profile)
        for (const auto* stages : {&loading, &map.timings, &writing})
            for (const StageTime& t : *stages) std::cerr << fmt::format("{} {:.3f} s (CPU {:.3f} s)\n", t.name, t.wall_s, t.cpu_s);
    std::cout << fmt::format("{}: {} 处{}，{}，居民覆盖率 {:.1f} %\n", city.name, map.catchment.size(),
                             role_zh(a.facility), measure_zh(map.mode),
                             100.0 * covered_share(analysis, map));
    for (const auto& w : written) std::cout << "  " << w << "\n";
    return 0;
}

}  // namespace

Command add_coverage(CLI::App& app) {
    auto args = std::make_shared<Args>();
    auto* cmd = app.add_subcommand("coverage", "catchments of fitness sites, parks or toilets, and every resident's walk");
    add_project_args(cmd, args->project, false);
    cmd->add_option("--facility", args->facility, "fitness, parks or toilets")
        ->required()
        ->check(CLI::IsMember({"fitness", "parks", "toilets"}));
    cmd->add_option("--minutes", args->minutes, "one walking time for every facility (default: each its own radius)")
        ->check(CLI::PositiveNumber);
    add_mode_option(cmd, args->mode, "network (needs roads), straight, or auto");
    cmd->add_option("--half-width", args->half_width, "metres each side of a reachable road that a catchment covers")
        ->check(CLI::PositiveNumber)
        ->capture_default_str();
    cmd->add_option("--out", args->out, "FILE.gpkg, FILE.geojson (+ FILE-residents.geojson) or PG:\"dbname=…\"")->required();
    add_pg_args(cmd, args->pg, "coverage_<facility>, and <table>_residents");
    cmd->add_flag("--profile", args->profile, "print the time each stage takes to stderr");
    return {cmd, [args] { return run(*args); }};
}

}  // namespace hcgis::cli
