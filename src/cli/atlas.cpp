// hcgis atlas: the map sheet of one indicator for every sub-district (QGIS's atlas model), zoomed to the
// district with a margin and its neighbours greyed, sorted by code: one PDF, or a file per district.
#include "cli/common.h"

#include "io/output.h"
#include "render/atlas.h"
#include "render/sheet_text.h"
#include "render/style.h"
#include "render/thematic.h"

#include <fmt/format.h>

#include <algorithm>
#include <memory>
#include <numeric>
#include <tuple>

namespace hcgis::cli {
namespace {

namespace fs = std::filesystem;

struct Args {
    ProjectArgs project;
    std::string indicator;
    PageArgs page;
    std::string mode = "auto";
    std::string review_number;
    std::string out;
};

bool is_pdf(const fs::path& out) { return render::map_format(out) == render::MapFormat::Pdf; }

/// The districts in the order of their codes (then names).
std::vector<std::size_t> by_code(const City& city) {
    std::vector<std::size_t> order(city.districts.size());
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
        return std::tie(city.districts.code[a], city.districts.name[a]) < std::tie(city.districts.code[b], city.districts.name[b]);
    });
    return order;
}

/// "320771001-中云街道.pdf": a district's page file, without characters a file name cannot hold.
fs::path page_file(const fs::path& dir, const City& city, std::size_t d) {
    std::string name = city.districts.code[d].empty() ? city.districts.name[d] : city.districts.code[d] + "-" + city.districts.name[d];
    std::replace_if(name.begin(), name.end(), [](char c) { return c == '/' || c == '\\' || c == '\0'; }, '_');
    return dir / (name + ".pdf");
}

int run(const Args& a) {
    Opened opened(a.project);
    const IndicatorDef* def = opened.catalog().find(a.indicator);
    if (!def) throw InputError(fmt::format("--indicator: \"{}\" is not in the indicator catalog", a.indicator));
    const bool one_file = is_pdf(a.out);
    if (!one_file && !fs::is_directory(a.out))
        throw OutputError(fmt::format("{}: no such folder (the atlas goes to FILE.pdf or an existing folder)", a.out));
    opened.check_outputs({one_file ? fs::path(a.out) : fs::path(a.out) / "atlas.pdf"}, {".pdf"});

    const City city = opened.load();
    const Scorecard card = opened.scorecard(city, a.mode);
    const render::HeadlessApp qt;

    render::MapRenderer map(city);
    const render::Thematic t = render::make_thematic(card, *def, render::default_style(*def));
    map.set_thematic(t);
    for (const auto& role : render::layers_for_indicator(a.indicator)) map.set_visible(role, true);
    const render::LayoutText base = render::sheet_text(city, *def, t, render::thematic_mode(card, a.indicator),
                                                       opened.project().file.string());
    std::vector<render::AtlasPage> pages;
    for (const std::size_t d : by_code(city)) {
        render::AtlasPage page{d, base};
        page.text.title = QString::fromStdString(fmt::format("{} {}", city.districts.name[d], def->name_zh));
        page.text.review_number = QString::fromStdString(a.review_number);
        pages.push_back(std::move(page));
    }
    const render::PageOptions po = page_options(a.page);
    stage("drawing the atlas");
    if (one_file) {
        const QByteArray bytes = render::render_atlas(po, map, pages);
        stage("writing " + a.out);
        io::replace_file(a.out, std::string_view(bytes.constData(), static_cast<std::size_t>(bytes.size())));
        return 0;
    }
    std::vector<fs::path> files;
    for (const auto& page : pages) files.push_back(page_file(a.out, city, page.district));
    opened.check_outputs(files, {".pdf"});
    io::AtomicOutputs outs(files);
    for (std::size_t i = 0; i < pages.size(); ++i) {
        const QByteArray bytes = render::render_atlas_page(render::MapFormat::Pdf, po, map, pages[i]);
        outs.write(i, std::string_view(bytes.constData(), static_cast<std::size_t>(bytes.size())));
    }
    stage("writing " + a.out);
    outs.commit();
    return 0;
}

}  // namespace

Command add_atlas(CLI::App& app) {
    auto args = std::make_shared<Args>();
    auto* cmd = app.add_subcommand("atlas", "a map sheet of one indicator per sub-district, as one PDF or a folder of PDFs");
    add_project_args(cmd, args->project, true);
    cmd->add_option("--indicator", args->indicator, "indicator id (data/indicators.json)")->required();
    add_page_options(cmd, args->page);
    add_mode_option(cmd, args->mode, "walking distance: network, straight or auto");
    cmd->add_option("--review-number", args->review_number, "the map review number (审图号) to print");
    cmd->add_option("--out", args->out, "FILE.pdf, or a folder for a PDF per district (<code>-<name>.pdf)")->required();
    return {cmd, [args] { return run(*args); }};
}

}  // namespace hcgis::cli
