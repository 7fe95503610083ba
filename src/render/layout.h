// Print layouts: a map sheet with title, subtitle (indicator, target, date), the map in its frame, legend
// with units and class counts, scale bar measured in metres of the working CRS, north arrow, data source,
// CRS note and the slot for the map review number (审图号); on A4 or A3, portrait or landscape, written as
// vector PDF (QPdfWriter), PNG or SVG (QSvgGenerator). The same drawing serves print preview in the viewer.
#pragma once

#include "render/map_renderer.h"

#include <QByteArray>
#include <QPageLayout>
#include <QPageSize>
#include <QRectF>
#include <QSizeF>
#include <QString>

#include <filesystem>
#include <optional>

class QPainter;

namespace hcgis::render {

struct PageOptions {
    QPageSize::PageSizeId size = QPageSize::A4;
    QPageLayout::Orientation orientation = QPageLayout::Landscape;
    int dpi = 300;
};

struct LayoutText {
    QString title;          // 连云港经济技术开发区 人均公园绿地面积
    QString subtitle;       // 指标、目标、日期
    QString source;         // 数据来源
    QString crs_note;       // 坐标系：CGCS2000 / 3-degree Gauss-Kruger CM 120E (EPSG:4549)
    QString review_number;  // 审图号; empty leaves a blank slot to fill in
};

/// Where the layout put things, in device pixels of the page, and what the scale bar says.
struct LayoutGeometry {
    QRectF page, title, map, legend, scale_bar, north_arrow;
    double scale_bar_metres = 0;  // ground length of the whole bar
    double scale_bar_px = 0;      // its length on the page
    double scale_denominator = 0; // the map's scale 1 : N at the page's size
};

/// Draws the legend groups from the top of `box` (device pixels at `dpi`), flowing into further columns
/// `column_mm` wide when one is full, and stopping where the box is: the sheet's legend panel, and the
/// legend beside a report's district map.
void draw_legend(QPainter& p, const QRectF& box, double dpi, const std::vector<LegendGroup>& groups,
                 double column_mm = 72);

/// The page's size in device pixels at `options.dpi`.
QSizeF page_pixels(const PageOptions& options);

/// Draws a whole map sheet onto `p`, whose device is `page` pixels at `dpi`, showing `world` (the working
/// CRS extent to fit; the districts' extent when null).
LayoutGeometry draw_layout(QPainter& p, const QSizeF& page, double dpi, const MapRenderer& map, const LayoutText& text,
                           QRectF world = {});

enum class MapFormat { Pdf, Png, Svg };

/// The format a file name asks for by its extension (.pdf, .png, .svg, in any case), if any.
std::optional<MapFormat> map_format(const std::filesystem::path& out);

/// The whole sheet as the bytes of a file: vector PDF, PNG (raster at the dpi) or SVG, drawn in memory so
/// that the caller writes the file once, atomically (render knows no files). The geometry drawn goes to
/// `geometry` when given; `world` is the extent to fit, as for draw_layout(). Throws InternalError when Qt
/// fails to paint into memory.
QByteArray render_map(MapFormat format, const PageOptions& options, const MapRenderer& map, const LayoutText& text,
                      LayoutGeometry* geometry = nullptr, QRectF world = {});

/// A bar length of 1, 2 or 5 times a power of ten metres, at most `max_metres`.
double nice_length(double max_metres);

}  // namespace hcgis::render
