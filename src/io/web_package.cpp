#include "io/web_package.h"

#include "core/error.h"
#include "io/gdal_sink.h"
#include "io/output.h"
#include "io/writers.h"

#include <fmt/format.h>

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

namespace hcgis::io {
namespace fs = std::filesystem;
namespace {

/// A page that shows style.json with MapLibre GL JS, fit to the districts, and the legend beside it.
constexpr const char* page = R"(<!DOCTYPE html>
<html lang="zh">
<head>
<meta charset="utf-8">
<title>{title}</title>
<link rel="stylesheet" href="maplibre-gl.css">
<script src="maplibre-gl.js"></script>
<style>
  html, body, #map {{ margin: 0; height: 100%; }}
  #legend {{ position: absolute; top: 10px; right: 10px; background: #fff; padding: 8px 10px;
            font: 13px sans-serif; box-shadow: 0 0 4px #999; }}
  #legend i {{ display: inline-block; width: 14px; height: 14px; margin-right: 6px; vertical-align: middle; }}
</style>
</head>
<body>
<div id="map"></div>
<div id="legend"></div>
<script>
(async () => {{
  const base = new URL('.', location.href);
  const style = await (await fetch('style.json')).json();
  // Sources are relative to this folder; MapLibre wants absolute tile URLs. The GeoJSON is read here and
  // handed over as data, so that the map draws as soon as the page has it.
  for (const s of Object.values(style.sources)) {{
    if (typeof s.data === 'string') s.data = await (await fetch(s.data)).json();
    if (s.tiles) s.tiles = s.tiles.map(t => decodeURI(new URL(t, base).href));
  }}
  const districts = style.sources.districts.data;
  const b = new maplibregl.LngLatBounds();
  for (const f of districts.features)
    for (const poly of (f.geometry.type === 'Polygon' ? [f.geometry.coordinates] : f.geometry.coordinates))
      for (const p of poly[0]) b.extend(p);
  const map = new maplibregl.Map({{ container: 'map', style, bounds: b, fitBoundsOptions: {{ padding: 20 }} }});
  map.on('idle', () => document.body.dataset.ready = '1');
  const legend = await (await fetch('legend.json')).json();
  const el = document.getElementById('legend');
  el.innerHTML = '<b>' + legend.title + '</b>' + legend.items.map(i =>
    '<div><i style="background:' + i.colour + '"></i>' + i.label + (i.count >= 0 ? ' (' + i.count + ')' : '') + '</div>').join('');
}})();
</script>
</body>
</html>
)";

std::string slurp(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    if (!in) throw OutputError(fmt::format("{}: cannot read MapLibre GL JS (install it with scripts/setup-web, or set "
                                           "HCGIS_MAPLIBRE_DIR to the npm package's dist folder)", p.string()));
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

/// Layer `role` of `city` as uncompressed vector tiles in `dir`/<role> (GDAL's MVT driver), the source
/// layer named by the role: points with their population (1 where none), lines and areas as they are.
void write_tiles(const City& city, const std::string& role, const WebPackage& web, const fs::path& dir) {
    const Layer& l = *city.layer(role);
    GdalErrorTrap trap;
    GDALDriver* driver = GetGDALDriverManager()->GetDriverByName("MVT");
    if (!driver) throw InternalError("GDAL has no MVT driver");
    const std::string minz = fmt::format("MINZOOM={}", web.min_zoom), maxz = fmt::format("MAXZOOM={}", web.max_zoom);
    const char* options[] = {"FORMAT=DIRECTORY", "COMPRESS=NO", "TILE_EXTENSION=pbf", minz.c_str(), maxz.c_str(), nullptr};
    const fs::path out = dir / role;
    auto fail = [&](const std::string& what) {
        throw OutputError(fmt::format("{}: cannot write: {}{}{} (nothing was replaced)", out.string(), what,
                                      trap.first().empty() ? "" : ": ", trap.first()));
    };
    GDALDatasetUniquePtr ds(driver->Create(out.c_str(), 0, 0, 0, GDT_Unknown, const_cast<char**>(options)));
    if (!ds) fail("cannot create the tiles");
    OGRSpatialReference srs;
    srs.SetFromUserInput(city.crs.c_str());
    srs.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    const bool points = l.kind == GeomKind::Point;
    const OGRwkbGeometryType type = points ? wkbPoint : l.kind == GeomKind::Line ? wkbMultiLineString : wkbMultiPolygon;
    OGRLayer* layer = ds->CreateLayer(role.c_str(), &srs, type, nullptr);
    if (!layer) fail("cannot create the layer " + role);
    const auto population = l.numbers.find("population");
    if (points) {
        OGRFieldDefn pop("population", OFTReal);
        if (layer->CreateField(&pop) != OGRERR_NONE) fail("cannot create the field population");
    }
    for (std::size_t i = 0; i < l.size(); ++i) {
        OGRFeature f(layer->GetLayerDefn());
        if (points) {
            f.SetField("population", population != l.numbers.end() ? population->second[i] : 1.0);
            f.SetGeometryDirectly(new OGRPoint(l.x[i], l.y[i]));
        } else {
            if (!l.geoms[i]) continue;
            f.SetGeometryDirectly(to_ogr(l.geoms[i].get()).release());
        }
        if (layer->CreateFeature(&f) != OGRERR_NONE) fail("cannot write a feature of " + role);
    }
    ds.reset();  // the tiles are made on closing
    if (!trap.first().empty()) fail("cannot write the tiles");
}

void fill(const City& city, const Scorecard& card, const WebPackage& web, const fs::path& tmp) {
    export_districts(city, card, Catalog{}, tmp / "districts.geojson", {}, web.classes);
    for (const auto& role : web.point_roles) write_layer_geojson(city, role, tmp / (role + ".geojson"));
    if (web.residents_tiles) write_tiles(city, "residents", web, tmp);
    for (const auto& role : web.context_tiles) write_tiles(city, role, web, tmp);
    replace_file(tmp / "style.json", web.style_json);
    replace_file(tmp / "legend.json", web.legend_json);
    std::string title = web.title;
    for (const auto& [from, to] : {std::pair{"&", "&amp;"}, std::pair{"<", "&lt;"}})
        for (std::size_t at = 0; (at = title.find(from, at)) != std::string::npos; at += std::string(to).size())
            title.replace(at, 1, to);
    replace_file(tmp / "index.html", fmt::format(page, fmt::arg("title", title)));
    for (const char* f : {"maplibre-gl.js", "maplibre-gl.css"}) replace_file(tmp / f, slurp(web.maplibre_dist / f));
}

}  // namespace

fs::path default_maplibre_dist() {
    if (const char* env = std::getenv("HCGIS_MAPLIBRE_DIR"); env && *env) return env;
    return HCGIS_MAPLIBRE_DIST;
}

void write_web_package(const City& city, const Scorecard& card, const WebPackage& web, const fs::path& dir) {
    const fs::path target = fs::absolute(dir).lexically_normal();
    const fs::path parent = target.parent_path();
    std::string name = ".";  // built in steps: GCC 12 warns (-Wrestrict) on "." + s + "…"
    name += target.filename().string();
    name += ".hcgis-XXXXXX";
    std::string pattern = (parent / name).string();
    if (!::mkdtemp(pattern.data()))
        throw OutputError(fmt::format("{}: cannot create a folder beside it: {}", target.string(), std::strerror(errno)));
    const fs::path tmp = pattern;
    try {
        fs::permissions(tmp, fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec |
                                 fs::perms::others_read | fs::perms::others_exec);
        fill(city, card, web, tmp);
        std::error_code ec;
        if (fs::exists(target, ec)) {
            // Swapped in one step; the old folder, now at the temporary name, is removed after.
            if (::renameat2(AT_FDCWD, tmp.c_str(), AT_FDCWD, target.c_str(), RENAME_EXCHANGE) != 0)
                throw OutputError(fmt::format("{}: cannot replace: {} (nothing was replaced)", target.string(), std::strerror(errno)));
        } else if (::rename(tmp.c_str(), target.c_str()) != 0) {
            throw OutputError(fmt::format("{}: cannot write: {} (nothing was replaced)", target.string(), std::strerror(errno)));
        }
    } catch (const OutputError& e) {
        std::error_code ec;
        fs::remove_all(tmp, ec);
        // Named by the package's folder, not the temporary one the user never sees.
        std::string why = e.what();
        for (std::size_t at; (at = why.find(tmp.string())) != std::string::npos;) why.replace(at, tmp.string().size(), target.string());
        throw OutputError(why);
    } catch (...) {
        std::error_code ec;
        fs::remove_all(tmp, ec);
        throw;
    }
    std::error_code ec;
    fs::remove_all(tmp, ec);
}

}  // namespace hcgis::io
