// hcgis web: a web map package of one indicator (GeoJSON, vector tiles, a MapLibre GL style, legend and
// a preview page), for the city's platform or any web server.
#include "cli/common.h"

#include "core/analysis.h"
#include "io/web_package.h"
#include "render/maplibre_style.h"
#include "render/style.h"
#include "render/thematic.h"

#include <fmt/format.h>

#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <memory>

namespace hcgis::cli {
namespace {

struct Args {
    ProjectArgs project;
    std::string indicator;
    std::string style;
    std::string out;
};

/// True when `p` is `dir` or lies inside it (paths made absolute and normal, links resolved where they exist).
bool inside(const std::filesystem::path& p, const std::filesystem::path& dir) {
    std::error_code ec;
    const auto a = std::filesystem::weakly_canonical(std::filesystem::absolute(p), ec).string();
    const auto d = std::filesystem::weakly_canonical(std::filesystem::absolute(dir), ec).string();
    return a == d || a.starts_with(d + "/");
}

/// Refuses, before any work, a package folder that would swallow an input (UsageError) or that cannot be
/// written: its parent missing or not writable, or a file in its place (OutputError).
void check_package_folder(const Opened& opened, const std::filesystem::path& out) {
    namespace fs = std::filesystem;
    std::vector<std::pair<fs::path, std::string>> inputs = {{opened.project().file, "the project file"}};
    for (const auto& [role, spec] : opened.project().layers) inputs.emplace_back(spec.source, "the source of the " + role + " layer");
    for (const auto& [file, what] : inputs)
        if (inside(file, out))
            throw UsageError(fmt::format("{}: refusing to replace a folder that holds {} ({}); choose another output",
                                         out.string(), what, file.string()));
    std::error_code ec;
    const fs::path parent = fs::absolute(out).lexically_normal().parent_path();
    if (!fs::is_directory(parent, ec)) throw OutputError(fmt::format("{}: cannot write: no folder {}", out.string(), parent.string()));
    if (::access(parent.c_str(), W_OK) != 0)
        throw OutputError(fmt::format("{}: cannot write: {}", out.string(), std::strerror(errno)));
    if (fs::exists(out, ec) && !fs::is_directory(out, ec))
        throw OutputError(fmt::format("{}: cannot write: a file is in the place of the package's folder", out.string()));
}

int run(const Args& a) {
    Opened opened(a.project);
    const IndicatorDef& def = indicator_def(opened.catalog(), a.indicator);
    const render::Style style = indicator_style(opened, def, a.style);
    check_package_folder(opened, a.out);
    const City city = opened.load();
    stage("computing the indicators");
    const Scorecard card = compute_scorecard(city, opened.catalog());
    const render::Thematic t = render::make_thematic(card, def, style);

    io::WebPackage web;
    render::WebLayers layers;
    for (const auto& role : render::layers_for_indicator(a.indicator)) {
        const Layer* l = city.layer(role);
        if (!l || l->kind != GeomKind::Point || l->size() == 0) continue;
        if (role == "residents") layers.residents_tiles = true;
        else layers.points.push_back(role);
    }
    // The context the printed map draws (built-up area, parks, sports grounds, water, roads, trails), as
    // vector tiles: a city's roads and areas are too large for GeoJSON a browser reads whole.
    for (const char* role : {"builtup", "parks", "sports", "water", "roads", "trails"}) {
        const Layer* l = city.layer(role);
        if (!l || l->size() == 0 || l->kind == GeomKind::Point) continue;
        layers.context.push_back({role, l->kind == GeomKind::Line});
        web.context_tiles.push_back(role);
    }
    web.point_roles = layers.points;
    web.residents_tiles = layers.residents_tiles;
    web.style_json = render::maplibre_style(t, a.indicator, layers);
    if (auto classes = render::target_classes(t); !classes.empty()) web.classes[a.indicator] = std::move(classes);
    web.legend_json = render::legend_json(t);
    web.title = t.title.toStdString();
    web.maplibre_dist = io::default_maplibre_dist();
    stage("writing " + a.out);
    io::write_web_package(city, card, web, a.out);
    std::cout << a.out << "\n";
    return 0;
}

}  // namespace

Command add_web(CLI::App& app) {
    auto args = std::make_shared<Args>();
    auto* cmd = app.add_subcommand("web", "a web map package of one indicator: GeoJSON, vector tiles, MapLibre style, preview");
    add_project_args(cmd, args->project, true);
    add_indicator_args(cmd, args->indicator, args->style);
    cmd->add_option("--out", args->out, "the package's folder (replaced as a whole)")->required();
    return {cmd, [args] { return run(*args); }};
}

}  // namespace hcgis::cli
