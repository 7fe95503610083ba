// hcgis's map styles as QGIS layer styles (QML, the XML of a `.qml` file and of a GeoPackage's
// `layer_styles` table), so that a layer opens in QGIS drawn as hcgis draws it: the same classes, colours
// and legend labels. Text only (QtCore's XML writer); io stores it, render never writes files.
#pragma once

#include "render/choropleth.h"
#include "render/style.h"

#include <string>

namespace hcgis::render {

/// One class of a graduated renderer: values in [lower, upper] (QGIS gives a value on an edge to the
/// first range that holds it, as class_index() gives it to the lower class).
struct QmlRange {
    double lower = 0;
    double upper = 0;
    QColor colour;
    QString label;
};

/// The ranges that classify `t` as classify_districts() does, lowest first: the class edges of the style's
/// method, or for target classes fail / near / pass as bands around the target that do not overlap (each
/// starts one ulp past the previous one's end, so that a value on an edge falls where target_class() puts
/// it). The outer bands reach the data's extremes. Empty when no district has a value.
std::vector<QmlRange> qml_ranges(const Thematic& t);

/// Where districts are held against targets of their own (judged_per_district()): the classes 0 fail,
/// 1 near, 2 pass of attribute `<id>_class` as ranges (-0.5 – 0.5, 0.5 – 1.5, 1.5 – 2.5) in the map's
/// colours and legend labels. Empty otherwise, or when no district has a value.
std::vector<QmlRange> class_ranges(const Thematic& t);

/// QML of a graduated polygon renderer on attribute `field`: the ranges of qml_ranges(t), each a fill
/// in its class colour with the style's outline, labelled as the map's legend; where districts are held
/// against targets of their own, on `<field>_class` by class_ranges(t) instead. Districts without a value
/// (or unjudged) are not drawn by QGIS (a graduated renderer has no "else" class).
std::string graduated_qml(const Thematic& t, const std::string& field);

/// The same classes as an SLD 1.0 (OGC Styled Layer Descriptor) for other clients (GeoServer, QGIS's
/// styleSLD): a rule per range of graduated_qml(t, field), on the same attribute, filtered as QGIS draws
/// ranges (lower <= v <= upper), a polygon fill in its colour with the style's outline, titled by its
/// legend label; the named layer `layer`.
std::string graduated_sld(const Thematic& t, const std::string& field, const std::string& layer);

/// QML of the point layer `role` (toilets, fitness, clinics ...): categorised on attribute `field` by the
/// classes of categories(role), in their colours, shapes and labels, the unclassified symbol for other
/// values; a single marker for a role without classes.
std::string points_qml(const std::string& role, const std::string& field);

/// QML of the district boundaries alone (no fill), in the style's outline.
std::string outline_qml(const Style& style);

/// QML of coverage's catchments (attribute `kind`): the union filled in the style's catchment colour at its
/// transparency with a solid edge, as the map draws it; each facility's catchment as a thin outline.
std::string catchments_qml(const Style& style);

/// QML of coverage's residents: covered (attribute `covered` = 1) in the catchment colour, others grey.
std::string coverage_residents_qml(const Style& style);

/// QML of suggested sites of `facility`: a star in the facility's colour labelled with attribute `rank`.
std::string sites_qml(const std::string& facility);

}  // namespace hcgis::render
