#include "io/scorecard_tables.h"

#include "core/roles.h"
#include "core/tasks.h"
#include "io/pg_target.h"

#include <map>

namespace hcgis::io {
namespace {

using FeaturePtr = std::unique_ptr<OGRFeature, decltype(&OGRFeature::DestroyFeature)>;

FeaturePtr feature(OGRLayer* table) { return {OGRFeature::CreateFeature(table->GetLayerDefn()), &OGRFeature::DestroyFeature}; }

void text(OGRFeature& f, const char* field, const std::string& value) {
    if (!value.empty()) f.SetField(field, value.c_str());
}

}  // namespace

void write_total_table(GdalSink& sink, const City& city, const Scorecard& card, const Catalog& catalog,
                       const std::string& name) {
    OGRLayer* table = sink.layer(name, city, wkbNone);
    sink.fields(table, {{"indicator", OFTString}, {"name", OFTString}, {"unit", OFTString}, {"value", OFTReal},
                        {"target", OFTReal}});
    sink.field(table, "pass", OFTInteger, OFSTBoolean);
    sink.fields(table, {{"gap", OFTString}, {"plan", OFTString}, {"responsible", OFTString}});
    sink.begin();
    for (const auto& id : card.ids) {
        const auto it = card.total.values.find(id);
        if (it == card.total.values.end()) continue;
        const Value& v = it->second;
        const IndicatorDef* def = catalog.find(id);
        FeaturePtr f = feature(table);
        f->SetField("indicator", id.c_str());
        if (def) {
            text(*f, "name", def->name_zh);
            text(*f, "unit", def->unit_zh);
            text(*f, "plan", def->plan);
            text(*f, "responsible", def->responsible);
        }
        if (v.value) f->SetField("value", *v.value);
        if (v.target) f->SetField("target", *v.target);
        if (v.pass) f->SetField("pass", *v.pass ? 1 : 0);
        if (v.gap) text(*f, "gap", v.gap->text);
        sink.put(table, *f);
    }
    sink.end(table, 0);
}

void write_tasks_table(GdalSink& sink, const City& city, const Scorecard& card, const Catalog& catalog,
                       const std::string& name) {
    OGRLayer* table = sink.layer(name, city, wkbNone);
    sink.fields(table, {{"unit", OFTString}, {"status", OFTString}, {"indicator", OFTString}, {"name", OFTString},
                        {"district", OFTString}, {"district_code", OFTString}, {"amount", OFTReal},
                        {"amount_unit", OFTString}, {"gap", OFTString}, {"plan", OFTString}});
    std::map<std::string, std::string> code_of;
    for (const auto& d : card.districts) code_of[d.name] = d.code;
    sink.begin();
    for (const UnitTasks& unit : task_list(card, catalog)) {
        if (unit.tasks.empty()) {
            FeaturePtr f = feature(table);
            f->SetField("unit", unit.unit.c_str());
            f->SetField("status", "已达标");
            sink.put(table, *f);
        }
        for (const Task& t : unit.tasks) {
            const IndicatorDef* def = catalog.find(t.indicator);
            FeaturePtr f = feature(table);
            f->SetField("unit", unit.unit.c_str());
            f->SetField("status", "未达标");
            f->SetField("indicator", t.indicator.c_str());
            if (def) {
                text(*f, "name", def->name_zh);
                text(*f, "plan", def->plan);
            }
            f->SetField("district", t.district.empty() ? "全区" : t.district.c_str());
            if (!t.district.empty()) text(*f, "district_code", code_of[t.district]);
            if (!t.gap.text.empty()) f->SetField("amount", t.gap.amount);
            text(*f, "amount_unit", t.gap.unit);
            text(*f, "gap", t.gap.text);
            sink.put(table, *f);
        }
    }
    sink.end(table, 0);
}

void write_layers_table(GdalSink& sink, const City& city, const Scorecard& card, const std::string& name) {
    OGRLayer* table = sink.layer(name, city, wkbNone);
    sink.fields(table, {{"role", OFTString}, {"role_zh", OFTString}, {"source", OFTString}, {"read", OFTInteger64},
                        {"in_district", OFTInteger64}, {"outside", OFTInteger64}, {"rejected", OFTInteger64},
                        {"crs", OFTString}});
    sink.begin();
    for (const LayerReport& l : card.layers) {
        FeaturePtr f = feature(table);
        f->SetField("role", l.role.c_str());
        f->SetField("role_zh", role_zh(l.role).c_str());
        f->SetField("source", (is_pg(l.source) ? pg_display(l.source) : l.source).c_str());  // never a password
        f->SetField("read", static_cast<GIntBig>(l.account.read));
        f->SetField("in_district", static_cast<GIntBig>(l.account.in_district));
        f->SetField("outside", static_cast<GIntBig>(l.account.outside));
        f->SetField("rejected", static_cast<GIntBig>(l.account.rejected));
        f->SetField("crs", l.crs.c_str());
        sink.put(table, *f);
    }
    sink.end(table, 0);
}

}  // namespace hcgis::io
