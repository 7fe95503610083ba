#include "render/symbols.h"

#include "render/units.h"

#include <QPainter>
#include <QPolygonF>

#include <algorithm>
#include <map>
#include <string_view>

namespace hcgis::render {
namespace {

void draw_symbol(QPainter& p, const QPointF& at, double size, std::string_view shape) {
    const double r = size / 2;
    if (shape == "square") {
        p.drawRect(QRectF(at.x() - r, at.y() - r, size, size));
    } else if (shape == "triangle") {
        QPolygonF tri;
        tri << QPointF(at.x(), at.y() - r * 1.15) << QPointF(at.x() + r, at.y() + r * 0.85)
            << QPointF(at.x() - r, at.y() + r * 0.85);
        p.drawPolygon(tri);
    } else {
        p.drawEllipse(at, r, r);
    }
}

}  // namespace

const std::vector<Category>& categories(const std::string& role) {
    static const std::map<std::string, std::vector<Category>> all = {
        {"toilets",
         {{1, "一类公厕", "#08519c", "circle"}, {2, "二类公厕", "#3182bd", "circle"}, {3, "三类公厕", "#9ecae1", "circle"},
          {4, "三类以下公厕", "#de2d26", "circle"}, {0, "公厕", "#3182bd", "circle"}}},
        {"fitness",
         {{1, "健身点", "#fd8d3c", "circle"}, {2, "多功能运动场", "#e6550d", "square"}, {3, "体育中心", "#a63603", "triangle"},
          {0, "健身设施", "#e6550d", "circle"}}},
        {"clinics", {{0, "基层医疗机构", "#756bb1", "square"}}},
        {"eldercare", {{0, "养老机构", "#636363", "square"}}},
        {"markets", {{0, "农贸市场", "#8c6d31", "triangle"}}},
        {"communities", {{0, "社区", "#525252", "circle"}}},
        {"residents", {{0, "居民点", "#737373", "circle"}}},
    };
    static const std::vector<Category> none = {{0, "", "#000000", "circle"}};
    auto it = all.find(role);
    return it == all.end() ? none : it->second;
}

PointSymbols point_symbols(const Layer& layer, const std::string& role) {
    PointSymbols pts;
    const auto cls = layer.numbers.find(role == "toilets" || role == "fitness" ? "class" : "");
    const auto pop = layer.numbers.find("population");
    const auto& cats = categories(role);
    for (std::size_t i = 0; i < layer.size(); ++i) {
        pts.at.emplace_back(layer.x[i], layer.y[i]);
        int c = static_cast<int>(cats.size()) - 1;  // the unclassified symbol
        if (cls != layer.numbers.end())
            for (std::size_t k = 0; k < cats.size(); ++k)
                if (cats[k].code == cls->second[i]) c = static_cast<int>(k);
        pts.category.push_back(c);
        pts.weight.push_back(pop != layer.numbers.end() ? pop->second[i] : 1.0);
    }
    return pts;
}

void draw_symbols(QPainter& p, const PointSymbols& pts, const std::string& role, const LayerLook& look,
                  const QTransform& t, const QRectF& frame, double dpi) {
    const auto& cats = categories(role);
    const double size = mm_px(look.size_mm, dpi);
    const QRectF reach = frame.adjusted(-size, -size, size, size);
    p.setPen(QPen(QColor("#ffffff"), mm_px(0.2, dpi)));
    p.setOpacity(std::clamp(look.opacity, 0.0, 1.0));
    for (std::size_t i = 0; i < pts.at.size(); ++i) {
        const QPointF at = t.map(pts.at[i]);
        if (!reach.contains(at)) continue;
        const Category& c = cats[static_cast<std::size_t>(pts.category[i])];
        p.setBrush(cats.size() == 1 ? look.colour : QColor(c.colour));  // one class: the layer's own colour
        draw_symbol(p, at, size, c.shape);
    }
    p.setOpacity(1.0);
}

}  // namespace hcgis::render
