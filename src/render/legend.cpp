#include "render/legend.h"

#include "core/roles.h"

#include <set>

#include <map>

namespace hcgis::render {

LegendGroup symbol_legend(const std::string& role, const PointSymbols& pts, const LayerLook& look) {
    const auto& cats = categories(role);
    std::vector<int> counts(cats.size(), 0);
    for (int c : pts.category) ++counts[static_cast<std::size_t>(c)];
    LegendGroup g{QString::fromUtf8(cats.back().label), {}};
    for (std::size_t k = 0; k < cats.size(); ++k)
        if (counts[k] > 0)
            g.items.push_back({LegendItem::Kind::Point, cats.size() == 1 ? look.colour : QColor(cats[k].colour),
                               QString::fromUtf8(cats[k].label), counts[k], QString::fromUtf8(cats[k].shape)});
    return g;
}

LegendGroup context_legend(const std::vector<ContextLayer>& top_first) {
    // The context layers a legend lists, named by the role table.
    static const std::set<std::string> context_roles{"roads", "trails", "water", "parks", "sports", "builtup", "buildings"};
    LegendGroup context{"图例", {}};
    for (const ContextLayer& l : top_first) {
        if (!context_roles.count(l.role)) continue;
        const QColor c = l.role == "builtup" ? QColor(210, 210, 210) : l.colour;
        context.items.push_back({l.line ? LegendItem::Kind::Line : LegendItem::Kind::Fill, c,
                                 QString::fromStdString(role_zh(l.role)), -1, "circle"});
    }
    context.items.push_back({LegendItem::Kind::Line, QColor("#4d4d4d"), "街道界线", -1, "circle"});
    return context;
}

}  // namespace hcgis::render
