#include "render/report/report_pdf.h"

#include "core/error.h"
#include "render/report/pager.h"

#include <QBuffer>
#include <QFontMetricsF>
#include <QPainter>
#include <QPainterPath>
#include <QPdfWriter>

#include <algorithm>
#include <cmath>
#include <map>
#include <string>
#include <vector>

namespace hcgis::render {
namespace {

using report::font;
using report::mm;
using report::Pager;

QString q(const std::string& s) { return QString::fromStdString(s); }

struct TocEntry {
    std::string title;
    int level = 1;
    int page = 0;
};

/// The cover: the project's name, the report's title, the facts (sources, CRS, 审图号) and the date.
void draw_cover(Pager& pg, const ReportDoc& doc) {
    pg.new_page(false, true);
    QPainter& p = pg.painter();
    const QRectF b = pg.body();
    const double dpi = pg.dpi();
    auto centred = [&](const QString& s, const QFont& f, double y, const QColor& c) {
        const QFontMetricsF fm(f, p.device());
        p.setFont(f);
        p.setPen(c);
        p.drawText(QPointF(b.center().x() - fm.horizontalAdvance(s) / 2, y), s);
    };
    centred(q(doc.title), font(24, true), b.top() + b.height() * 0.28, QColor("#1a1a1a"));
    centred(q(doc.subtitle), font(30, true), b.top() + b.height() * 0.36, QColor("#2f4f7f"));
    p.setPen(QPen(QColor("#2f4f7f"), mm(0.8, dpi)));
    p.drawLine(QPointF(b.left() + b.width() * 0.15, b.top() + b.height() * 0.40),
               QPointF(b.right() - b.width() * 0.15, b.top() + b.height() * 0.40));
    centred(q(doc.date), font(14, true), b.top() + b.height() * 0.46, QColor("#1a1a1a"));
    const QFont label = font(9.5, true), value = font(9.5, false, true);
    const QFontMetricsF lm(label, p.device()), vm(value, p.device());
    double y = b.top() + b.height() * 0.58;
    const double lx = b.left() + b.width() * 0.1, vx = lx + mm(28, dpi), vw = b.right() - b.width() * 0.1 - vx;
    for (const auto& [k, v] : doc.cover_facts) {
        p.setFont(label);
        p.setPen(QColor("#1a1a1a"));
        p.drawText(QPointF(lx, y + lm.ascent()), q(k));
        p.setFont(value);
        const QRectF box(vx, y, vw, b.height());
        const QRectF used = vm.boundingRect(box, Qt::TextWordWrap, q(v));
        p.drawText(QRectF(vx, y, vw, used.height() + 1), Qt::TextWordWrap, q(v));
        y += std::max(used.height(), lm.height()) + mm(3, dpi);
    }
}

/// How many table-of-contents pages `entries` take.
int toc_pages(std::size_t entries) { return std::max(1, static_cast<int>((entries + 37) / 38)); }

void draw_toc(Pager& pg, const std::vector<TocEntry>& entries) {
    const int pages = toc_pages(entries.size());
    QPainter& p = pg.painter();
    for (int page = 0; page < pages; ++page) {
        pg.new_page();
        if (page == 0) {
            const QFont f = font(18, true);
            const QFontMetricsF fm(f, p.device());
            p.setFont(f);
            p.setPen(QColor("#1a1a1a"));
            const QString t = "目录";
            p.drawText(QPointF(pg.body().center().x() - fm.horizontalAdvance(t) / 2, pg.y() + fm.ascent()), t);
            pg.skip(fm.height() * 2);
        }
        for (std::size_t i = static_cast<std::size_t>(page) * 38; i < entries.size() && i < (page + 1) * 38u; ++i) {
            const TocEntry& e = entries[i];
            const QFont f = font(e.level == 1 ? 11 : 10, e.level == 1);
            const QFontMetricsF fm(f, p.device());
            const double indent = e.level == 1 ? 0 : mm(8, pg.dpi());
            const QString number = e.page > 0 ? QString::number(e.page) : QString();
            const double left = pg.body().left() + indent + fm.horizontalAdvance(q(e.title)) + mm(2, pg.dpi());
            const double right = pg.body().right() - fm.horizontalAdvance(number) - mm(2, pg.dpi());
            p.setFont(f);
            p.setPen(QColor("#1a1a1a"));
            p.drawText(QPointF(pg.body().left() + indent, pg.y() + fm.ascent()), q(e.title));
            p.drawText(QPointF(pg.body().right() - fm.horizontalAdvance(number), pg.y() + fm.ascent()), number);
            if (right > left) {
                p.setPen(QPen(QColor("#9a9a9a"), mm(0.3, pg.dpi()), Qt::DotLine));
                p.drawLine(QPointF(left, pg.y() + fm.ascent()), QPointF(right, pg.y() + fm.ascent()));
            }
            pg.skip(fm.height() * 1.45);
        }
    }
}

/// A district's map across the body: zoomed to it with a margin, the rest under a light veil, its outline.
/// Shows the layers a map shows by default (`defaults`) and those of `roles`, hides the others.
void show(MapRenderer& map, const std::map<std::string, bool>& defaults, const std::vector<std::string>& roles) {
    for (const auto& [role, on] : defaults)
        map.set_visible(role, on || std::find(roles.begin(), roles.end(), role) != roles.end());
}

void draw_district_map(Pager& pg, MapRenderer& map, const DistrictMap& dm, bool draw) {
    const QRectF band(pg.body().left(), pg.y(), pg.body().width(), pg.body().height() * 0.28);
    pg.skip(band.height() + mm(4, pg.dpi()));
    if (!draw) return;
    // The map on the left, its legend (what the drawn layers and classes mean) on the right.
    const double legend_w = band.width() * 0.42;  // two columns of legend
    const QRectF frame(band.left(), band.top(), band.width() - legend_w - mm(3, pg.dpi()), band.height());
    map.set_focus(dm.district);
    map.render(pg.painter(), frame, map.district_extent(dm.district), pg.dpi());
    map.set_focus(std::nullopt);
    pg.painter().setPen(QPen(QColor("#1a1a1a"), mm(0.3, pg.dpi())));
    pg.painter().setBrush(Qt::NoBrush);
    pg.painter().drawRect(frame);
    draw_legend(pg.painter(), QRectF(frame.right() + mm(3, pg.dpi()), band.top(), legend_w, band.height()), pg.dpi(),
                map.legend(), legend_w / mm(1, pg.dpi()) / 2);
}

void draw_blocks(Pager& pg, const std::vector<ReportBlock>& blocks) {
    for (const auto& b : blocks) {
        if (b.kind == ReportBlock::Kind::Heading) pg.heading(b.text, 3);
        else if (b.kind == ReportBlock::Kind::Paragraph) pg.paragraph(b.text);
        else pg.table(b.table);
    }
}

/// Every page after the cover and the contents; the page each entry of the contents starts on goes to `toc`.
void draw_body(Pager& pg, const ReportDoc& doc, MapRenderer& map, bool maps, std::vector<TocEntry>& toc) {
    std::map<std::string, bool> defaults;  // what the map shows before the report changes it
    for (const auto& role : map.order()) defaults[role] = map.visible(role);
    std::size_t entry = 0;
    bool shares_page = false;
    for (const auto& s : doc.sections) {
        if (!shares_page) pg.new_page();
        toc[entry++].page = pg.page();
        pg.heading(s.title, s.level);
        if (s.map) {
            if (maps) show(map, defaults, s.map->roles);  // the counting pass leaves the map as it was
            draw_district_map(pg, map, *s.map, maps);
        }
        draw_blocks(pg, s.blocks);
        shares_page = s.level == 1 && s.blocks.empty();
    }
    if (doc.sheets.empty()) return;
    if (!shares_page) pg.new_page();
    toc[entry++].page = pg.page();
    pg.heading(doc.sheets_title, 1);
    pg.paragraph("以下各图为有目标值的指标分街道专题图，按目标值分为达标、接近目标与未达标三级。");
    for (const auto& sheet : doc.sheets) {
        pg.new_page(true);
        toc[entry++].page = pg.page();
        if (!maps) continue;
        map.set_thematic(sheet.thematic);
        show(map, defaults, sheet.roles);
        draw_layout(pg.painter(), QSizeF(pg.painter().device()->width(), pg.painter().device()->height()), pg.dpi(), map,
                    sheet.text);
        pg.draw_frame();
    }
}

std::vector<TocEntry> toc_entries(const ReportDoc& doc) {
    std::vector<TocEntry> toc;
    for (const auto& s : doc.sections) toc.push_back({s.title, s.level, 0});
    if (!doc.sheets.empty()) toc.push_back({doc.sheets_title, 1, 0});
    for (const auto& sheet : doc.sheets) toc.push_back({sheet.toc_title, 2, 0});
    return toc;
}

/// One pass over the whole document into `bytes`; returns the pages written.
int write_pass(QByteArray& bytes, const ReportDoc& doc, MapRenderer& map, const ReportOptions& o,
               std::vector<TocEntry>& toc, int total, bool maps) {
    QBuffer buffer(&bytes);
    if (!buffer.open(QIODevice::WriteOnly)) throw InternalError("cannot open a memory buffer for the report");
    QPdfWriter writer(&buffer);
    writer.setResolution(o.dpi);
    writer.setPageLayout(QPageLayout(QPageSize(o.size), QPageLayout::Portrait, QMarginsF(0, 0, 0, 0), QPageLayout::Millimeter));
    writer.setTitle(q(doc.title + " " + doc.subtitle));
    writer.setCreator("hcgis");
    QPainter p;
    if (!p.begin(&writer)) throw InternalError("cannot begin drawing the report");
    p.setRenderHint(QPainter::Antialiasing, true);
    Pager pg(writer, p, o.dpi, doc.running_header, total);
    draw_cover(pg, doc);
    const std::vector<TocEntry> contents = toc;  // the pages of the pass before
    draw_toc(pg, contents);
    draw_body(pg, doc, map, maps, toc);
    const int pages = pg.page();
    if (!p.end()) throw InternalError("cannot finish drawing the report");
    buffer.close();
    return pages;
}

}  // namespace

QByteArray render_report(const ReportDoc& doc, MapRenderer& map, const ReportOptions& options, int* pages) {
    std::vector<TocEntry> toc = toc_entries(doc);
    QByteArray draft, bytes;
    const int total = write_pass(draft, doc, map, options, toc, 0, false);  // pagination, without maps
    const int written = write_pass(bytes, doc, map, options, toc, total, true);
    if (written != total) throw InternalError("the report's pagination changed between its passes");
    if (pages) *pages = written;
    return bytes;
}

}  // namespace hcgis::render
