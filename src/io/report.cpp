#include "io/report.h"

#include "core/roles.h"

#include <fmt/format.h>

#include <cmath>

namespace hcgis::io {
namespace {

using nlohmann::json;

json value_json(const IndicatorDef* def, const std::string& id, const Value& v) {
    json j;
    j["value"] = v.value ? json(*v.value) : json(nullptr);
    j["target"] = v.target ? json(*v.target) : json(nullptr);
    j["pass"] = v.pass ? json(*v.pass) : json(nullptr);
    if (def) {
        j["op"] = op_symbol(def->op);
        j["unit"] = unit_name(def->unit);
        j["name"] = def->name_zh;
        j["plan"] = def->plan;
        j["responsible"] = def->responsible;
        if (def->city_target && def->city_target != def->target) j["city_target"] = *def->city_target;
    } else {
        j["note"] = fmt::format("\"{}\" is not in the indicator catalog", id);
    }
    if (v.mode != Measure::None) j["mode"] = measure_name(v.mode);
    if (!v.value) j["reason"] = v.reason.english();
    if (v.gap) j["gap"] = {{"amount", v.gap->amount}, {"unit", v.gap->unit}, {"text", v.gap->text}};
    if (!v.detail.empty()) {
        json d = json::object();
        for (const auto& [k, x] : v.detail) d[k] = x;
        j["detail"] = d;
    }
    return j;
}

json area_json(const Scorecard& card, const Catalog& catalog, const AreaResult& area) {
    json ind = json::object();
    for (const auto& id : card.ids) {
        auto it = area.values.find(id);
        if (it == area.values.end()) continue;
        ind[id] = value_json(catalog.find(id), id, it->second);
    }
    return ind;
}

}  // namespace

std::string reason_zh(const Reason& reason) {
    using Code = Reason::Code;
    const std::string role = role_zh(reason.role);
    switch (reason.code) {
    case Code::None: return {};
    case Code::NoLayer: return fmt::format("未计算：缺少{}图层 ({})", role, reason.role);
    case Code::NoField: return fmt::format("未计算：{}图层未映射 {} 字段", role, reason.field);
    case Code::NoBuiltup: return "本街道无建成区";
    case Code::NoToiletsInBuiltup: return "建成区内无公厕";
    case Code::ZeroPopulation: return "常住人口为 0";
    case Code::ZeroPopulationTotal: return "常住人口为 0";
    case Code::NoResidentPoints: return "本街道无居民点";
    case Code::NoElderly: return "无60岁以上老人数据";
    case Code::NoUrbanCommunities: return "无城市社区";
    case Code::NoRuralCommunities: return "无农村社区";
    case Code::NoStationsOrVillageClinics: return "无社区卫生服务站或村卫生室";
    case Code::NoVillageClinics: return "无村卫生室";
    case Code::NoVaccinationClinics: return "无预防接种门诊";
    case Code::NoDistricts: return "无街道";
    case Code::OffNetwork: return "道路图层未覆盖本区多数居民（距步行道路超过 300 米）";
    case Code::PartialNetwork: return "道路图层只覆盖部分街道，全区步行指标无法计算";
    }
    return reason.english();
}

namespace {

std::string pad(const std::string& s, std::size_t width, bool right = false) {
    const std::size_t w = display_width(s);
    if (w >= width) return s;
    const std::string fill(width - w, ' ');
    return right ? fill + s : s + fill;
}

std::string csv_field(const std::string& s) {
    if (s.find_first_of(",\"\n\r") == std::string::npos) return s;
    std::string q = "\"";
    for (char c : s) {
        if (c == '"') q += '"';
        q += c;
    }
    return q + "\"";
}

// A target as the plan writes it: "5", "30 %", "3.5".
std::string format_target(double v, Unit unit) {
    const double shown = unit == Unit::Ratio ? v * 100.0 : v;
    std::string s = fmt::format("{:.2f}", shown);
    while (s.back() == '0') s.pop_back();
    if (s.back() == '.') s.pop_back();
    return unit == Unit::Ratio ? s + " %" : s;
}

}  // namespace

std::string target_text(const IndicatorDef* def, const Value& v) {
    if (!def || !v.target) return "—";
    return fmt::format("{} {}", def->op == Op::AtLeast ? "≥" : "≤", format_target(*v.target, def->unit));
}

std::size_t display_width(std::string_view s) {
    std::size_t w = 0;
    for (std::size_t i = 0; i < s.size();) {
        const auto c = static_cast<unsigned char>(s[i]);
        char32_t cp;
        std::size_t len;
        if (c < 0x80) { cp = c; len = 1; }
        else if ((c >> 5) == 0x6) { cp = c & 0x1F; len = 2; }
        else if ((c >> 4) == 0xE) { cp = c & 0x0F; len = 3; }
        else { cp = c & 0x07; len = 4; }
        for (std::size_t k = 1; k < len && i + k < s.size(); ++k)
            cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
        i += len;
        const bool wide = (cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0xA4CF) ||
                          (cp >= 0xAC00 && cp <= 0xD7A3) || (cp >= 0xF900 && cp <= 0xFAFF) ||
                          (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF00 && cp <= 0xFF60) ||
                          (cp >= 0xFFE0 && cp <= 0xFFE6) || (cp >= 0x20000 && cp <= 0x3FFFD);
        w += wide ? 2 : 1;
    }
    return w;
}

std::string format_value(double v, Unit unit) {
    if (unit == Unit::Ratio) return fmt::format("{:.1f} %", v * 100.0);
    if (unit == Unit::Count) return fmt::format("{:.0f}", v);
    return fmt::format("{:.2f}", v);
}

std::string format_value(double v, const IndicatorDef* def) {
    return def ? format_value(v, def->unit) : fmt::format("{:.2f}", v);
}

json scorecard_json(const City& city, const Scorecard& card, const Catalog& catalog) {
    json root;
    root["project"] = city.name;
    root["crs"] = city.crs;
    root["crs_note"] = city.crs_note;
    json districts = json::array();
    for (std::size_t d = 0; d < card.districts.size(); ++d) {
        const AreaResult& a = card.districts[d];
        json j;
        j["name"] = a.name;
        if (!a.code.empty()) j["code"] = a.code;
        const auto& pop = city.districts.population[d];
        j["population"] = pop ? json(*pop) : json(nullptr);
        j["indicators"] = area_json(card, catalog, a);
        districts.push_back(std::move(j));
    }
    root["districts"] = std::move(districts);
    root["total"] = {{"name", card.total.name}, {"indicators", area_json(card, catalog, card.total)}};
    json layers = json::array();
    for (const auto& l : card.layers) {
        json j = {{"role", l.role},
                  {"source", l.source},
                  {"read", l.account.read},
                  {"in_district", l.account.in_district},
                  {"outside", l.account.outside},
                  {"rejected", l.account.rejected},
                  {"crs", l.crs}};
        if (const auto& p = l.account.population)
            j["population"] = {{"read", p->read},       {"placed", p->placed},   {"outside", p->outside},
                               {"dropped", p->dropped}, {"nodata_cells", p->nodata}, {"zero_units", p->zero},
                               {"unplaceable_units", p->unplaceable}};
        layers.push_back(std::move(j));
    }
    root["layers"] = std::move(layers);
    root["warnings"] = card.warnings;
    root["notes"] = card.notes;
    return root;
}

std::string scorecard_csv(const City&, const Scorecard& card, const Catalog& catalog) {
    std::string out = "\xEF\xBB\xBF";
    out += "district,code,indicator,name,value,unit,op,target,pass,mode,gap,plan,responsible,reason\n";
    auto rows = [&](const AreaResult& area) {
        for (const auto& id : card.ids) {
            auto it = area.values.find(id);
            if (it == area.values.end()) continue;
            const Value& v = it->second;
            const IndicatorDef* def = catalog.find(id);
            out += fmt::format("{},{},{},{},{},{},{},{},{},{},{},{},{},{}\n", csv_field(area.name), csv_field(area.code), id,
                               csv_field(def ? def->name_zh : ""), v.value ? fmt::format("{}", *v.value) : "",
                               csv_field(def ? unit_name(def->unit) : ""), def ? op_symbol(def->op) : "",
                               v.target ? fmt::format("{}", *v.target) : "",
                               v.pass ? (*v.pass ? "true" : "false") : "", measure_name(v.mode), csv_field(v.gap ? v.gap->text : ""),
                               csv_field(def ? def->plan : ""), csv_field(def ? def->responsible : ""),
                               csv_field(v.value ? "" : v.reason.english()));
        }
    };
    for (const auto& a : card.districts) rows(a);
    rows(card.total);
    return out;
}

std::string scorecard_table(const City& city, const Scorecard& card, const Catalog& catalog) {
    std::string out = fmt::format("{}    坐标系 {}  ({})\n", city.name, city.crs, city.crs_note);
    const std::size_t w_name = 40, w_val = 12, w_tgt = 12, w_ok = 6, w_plan = 10;
    auto block = [&](const AreaResult& area, std::optional<double> pop) {
        std::string head = area.name;
        if (!area.code.empty()) head += "  " + area.code;
        if (pop) head += fmt::format("  常住人口 {:.0f}", *pop);
        out += "\n" + head + "\n";
        out += "  " + pad("指标", w_name) + pad("值", w_val, true) + "  " + pad("目标", w_tgt) + pad("达标", w_ok) +
               pad("规划", w_plan) + "责任单位\n";
        for (const auto& id : card.ids) {
            auto it = area.values.find(id);
            if (it == area.values.end()) continue;
            const Value& v = it->second;
            const IndicatorDef* def = catalog.find(id);
            std::string name = def ? def->name_zh : id;
            if (def && !def->unit_zh.empty() && def->unit_zh != "%") name += "(" + def->unit_zh + ")";
            const std::string val = v.value ? format_value(*v.value, def) : "—";
            const std::string ok = v.pass ? (*v.pass ? "✓" : "✗") : "";
            out += "  " + pad(name, w_name) + pad(val, w_val, true) + "  " + pad(target_text(def, v), w_tgt) +
                   pad(ok, w_ok) + pad(def ? def->plan : "", w_plan) + (def ? def->responsible : "");
            if (!v.value) out += "  （" + reason_zh(v.reason) + "）";
            if (v.mode == Measure::Straight) out += "  [直线距离]";
            if (v.gap) out += "  → " + v.gap->text;
            out += "\n";
        }
    };
    for (std::size_t d = 0; d < card.districts.size(); ++d)
        block(card.districts[d], city.districts.population[d]);
    block(card.total, std::nullopt);

    out += "\n图层要素统计 (读取 = 区内 + 区外 + 拒绝)\n";
    for (const auto& l : card.layers)
        out += fmt::format("  {:<12} 读取 {:>7}  区内 {:>7}  区外 {:>5}  拒绝 {:>5}  {}  [{}]\n", l.role, l.account.read,
                           l.account.in_district, l.account.outside, l.account.rejected, l.source, l.crs);
    for (const auto& l : card.layers)
        if (const auto& p = l.account.population)
            out += fmt::format("  {:<12} 人口 读取 {:.0f} = 区内 {:.0f} + 区外 {:.0f} + 舍弃 {:.0f}（无数据栅格 {}，人口为 0 {}，"
                               "无处安置 {}）\n",
                               l.role, p->read, p->placed, p->outside, p->dropped, p->nodata, p->zero, p->unplaceable);
    if (!card.warnings.empty()) {
        out += "\n警告\n";
        for (const auto& w : card.warnings) out += "  - " + w + "\n";
    }
    if (!card.notes.empty()) {
        out += "\n说明\n";
        for (const auto& n : card.notes) out += "  - " + n + "\n";
    }
    return out;
}

}  // namespace hcgis::io
