#include "io/layer_styles.h"

#include "core/error.h"

#include <cpl_time.h>

#include <ctime>

namespace hcgis::io {

void write_layer_styles(GdalSink& sink, const std::vector<SavedStyle>& styles) {
    if (sink.geojson() || sink.postgis() || styles.empty()) return;
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
