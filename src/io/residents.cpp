#include "io/residents.h"

#include "io/crs.h"
#include "io/error.h"
#include "io/layer_crs.h"
#include "io/source.h"
#include "io/source_path.h"

#include <fmt/format.h>
#include <gdal_priv.h>

#include <cmath>
#include <cstdint>
#include <system_error>

namespace hcgis::io::detail {
namespace {

/// The raster behind `spec`, or null when it is no raster (quietly: it is then read as vector data).
GDALDatasetUniquePtr open_raster(const LayerSpec& spec) {
    const std::string path = spec.source.string();
    if (path.starts_with("PG:") || lower_ext(path) == ".zip") return nullptr;
    register_drivers();
    CPLPushErrorHandler(CPLQuietErrorHandler);
    GDALDatasetUniquePtr ds(GDALDataset::Open(path.c_str(), GDAL_OF_RASTER | GDAL_OF_READONLY));
    CPLPopErrorHandler();
    CPLErrorReset();
    if (ds && ds->GetRasterCount() == 0) ds.reset();
    return ds;
}

}  // namespace

std::future<bool> probe_raster(const LayerSpec& spec) {
    register_drivers();  // here, not on two threads at once
    auto probe = [spec] { return open_raster(spec) != nullptr; };
    try {
        return std::async(std::launch::async, probe);
    } catch (const std::system_error&) {  // no thread to be had: probed when asked
        return std::async(std::launch::deferred, probe);
    }
}

ResidentsForm residents_form(const LayerSpec& spec, std::vector<std::string>* warnings, std::optional<Source>& opened,
                             DatasetCache* cache, std::future<bool>* raster) {
    opened.reset();
    if (raster && raster->valid() ? raster->get() : open_raster(spec) != nullptr) return ResidentsForm::Raster;
    Source& s = opened.emplace(open_source(spec, warnings, cache));
    OGRwkbGeometryType t = wkbFlatten(s.layer->GetGeomType());
    if (t == wkbUnknown || t == wkbGeometryCollection) {
        s.layer->ResetReading();
        for (auto& f : *s.layer)
            if (const OGRGeometry* g = f->GetGeometryRef(); g && !g->IsEmpty()) {
                t = wkbFlatten(g->getGeometryType());
                break;
            }
    }
    return t == wkbPolygon || t == wkbMultiPolygon ? ResidentsForm::Polygons : ResidentsForm::Points;
}

const RoleSpec& residents_polygon_role() {
    static const RoleSpec role = {"residents", GeomKind::Polygon,
                                  {{"population", FieldType::Number}, {"elderly", FieldType::Number},
                                   {"name", FieldType::Text}}};
    return role;
}

SpreadOptions spread_options(const LayerSpec& spec, bool raster) {
    SpreadOptions o;
    o.cell_m = raster ? 0.0 : spec.spread_cell_m;
    const std::string& by = spec.spread_by;
    o.by = raster || by == "area" ? SpreadBy::Area
           : by == "buildings"    ? SpreadBy::Buildings
           : by == "builtup"      ? SpreadBy::Builtup
           : by == "roads"        ? SpreadBy::Roads
                                  : SpreadBy::Auto;
    return o;
}

SpreadWeights spread_weights(const City& city) {
    SpreadWeights w;
    w.buildings = city.layer("buildings");
    w.builtup = city.layer("builtup");
    w.roads = city.layer("roads");
    w.exclude_highway = city.walk_exclude_highway;
    return w;
}

PopulationUnits polygon_units(Layer& polygons) {
    PopulationUnits u;
    u.source = polygons.source;
    u.geom = std::move(polygons.geoms);
    u.fid = polygons.fid;
    auto pop = polygons.numbers.find("population");
    if (pop == polygons.numbers.end())
        throw InputError(fmt::format("{}: a residents layer of polygons needs its population: map it with "
                                     "\"fields\": {{\"population\": \"<field>\"}}",
                                     polygons.source));
    u.population = pop->second;
    if (auto e = polygons.numbers.find("elderly"); e != polygons.numbers.end())
        for (double v : e->second) u.elderly.emplace_back(v);
    if (auto n = polygons.texts.find("name"); n != polygons.texts.end()) u.name = n->second;
    return u;
}

PopulationUnits raster_units(const LayerSpec& spec, const OGRSpatialReference& working, OGRSpatialReference& from,
                             PopulationAccount& account) {
    GDALDatasetUniquePtr ds = open_raster(spec);
    const std::string label = spec.source.string();
    if (!ds) throw InputError(fmt::format("residents: {}: cannot open as a raster", label));
    if (!spec.fields.empty() || !spec.where.empty() || !spec.layer.empty() || !spec.values.empty())
        throw InputError(fmt::format("{}: a raster's cells are the population: \"fields\", \"where\", \"layer\" and "
                                     "\"values\" do not apply to it (\"band\" picks the band)",
                                     label));
    if (spec.band > ds->GetRasterCount())
        throw InputError(fmt::format("{}: band {} does not exist (the raster has {})", label, spec.band,
                                     ds->GetRasterCount()));
    if (!spec.crs.empty()) {
        from = make_srs(spec.crs, label);
    } else {
        const OGRSpatialReference* srs = ds->GetSpatialRef();
        if (!srs) throw InputError(fmt::format("{}: has no CRS; declare it with \"crs\" on the layer in the project file", label));
        from = *srs;
        from.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    }
    double gt[6];
    if (ds->GetGeoTransform(gt) != CE_None)
        throw InputError(fmt::format("{}: has no geotransform (where its cells lie is unknown)", label));
    GDALRasterBand* band = ds->GetRasterBand(spec.band);
    int has_nodata = 0;
    const double nodata = band->GetNoDataValue(&has_nodata);
    const int w = ds->GetRasterXSize(), h = ds->GetRasterYSize();

    // Every cell corner in the working CRS, in one batched transform.
    const std::size_t cw = static_cast<std::size_t>(w) + 1;
    std::vector<double> cx, cy;
    cx.reserve(cw * (h + 1));
    cy.reserve(cw * (h + 1));
    for (int r = 0; r <= h; ++r)
        for (int c = 0; c <= w; ++c) {
            cx.push_back(gt[0] + c * gt[1] + r * gt[2]);
            cy.push_back(gt[3] + c * gt[4] + r * gt[5]);
        }
    TransformPtr ct = make_transform(from, working, label);
    std::vector<int> ok(cx.size(), 1);
    if (!ct->Transform(static_cast<int>(cx.size()), cx.data(), cy.data(), nullptr, ok.data()))
        throw InputError(fmt::format("{}: its cells cannot be transformed to the working CRS", label));

    PopulationUnits u;
    u.source = label;
    std::vector<double> row(static_cast<std::size_t>(w));
    // A mask or alpha band (a masked GeoTIFF, a PNG's alpha) says where there is no data as well as the
    // nodata value does: cells it masks out are nodata too.
    const int mask_flags = band->GetMaskFlags();
    GDALRasterBand* mask = (mask_flags & (GMF_ALL_VALID | GMF_NODATA)) == 0 ? band->GetMaskBand() : nullptr;
    std::vector<std::uint8_t> valid(static_cast<std::size_t>(w), 255);
    for (int r = 0; r < h; ++r) {
        if (band->RasterIO(GF_Read, 0, r, w, 1, row.data(), w, 1, GDT_Float64, 0, 0) != CE_None)
            throw InputError(fmt::format("{}: cannot read row {}: {}", label, r, gdal_error()));
        if (mask && mask->RasterIO(GF_Read, 0, r, w, 1, valid.data(), w, 1, GDT_Byte, 0, 0) != CE_None)
            throw InputError(fmt::format("{}: cannot read the mask of row {}: {}", label, r, gdal_error()));
        for (int c = 0; c < w; ++c) {
            const double v = row[static_cast<std::size_t>(c)];
            if ((has_nodata && v == nodata) || std::isnan(v) || valid[static_cast<std::size_t>(c)] == 0) {
                ++account.nodata;
                continue;
            }
            if (!std::isfinite(v) || v < 0)
                throw InputError(fmt::format("{}: cell (row {}, column {}): population {} is not a count ≥ 0", label,
                                             r, c, v));
            if (v == 0) {  // counted, never made a polygon: most of a national grid is empty
                ++account.zero;
                continue;
            }
            const std::size_t k[4] = {r * cw + c, r * cw + c + 1, (r + 1) * cw + c + 1, (r + 1) * cw + c};
            std::vector<geos::XY> ring;
            for (std::size_t i : k) {
                if (!ok[i] || !std::isfinite(cx[i]) || !std::isfinite(cy[i]))
                    throw InputError(fmt::format("{}: cell (row {}, column {}) cannot be transformed to the working CRS",
                                                 label, r, c));
                ring.push_back({cx[i], cy[i]});
            }
            ring.push_back(ring.front());
            u.geom.push_back(geos::make_polygon(ring));
            u.population.push_back(v);
            u.fid.push_back(static_cast<std::int64_t>(r) * w + c);
            u.name.push_back(fmt::format("cell (row {}, column {})", r, c));
        }
    }
    return u;
}

}  // namespace hcgis::io::detail
