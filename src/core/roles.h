// The roles a layer plays in a project (DESIGN.md): the one table of their ids, Chinese and English names
// and the geometry each needs. io adds the fields a project may map for each (io/project.h); render, the
// command line and the viewer name layers from here.
#pragma once

#include "core/city.h"

#include <string>
#include <string_view>
#include <vector>

namespace hcgis {

struct RoleInfo {
    const char* id;  // "toilets"
    const char* zh;  // "公厕"
    const char* en;  // "Public toilets"
    GeomKind kind;
};

/// Every role a project may name, in report order.
const std::vector<RoleInfo>& role_table();

/// The role `id`, or nullptr.
const RoleInfo* find_role_info(std::string_view id);

/// The Chinese (or English) name of role `id`; `id` itself for a role the table lacks.
std::string role_zh(std::string_view id);
std::string role_en(std::string_view id);

}  // namespace hcgis
