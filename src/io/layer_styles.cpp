#include "io/layer_styles.h"

#include "core/error.h"

#include <cpl_time.h>

#include <fmt/format.h>

#include <ctime>

namespace hcgis::io {
namespace {

/// `s` as an SQL string literal (standard_conforming_strings, PostgreSQL's default since 9.1).
std::string literal(const std::string& s) {
    std::string out = "'";
    for (const char c : s) out += c == '\'' ? std::string("''") : std::string(1, c);
    return out + "'";
}

void sql(GdalSink& sink, const std::string& statement) {
    GDALDataset& ds = sink.dataset();
    CPLErrorReset();
    ds.ReleaseResultSet(ds.ExecuteSQL(statement.c_str(), nullptr, nullptr));
    if (CPLGetLastErrorType() >= CE_Failure) sink.fail("cannot write the table layer_styles");
}

/// PostGIS: public.layer_styles as QGIS creates it (QgsPostgresProvider's saveStyle), in the sink's
/// transaction; a style of the same table and name is replaced, and a default one makes the table's other
/// styles no longer default.
void write_pg_layer_styles(GdalSink& sink, const std::vector<SavedStyle>& styles) {
    sql(sink, "CREATE TABLE IF NOT EXISTS public.layer_styles(id SERIAL PRIMARY KEY, f_table_catalog varchar, "
              "f_table_schema varchar, f_table_name varchar, f_geometry_column varchar, styleName text, styleQML xml, "
              "styleSLD xml, useAsDefault boolean, description text, owner varchar(63) DEFAULT CURRENT_USER, ui xml, "
              "update_time timestamp DEFAULT CURRENT_TIMESTAMP, type varchar)");
    for (const SavedStyle& s : styles) {
        OGRLayer* styled = sink.dataset().GetLayerByName(s.layer.c_str());
        if (!styled) throw InternalError("a style for the table \"" + s.layer + "\", which was not written");
        const std::string where = fmt::format(
            "f_table_catalog = current_database() AND f_table_schema = current_schema() AND f_table_name = {} AND "
            "f_geometry_column = {}",
            literal(s.layer), literal(styled->GetGeometryColumn()));
        sql(sink, fmt::format("DELETE FROM public.layer_styles WHERE {} AND styleName = {}", where, literal(s.name)));
        if (s.use_as_default) sql(sink, "UPDATE public.layer_styles SET useAsDefault = false WHERE " + where);
        sql(sink, fmt::format("INSERT INTO public.layer_styles(f_table_catalog, f_table_schema, f_table_name, "
                              "f_geometry_column, styleName, styleQML, styleSLD, useAsDefault, description, owner, ui) "
                              "VALUES (current_database(), current_schema(), {}, {}, {}, XMLPARSE(DOCUMENT {}), {}, {}, {}, "
                              "'hcgis', NULL)",
                              literal(s.layer), literal(styled->GetGeometryColumn()), literal(s.name), literal(s.qml),
                              s.sld.empty() ? "NULL" : "XMLPARSE(DOCUMENT " + literal(s.sld) + ")",
                              s.use_as_default ? "true" : "false", literal(s.description)));
    }
}

}  // namespace

void write_layer_styles(GdalSink& sink, const std::vector<SavedStyle>& styles) {
    if (sink.geojson() || styles.empty()) return;
    if (sink.postgis()) return write_pg_layer_styles(sink, styles);
    GDALDataset& ds = sink.dataset();
    // An attribute table (registered in gpkg_contents), as QGIS creates it.
    OGRLayer* table = ds.CreateLayer("layer_styles", nullptr, wkbNone, nullptr);
    if (!table) sink.fail("cannot create the table layer_styles");
    for (const char* name : {"f_table_catalog", "f_table_schema", "f_table_name", "f_geometry_column", "styleName",
                             "styleQML", "styleSLD", "description", "owner", "ui"})
        sink.field(table, name, OFTString);
    sink.field(table, "useAsDefault", OFTInteger, OFSTBoolean);
    sink.field(table, "update_time", OFTDateTime);
    const GIntBig now = static_cast<GIntBig>(std::time(nullptr));
    struct tm utc {};
    CPLUnixTimeToYMDHMS(now, &utc);
    sink.begin();
    for (const SavedStyle& s : styles) {
        OGRLayer* styled = ds.GetLayerByName(s.layer.c_str());
        if (!styled) throw InternalError("a style for the layer \"" + s.layer + "\", which was not written");
        OGRFeature f(table->GetLayerDefn());
        f.SetField("f_table_catalog", "");
        f.SetField("f_table_schema", "");
        f.SetField("f_table_name", s.layer.c_str());
        f.SetField("f_geometry_column", styled->GetGeometryColumn());
        f.SetField("styleName", s.name.c_str());
        f.SetField("styleQML", s.qml.c_str());
        f.SetField("styleSLD", s.sld.c_str());
        f.SetField("description", s.description.c_str());
        f.SetField("owner", "hcgis");
        f.SetField("ui", "");
        f.SetField("useAsDefault", s.use_as_default ? 1 : 0);
        f.SetField("update_time", utc.tm_year + 1900, utc.tm_mon + 1, utc.tm_mday, utc.tm_hour, utc.tm_min,
                   static_cast<float>(utc.tm_sec), 100);
        sink.put(table, f);
    }
    sink.end(table, 0);
}

}  // namespace hcgis::io
