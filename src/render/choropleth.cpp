#include "render/choropleth.h"

#include "render/classify.h"
#include "render/palette.h"

#include <algorithm>
#include <cmath>

namespace hcgis::render {
namespace {

void by_target(const Thematic& t, Choropleth& out) {
    const QColor colours[3] = {t.style.fail, t.style.near_color, t.style.pass};
    int counts[3] = {0, 0, 0};
    int untargeted = 0;
    bool one_goal = true;
    for (std::size_t d = 0; d < out.fills.size() && d < t.values.size(); ++d) {
        // A district is held against its own target, as the scorecard holds it; one without is not judged.
        const std::optional<double> target = d < t.targets.size() ? t.targets[d] : t.target;
        if (!t.values[d]) continue;
        if (!target) {
            ++untargeted;
            continue;
        }
        if (*target != *t.target) one_goal = false;
        const int c = target_class(*t.values[d], *target, t.at_least, t.style.near);
        out.fills[d] = colours[c];
        ++counts[c];
    }
    const QString goal = one_goal ? QString(t.at_least ? "≥ " : "≤ ") + number_text(*t.target, t.unit)
                                  : QString("按各街道目标");
    const QString near_pct = QString::number(t.style.near * 100, 'f', 0) + "%";
    const QString labels[3] = {QString("未达标（差距超过 %1）").arg(near_pct), QString("接近目标（差距 %1 以内）").arg(near_pct),
                               QString("达标（%1）").arg(goal)};
    for (int c = 2; c >= 0; --c) out.legend.items.push_back({LegendItem::Kind::Fill, colours[c], labels[c], counts[c], "circle"});
    if (untargeted > 0)
        out.legend.items.push_back({LegendItem::Kind::Fill, t.style.no_data, "本街道无考核目标", untargeted, "circle"});
}

void by_classes(const Thematic& t, const std::vector<double>& present, Choropleth& out) {
    const Method m = t.style.method == Method::Target ? Method::Jenks : t.style.method;
    out.edges = class_edges(m, present, t.style.classes, t.style.breaks);
    const int classes = out.edges.size() < 2 ? 0 : static_cast<int>(out.edges.size()) - 1;
    const std::vector<QColor> colours = classes > 0 ? palette(t.style.palette, classes, t.style.reverse) : std::vector<QColor>{};
    std::vector<int> counts(static_cast<std::size_t>(classes), 0);
    for (std::size_t d = 0; d < out.fills.size() && d < t.values.size(); ++d) {
        if (!t.values[d] || classes == 0) continue;
        const int c = class_index(*t.values[d], out.edges);
        out.fills[d] = colours[static_cast<std::size_t>(std::min(c, static_cast<int>(colours.size()) - 1))];
        ++counts[static_cast<std::size_t>(c)];
    }
    // Darkest class first, as a legend reads from high to low.
    for (int c = classes - 1; c >= 0; --c) {
        const auto k = static_cast<std::size_t>(c);
        const QString label = number_text(out.edges[k], t.unit) + " – " + number_text(out.edges[k + 1], t.unit);
        out.legend.items.push_back({LegendItem::Kind::Fill, colours[std::min(k, colours.size() - 1)], label, counts[k], "circle"});
    }
}

}  // namespace

QString number_text(double v, Unit unit) {
    const double shown = unit == Unit::Ratio ? v * 100.0 : v;
    QString s = QString::number(shown, 'f', unit == Unit::Count ? 0 : (std::abs(shown) >= 100 ? 0 : unit == Unit::Ratio ? 1 : 2));
    if (s.contains('.')) {
        while (s.endsWith('0')) s.chop(1);
        if (s.endsWith('.')) s.chop(1);
    }
    return unit == Unit::Ratio ? s + " %" : s;
}

Choropleth classify_districts(const Thematic& t, std::size_t districts) {
    Choropleth out;
    out.fills.assign(districts, t.style.no_data);
    out.legend.title = t.title;
    std::size_t no_data = 0;
    std::vector<double> present;
    for (const auto& v : t.values)
        if (v) present.push_back(*v);
        else ++no_data;
    if (t.style.method == Method::Target && t.target) by_target(t, out);
    else by_classes(t, present, out);
    if (no_data > 0)
        out.legend.items.push_back({LegendItem::Kind::Fill, t.style.no_data, "无数据", static_cast<int>(no_data), "circle"});
    return out;
}

std::vector<std::optional<int>> target_classes(const Thematic& t) {
    std::vector<std::optional<int>> out;
    if (t.style.method != Method::Target || !t.target) return out;
    for (std::size_t d = 0; d < t.values.size(); ++d) {
        const std::optional<double> target = d < t.targets.size() ? t.targets[d] : t.target;
        out.push_back(t.values[d] && target ? std::optional<int>(target_class(*t.values[d], *target, t.at_least, t.style.near))
                                            : std::nullopt);
    }
    return out;
}

bool judged_per_district(const Thematic& t) {
    if (t.style.method != Method::Target || !t.target) return false;
    for (std::size_t d = 0; d < t.values.size() && d < t.targets.size(); ++d) {
        if (!t.values[d]) continue;
        if (!t.targets[d] || *t.targets[d] != *t.target) return true;
    }
    return false;
}

}  // namespace hcgis::render
