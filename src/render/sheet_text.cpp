#include "render/sheet_text.h"

#include <fmt/format.h>

namespace hcgis::render {

LayoutText sheet_text(const City& city, const IndicatorDef& def, const Thematic& thematic, Measure mode,
                      const std::string& source, const QDate& date) {
    LayoutText text;
    text.title = QString::fromStdString(city.name) + "  " + QString::fromStdString(def.name_zh);
    QString goal;
    if (thematic.target) {
        const bool ratio = def.unit == Unit::Ratio;
        goal = QString("目标 %1 %2%3")
                   .arg(def.op == Op::AtLeast ? "≥" : "≤")
                   .arg(ratio ? *thematic.target * 100 : *thematic.target)
                   .arg(ratio ? " %" : "");
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
