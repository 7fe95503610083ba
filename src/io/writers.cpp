#include "io/writers.h"

#include "io/crs.h"
#include "io/error.h"

#include <fmt/format.h>
#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <algorithm>

namespace hcgis::io {
namespace {

std::string lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return s;
}

void add_field(OGRLayer* layer, const std::string& name, OGRFieldType type, const std::string& file,
               OGRFieldSubType sub = OFSTNone) {
    OGRFieldDefn f(name.c_str(), type);
    f.SetSubType(sub);
    if (layer->CreateField(&f) != OGRERR_NONE)
        throw InputError(fmt::format("{}: cannot create field \"{}\": {}", file, name, CPLGetLastErrorMsg()));
}

}  // namespace

void export_districts(const City& city, const Scorecard& card, const Catalog& catalog,
                      const std::filesystem::path& out) {
    GDALAllRegister();
    const std::string file = out.string();
    const std::string ext = lower(out.extension().string());
    const bool geojson = ext == ".geojson" || ext == ".json";
    if (!geojson && ext != ".gpkg")
        throw InputError(fmt::format("{}: unknown output format \"{}\" (expected .geojson or .gpkg)", file, ext));

    GDALDriver* driver = GetGDALDriverManager()->GetDriverByName(geojson ? "GeoJSON" : "GPKG");
    if (!driver) throw InputError(fmt::format("{}: GDAL has no {} driver", file, geojson ? "GeoJSON" : "GPKG"));
    std::error_code ec;
    std::filesystem::remove(out, ec);
    GDALDatasetUniquePtr ds(driver->Create(file.c_str(), 0, 0, 0, GDT_Unknown, nullptr));
    if (!ds) throw InputError(fmt::format("{}: cannot create: {}", file, CPLGetLastErrorMsg()));

    const bool have_codes = std::all_of(city.districts.code.begin(), city.districts.code.end(),
                                        [](const std::string& c) { return !c.empty(); });
    std::vector<const char*> lco;
    if (geojson) {
        lco = {"RFC7946=YES", "COORDINATE_PRECISION=7", "WRITE_BBOX=NO"};
        if (have_codes) lco.push_back("ID_FIELD=code");
    }
    lco.push_back(nullptr);
    OGRSpatialReference srs = make_srs(city.crs, file);
    OGRLayer* layer = ds->CreateLayer("districts", &srs, wkbMultiPolygon, const_cast<char**>(lco.data()));
    if (!layer) throw InputError(fmt::format("{}: cannot create layer: {}", file, CPLGetLastErrorMsg()));

    add_field(layer, "name", OFTString, file);
    add_field(layer, "code", OFTString, file);
    add_field(layer, "population", OFTReal, file);
    for (const auto& id : card.ids) {
        add_field(layer, id, OFTReal, file);
        add_field(layer, id + "_target", OFTReal, file);
        add_field(layer, id + "_pass", OFTInteger, file, OFSTBoolean);
        add_field(layer, id + "_gap", OFTString, file);
    }
    (void)catalog;  // targets and gaps are already in the scorecard; names stay in the catalog

    for (std::size_t d = 0; d < city.districts.size(); ++d) {
        OGRFeature feature(layer->GetLayerDefn());
        const AreaResult& area = card.districts[d];
        feature.SetField("name", area.name.c_str());
        if (!area.code.empty()) feature.SetField("code", area.code.c_str());
        if (city.districts.population[d]) feature.SetField("population", *city.districts.population[d]);
        for (const auto& id : card.ids) {
            auto it = area.values.find(id);
            if (it == area.values.end()) continue;
            const Value& v = it->second;
            if (v.value) feature.SetField(id.c_str(), *v.value);
            else feature.SetFieldNull(feature.GetFieldIndex(id.c_str()));
            if (v.target) feature.SetField((id + "_target").c_str(), *v.target);
            if (v.pass) feature.SetField((id + "_pass").c_str(), *v.pass ? 1 : 0);
            if (v.gap) feature.SetField((id + "_gap").c_str(), v.gap->text.c_str());
        }
        // GEOS -> WKB -> OGR, promoted to MultiPolygon so every feature has the layer's type.
        const GEOSGeometry* g = city.districts.geom[d].get();
        std::size_t size = 0;
        GEOSWKBWriter* w = GEOSWKBWriter_create_r(geos::ctx());
        unsigned char* wkb = GEOSWKBWriter_write_r(geos::ctx(), w, g, &size);
        GEOSWKBWriter_destroy_r(geos::ctx(), w);
        if (!wkb) throw InputError(fmt::format("{}: cannot encode district \"{}\"", file, area.name));
        OGRGeometry* og = nullptr;
        const OGRErr err = OGRGeometryFactory::createFromWkb(wkb, nullptr, &og, size);
        GEOSFree_r(geos::ctx(), wkb);
        if (err != OGRERR_NONE || !og) throw InputError(fmt::format("{}: cannot convert district \"{}\"", file, area.name));
        feature.SetGeometryDirectly(OGRGeometryFactory::forceToMultiPolygon(og));
        if (layer->CreateFeature(&feature) != OGRERR_NONE)
            throw InputError(fmt::format("{}: cannot write district \"{}\": {}", file, area.name, CPLGetLastErrorMsg()));
    }
    // GDAL 3.6 reports errors of the final flush only through CPLGetLastErrorType.
    CPLErrorReset();
    ds.reset();
    if (CPLGetLastErrorType() >= CE_Failure)
        throw InputError(fmt::format("{}: cannot finish writing: {}", file, CPLGetLastErrorMsg()));
}

}  // namespace hcgis::io
