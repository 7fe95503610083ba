// The words of a map sheet (title, subtitle with the target, plan item, responsible unit, distance mode
// and date, source, CRS), built once for `hcgis map`, the viewer's export and its print preview.
#pragma once

#include "core/catalog.h"
#include "core/city.h"
#include "render/layout.h"
#include "render/map_renderer.h"

#include <QDate>

#include <string>

namespace hcgis::render {

/// The sheet's text for indicator `def` drawn as `thematic`, measured as `mode`; `source` is printed when the
/// city has no attribution.
LayoutText sheet_text(const City& city, const IndicatorDef& def, const Thematic& thematic, Measure mode,
                      const std::string& source, const QDate& date = QDate::currentDate());

}  // namespace hcgis::render
