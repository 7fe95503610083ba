// Writing results for other systems: the districts with every indicator as attributes.
#pragma once

#include "core/catalog.h"
#include "core/city.h"
#include "core/coverage_map.h"
#include "core/sites/suggest.h"
#include "core/scorecard.h"
#include "io/layer_styles.h"
#include "io/output.h"
#include "io/pg_target.h"

#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace hcgis::io {

/// Per indicator id, each district's class against its own target as the map colours it (0 fail, 1 near,
/// 2 pass; nullopt unjudged), written as the attribute `<id>_class` that QGIS's and MapLibre's styles
/// colour by where districts' targets differ. Made by render (render::target_classes), stored by io.
using DistrictClasses = std::map<std::string, std::vector<std::optional<int>>>;

/// Writes one feature per district carrying name, code, population and, for every indicator id,
/// `<id>` (null where not computed), `<id>_target`, `<id>_pass` and `<id>_gap`, and `<id>_class` for the
/// indicators of `classes`.
/// `.geojson`/`.json`: RFC 7946 through GDAL (WGS 84 lon/lat, counter-clockwise exterior rings, no `crs`
/// member, 7 decimals, the district code as the feature id). `.gpkg`: GeoPackage in the working CRS.
/// A GeoPackage also carries `styles` (io/layer_styles.h) for its layers. Replaces `out` atomically (io/output.h). Throws OutputError when it cannot be written or the extension is
/// unknown; the old file, if any, is then as it was.
void export_districts(const City& city, const Scorecard& card, const Catalog& catalog,
                      const std::filesystem::path& out, const std::vector<SavedStyle>& styles = {},
                      const DistrictClasses& classes = {});

/// The same into destination `i` of `outs`, which the caller commits (with the files written beside it).
void export_districts(AtomicOutputs& outs, std::size_t i, const City& city, const Scorecard& card,
                      const std::vector<SavedStyle>& styles = {}, const DistrictClasses& classes = {});

/// The same districts into the PostGIS table `pg.table` (working CRS with its SRID, GiST index), in one
/// transaction: a failure leaves the database as it was. Throws OutputError naming the connection
/// (without its password) and the table.
/// `styles` (their layer the table) go to public.layer_styles in the same transaction, so that QGIS opens
/// the table styled.
void export_districts(const City& city, const Scorecard& card, const PgTarget& pg, const std::vector<SavedStyle>& styles = {},
                      const DistrictClasses& classes = {});

/// The report's data into PostGIS in one transaction: the districts with every indicator as table
/// `pg.table` (as export_districts, with `styles`), the whole area's scorecard as `<table>_total` (a row
/// per indicator: id, name, unit, value, target, pass, gap, plan, responsible), the responsible units'
/// task list as `<table>_tasks` and the accounting of the layers as `<table>_layers`. Throws OutputError;
/// the database is then as it was.
void write_indicators(const City& city, const Scorecard& card, const Catalog& catalog, const PgTarget& pg,
                      const std::vector<SavedStyle>& styles = {}, const DistrictClasses& classes = {});

/// The tables write_indicators writes, in order.
std::vector<std::string> indicator_tables(const std::string& table);

/// A coverage map: layer "catchments" (one polygon per facility, kind "facility", and their union,
/// kind "union") and layer "residents" (every resident point with resident_fid, population, walk_m,
/// facility_fid and covered; the two fids 32-bit integers when every fid fits in one, else 64-bit). A
/// GeoPackage holds both layers, in the working CRS; GeoJSON (RFC 7946) holds one layer a file, so the
/// residents go to `<stem>-residents.geojson` beside `out` (coverage_files(out), replaced together or not
/// at all). In PostGIS the catchments are table `pg.table`, the residents `<pg.table>_residents`, both in
/// one transaction. Written in two steps: the residents as soon as they are known
/// (CoverageOptions::residents_ready), while the catchments are still being computed, then the
/// catchments. The steps may run on another thread than the one that made the writer, one thread at a
/// time, residents() before finish(). Nothing is replaced until finish() returns; a writer destroyed
/// before that leaves every destination as it was. Every step throws OutputError.
class CoverageWriter {
public:
    /// Creates the files of coverage_files(out) (temporary until finish()) and the catchments layer.
    CoverageWriter(const City& city, const std::filesystem::path& out, std::vector<SavedStyle> styles = {});
    /// Opens the database of `pg` and creates the table `pg.table`, in one transaction that finish() commits.
    CoverageWriter(const City& city, const PgTarget& pg, std::vector<SavedStyle> styles = {});
    ~CoverageWriter();
    CoverageWriter(const CoverageWriter&) = delete;
    CoverageWriter& operator=(const CoverageWriter&) = delete;

    /// Writes the residents layer from `map.facility` and `map.residents`.
    void residents(const CoverageMap& map);
    /// Writes the facilities' catchments from `map.catchment` (optional: finish() writes them if this was
    /// not called), after residents().
    void catchments(const CoverageMap& map);
    /// Writes the catchments (unless catchments() did) and their union, then the styles, and replaces the
    /// destinations (PostGIS: commits). Returns the files written (coverage_files(out); none for PostGIS).
    std::vector<std::filesystem::path> finish(const CoverageMap& map);

private:
    struct Sinks;
    const City& city_;
    std::vector<SavedStyle> styles_;
    std::vector<std::filesystem::path> files_;
    std::unique_ptr<Sinks> s_;
};

/// The tables a CoverageWriter for PostGIS writes: the catchments `table` and the residents
/// `<table>_residents`.
std::vector<std::string> coverage_tables(const std::string& table);

/// The files a CoverageWriter for `out` writes: `out`, and for GeoJSON its `-residents` sidecar.
std::vector<std::filesystem::path> coverage_files(const std::filesystem::path& out);

/// Writes suggested sites as points (GeoJSON RFC 7946 or GeoPackage) with rank, district,
/// new_residents_covered, coverage_after, nearest_existing_m and a one-line Chinese explanation, in the layer
/// suggested_<facility>; a GeoPackage also carries `styles`, and is a scenario too (io/scenario_file.h:
/// the sites in proposed_<facility> and the hcgis_scenario table), so the viewer and --scenario open it.
void write_suggestions(const City& city, const sites::SuggestResult& result, const std::filesystem::path& out,
                       const std::vector<SavedStyle>& styles = {});

/// The same sites into the PostGIS table `pg.table`, in one transaction. Throws OutputError.
void write_suggestions(const City& city, const sites::SuggestResult& result, const PgTarget& pg,
                       const std::vector<SavedStyle>& styles = {});

/// Writes layer `role` of `city` (which must have it) with the fields of its numbers and texts to the
/// GeoJSON file `out` (RFC 7946), replacing it atomically. Throws OutputError.
void write_layer_geojson(const City& city, const std::string& role, const std::filesystem::path& out);

/// Writes every layer of `city` (already in its working CRS) into the GeoPackage `dir`/city.gpkg, one
/// layer per role with the fields of its numbers and texts, and the project file `dir`/project.json
/// that maps them, both replaced together; the GeoPackage carries `styles`. Returns the project file's path.
/// Throws OutputError.
std::filesystem::path write_city(const City& city, const std::filesystem::path& dir,
                                 const std::vector<SavedStyle>& styles = {});

}  // namespace hcgis::io
