#include "render/proposal.h"

#include "render/symbols.h"
#include "render/units.h"

#include <QPainter>
#include <QPolygonF>

#include <map>

namespace hcgis::render {
namespace {

/// The class of `m` among its role's categories: the one of its code, else the unclassified (last).
std::size_t category_of(const ProposedMark& m) {
    const auto& cats = categories(m.role);
    if (m.cls)
        for (std::size_t k = 0; k < cats.size(); ++k)
            if (cats[k].code == *m.cls) return k;
    return cats.size() - 1;
}

void shape_at(QPainter& p, const QPointF& at, double size, const char* shape) {
    const double r = size / 2;
    const std::string s = shape;
    if (s == "square") {
        p.drawRect(QRectF(at.x() - r, at.y() - r, size, size));
    } else if (s == "triangle") {
        QPolygonF tri;
        tri << QPointF(at.x(), at.y() - r * 1.15) << QPointF(at.x() + r, at.y() + r * 0.85) << QPointF(at.x() - r, at.y() + r * 0.85);
        p.drawPolygon(tri);
    } else {
        p.drawEllipse(at, r, r);
    }
}

}  // namespace

void draw_proposed(QPainter& p, const std::vector<ProposedMark>& marks, double size_mm, const QTransform& t,
                   const QRectF& frame, double dpi) {
    p.save();
    p.setRenderHint(QPainter::Antialiasing, true);
    for (const auto& m : marks) {
        const double size = mm_px(m.selected ? size_mm * 1.35 : size_mm, dpi);
        const QPointF at = t.map(m.at);
        if (!frame.adjusted(-size, -size, size, size).contains(at)) continue;
        const Category& c = categories(m.role)[category_of(m)];
        const QColor colour(c.colour);
        // A thin dark ring: the site reads on any fill of the choropleth.
        p.setBrush(Qt::NoBrush);
        p.setPen(QPen(QColor("#1a1a1a"), mm_px(m.selected ? 0.45 : 0.25, dpi)));
        p.drawEllipse(at, size * 0.85, size * 0.85);
        p.setBrush(QColor("#ffffff"));
        p.setPen(QPen(colour, mm_px(0.55, dpi)));
        shape_at(p, at, size, c.shape);
        p.setPen(Qt::NoPen);
        p.setBrush(colour);
        p.drawEllipse(at, size * 0.16, size * 0.16);
    }
    p.restore();
}

std::optional<LegendGroup> proposed_legend(const std::vector<ProposedMark>& marks) {
    if (marks.empty()) return std::nullopt;
    std::map<std::pair<std::string, std::size_t>, int> counts;
    for (const auto& m : marks) ++counts[{m.role, category_of(m)}];
    LegendGroup g{"规划方案", {}};
    for (const auto& [key, n] : counts) {
        const Category& c = categories(key.first)[key.second];
        g.items.push_back({LegendItem::Kind::Point, QColor(c.colour), "拟建" + QString::fromUtf8(c.label), n,
                           "hollow-" + QString::fromUtf8(c.shape)});
    }
    return g;
}

std::vector<ProposedMark> proposed_marks(const Proposal& proposal) {
    std::vector<ProposedMark> marks;
    for (const auto& s : proposal.sites) marks.push_back({QPointF(s.x, s.y), s.role, s.cls, false});
    return marks;
}

}  // namespace hcgis::render
