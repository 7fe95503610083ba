#include "core/roles.h"

namespace hcgis {

const std::vector<RoleInfo>& role_table() {
    static const std::vector<RoleInfo> all = {
        {"districts", "街道", "Districts", GeomKind::Polygon},
        {"builtup", "建成区", "Built-up area", GeomKind::Polygon},
        {"toilets", "公厕", "Toilets", GeomKind::Point},
        {"fitness", "健身设施", "Fitness sites", GeomKind::Point},
        {"parks", "公园绿地", "Parks", GeomKind::Polygon},
        {"sports", "体育场地", "Sports grounds", GeomKind::Polygon},
        {"roads", "道路", "Roads", GeomKind::Line},
        {"residents", "居民点", "Residents", GeomKind::Point},
        {"clinics", "基层医疗机构", "Clinics", GeomKind::Point},
        {"eldercare", "养老机构", "Elderly care", GeomKind::Point},
        {"communities", "社区", "Communities", GeomKind::Point},
        {"markets", "农贸市场", "Farmers' markets", GeomKind::Point},
        {"trails", "健康步道", "Health trails", GeomKind::Line},
        {"candidates", "候选地块", "Candidate sites", GeomKind::Point},
        {"water", "水体", "Water", GeomKind::Polygon},
        {"buildings", "建筑", "Buildings", GeomKind::Polygon},
    };
    return all;
}

const RoleInfo* find_role_info(std::string_view id) {
    for (const RoleInfo& r : role_table())
        if (id == r.id) return &r;
    return nullptr;
}

std::string role_zh(std::string_view id) {
    const RoleInfo* r = find_role_info(id);
    return r ? r->zh : std::string(id);
}

std::string role_en(std::string_view id) {
    const RoleInfo* r = find_role_info(id);
    return r ? r->en : std::string(id);
}

}  // namespace hcgis
