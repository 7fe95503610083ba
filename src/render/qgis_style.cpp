#include "render/qgis_style.h"

#include "render/classify.h"
#include "render/symbols.h"

#include <QXmlStreamWriter>

#include <algorithm>
#include <initializer_list>
#include <cmath>
#include <limits>
#include <utility>
#include <vector>

namespace hcgis::render {
namespace {

/// QGIS's colour text: "r,g,b,a".
QString rgba(const QColor& c) { return QString("%1,%2,%3,%4").arg(c.red()).arg(c.green()).arg(c.blue()).arg(c.alpha()); }

/// A double that reads back as the same double.
QString exact(double v) { return QString::number(v, 'g', 17); }

using Props = std::vector<std::pair<QString, QString>>;

/// Writes each of `attrs` on the element just started.
void attributes(QXmlStreamWriter& xml, std::initializer_list<std::pair<const char*, const char*>> attrs) {
    for (const auto& [k, v] : attrs) xml.writeAttribute(k, v);
}

/// A QML document being written: the <qgis> element open, closed by text().
class Qml {
public:
    explicit Qml(bool labels = false) : xml_(&text_) {
        xml_.setAutoFormatting(true);
        xml_.writeStartDocument();
        xml_.writeDTD("<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>");
        xml_.writeStartElement("qgis");
        xml_.writeAttribute("version", "3.22.0");
        xml_.writeAttribute("styleCategories", "Symbology|Labeling");
        xml_.writeAttribute("labelsEnabled", labels ? "1" : "0");
    }
    QXmlStreamWriter& xml() { return xml_; }

    void start_renderer(const char* type, const QString& attr = {}) {
        xml_.writeStartElement("renderer-v2");
        xml_.writeAttribute("type", type);
        if (!attr.isEmpty()) xml_.writeAttribute("attr", attr);
        xml_.writeAttribute("symbollevels", "0");
        xml_.writeAttribute("forceraster", "0");
        xml_.writeAttribute("enableorderby", "0");
    }

    /// A symbol of one layer: `kind` fill, marker or line; `cls` SimpleFill, SimpleMarker or SimpleLine.
    void symbol(const QString& name, const char* kind, const char* cls, const Props& props) {
        xml_.writeStartElement("symbol");
        xml_.writeAttribute("type", kind);
        xml_.writeAttribute("name", name);
        xml_.writeAttribute("alpha", "1");
        xml_.writeAttribute("clip_to_extent", "1");
        xml_.writeAttribute("force_rhr", "0");
        xml_.writeStartElement("layer");
        xml_.writeAttribute("class", cls);
        xml_.writeAttribute("pass", "0");
        xml_.writeAttribute("locked", "0");
        xml_.writeAttribute("enabled", "1");
        xml_.writeStartElement("Option");
        xml_.writeAttribute("type", "Map");
        for (const auto& [k, v] : props) {
            xml_.writeEmptyElement("Option");
            xml_.writeAttribute("type", "QString");
            xml_.writeAttribute("name", k);
            xml_.writeAttribute("value", v);
        }
        xml_.writeEndElement();  // Option
        xml_.writeEndElement();  // layer
        xml_.writeEndElement();  // symbol
    }

    std::string text() {
        xml_.writeEndDocument();  // closes every open element
        return text_.toStdString();
    }

private:
    QString text_;
    QXmlStreamWriter xml_;
};

Props fill(const QColor& colour, const QColor& outline, double outline_mm, bool filled = true) {
    return {{"color", rgba(colour)},
            {"style", filled ? "solid" : "no"},
            {"outline_color", rgba(outline)},
            {"outline_style", "solid"},
            {"outline_width", exact(outline_mm)},
            {"outline_width_unit", "MM"},
            {"joinstyle", "bevel"}};
}

Props marker(const QColor& colour, const char* shape, double size_mm) {
    return {{"name", shape},
            {"color", rgba(colour)},
            {"outline_color", "255,255,255,255"},
            {"outline_style", "solid"},
            {"outline_width", "0.2"},
            {"outline_width_unit", "MM"},
            {"size", exact(size_mm)},
            {"size_unit", "MM"}};
}

/// A category of a categorised renderer; `value` "" is QGIS's "all other values".
void category(QXmlStreamWriter& xml, const QString& value, const QString& symbol, const QString& label) {
    xml.writeEmptyElement("category");
    xml.writeAttribute("render", "true");
    xml.writeAttribute("value", value);
    xml.writeAttribute("symbol", symbol);
    xml.writeAttribute("label", label);
}

/// One category of categorised(): its value, legend label and symbol.
struct Class {
    QString value;
    QString label;
    const char* kind;  // fill or marker
    const char* cls;   // SimpleFill or SimpleMarker
    Props props;
};

/// QML of a renderer categorised on `attr`, one category per class in order.
std::string categorised(const QString& attr, const std::vector<Class>& classes) {
    Qml q;
    auto& xml = q.xml();
    q.start_renderer("categorizedSymbol", attr);
    xml.writeStartElement("categories");
    for (std::size_t k = 0; k < classes.size(); ++k) category(xml, classes[k].value, QString::number(k), classes[k].label);
    xml.writeEndElement();
    xml.writeStartElement("symbols");
    for (std::size_t k = 0; k < classes.size(); ++k) q.symbol(QString::number(k), classes[k].kind, classes[k].cls, classes[k].props);
    xml.writeEndElement();
    return q.text();
}

constexpr double point_mm = 1.8;  // MapRenderer's facility symbols

/// Target classes as ranges: the bands of target_class(), lowest value first.
std::vector<QmlRange> target_ranges(const Thematic& t, const std::vector<QColor>& colours,
                                    const std::vector<QString>& labels, double lo, double hi) {
    const double target = *t.target;
    const double eps = 1e-9 * std::max(1.0, std::abs(target));
    const double down = -std::numeric_limits<double>::infinity();
    std::vector<double> cuts;  // the inner edges, ascending; the class above a cut starts just past it
    std::vector<int> classes;  // target_class() of each band, lowest first
    if (t.at_least) {
        // Pass is v >= target - eps: the band below ends one ulp short of it, and so does fail below near.
        cuts = {std::nextafter(target * (1 - t.style.near) - eps, down), std::nextafter(target - eps, down)};
        classes = {0, 1, 2};
    } else {
        cuts = {target + eps, std::max(target * (1 + t.style.near), target + 1) + eps};
        classes = {2, 1, 0};
    }
    lo = std::min(lo, cuts.front());
    hi = std::max({hi, cuts.back(), target});  // so that no band is empty
    const double edges[4] = {lo, cuts[0], cuts[1], hi};
    std::vector<QmlRange> out;
    for (std::size_t b = 0; b < 3; ++b) {
        const auto c = static_cast<std::size_t>(classes[b]);
        // A band starts one ulp past the previous one's end: the bands do not overlap.
        const double lower = b == 0 ? edges[0] : std::nextafter(edges[b], std::numeric_limits<double>::infinity());
        out.push_back({lower, edges[b + 1], colours[c], labels[c]});
    }
    return out;
}

}  // namespace

std::vector<QmlRange> qml_ranges(const Thematic& t) {
    std::vector<double> present;
    for (const auto& v : t.values)
        if (v) present.push_back(*v);
    if (present.empty()) return {};
    const Choropleth c = classify_districts(t, t.values.size());
    // The legend lists the classes highest first, then "no data": class k is item classes-1-k.
    if (t.style.method == Method::Target && t.target) {
        const auto [lo, hi] = std::minmax_element(present.begin(), present.end());
        const auto& it = c.legend.items;  // pass, near, fail
        return target_ranges(t, {it[2].colour, it[1].colour, it[0].colour}, {it[2].label, it[1].label, it[0].label}, *lo, *hi);
    }
    std::vector<QmlRange> out;
    const std::size_t classes = c.edges.size() < 2 ? 0 : c.edges.size() - 1;
    for (std::size_t k = 0; k < classes; ++k) {
        const LegendItem& item = c.legend.items[classes - 1 - k];
        out.push_back({c.edges[k], c.edges[k + 1], item.colour, item.label});
    }
    return out;
}

std::vector<QmlRange> class_ranges(const Thematic& t) {
    if (!judged_per_district(t) || std::none_of(t.values.begin(), t.values.end(), [](const auto& v) { return v.has_value(); }))
        return {};
    const Choropleth c = classify_districts(t, t.values.size());
    const auto& it = c.legend.items;  // pass, near, fail (then the unjudged)
    return {{-0.5, 0.5, it[2].colour, it[2].label}, {0.5, 1.5, it[1].colour, it[1].label}, {1.5, 2.5, it[0].colour, it[0].label}};
}

std::string graduated_qml(const Thematic& t, const std::string& field) {
    const bool per_district = judged_per_district(t);
    const std::vector<QmlRange> ranges = per_district ? class_ranges(t) : qml_ranges(t);
    Qml q;
    auto& xml = q.xml();
    q.start_renderer("graduatedSymbol", QString::fromStdString(per_district ? field + "_class" : field));
    xml.writeAttribute("graduatedMethod", "GraduatedColor");
    xml.writeStartElement("ranges");
    for (std::size_t k = 0; k < ranges.size(); ++k) {
        xml.writeEmptyElement("range");
        xml.writeAttribute("render", "true");
        xml.writeAttribute("symbol", QString::number(k));
        xml.writeAttribute("lower", exact(ranges[k].lower));
        xml.writeAttribute("upper", exact(ranges[k].upper));
        xml.writeAttribute("label", ranges[k].label);
    }
    xml.writeEndElement();
    xml.writeStartElement("symbols");
    for (std::size_t k = 0; k < ranges.size(); ++k)
        q.symbol(QString::number(k), "fill", "SimpleFill", fill(ranges[k].colour, t.style.outline, t.style.outline_mm));
    xml.writeEndElement();
    return q.text();
}

std::string graduated_sld(const Thematic& t, const std::string& field, const std::string& layer) {
    const bool per_district = judged_per_district(t);
    const std::vector<QmlRange> ranges = per_district ? class_ranges(t) : qml_ranges(t);
    const QString attr = QString::fromStdString(per_district ? field + "_class" : field);
    QString out;
    QXmlStreamWriter xml(&out);
    xml.setAutoFormatting(true);
    xml.writeStartDocument();
    xml.writeStartElement("StyledLayerDescriptor");
    xml.writeAttribute("version", "1.0.0");
    xml.writeDefaultNamespace("http://www.opengis.net/sld");
    xml.writeNamespace("http://www.opengis.net/ogc", "ogc");
    xml.writeStartElement("NamedLayer");
    xml.writeTextElement("Name", QString::fromStdString(layer));
    xml.writeStartElement("UserStyle");
    xml.writeTextElement("Name", QString::fromStdString(field));
    xml.writeTextElement("Title", t.title);
    xml.writeStartElement("FeatureTypeStyle");
    const QString ogc = "http://www.opengis.net/ogc";
    auto compare = [&](const char* op, double v) {
        xml.writeStartElement(ogc, op);
        xml.writeTextElement(ogc, "PropertyName", attr);
        xml.writeTextElement(ogc, "Literal", exact(v));
        xml.writeEndElement();
    };
    // Mm on paper to pixels at 0.28 mm a pixel, the SLD's standard rendering pixel.
    const QString stroke_px = exact(t.style.outline_mm / 0.28);
    for (const QmlRange& r : ranges) {
        xml.writeStartElement("Rule");
        xml.writeTextElement("Name", r.label);
        xml.writeTextElement("Title", r.label);
        xml.writeStartElement(ogc, "Filter");  // as QGIS's ranges: lower <= v <= upper
        xml.writeStartElement(ogc, "And");
        compare("PropertyIsGreaterThanOrEqualTo", r.lower);
        compare("PropertyIsLessThanOrEqualTo", r.upper);
        xml.writeEndElement();
        xml.writeEndElement();
        xml.writeStartElement("PolygonSymbolizer");
        xml.writeStartElement("Fill");
        xml.writeStartElement("CssParameter");
        xml.writeAttribute("name", "fill");
        xml.writeCharacters(r.colour.name(QColor::HexRgb));
        xml.writeEndElement();
        xml.writeEndElement();
        xml.writeStartElement("Stroke");
        for (const auto& [name, value] : {std::pair<QString, QString>{"stroke", t.style.outline.name(QColor::HexRgb)},
                                          std::pair<QString, QString>{"stroke-width", stroke_px}}) {
            xml.writeStartElement("CssParameter");
            xml.writeAttribute("name", name);
            xml.writeCharacters(value);
            xml.writeEndElement();
        }
        xml.writeEndElement();  // Stroke
        xml.writeEndElement();  // PolygonSymbolizer
        xml.writeEndElement();  // Rule
    }
    xml.writeEndDocument();
    return out.toStdString();
}

std::string points_qml(const std::string& role, const std::string& field) {
    const std::vector<Category>& cats = categories(role);
    if (cats.size() == 1) {
        Qml q;
        q.start_renderer("singleSymbol");
        q.xml().writeStartElement("symbols");
        q.symbol("0", "marker", "SimpleMarker", marker(QColor(cats[0].colour), cats[0].shape, point_mm));
        q.xml().writeEndElement();
        return q.text();
    }
    std::vector<Class> classes;
    for (std::size_t k = 0; k < cats.size(); ++k) {
        const bool other = k + 1 == cats.size();  // the unclassified symbol: every other value
        classes.push_back({other ? QString() : exact(cats[k].code), QString::fromUtf8(cats[k].label), "marker",
                           "SimpleMarker", marker(QColor(cats[k].colour), cats[k].shape, point_mm)});
    }
    return categorised(QString::fromStdString(field), classes);
}

std::string outline_qml(const Style& style) {
    Qml q;
    q.start_renderer("singleSymbol");
    q.xml().writeStartElement("symbols");
    q.symbol("0", "fill", "SimpleFill", fill(QColor(0, 0, 0, 0), style.outline, style.outline_mm, false));
    q.xml().writeEndElement();
    return q.text();
}

std::string catchments_qml(const Style& style) {
    QColor area = style.catchment;
    area.setAlphaF(static_cast<float>(std::clamp(style.catchment_alpha, 0.0, 1.0)));
    const QColor edge = style.catchment;
    return categorised("kind", {{"union", "服务范围", "fill", "SimpleFill", fill(area, edge, 0.3)},
                                {"facility", "单个设施服务范围", "fill", "SimpleFill", fill(QColor(0, 0, 0, 0), edge, 0.15, false)}});
}

std::string coverage_residents_qml(const Style& style) {
    return categorised("covered", {{"1", "已覆盖居民点", "marker", "SimpleMarker", marker(style.catchment, "circle", 0.9)},
                                   {"0", "未覆盖居民点", "marker", "SimpleMarker", marker(QColor("#969696"), "circle", 0.9)}});
}

std::string sites_qml(const std::string& facility) {
    const auto& cats = categories(facility);
    Qml q(true);
    auto& xml = q.xml();
    q.start_renderer("singleSymbol");
    xml.writeStartElement("symbols");
    q.symbol("0", "marker", "SimpleMarker", marker(QColor(cats.back().colour), "star", 4.0));
    xml.writeEndElement();
    xml.writeEndElement();  // renderer-v2
    xml.writeStartElement("labeling");
    xml.writeAttribute("type", "simple");
    xml.writeStartElement("settings");
    xml.writeAttribute("calloutType", "simple");
    xml.writeStartElement("text-style");
    attributes(xml, {{"fieldName", "rank"}, {"isExpression", "0"}, {"fontFamily", "Noto Sans CJK SC"}, {"fontSize", "9"},
                     {"fontSizeUnit", "Point"}, {"fontWeight", "75"}, {"textColor", "0,0,0,255"}});
    xml.writeEmptyElement("text-buffer");
    attributes(xml, {{"bufferDraw", "1"}, {"bufferSize", "0.8"}, {"bufferSizeUnits", "MM"}, {"bufferColor", "255,255,255,255"}});
    xml.writeEndElement();  // text-style
    xml.writeEmptyElement("placement");
    attributes(xml, {{"placement", "0"}, {"dist", "1.5"}, {"distUnits", "MM"}});  // around the point
    xml.writeEmptyElement("rendering");
    attributes(xml, {{"drawLabels", "1"}, {"obstacle", "1"}});
    return q.text();
}

}  // namespace hcgis::render
