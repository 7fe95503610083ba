// hcgis init: a project file from an OpenStreetMap extract, the usual tags mapped to the roles by the
// tag table data/osm_roles.json (or --tags FILE), with what was found per role.
#include "cli/common.h"

#include "core/roles.h"
#include "io/osm_init.h"
#include "io/output.h"

#include <fmt/format.h>

#include <iostream>
#include <memory>

namespace hcgis::cli {
namespace {

struct Args {
    std::string source;
    std::string out;
    std::string districts = "admin_level=8";
    std::string tags;
};

int run(const Args& a) {
    const std::filesystem::path out = a.out;
    io::ProtectedInputs inputs;
    inputs.add(a.source, "the OpenStreetMap extract");
    const std::filesystem::path table = a.tags.empty() ? io::default_osm_roles() : std::filesystem::path(a.tags);
    inputs.add(table, "the tag table");
    inputs.refuse(out);
    io::check_writable(out, {".json"});
    stage("reading " + a.source);
    const io::OsmProject p = io::osm_project(a.source, out, a.districts, table);
    stage("writing " + a.out);
    io::replace_file(out, p.project.dump(2) + "\n");
    std::cout << fmt::format("{}: 由 {} 生成（标签表 {}）\n", a.out, a.source, table.string());
    for (const auto& r : p.roles)
        std::cout << fmt::format("  {:<10} {:<10} {:>6} 个  [{}] {}\n", r.role, role_zh(r.role), r.count, r.layer, r.where);
    for (const auto& r : p.missing)
        std::cout << fmt::format("  {:<10} {:<10} {:>6} 个  （未找到，未写入项目）\n", r.role, role_zh(r.role), 0);
    for (const auto& w : p.warnings) std::cerr << "hcgis: warning: " << w << "\n";
    return 0;
}

}  // namespace

Command add_init(CLI::App& app) {
    auto args = std::make_shared<Args>();
    auto* cmd = app.add_subcommand("init", "a project file from an OpenStreetMap extract (.osm.pbf)");
    cmd->add_option("SOURCE", args->source, "the OpenStreetMap extract (.osm.pbf or .osm)")->required();
    cmd->add_option("--out", args->out, "the project file to write (.json)")->required();
    cmd->add_option("--districts", args->districts, "the boundaries taken as districts, key=value")
        ->capture_default_str();
    cmd->add_option("--tags", args->tags, "the tag table (default: data/osm_roles.json)");
    return {cmd, [args] { return run(*args); }};
}

}  // namespace hcgis::cli
