#include "io/gdal_sink.h"

#include "core/error.h"
#include "core/geos.h"
#include "io/crs.h"
#include "io/source_path.h"

#include <fmt/format.h>

#include <algorithm>
#include <optional>
#include <vector>

namespace hcgis::io {
namespace {

/// GDAL's and libpq's messages may span lines: on one line, trimmed.
std::string one_line(const std::string& s) {
    std::string out;
    for (const char c : s) {
        const bool space = std::isspace(static_cast<unsigned char>(c)) != 0;
        if (space && (out.empty() || out.back() == ' ')) continue;
        out += space ? ' ' : c;
    }
    if (!out.empty() && out.back() == ' ') out.pop_back();
    return out;
}

}  // namespace

GdalErrorTrap::GdalErrorTrap() { CPLPushErrorHandlerEx(&GdalErrorTrap::handle, this); }
GdalErrorTrap::~GdalErrorTrap() { CPLPopErrorHandler(); }

void CPL_STDCALL GdalErrorTrap::handle(CPLErr cls, CPLErrorNum, const char* msg) {
    auto* self = static_cast<GdalErrorTrap*>(CPLGetErrorHandlerUserData());
    if (cls >= CE_Failure && self->first_.empty()) self->first_ = msg && *msg ? msg : "GDAL reported a failure";
}

std::unique_ptr<OGRGeometry> to_ogr(const GEOSGeometry* g) {
    const std::vector<unsigned char> wkb = geos::to_wkb(g);
    OGRGeometry* og = nullptr;
    const OGRErr err = OGRGeometryFactory::createFromWkb(wkb.data(), nullptr, &og, wkb.size());
    if (err != OGRERR_NONE || !og) throw InternalError("cannot convert a geometry from GEOS to OGR");
    return std::unique_ptr<OGRGeometry>(og);
}

GdalSink::GdalSink(AtomicOutputs& outs, std::size_t i) : outs_(&outs), index_(i) {
    GDALAllRegister();
    const std::filesystem::path& out = outs.destination(i);
    const std::string ext = detail::lower_ext(out);
    geojson_ = ext == ".geojson" || ext == ".json";
    xlsx_ = ext == ".xlsx";
    if (!geojson_ && !xlsx_ && ext != ".gpkg")
        throw OutputError(fmt::format("{}: unknown output format \"{}\" (expected .geojson, .gpkg or .xlsx)", out.string(), ext));
    const char* driver_name = geojson_ ? "GeoJSON" : xlsx_ ? "XLSX" : "GPKG";
    GDALDriver* driver = GetGDALDriverManager()->GetDriverByName(driver_name);
    if (!driver) throw InternalError(fmt::format("GDAL has no {} driver", driver_name));
    const std::string name = outs.gdal_name(i);
    // A GeoPackage is written into a temporary file that AtomicOutputs syncs before renaming it, and thrown
    // away on any failure: SQLite's own rollback journal on disk and its syncs at every commit guard
    // nothing here, and cost the coverage of the 1 M city 0.1 s at its end (a journal file made, synced and
    // removed for each of GDAL's metadata updates at close). The journal in memory, no syncs.
    // The thread's own values come back afterwards.
    std::optional<CPLConfigOptionSetter> journal, sync;
    if (!geojson_ && !xlsx_) {
        journal.emplace("OGR_SQLITE_JOURNAL", "MEMORY", false);
        sync.emplace("OGR_SQLITE_SYNCHRONOUS", "OFF", false);
    }
    ds_.reset(driver->Create(name.c_str(), 0, 0, 0, GDT_Unknown, nullptr));
    journal.reset();
    sync.reset();
    if (!ds_) fail("cannot create");
}

GdalSink::GdalSink(const PgTarget& pg) : pg_(&pg) {
    GDALAllRegister();
    const char* drivers[] = {"PostgreSQL", nullptr};
    ds_.reset(GDALDataset::Open(pg.connection.c_str(), GDAL_OF_VECTOR | GDAL_OF_UPDATE, drivers, nullptr, nullptr));
    if (!ds_) fail("cannot connect");
    if (ds_->StartTransaction() != OGRERR_NONE) fail("cannot start a transaction");
}

GdalSink::~GdalSink() {
    if (pg_ && ds_) ds_->RollbackTransaction();  // not committed: a failure on the way
}

OGRLayer* GdalSink::existing_table(const std::string& name) {
    table_ = name;
    CPLPushErrorHandler(CPLQuietErrorHandler);  // a table that does not exist is no failure
    OGRLayer* existing = ds_->GetLayerByName(name.c_str());
    CPLPopErrorHandler();
    CPLErrorReset();
    if (existing && pg_->existing == PgTarget::Existing::Refuse)
        fail("the table exists (--overwrite replaces it, --append adds to it)");
    return existing;
}

OGRLayer* GdalSink::pg_layer(const std::string& name, OGRSpatialReference srs, OGRwkbGeometryType type) {
    OGRLayer* existing = existing_table(name);
    if (existing && pg_->existing == PgTarget::Existing::Append) return existing;
    const char* lco[] = {"GEOMETRY_NAME=geom", "FID=fid", "SPATIAL_INDEX=GIST",
                         existing ? "OVERWRITE=YES" : nullptr, nullptr};
    OGRLayer* l = ds_->CreateLayer(name.c_str(), &srs, type, const_cast<char**>(lco));
    if (!l) fail("cannot create the table");
    return l;
}

OGRLayer* GdalSink::layer(const std::string& name, const City& city, OGRwkbGeometryType type, const std::string& id_field) {
    if (pg_) return pg_layer(name, make_srs(city.crs, pg_display(pg_->connection)), type);
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
    OGRSpatialReference srs = make_srs(city.crs, outs_->destination(index_).string());
    OGRLayer* l = ds_->CreateLayer(name.c_str(), &srs, type, const_cast<char**>(lco.data()));
    if (!l) fail("cannot create the layer " + name);
    return l;
}

void GdalSink::field(OGRLayer* layer, const std::string& name, OGRFieldType type, OGRFieldSubType sub) {
    if (pg_ && pg_->existing == PgTarget::Existing::Append && layer->GetLayerDefn()->GetFieldIndex(name.c_str()) >= 0)
        return;
    OGRFieldDefn f(name.c_str(), type);
    f.SetSubType(sub);
    if (layer->CreateField(&f) != OGRERR_NONE) fail(fmt::format("cannot create the field \"{}\"", name));
}

void GdalSink::fields(OGRLayer* layer, std::initializer_list<std::pair<const char*, OGRFieldType>> fields) {
    for (const auto& [name, type] : fields) field(layer, name, type);
}

void GdalSink::put(OGRLayer* layer, OGRFeature& feature) {
    if (layer->CreateFeature(&feature) != OGRERR_NONE) fail("cannot write a feature");
}

void GdalSink::begin() {
    if (pg_) return;
    if (ds_->TestCapability(ODsCTransactions) && ds_->StartTransaction() != OGRERR_NONE) fail("cannot start a transaction");
}

void GdalSink::end(OGRLayer* layer, std::size_t features) {
    if (pg_) {  // one transaction for the whole; the GiST index came with the table
        if (!trap_.first().empty()) fail("cannot write a feature");
        return;
    }
    if (ds_->TestCapability(ODsCTransactions) && ds_->CommitTransaction() != OGRERR_NONE) fail("cannot commit");
    if (geojson_ || xlsx_ || features > 100'000 || layer->GetGeomType() == wkbNone) return;
    const std::string sql =
        fmt::format("SELECT CreateSpatialIndex('{}', '{}')", layer->GetName(), layer->GetGeometryColumn());
    ds_->ReleaseResultSet(ds_->ExecuteSQL(sql.c_str(), nullptr, nullptr));
    if (!trap_.first().empty()) fail("cannot index the layer " + std::string(layer->GetName()));
}

void GdalSink::close() {
    if (pg_) {
        table_.clear();
        if (!trap_.first().empty() || ds_->CommitTransaction() != OGRERR_NONE) fail("cannot commit");
        ds_.reset();
        return;
    }
    ds_.reset();
    outs_->check(index_, trap_.first());
}

void GdalSink::fail(const std::string& what) {
    const std::string gdal = trap_.first().empty() ? std::string(CPLGetLastErrorMsg()) : trap_.first();
    const std::string why = gdal.empty() ? what : what + ": " + gdal;
    if (pg_) {
        if (ds_) ds_->RollbackTransaction();
        ds_.reset();
        const std::string table = table_.empty() ? "" : fmt::format(" table {}", table_);
        throw OutputError(fmt::format("PostgreSQL \"{}\"{}: cannot write: {} (nothing was written)",
                                      pg_display(pg_->connection), table, one_line(why)));
    }
    ds_.reset();
    outs_->check(index_);  // the system's reason, when a write failed
    outs_->fail(index_, why);
}

void check_pg_target(const PgTarget& pg, const std::vector<std::string>& tables) {
    GdalSink sink(pg);  // connects; the transaction is rolled back when it goes
    for (const auto& t : tables) sink.existing_table(t);
}

}  // namespace hcgis::io
