#include "render/sheet_text.h"

#include <fmt/format.h>

#include <algorithm>

namespace hcgis::render {

LayoutText sheet_text(const City& city, const IndicatorDef& def, const Thematic& thematic, Measure mode,
                      const std::string& source, const QDate& date) {
    LayoutText text;
    text.title = QString::fromStdString(city.name) + "  " + QString::fromStdString(def.name_zh);
    QString goal;
    if (thematic.target) {
        const bool ratio = def.unit == Unit::Ratio;
        auto shown = [&](double v) { return QString::number(ratio ? v * 100 : v, 'g', 6); };
        const QString unit = ratio ? " %" : "";
        // Districts held against targets of their own (the city's assignment per 街道) are named as such,
        // with the range, never as the first district's target.
        double low = *thematic.target, high = *thematic.target;
        for (const auto& t : thematic.targets) {
            if (!t) continue;
            low = std::min(low, *t);
            high = std::max(high, *t);
        }
        const QString op = def.op == Op::AtLeast ? "≥" : "≤";
        goal = low == high ? QString("目标 %1 %2%3").arg(op, shown(low), unit)
                           : QString("目标按各街道 %1 %2–%3%4").arg(op, shown(low), shown(high), unit);
    }
    const QString measured = mode == Measure::None ? QString() : QString::fromUtf8(measure_zh(mode)) + "   ";
    text.subtitle = QString("%1   %2   规划 %3，%4   %5%6")
                        .arg(thematic.title, goal, QString::fromStdString(def.plan),
                             QString::fromStdString(def.responsible), measured, date.toString("yyyy-MM-dd"));
    text.source = QString::fromStdString(city.attribution.empty() ? source : city.attribution);
    text.crs_note = QString::fromStdString(fmt::format("坐标系：{}（{}）", city.crs_name, city.crs));
    return text;
}

}  // namespace hcgis::render
