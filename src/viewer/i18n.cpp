#include "viewer/i18n.h"

#include <cstring>

namespace hcgis::viewer {
namespace {

Lang current = Lang::Zh;

struct Entry {
    const char* key;
    const char* zh;
    const char* en;
};

constexpr Entry table[] = {
    {"app", "hcgis 健康城市 GIS", "hcgis healthy-city GIS"},
    {"file", "文件(&F)", "&File"},
    {"open", "打开项目(&O)…", "&Open project…"},
    {"recent", "最近的项目", "Recent projects"},
    {"export_districts", "导出街道指标(&E)…", "&Export districts…"},
    {"export_map", "导出专题图…", "Export map…"},
    {"print", "打印(&P)…", "&Print…"},
    {"quit", "退出(&Q)", "&Quit"},
    {"view", "视图(&V)", "&View"},
    {"zoom_full", "全图", "Zoom to full extent"},
    {"zoom_layer", "缩放到图层", "Zoom to layer"},
    {"zoom_district", "缩放到街道", "Zoom to district"},
    {"language", "语言 / Language", "Language / 语言"},
    {"coverage", "服务范围(&C)", "&Coverage"},
    {"cov_fitness", "健身设施步行服务范围", "Fitness walking catchments"},
    {"cov_parks", "公园绿地服务范围", "Park catchments"},
    {"cov_toilets", "公厕服务范围", "Toilet catchments"},
    {"layers", "图层", "Layers"},
    {"indicators", "指标", "Indicators"},
    {"identify", "查询", "Identify"},
    {"style", "样式", "Style"},
    {"default_style", "默认（按目标）", "Default (by target)"},
    {"indicator", "专题指标", "Thematic indicator"},
    {"district", "街道", "District"},
    {"total", "合计", "Total"},
    {"scale", "比例尺", "Scale"},
    {"error_title", "无法打开项目", "Cannot open the project"},
    {"export_done", "已导出", "Exported"},
    {"walk_to_fitness", "步行至最近健身设施", "Walk to the nearest fitness site"},
    {"not_within", "超出范围", "beyond reach"},
    {"population", "常住人口", "Residents"},
    {"feature", "要素", "Feature"},
    {"nothing_here", "此处无要素", "Nothing here"},
    {"districts_layer", "街道", "Districts"},
    {"roads", "道路", "Roads"},
    {"water", "水体", "Water"},
    {"parks", "公园绿地", "Parks"},
    {"sports", "体育场地", "Sports grounds"},
    {"builtup", "建成区", "Built-up area"},
    {"toilets", "公厕", "Toilets"},
    {"fitness", "健身设施", "Fitness sites"},
    {"residents", "居民点", "Residents"},
    {"clinics", "基层医疗机构", "Clinics"},
    {"eldercare", "养老机构", "Elderly care"},
    {"communities", "社区", "Communities"},
    {"markets", "农贸市场", "Farmers' markets"},
    {"trails", "健康步道", "Health trails"},
    {"candidates", "候选地块", "Candidate sites"},
    {"catchments", "服务范围", "Catchments"},
    {"repair", "修复无效几何（--repair）", "Repair invalid geometry (--repair)"},
    {"repair_hint", "可在“文件”菜单中开启“修复无效几何”，项目将重新打开。", "Turn on File › Repair invalid geometry and the project opens again."},
    {"move_up", "上移", "Move up"},
    {"move_down", "下移", "Move down"},
    {"layer_colour", "颜色与透明度…", "Colour and opacity…"},
    {"layer_size", "线宽 / 符号大小…", "Line width / symbol size…"},
    {"size_mm", "毫米", "millimetres"},
    {"style_files", "样式文件", "Style files"},
};

}  // namespace

Lang language() { return current; }
void set_language(Lang l) { current = l; }

QString ui(const char* key) {
    for (const auto& e : table)
        if (std::strcmp(e.key, key) == 0) return QString::fromUtf8(current == Lang::Zh ? e.zh : e.en);
    return QString::fromUtf8(key);
}

}  // namespace hcgis::viewer
