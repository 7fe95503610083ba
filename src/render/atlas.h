// The atlas of one indicator (QGIS's atlas model): a map sheet per sub-district, the map controlled by the
// district with a margin and its neighbours greyed, as one multi-page PDF drawn in memory.
#pragma once

#include "render/layout.h"
#include "render/map_renderer.h"

#include <QByteArray>

#include <vector>

namespace hcgis::render {

/// One sheet of an atlas: the district it shows and its words.
struct AtlasPage {
    std::size_t district = 0;
    LayoutText text;
};

/// The sheets of `pages` in order as one vector PDF; `map` is focused on each district in turn and left
/// unfocused. Throws InternalError when Qt cannot paint into memory.
QByteArray render_atlas(const PageOptions& options, MapRenderer& map, const std::vector<AtlasPage>& pages);

/// One sheet of an atlas in `format`, the bytes of its file.
QByteArray render_atlas_page(MapFormat format, const PageOptions& options, MapRenderer& map, const AtlasPage& page);

}  // namespace hcgis::render
