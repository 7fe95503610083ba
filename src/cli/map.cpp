// hcgis map: a thematic map sheet of one indicator, fit to print, as PDF, PNG or SVG.
#include "cli/common.h"

#include "core/analysis.h"
#include "core/coverage_map.h"
#include "core/roles.h"
#include "io/output.h"
#include "render/layout.h"
#include "render/map_renderer.h"
#include "render/proposal.h"
#include "render/qt_setup.h"
#include "render/sheet_text.h"
#include "render/style.h"
#include "render/thematic.h"

#include <fmt/format.h>

#include <future>
#include <memory>

namespace hcgis::cli {
namespace {

struct Args {
    ProjectArgs project;
    std::string indicator;
    std::string style;
    PageArgs page;
    std::string coverage;
    std::string mode = "auto";
    std::string review_number;
    std::string out;
};

/// Adds the catchments of `facility` to `map`, with the residents they serve.
void add_catchments(render::MapRenderer& map, Analysis& analysis, const std::string& facility,
                    const render::Style& style) {
    CoverageOptions c;
    c.facility = facility;
    stage("computing the catchments");
    const CoverageMap cov = coverage_map(analysis, c);
    map.set_catchments(cov.all.get(),
                       QString("%1服务范围（%2）").arg(QString::fromStdString(role_zh(facility)), cov.mode == Measure::Network ? "步行网络" : "直线距离"),
                       style);
    map.set_visible(facility, true);
    map.set_visible("residents", true);
}

int run(const Args& a) {
    render::prefetch_cjk_family();  // the font files read and cut while the data loads
    Opened opened(a.project);
    const IndicatorDef* def = &indicator_def(opened.catalog(), a.indicator);
    const render::Style style = indicator_style(opened, *def, a.style);
    opened.check_outputs({a.out}, {".pdf", ".png", ".svg"});

    const City city = opened.load();
    ScorecardOptions options;
    options.coverage_mode = *parse_mode_choice(a.mode);
    Analysis analysis(city, options);  // kept: catchments reuse its walking graph and snapped residents
    // The renderer's paths (the polygon layers' unions, the lines' tiles) need no indicator: they are
    // made on another thread while the indicator is computed.
    auto renderer = std::async(std::launch::async, [&city] { return std::make_unique<render::MapRenderer>(city); });
    stage("computing the indicators");
    // The sheet shows one indicator: only its family is computed.
    const Scorecard card = compute_scorecard(analysis, opened.catalog(), {a.indicator});

    const render::HeadlessApp qt;

    const std::unique_ptr<render::MapRenderer> made = renderer.get();
    render::MapRenderer& map = *made;
    // A scenario's sites are counted as existing ones and drawn apart, with their legend group.
    if (opened.proposal()) map.set_proposed(render::proposed_marks(*opened.proposal()));
    const render::Thematic t = render::make_thematic(card, *def, style);
    map.set_thematic(t);
    for (const auto& role : render::layers_for_indicator(a.indicator)) map.set_visible(role, true);
    if (!a.coverage.empty()) add_catchments(map, analysis, a.coverage, style);

    render::LayoutText text = render::sheet_text(city, *def, t, render::thematic_mode(card, a.indicator),
                                                 opened.project().file.string());
    text.review_number = QString::fromStdString(a.review_number);
    stage("drawing the map");
    const QByteArray bytes = render::render_map(*render::map_format(a.out), page_options(a.page), map, text);
    stage("writing " + a.out);
    io::replace_file(a.out, std::string_view(bytes.constData(), static_cast<std::size_t>(bytes.size())));
    return 0;
}

}  // namespace

Command add_map(CLI::App& app) {
    auto args = std::make_shared<Args>();
    auto* cmd = app.add_subcommand("map", "a thematic map sheet of one indicator, as PDF, PNG or SVG");
    add_project_args(cmd, args->project, true);
    add_scenario_arg(cmd, args->project);
    add_indicator_args(cmd, args->indicator, args->style);
    add_page_options(cmd, args->page);
    cmd->add_option("--coverage", args->coverage, "draw the catchments of fitness, parks or toilets")
        ->check(CLI::IsMember({"fitness", "parks", "toilets"}));
    add_mode_option(cmd, args->mode, "walking distance: network, straight or auto");
    cmd->add_option("--review-number", args->review_number, "the map review number (审图号) to print");
    cmd->add_option("--out", args->out, "FILE.pdf, FILE.png or FILE.svg")->required();
    return {cmd, [args] { return run(*args); }};
}

}  // namespace hcgis::cli
