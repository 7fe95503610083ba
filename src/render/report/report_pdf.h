// The assessment report as the bytes of a vector PDF: cover, table of contents, the document's sections
// (tables split across pages with their header repeated, district pages with their map) and the indicator
// map sheets, with a running header and page numbers. Drawn in memory; the caller writes the file.
#pragma once

#include "core/city.h"
#include "render/map_renderer.h"
#include "render/report/report_doc.h"

#include <QByteArray>
#include <QPageSize>

namespace hcgis::render {

struct ReportOptions {
    QPageSize::PageSizeId size = QPageSize::A4;
    int dpi = 300;
};

/// The report of `doc`. `map` draws the district maps and, given each sheet's thematic in turn, the sheets
/// (its thematic, focus and visibility are changed). The number of pages goes
/// to `pages` when given. Throws InternalError when Qt cannot paint into memory.
QByteArray render_report(const ReportDoc& doc, MapRenderer& map, const ReportOptions& options,
                         int* pages = nullptr);

}  // namespace hcgis::render
