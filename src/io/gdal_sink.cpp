#include "io/gdal_sink.h"

#include "core/error.h"
#include "core/geos.h"
#include "io/crs.h"

#include <fmt/format.h>

#include <algorithm>
#include <vector>

namespace hcgis::io {
namespace {

std::string lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return s;
}

}  // namespace

GdalErrorTrap::GdalErrorTrap() { CPLPushErrorHandlerEx(&GdalErrorTrap::handle, this); }
GdalErrorTrap::~GdalErrorTrap() { CPLPopErrorHandler(); }

void CPL_STDCALL GdalErrorTrap::handle(CPLErr cls, CPLErrorNum, const char* msg) {
    auto* self = static_cast<GdalErrorTrap*>(CPLGetErrorHandlerUserData());
    if (cls >= CE_Failure && self->first_.empty()) self->first_ = msg && *msg ? msg : "GDAL reported a failure";
}

std::unique_ptr<OGRGeometry> to_ogr(const GEOSGeometry* g) {
    std::size_t size = 0;
    GEOSWKBWriter* w = GEOSWKBWriter_create_r(geos::ctx());
    unsigned char* wkb = w ? GEOSWKBWriter_write_r(geos::ctx(), w, g, &size) : nullptr;
    if (w) GEOSWKBWriter_destroy_r(geos::ctx(), w);
    if (!wkb) throw InternalError("cannot encode a geometry as WKB: " + geos::take_last_error());
    OGRGeometry* og = nullptr;
    const OGRErr err = OGRGeometryFactory::createFromWkb(wkb, nullptr, &og, size);
    GEOSFree_r(geos::ctx(), wkb);
    if (err != OGRERR_NONE || !og) throw InternalError("cannot convert a geometry from GEOS to OGR");
    return std::unique_ptr<OGRGeometry>(og);
}

GdalSink::GdalSink(AtomicOutputs& outs, std::size_t i) : outs_(outs), index_(i) {
    GDALAllRegister();
    const std::filesystem::path& out = outs.destination(i);
    const std::string ext = lower(out.extension().string());
    geojson_ = ext == ".geojson" || ext == ".json";
    xlsx_ = ext == ".xlsx";
    if (!geojson_ && !xlsx_ && ext != ".gpkg")
        throw OutputError(fmt::format("{}: unknown output format \"{}\" (expected .geojson, .gpkg or .xlsx)", out.string(), ext));
    const char* driver_name = geojson_ ? "GeoJSON" : xlsx_ ? "XLSX" : "GPKG";
    GDALDriver* driver = GetGDALDriverManager()->GetDriverByName(driver_name);
    if (!driver) throw InternalError(fmt::format("GDAL has no {} driver", driver_name));
    const std::string name = outs.gdal_name(i);
    ds_.reset(driver->Create(name.c_str(), 0, 0, 0, GDT_Unknown, nullptr));
    if (!ds_) fail("cannot create");
}

GdalSink::~GdalSink() = default;

OGRLayer* GdalSink::layer(const std::string& name, const City& city, OGRwkbGeometryType type, const std::string& id_field) {
    std::vector<const char*> lco;
    const std::string id_opt = "ID_FIELD=" + id_field;
    if (geojson_) {
        lco = {"RFC7946=YES", "COORDINATE_PRECISION=7", "WRITE_BBOX=NO"};
        if (!id_field.empty()) lco.push_back(id_opt.c_str());
    } else {
        lco.push_back("SPATIAL_INDEX=NO");  // built at the end by end()
    }
    lco.push_back(nullptr);
    if (xlsx_) {  // a sheet: no geometry, no CRS
        OGRLayer* sheet = ds_->CreateLayer(name.c_str(), nullptr, wkbNone, nullptr);
        if (!sheet) fail("cannot create the sheet " + name);
        return sheet;
    }
    OGRSpatialReference srs = make_srs(city.crs, outs_.destination(index_).string());
    OGRLayer* l = ds_->CreateLayer(name.c_str(), &srs, type, const_cast<char**>(lco.data()));
    if (!l) fail("cannot create the layer " + name);
    return l;
}

void GdalSink::field(OGRLayer* layer, const std::string& name, OGRFieldType type, OGRFieldSubType sub) {
    OGRFieldDefn f(name.c_str(), type);
    f.SetSubType(sub);
    if (layer->CreateField(&f) != OGRERR_NONE) fail(fmt::format("cannot create the field \"{}\"", name));
}

void GdalSink::put(OGRLayer* layer, OGRFeature& feature) {
    if (layer->CreateFeature(&feature) != OGRERR_NONE) fail("cannot write a feature");
}

void GdalSink::begin() {
    if (ds_->TestCapability(ODsCTransactions) && ds_->StartTransaction() != OGRERR_NONE) fail("cannot start a transaction");
}

void GdalSink::end(OGRLayer* layer, std::size_t features) {
    if (ds_->TestCapability(ODsCTransactions) && ds_->CommitTransaction() != OGRERR_NONE) fail("cannot commit");
    if (geojson_ || xlsx_ || features > 100'000) return;
    const std::string sql =
        fmt::format("SELECT CreateSpatialIndex('{}', '{}')", layer->GetName(), layer->GetGeometryColumn());
    ds_->ReleaseResultSet(ds_->ExecuteSQL(sql.c_str(), nullptr, nullptr));
    if (!trap_.first().empty()) fail("cannot index the layer " + std::string(layer->GetName()));
}

void GdalSink::close() {
    ds_.reset();
    outs_.check(index_, trap_.first());
}

void GdalSink::fail(const std::string& what) {
    ds_.reset();
    outs_.check(index_);  // the system's reason, when a write failed
    const std::string gdal = trap_.first().empty() ? std::string(CPLGetLastErrorMsg()) : trap_.first();
    outs_.fail(index_, gdal.empty() ? what : what + ": " + gdal);
}

}  // namespace hcgis::io
