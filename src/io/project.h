// The project file (layers/*.json, DESIGN.md): which data plays which role.
#pragma once

#include "core/city.h"

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace hcgis::io {

/// How a mapped field's values are read: numbers, free text, a yes/no flag (1/0, true/false, 是/否,
/// yes/no), or words from a fixed list turned into the codes of core/codes.h.
enum class FieldType { Number, Text, Flag, Words };

/// Accepted words of a Words field and their codes.
using WordList = std::vector<std::pair<std::string, double>>;

struct FieldSpec {
    const char* key;
    FieldType type;
    const WordList* words = nullptr;  // for FieldType::Words
    const char* expected = "";        // how a message lists the accepted words
};

/// What a role is: the geometry it needs and the fields a project may map for it.
struct RoleSpec {
    const char* role;
    GeomKind kind;
    std::vector<FieldSpec> fields;
};

/// Every role a project may name, in report order.
const std::vector<RoleSpec>& roles();
const RoleSpec* find_role(const std::string& role);

struct LayerSpec {
    std::string role;
    std::string source_text;            // as written in the project file
    std::filesystem::path source;       // resolved against the project file's folder
    std::string layer;                  // layer inside a multi-layer source; "" = the first
    std::string where;                  // OGR SQL attribute filter; "" = none
    std::string encoding;               // attribute encoding of a shapefile or CSV, "" = detected (UTF-8 or GBK)
    std::string coords;                 // "", "gcj02" or "bd09": Chinese web-map offsets to undo
    std::string crs;                    // CRS of a source that declares none (CSV), "" = the source's
    std::map<std::string, std::string> fields;  // role key -> source field name
    /// Value maps ("values": {"class": {"特優級": 1}}): words of a class-like field and the codes they
    /// stand for, tried before the built-in words; the key "" stands for an empty (null) value.
    std::map<std::string, WordList> values;
    /// Residents given per polygon or raster cell ("spread": {"cell": 50, "by": "buildings"}): the grid
    /// cell in metres and the weights ("auto", "buildings", "builtup", "roads", "area"). A residents
    /// layer of polygons or a raster source is spread with these defaults when the key is absent.
    double spread_cell_m = 50.0;
    std::string spread_by = "auto";
    bool spread_declared = false;
    int band = 1;  // the band of a raster residents source
};

struct Project {
    std::filesystem::path file;
    std::string name;
    std::string attribution;            // data source and licence, printed on maps
    std::optional<std::string> crs;     // working CRS; nullopt = chosen from the data
    double walk_speed_m_per_min = 80.0;
    double walk_minutes = 10.0;
    double elderly_walk_speed_m_per_min = 60.0;
    std::vector<std::string> walk_exclude_highway;  // default: motorway, motorway_link
    Measure park_coverage_mode = Measure::Straight;
    double toilet_service_radius_m = 300.0;
    bool walk_network_partial = false;  // "walk_network": "partial" (the roads cover part of the area only)
    std::map<std::string, LayerSpec> layers;  // by role

    const LayerSpec* layer(const std::string& role) const {
        auto it = layers.find(role);
        return it == layers.end() ? nullptr : &it->second;
    }
};

/// Reads and checks a project file. Throws InputError naming the file and the offending key.
Project read_project(const std::filesystem::path& file);

/// Parses project JSON text; `file` names it in messages and anchors relative sources.
Project parse_project(const std::string& text, const std::filesystem::path& file);

}  // namespace hcgis::io
