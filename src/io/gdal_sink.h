// One GDAL vector dataset being written for an output of io/output.h: created in the output's temporary
// file through the checked file system, every call's result checked, GDAL's messages kept instead of
// printed, and any failure thrown as one OutputError naming the destination and the reason.
#pragma once

#include "core/city.h"
#include "io/output.h"
#include "io/pg_target.h"

#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <memory>
#include <string>

namespace hcgis::io {

/// GDAL's failures while it is alive, kept instead of printed (this thread only): the first one is the
/// reason a write failed.
class GdalErrorTrap {
public:
    GdalErrorTrap();
    ~GdalErrorTrap();
    GdalErrorTrap(const GdalErrorTrap&) = delete;
    GdalErrorTrap& operator=(const GdalErrorTrap&) = delete;
    /// The first failure's message, "" if none.
    const std::string& first() const { return first_; }

    /// While it lives, GDAL's failures on the thread that made it go to `trap` too: for a dataset used from
    /// another thread than the one that opened it (one thread at a time).
    class OnThread {
    public:
        explicit OnThread(GdalErrorTrap& trap) { CPLPushErrorHandlerEx(&GdalErrorTrap::handle, &trap); }
        ~OnThread() { CPLPopErrorHandler(); }
        OnThread(const OnThread&) = delete;
        OnThread& operator=(const OnThread&) = delete;
    };

private:
    static void CPL_STDCALL handle(CPLErr cls, CPLErrorNum, const char* msg);
    std::string first_;
};

/// Owned OGR geometry of `g` (GEOS -> WKB -> OGR). Throws InternalError when it cannot be converted.
std::unique_ptr<OGRGeometry> to_ogr(const GEOSGeometry* g);

class GdalSink {
public:
    /// Creates a GeoJSON (RFC 7946; destination .geojson or .json), GeoPackage (.gpkg) or Excel (.xlsx, a
    /// sheet per layer) dataset for destination `i` of `outs`. Throws OutputError for another extension or
    /// when it cannot be created.
    GdalSink(AtomicOutputs& outs, std::size_t i);
    /// Opens the PostgreSQL database of `pg` for writing and starts the one transaction every layer is
    /// written in (close() commits it; a failure rolls it back). Throws OutputError naming the connection
    /// without its password.
    explicit GdalSink(const PgTarget& pg);
    ~GdalSink();
    GdalSink(const GdalSink&) = delete;
    GdalSink& operator=(const GdalSink&) = delete;

    bool geojson() const { return geojson_; }
    bool postgis() const { return pg_ != nullptr; }
    GDALDataset& dataset() { return *ds_; }
    /// The sink's trap, for GdalErrorTrap::OnThread.
    GdalErrorTrap& trap() { return trap_; }

    /// A layer in the working CRS of `city` (GeoJSON: RFC 7946, so GDAL writes WGS 84 with 7 decimals and
    /// `id_field`, if given, as the feature id). A GeoPackage layer gets its R-tree from end(). PostGIS: a
    /// table with the CRS's SRID and a GiST index; one that exists is refused (OutputError), replaced or
    /// appended to as the target says. In a
    /// workbook a sheet without geometry (`city` and `type` unused).
    OGRLayer* layer(const std::string& name, const City& city, OGRwkbGeometryType type, const std::string& id_field = {});
    /// PostGIS: the table `name` if it exists, else nullptr; one that exists is refused (OutputError) unless
    /// the target overwrites or appends.
    OGRLayer* existing_table(const std::string& name);
    /// Adds a field (an appended PostGIS table keeps a field it has).
    void field(OGRLayer* layer, const std::string& name, OGRFieldType type, OGRFieldSubType sub = OFSTNone);
    /// A field a row of `fields` (name, type), in order; booleans go through field().
    void fields(OGRLayer* layer, std::initializer_list<std::pair<const char*, OGRFieldType>> fields);
    void put(OGRLayer* layer, OGRFeature& feature);

    /// A transaction around many features, where the driver has them (PostGIS: the sink's own, already open).
    void begin();
    /// Commits, then gives a GeoPackage layer with geometries of at most 100,000 features its R-tree in one statement
    /// (SQLite's R-tree takes about 10 s per million entries; hcgis indexes big layers itself on reading).
    void end(OGRLayer* layer, std::size_t features);

    /// Closes the dataset and checks that all of it reached the temporary file (PostGIS: commits). Throws
    /// OutputError.
    void close();

    /// Throws OutputError for this destination: the system's reason when a write failed, else `what` with
    /// GDAL's message. PostGIS: rolls back first, so nothing is written.
    [[noreturn]] void fail(const std::string& what);

private:
    OGRLayer* pg_layer(const std::string& name, OGRSpatialReference srs, OGRwkbGeometryType type);

    AtomicOutputs* outs_ = nullptr;
    std::size_t index_ = 0;
    const PgTarget* pg_ = nullptr;
    std::string table_;  // the PostGIS table being written, for messages
    GdalErrorTrap trap_;
    GDALDatasetUniquePtr ds_;
    bool geojson_ = false;
    bool xlsx_ = false;
};

/// Connects to `pg` and refuses, before any work, a table of `tables` that exists when the target neither
/// overwrites nor appends. Writes nothing. Throws OutputError naming the connection (no password).
void check_pg_target(const PgTarget& pg, const std::vector<std::string>& tables);

}  // namespace hcgis::io
