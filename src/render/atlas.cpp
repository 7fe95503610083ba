#include "render/atlas.h"

#include "core/error.h"

#include <QBuffer>
#include <QPainter>
#include <QPdfWriter>

namespace hcgis::render {

QByteArray render_atlas(const PageOptions& o, MapRenderer& map, const std::vector<AtlasPage>& pages) {
    QByteArray bytes;
    QBuffer buffer(&bytes);
    if (!buffer.open(QIODevice::WriteOnly)) throw InternalError("cannot open a memory buffer for the atlas");
    QPdfWriter writer(&buffer);
    writer.setResolution(o.dpi);
    writer.setPageLayout(QPageLayout(QPageSize(o.size), o.orientation, QMarginsF(0, 0, 0, 0), QPageLayout::Millimeter));
    writer.setCreator("hcgis");
    if (!pages.empty()) writer.setTitle(pages.front().text.title);
    QPainter p;
    if (!p.begin(&writer)) throw InternalError("cannot begin drawing the atlas");
    for (std::size_t i = 0; i < pages.size(); ++i) {
        if (i > 0) writer.newPage();
        map.set_focus(pages[i].district);
        draw_layout(p, QSizeF(writer.width(), writer.height()), o.dpi, map, pages[i].text, map.district_extent(pages[i].district));
    }
    map.set_focus(std::nullopt);
    if (!p.end()) throw InternalError("cannot finish drawing the atlas");
    buffer.close();
    return bytes;
}

QByteArray render_atlas_page(MapFormat format, const PageOptions& o, MapRenderer& map, const AtlasPage& page) {
    map.set_focus(page.district);
    QByteArray bytes = render_map(format, o, map, page.text, nullptr, map.district_extent(page.district));
    map.set_focus(std::nullopt);
    return bytes;
}

}  // namespace hcgis::render
