// hcgis synth: a deterministic synthetic city of any size (GeoPackage and project file), for benchmarks.
#include "cli/common.h"
#include "cli/layer_styles.h"

#include "core/synth.h"
#include "io/writers.h"

#include <fmt/format.h>

#include <cstdint>
#include <iostream>
#include <memory>

namespace hcgis::cli {
namespace {

struct Args {
    std::string out;
    int districts = 20;
    std::int64_t residents = 10000;
    std::uint64_t seed = 1;
};

int run(const Args& a) {
    const std::filesystem::path dir = a.out;
    std::error_code ec;
    if (std::filesystem::exists(dir, ec) && !std::filesystem::is_directory(dir, ec))
        throw OutputError(fmt::format("{}: cannot write: it is a file, not a folder", a.out));
    if (std::filesystem::is_directory(dir, ec)) {
        io::check_writable(dir / "city.gpkg", {});
        io::check_writable(dir / "project.json", {});
    }
    SynthOptions o;
    o.districts = a.districts;
    o.residents = a.residents;
    o.seed = a.seed;
    stage("generating the city");
    const City city = synth_city(o);
    stage("writing " + a.out);
    const auto project = io::write_city(city, dir, city_styles(city));
    std::size_t features = city.districts.size();
    for (const auto& [role, l] : city.layers) features += l.size();
    std::cout << fmt::format("{}: {} 个街道，{} 个居民点，共 {} 个要素\n  {}\n", city.name, city.districts.size(),
                             city.layer("residents")->size(), features, project.string());
    return 0;
}

}  // namespace

Command add_synth(CLI::App& app) {
    auto args = std::make_shared<Args>();
    auto* cmd = app.add_subcommand("synth", "a synthetic city of any size (GeoPackage and project file)");
    cmd->add_option("--out", args->out, "folder to write city.gpkg and project.json into")->required();
    cmd->add_option("--districts", args->districts, "number of sub-districts")->required()->check(CLI::Range(1, 100000));
    cmd->add_option("--residents", args->residents, "number of resident points")
        ->check(CLI::Range(std::int64_t{0}, std::int64_t{100000000}))
        ->capture_default_str();
    cmd->add_option("--seed", args->seed, "random seed")->capture_default_str();
    return {cmd, [args] { return run(*args); }};
}

}  // namespace hcgis::cli
