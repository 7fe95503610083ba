// The parts of cli/common.h that need render (Qt): in the module hcgis-qt.so with the commands that use
// them (cli/qt_module.h), so that the executable links no Qt.
#include "cli/common.h"

#include "render/style.h"

namespace hcgis::cli {

render::Style indicator_style(Opened& opened, const IndicatorDef& def, const std::string& file) {
    if (file.empty()) return render::default_style(def);
    opened.protect(file, "the style file");
    return render::read_style(file);
}

render::PageOptions page_options(const PageArgs& a) {
    render::PageOptions page;
    page.size = a.page == "A3" ? QPageSize::A3 : QPageSize::A4;
    page.orientation = a.orientation == "portrait" ? QPageLayout::Portrait : QPageLayout::Landscape;
    page.dpi = a.dpi;
    return page;
}

}  // namespace hcgis::cli
