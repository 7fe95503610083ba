// The data a computation works on: sub-districts and facility layers, already in the working CRS
// (a projected CRS in metres). core never reads files: io fills these structures once.
#pragma once

#include "core/geos.h"
#include "core/measure.h"

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace hcgis {

enum class GeomKind { Point, Line, Polygon };

/// How the population a residents layer gave was accounted for: read = placed + outside + dropped.
struct PopulationAccount {
    double read = 0;     // population of every unit read (point, polygon, raster cell)
    double placed = 0;   // on resident points inside a district
    double outside = 0;  // on resident points outside every district
    double dropped = 0;  // of units with nowhere to place it (each named in a warning)
    std::size_t nodata = 0;       // raster cells without data, left out
    std::size_t zero = 0;         // units (points, polygons, cells) of population 0
    std::size_t unplaceable = 0;  // units with population but nowhere to place it
};

/// How a layer's features were accounted for: read = in_district + outside + rejected.
struct LayerAccount {
    std::size_t read = 0;         // features the source gave (after the "where" filter)
    std::size_t in_district = 0;  // features assigned to a district (points) or kept (lines, polygons)
    std::size_t outside = 0;      // points lying in no district
    std::size_t rejected = 0;     // features refused (never silently: each is reported)
    std::optional<PopulationAccount> population;  // residents only
};

/// One layer playing a role (toilets, parks, ...). Points are kept as coordinate arrays (structure of
/// arrays); lines and polygons as GEOS geometries. Attribute columns hold only the fields the project
/// maps, under the project's key ("class", "population", ...), one value per feature.
struct Layer {
    std::string role;    // "toilets", "parks", ...
    std::string source;  // how messages name it: "toilets.geojson" or "city.gpkg:toilets"
    std::string crs;     // the CRS it came in ("EPSG:4326"), before reprojection to the working CRS
    GeomKind kind = GeomKind::Point;

    std::vector<double> x, y;               // points
    std::vector<geos::GeomPtr> geoms;        // lines and polygons
    std::vector<std::int64_t> fid;          // source feature id, one per feature
    std::map<std::string, std::vector<double>> numbers;
    std::map<std::string, std::vector<std::string>> texts;

    LayerAccount account;

    std::size_t size() const { return fid.size(); }
    bool has_number(const std::string& key) const { return numbers.count(key) != 0; }
};

/// The sub-districts (街道): the units the indicators are computed for.
struct Districts {
    std::string source;
    std::string crs;  // the CRS it came in
    std::vector<std::string> name;
    std::vector<std::string> code;                 // "" where the data has none
    std::vector<std::optional<double>> population; // 常住人口; nullopt when not mapped
    std::vector<std::optional<double>> elderly;    // residents aged 60+; nullopt when not mapped
    std::vector<geos::GeomPtr> geom;               // Polygon or MultiPolygon
    std::vector<std::int64_t> fid;
    std::map<std::string, std::vector<double>> numbers;  // other mapped numeric fields
    std::map<std::string, std::vector<std::string>> texts;

    std::size_t size() const { return geom.size(); }
};

/// Everything loaded for one project.
struct City {
    std::string name;
    std::string origin;    // where it came from (the project file), named by errors about the whole project
    std::string crs;       // the working CRS, e.g. "EPSG:4549"
    std::string crs_note;  // how it was chosen, for the report
    std::string crs_name;  // "CGCS2000 / 3-degree Gauss-Kruger CM 120E"
    std::string attribution;  // data source and licence, for map sheets
    double walk_speed_m_per_min = 80.0;
    double walk_minutes = 10.0;                      // the "10-minute" walk
    double elderly_walk_speed_m_per_min = 60.0;      // the elderly preset (about 1 m/s)
    std::vector<std::string> walk_exclude_highway;   // road classes nobody walks (motorway ...)
    Measure park_coverage_mode = Measure::Straight;  // Straight (GB/T 51346 radius) or Network
    double toilet_service_radius_m = 300.0;          // walking, CJJ 27 (crowded public places)
    /// The roads layer is declared to cover part of the area only ("walk_network": "partial"): a district
    /// most of whose residents lie beyond it gets no walking coverage, saying why, instead of "uncovered".
    bool walk_network_partial = false;
    Districts districts;
    std::map<std::string, Layer> layers;  // by role, districts excluded
    std::vector<std::string> warnings;    // from loading
    std::vector<std::string> notes;       // what loading did that is no problem (reprojections)

    const Layer* layer(const std::string& role) const {
        auto it = layers.find(role);
        return it == layers.end() ? nullptr : &it->second;
    }
};

}  // namespace hcgis
