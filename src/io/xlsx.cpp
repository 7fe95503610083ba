#include "io/xlsx.h"

#include "core/roles.h"

#include "core/tasks.h"
#include "io/gdal_sink.h"
#include "io/report.h"

#include <fmt/format.h>

namespace hcgis::io {
namespace {

using FeaturePtr = std::unique_ptr<OGRFeature, decltype(&OGRFeature::DestroyFeature)>;

FeaturePtr feature(OGRLayer* sheet) { return {OGRFeature::CreateFeature(sheet->GetLayerDefn()), &OGRFeature::DestroyFeature}; }

void scorecard_sheet(GdalSink& sink, const City& city, const Scorecard& card, const Catalog& catalog) {
    OGRLayer* sheet = sink.layer("评估", city, wkbNone);
    sink.field(sheet, "街道", OFTString);
    sink.field(sheet, "代码", OFTString);
    sink.field(sheet, "常住人口", OFTReal);
    std::vector<const IndicatorDef*> defs;
    for (const auto& id : card.ids)
        if (const IndicatorDef* def = catalog.find(id)) {
            defs.push_back(def);
            const auto cols = xlsx_columns(*def);
            sink.field(sheet, cols[0], OFTReal);
            sink.field(sheet, cols[1], OFTReal);
            sink.field(sheet, cols[2], OFTString);
        }
    auto row = [&](const AreaResult& area, std::optional<double> population) {
        FeaturePtr f = feature(sheet);
        f->SetField(0, area.name.c_str());
        f->SetField(1, area.code.c_str());
        if (population) f->SetField(2, *population);
        int col = 3;
        for (const IndicatorDef* def : defs) {
            const auto it = area.values.find(def->id);
            if (it != area.values.end()) {
                const Value& v = it->second;
                if (v.value) f->SetField(col, *v.value);
                if (v.target) f->SetField(col + 1, *v.target);
                if (v.pass) f->SetField(col + 2, *v.pass ? "达标" : "未达标");
            }
            col += 3;
        }
        sink.put(sheet, *f);
    };
    for (std::size_t d = 0; d < card.districts.size(); ++d) row(card.districts[d], city.districts.population[d]);
    row(card.total, std::nullopt);
}

void tasks_sheet(GdalSink& sink, const City& city, const Scorecard& card, const Catalog& catalog) {
    OGRLayer* sheet = sink.layer("任务清单", city, wkbNone);
    for (const char* name : {"责任单位", "指标", "区域", "差额", "单位", "差距", "规划条目"})
        sink.field(sheet, name, std::string(name) == "差额" ? OFTReal : OFTString);
    for (const UnitTasks& unit : task_list(card, catalog)) {
        if (unit.tasks.empty()) {
            FeaturePtr f = feature(sheet);
            f->SetField(0, unit.unit.c_str());
            f->SetField(5, "已达标");
            sink.put(sheet, *f);
        }
        for (const Task& t : unit.tasks) {
            const IndicatorDef* def = catalog.find(t.indicator);
            FeaturePtr f = feature(sheet);
            f->SetField(0, unit.unit.c_str());
            f->SetField(1, def ? def->name_zh.c_str() : t.indicator.c_str());
            f->SetField(2, t.district.empty() ? "全区" : t.district.c_str());
            if (!t.gap.text.empty()) f->SetField(3, t.gap.amount);
            f->SetField(4, t.gap.unit.c_str());
            f->SetField(5, t.gap.text.c_str());
            f->SetField(6, def ? def->plan.c_str() : "");
            sink.put(sheet, *f);
        }
    }
}

void accounting_sheet(GdalSink& sink, const City& city, const Scorecard& card) {
    OGRLayer* sheet = sink.layer("图层统计", city, wkbNone);
    sink.field(sheet, "图层", OFTString);
    sink.field(sheet, "来源", OFTString);
    for (const char* name : {"读取", "区内", "区外", "拒绝"}) sink.field(sheet, name, OFTInteger64);
    sink.field(sheet, "坐标系", OFTString);
    // The residents' population: read = in a district + outside every district + dropped.
    for (const char* name : {"人口读取", "人口区内", "人口区外", "人口舍弃"}) sink.field(sheet, name, OFTReal);
    for (const LayerReport& l : card.layers) {
        FeaturePtr f = feature(sheet);
        f->SetField(0, role_zh(l.role).c_str());
        f->SetField(1, l.source.c_str());
        f->SetField(2, static_cast<GIntBig>(l.account.read));
        f->SetField(3, static_cast<GIntBig>(l.account.in_district));
        f->SetField(4, static_cast<GIntBig>(l.account.outside));
        f->SetField(5, static_cast<GIntBig>(l.account.rejected));
        f->SetField(6, l.crs.c_str());
        if (const auto& p = l.account.population) {
            f->SetField(7, p->read);
            f->SetField(8, p->placed);
            f->SetField(9, p->outside);
            f->SetField(10, p->dropped);
        }
        sink.put(sheet, *f);
    }
}

}  // namespace

std::vector<std::string> xlsx_columns(const IndicatorDef& def) {
    const std::string unit = def.unit == Unit::Ratio ? "比值，1 = 100%" : def.unit_zh;
    const std::string name = unit.empty() ? def.name_zh : def.name_zh + "（" + unit + "）";
    return {name, def.name_zh + " 目标", def.name_zh + " 达标"};
}

void write_scorecard_xlsx(AtomicOutputs& outs, std::size_t i, const City& city, const Scorecard& card, const Catalog& catalog) {
    GdalSink sink(outs, i);
    scorecard_sheet(sink, city, card, catalog);
    tasks_sheet(sink, city, card, catalog);
    accounting_sheet(sink, city, card);
    sink.close();
}

}  // namespace hcgis::io
