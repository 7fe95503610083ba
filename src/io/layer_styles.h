// QGIS layer styles stored in a GeoPackage: the `layer_styles` table QGIS reads when it opens a layer
// (and writes on "Save as default"), so that a layer hcgis wrote opens drawn as hcgis's map draws it.
#pragma once

#include "io/gdal_sink.h"

#include <string>
#include <vector>

namespace hcgis::io {

/// The style of one layer as text made elsewhere (render's QML); io stores it without reading it.
struct SavedStyle {
    std::string layer;        // the table it styles
    std::string name;         // styleName, shown in QGIS's style list
    std::string qml;          // styleQML
    std::string sld;          // styleSLD, may be empty
    std::string description;
    bool use_as_default = true;  // QGIS opens the layer in the default style
};

/// Writes `styles` into the GeoPackage of `sink` as the table layer_styles with QGIS's columns
/// (f_table_catalog '', f_table_schema '', f_table_name, f_geometry_column, styleName, styleQML, styleSLD,
/// useAsDefault, description, owner, ui, update_time) in one transaction. Each style's layer must already
/// be in the dataset. PostGIS: the table public.layer_styles as QGIS creates it in a database (created if
/// missing; catalog and schema the database's and the current one), in the sink's transaction, replacing a
/// style of the same table and name. Does nothing for GeoJSON or when `styles` is empty. Throws OutputError.
void write_layer_styles(GdalSink& sink, const std::vector<SavedStyle>& styles);

}  // namespace hcgis::io
