// `hcgis init`: a project file from an OpenStreetMap extract (.osm.pbf or .osm, GDAL's OSM driver), the
// usual tags mapped to the roles by a tag table a user can edit (data/osm_roles.json).
#pragma once

#include <nlohmann/json.hpp>

#include <filesystem>
#include <string>
#include <vector>

namespace hcgis::io {

struct OsmRoleFound {
    std::string role;
    std::string layer;  // points, lines, multipolygons
    std::string where;  // the OGR SQL filter written into the project
    long long count = 0;
};

struct OsmProject {
    nlohmann::json project;             // the project file's content
    std::vector<OsmRoleFound> roles;    // in the tag table's order, districts first; roles with 0 left out
    std::vector<OsmRoleFound> missing;  // roles the extract has nothing for
    std::vector<std::string> warnings;
};

/// The tag table bundled with hcgis (data/osm_roles.json).
std::filesystem::path default_osm_roles();

/// Reads the extract `source` and the tag table `roles_file`, and makes the project that `project_file`
/// (its sources relative to that file's folder) will hold. `districts` is "key=value" ("admin_level=8";
/// value alternatives with |), the administrative boundaries taken as districts. Throws InputError naming
/// the file (and the key of the tag table) when the extract does not open with the OSM driver, the tag
/// table is not valid, or no feature matches the districts.
OsmProject osm_project(const std::filesystem::path& source, const std::filesystem::path& project_file,
                       const std::string& districts, const std::filesystem::path& roles_file);

/// The OGR SQL filter for features of `layer_fields` (the OSM layer's columns; other tags are in
/// other_tags) that carry any of `tags` ({"amenity": ["toilets"]}, "*" = any value) and none of `except`.
std::string osm_where(const nlohmann::json& tags, const nlohmann::json& except,
                      const std::vector<std::string>& layer_fields);

}  // namespace hcgis::io
