// hcgis indicators: every plan indicator per sub-district and for the whole area, as a table, CSV or JSON.
#include "cli/common.h"
#include "cli/layer_styles.h"

#include "core/analysis.h"
#include "io/analysis_while_loading.h"
#include "io/report.h"
#include "io/writers.h"
#include "io/xlsx.h"

#include <fmt/format.h>

#include <chrono>
#include <cstdio>
#include <iostream>
#include <memory>

namespace hcgis::cli {
namespace {

struct Args {
    ProjectArgs project;
    std::string format = "table";
    std::string out;
    std::string mode = "auto";
    bool profile = false;
    PgArgs pg;
};

bool to_stdout(const std::string& out) { return out.empty() || out == "-"; }

int run(const Args& a) {
    const auto start = std::chrono::steady_clock::now();
    const Opened opened(a.project);
    if (a.format == "xlsx" && to_stdout(a.out)) throw UsageError("--format xlsx: needs --out FILE.xlsx");
    const auto pg = pg_target(a.out, a.pg, "indicators");
    if (pg && a.format != "table") throw UsageError("--format: a PostGIS destination (--out PG:\"…\") takes tables, not " + a.format);
    if (pg) {
        io::check_pg_target(*pg, io::indicator_tables(pg->table));
    } else if (!to_stdout(a.out)) {
        if (a.format == "xlsx") opened.check_outputs({a.out}, {".xlsx"});
        else opened.check_outputs({a.out}, {});
    }
    // The analysis (the snaps, the walking graph, the districts of every point: 2-3 ms to free on the 1 M
    // city) lives as long as the city, so that end_now() leaves it to the system too; all of it that needs
    // no residents is made while they are read.
    City city;
    io::AnalysisWhileLoading analysis(city, {*parse_mode_choice(a.mode)});
    opened.load(city, &analysis);
    const auto loaded = std::chrono::steady_clock::now();
    stage("computing the indicators");
    const Scorecard card = compute_scorecard(analysis.get(), opened.catalog());
    if (a.profile) {
        std::cerr << fmt::format("load {:.3f} s\n", std::chrono::duration<double>(loaded - start).count());
        for (const auto& [name, secs] : card.timings) std::cerr << fmt::format("{} {:.3f} s\n", name, secs);
        std::string ready;
        for (const auto& id : analysis.get().prepared_families()) ready += " " + id;
        std::cerr << fmt::format("computed, or for fitness and parks prepared, while the residents were read:{}\n",
                                 ready.empty() ? " nothing" : ready);
    }
    stage("writing the report");
    if (pg) {
        const auto tables = io::indicator_tables(pg->table);
        io::write_indicators(city, card, opened.catalog(), *pg,
                             for_tables(export_styles(card, opened.catalog(), ""), {{"districts", tables[0]}}),
                             district_classes(card, opened.catalog()));
        std::cout << pg_written(*pg, tables) << "\n";
        return end_now(0);
    }
    if (a.format == "xlsx") {
        io::AtomicOutputs outs({a.out});
        io::write_scorecard_xlsx(outs, 0, city, card, opened.catalog());
        outs.commit();
        return end_now(0);
    }
    std::string text;
    if (a.format == "json") text = io::scorecard_json_text(city, card, opened.catalog());
    else if (a.format == "csv") text = io::scorecard_csv(city, card, opened.catalog());
    else text = io::scorecard_table(city, card, opened.catalog());
    if (to_stdout(a.out)) {
        std::fwrite(text.data(), 1, text.size(), stdout);
        if (std::fflush(stdout) != 0 || std::ferror(stdout)) throw OutputError("standard output: cannot write");
    } else {
        io::replace_file(a.out, text);
    }
    // Everything is written and closed: the city and the scorecard are left to the system (common.h).
    return end_now(0);
}

}  // namespace

Command add_indicators(CLI::App& app) {
    auto args = std::make_shared<Args>();
    auto* cmd = app.add_subcommand("indicators", "every plan indicator per sub-district and for the whole area");
    add_project_args(cmd, args->project, true);
    add_scenario_arg(cmd, args->project);
    cmd->add_option("--format", args->format, "table, csv, json or xlsx (with --out FILE.xlsx)")
        ->check(CLI::IsMember({"table", "csv", "json", "xlsx"}))
        ->capture_default_str();
    cmd->add_option("--out", args->out,
                    "write here instead of standard output; PG:\"dbname=… host=… user=…\": the districts with every "
                    "indicator, the whole area's scorecard, the task list and the layers' accounting as tables "
                    "<layer>, <layer>_total, <layer>_tasks and <layer>_layers, in one transaction");
    add_pg_args(cmd, args->pg, "indicators");
    cmd->add_flag("--profile", args->profile, "print the time each stage takes to stderr");
    add_mode_option(cmd, args->mode, "walking coverage: network (needs roads), straight, or auto (network when roads exist)");
    return {cmd, [args] { return run(*args); }};
}

}  // namespace hcgis::cli
