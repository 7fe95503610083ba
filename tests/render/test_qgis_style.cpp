// hcgis's styles as QGIS QML (qgis_style.cpp): the document parses, a graduated renderer's ranges are the
// map's class edges with its colours and legend labels, target classes put every value in the class the
// map gives it (QGIS: the first range with lower <= v <= upper), toilets are categorised by class.
#include "render/qgis_style.h"

#include "render/classify.h"
#include "render/maplibre_style.h"
#include "render/symbols.h"

#include <nlohmann/json.hpp>

#include <QXmlStreamReader>

#include <catch2/catch.hpp>

#include <algorithm>
#include <map>

using namespace hcgis;
using namespace hcgis::render;

namespace {

struct Parsed {
    std::string renderer, attr;
    std::vector<std::map<QString, QString>> ranges, categories;
    std::map<QString, QString> colours;  // symbol name -> its fill's or marker's colour
    bool labels = false;
    QString label_field;
};

/// The parts of a QML document the tests look at; fails the test on malformed XML.
Parsed parse(const std::string& qml) {
    Parsed p;
    QXmlStreamReader xml(QString::fromStdString(qml));
    QString symbol;
    while (!xml.atEnd()) {
        if (xml.readNext() != QXmlStreamReader::StartElement) continue;
        const auto a = xml.attributes();
        const auto name = xml.name();
        auto all = [&] {
            std::map<QString, QString> m;
            for (const auto& x : a) m[x.name().toString()] = x.value().toString();
            return m;
        };
        if (name == u"qgis") p.labels = a.value("labelsEnabled") == u"1";
        else if (name == u"renderer-v2") {
            p.renderer = a.value("type").toString().toStdString();
            p.attr = a.value("attr").toString().toStdString();
        } else if (name == u"range") p.ranges.push_back(all());
        else if (name == u"category") p.categories.push_back(all());
        else if (name == u"symbol") symbol = a.value("name").toString();
        else if (name == u"Option" && a.value("name") == u"color") p.colours[symbol] = a.value("value").toString();
        else if (name == u"text-style") p.label_field = a.value("fieldName").toString();
    }
    INFO(xml.errorString().toStdString());
    REQUIRE_FALSE(xml.hasError());
    return p;
}

QString rgba(const QColor& c) { return QString("%1,%2,%3,%4").arg(c.red()).arg(c.green()).arg(c.blue()).arg(c.alpha()); }

Thematic thematic(std::vector<std::optional<double>> values, Method method) {
    Thematic t;
    t.title = "指标";
    t.values = std::move(values);
    t.unit = Unit::PerKm2;
    t.target = 5.0;
    t.style.method = method;
    t.style.classes = 3;
    return t;
}

/// The range of `ranges` QGIS draws `v` with: the first that holds it.
int qgis_class(const std::vector<QmlRange>& ranges, double v) {
    for (std::size_t k = 0; k < ranges.size(); ++k)
        if (ranges[k].lower <= v && v <= ranges[k].upper) return static_cast<int>(k);
    return -1;
}

}  // namespace

TEST_CASE("a graduated QML has the map's class edges, colours and legend labels", "[qgis_style]") {
    const Thematic t = thematic({1.0, 2.0, 2.5, 7.0, 8.0, 9.5, std::nullopt}, Method::Jenks);
    const Choropleth c = classify_districts(t, t.values.size());
    REQUIRE(c.edges.size() == 4);
    const Parsed p = parse(graduated_qml(t, "toilet_density"));
    CHECK(p.renderer == "graduatedSymbol");
    CHECK(p.attr == "toilet_density");
    REQUIRE(p.ranges.size() == 3);
    for (std::size_t k = 0; k < 3; ++k) {
        CHECK(p.ranges[k].at("lower").toDouble() == c.edges[k]);  // exact: written to 17 digits
        CHECK(p.ranges[k].at("upper").toDouble() == c.edges[k + 1]);
        const LegendItem& item = c.legend.items[2 - k];  // the legend lists the highest class first
        CHECK(p.ranges[k].at("label") == item.label);
        CHECK(p.colours.at(p.ranges[k].at("symbol")) == rgba(item.colour));
    }
    // Every value falls in the class the map gives it.
    const auto ranges = qml_ranges(t);
    for (const auto& v : t.values)
        if (v) CHECK(qgis_class(ranges, *v) == class_index(*v, c.edges));
}

TEST_CASE("target classes as QML ranges put each value where the map does, on the edges too", "[qgis_style]") {
    for (const bool at_least : {true, false}) {
        Thematic t = thematic({0.5, 4.5, 4.6, 5.0, 5.5, 6.0, 9.0}, Method::Target);
        t.at_least = at_least;
        const Choropleth c = classify_districts(t, t.values.size());
        const auto ranges = qml_ranges(t);
        REQUIRE(ranges.size() == 3);
        const QColor by_class[3] = {t.style.fail, t.style.near_color, t.style.pass};
        for (const double v : {0.5, 4.5, 4.6, 4.5 - 1e-6, 5.0 - 1e-12, 5.0, 5.0 + 1e-6, 5.5, 6.0, 6.0 + 1e-6, 9.0}) {
            INFO("at_least " << at_least << ", value " << v);
            const int k = qgis_class(ranges, v);
            REQUIRE(k >= 0);
            CHECK(ranges[static_cast<std::size_t>(k)].colour == by_class[target_class(v, 5.0, at_least, t.style.near)]);
        }
        for (std::size_t k = 0; k + 1 < ranges.size(); ++k) CHECK(ranges[k].upper < ranges[k + 1].lower);
        const Parsed p = parse(graduated_qml(t, "x"));
        REQUIRE(p.ranges.size() == 3);
        // The labels are the legend's: pass is the first legend item and the highest (at_least) range.
        CHECK(p.ranges[at_least ? 2 : 0].at("label") == c.legend.items[0].label);
    }
}

TEST_CASE("a thematic without values gives a graduated QML without ranges", "[qgis_style]") {
    const Parsed p = parse(graduated_qml(thematic({std::nullopt}, Method::Jenks), "x"));
    CHECK(p.renderer == "graduatedSymbol");
    CHECK(p.ranges.empty());
}

TEST_CASE("toilets are categorised by class in the map's colours, other values in the unclassified symbol", "[qgis_style]") {
    const Parsed p = parse(points_qml("toilets", "class"));
    CHECK(p.renderer == "categorizedSymbol");
    CHECK(p.attr == "class");
    const auto& cats = categories("toilets");
    REQUIRE(p.categories.size() == cats.size());
    for (std::size_t k = 0; k < cats.size(); ++k) {
        CHECK(p.categories[k].at("label") == QString::fromUtf8(cats[k].label));
        CHECK(p.categories[k].at("value") == (k + 1 == cats.size() ? QString() : QString::number(cats[k].code)));
        CHECK(p.colours.at(p.categories[k].at("symbol")) == rgba(QColor(cats[k].colour)));
    }
    CHECK(parse(points_qml("clinics", "class")).renderer == "singleSymbol");
}

TEST_CASE("catchments keep the style's transparency, suggested sites are labelled by rank", "[qgis_style]") {
    Style style;
    style.catchment_alpha = 0.25;
    const Parsed c = parse(catchments_qml(style));
    CHECK(c.attr == "kind");
    REQUIRE(c.categories.size() == 2);
    CHECK(c.categories[0].at("value") == "union");
    QColor area = style.catchment;
    area.setAlphaF(0.25f);
    CHECK(c.colours.at(c.categories[0].at("symbol")) == rgba(area));

    const Parsed s = parse(sites_qml("toilets"));
    CHECK(s.renderer == "singleSymbol");
    CHECK(s.labels);
    CHECK(s.label_field == "rank");
    CHECK(parse(coverage_residents_qml(style)).attr == "covered");
    CHECK(parse(outline_qml(style)).renderer == "singleSymbol");
}

TEST_CASE("where districts' targets differ, QGIS and MapLibre colour each district by its class as the map does",
          "[qgis]") {
    // Four districts: 2 against 2 (pass), 2 against 3 (fail: the first district's target would pass it),
    // 2.8 against 3 (near), and a value without a target of its own (unjudged).
    Thematic t = thematic({2.0, 2.0, 2.8, 5.0}, Method::Target);
    t.target = 2;
    t.targets = {2.0, 3.0, 3.0, std::nullopt};
    REQUIRE(judged_per_district(t));
    const std::vector<std::optional<int>> classes = target_classes(t);
    REQUIRE(classes.size() == 4);
    CHECK(classes[0] == 2);
    CHECK(classes[1] == 0);
    CHECK(classes[2] == 1);
    CHECK_FALSE(classes[3].has_value());

    // QGIS: graduated on <field>_class, each class range in the colour the map fills its districts with.
    const Parsed p = parse(graduated_qml(t, "healthy_communities"));
    CHECK(p.renderer == "graduatedSymbol");
    CHECK(p.attr == "healthy_communities_class");
    REQUIRE(p.ranges.size() == 3);
    const Choropleth map = classify_districts(t, 4);
    for (std::size_t d = 0; d < 3; ++d) {
        INFO("district " << d);
        // QGIS's range for the class value: the first with lower <= v <= upper.
        const double v = *classes[d];
        int hit = -1;
        for (std::size_t k = 0; k < p.ranges.size() && hit < 0; ++k)
            if (p.ranges[k].at("lower").toDouble() <= v && v <= p.ranges[k].at("upper").toDouble()) hit = static_cast<int>(k);
        REQUIRE(hit >= 0);
        CHECK(p.colours.at(p.ranges[static_cast<std::size_t>(hit)].at("symbol")) == rgba(map.fills[d]));
        // Labelled as the map's legend labels that colour.
        bool labelled = false;
        for (const auto& item : map.legend.items)
            labelled |= item.colour == map.fills[d] && item.label == p.ranges[static_cast<std::size_t>(hit)].at("label");
        CHECK(labelled);
    }
    // MapLibre: a match on the same attribute, the unjudged in the no-data colour.
    const auto style = nlohmann::json::parse(maplibre_style(t, "healthy_communities", {}));
    const auto fill = style["layers"][1]["paint"]["fill-color"];
    REQUIRE(fill[0] == "match");
    CHECK(fill[1] == nlohmann::json::array({"get", "healthy_communities_class"}));
    for (int c = 0; c < 3; ++c) {
        CHECK(fill[2 + 2 * c] == c);
        const auto d = static_cast<std::size_t>(std::find(classes.begin(), classes.end(), c) - classes.begin());
        CHECK(fill[3 + 2 * c] == map.fills[d].name().toStdString());
    }
    CHECK(fill.back() == t.style.no_data.name().toStdString());

    // One target for all (every district 2): the value's ranges, as before.
    t.targets = {2.0, 2.0, 2.0, 2.0};
    CHECK_FALSE(judged_per_district(t));
    CHECK(parse(graduated_qml(t, "healthy_communities")).attr == "healthy_communities");
    CHECK(nlohmann::json::parse(maplibre_style(t, "healthy_communities", {}))["layers"][1]["paint"]["fill-color"][0] == "case");
}

TEST_CASE("the SLD of a graduated style has the QML's ranges, attribute, colours and labels", "[qgis]") {
    Thematic per_district = thematic({2.0, 2.0, 2.8, 5.0}, Method::Target);
    per_district.target = 2;
    per_district.targets = {2.0, 3.0, 3.0, std::nullopt};
    for (const Thematic& t : {thematic({1.0, 2.0, 2.5, 7.0, 8.0, 9.5, std::nullopt}, Method::Jenks),
                              thematic({1.0, 4.6, 6.0}, Method::Target), per_district}) {
        const Parsed qml = parse(graduated_qml(t, "v"));
        REQUIRE_FALSE(qml.ranges.empty());
        struct Rule { QString title, property, fill; std::vector<QString> literals; };
        std::vector<Rule> rules;
        QXmlStreamReader xml(QString::fromStdString(graduated_sld(t, "v", "districts")));
        QString css;
        while (!xml.atEnd()) {
            const auto token = xml.readNext();
            if (token != QXmlStreamReader::StartElement) continue;
            const auto name = xml.name();
            if (name == u"Rule") rules.emplace_back();
            else if (rules.empty()) continue;
            else if (name == u"Title") rules.back().title = xml.readElementText();
            else if (name == u"PropertyName") rules.back().property = xml.readElementText();
            else if (name == u"Literal") rules.back().literals.push_back(xml.readElementText());
            else if (name == u"CssParameter" && xml.attributes().value("name") == u"fill") rules.back().fill = xml.readElementText();
        }
        INFO(xml.errorString().toStdString());
        REQUIRE_FALSE(xml.hasError());
        REQUIRE(rules.size() == qml.ranges.size());
        for (std::size_t k = 0; k < rules.size(); ++k) {
            const auto& range = qml.ranges[k];
            CHECK(rules[k].property.toStdString() == qml.attr);
            REQUIRE(rules[k].literals.size() == 2);
            CHECK(rules[k].literals[0] == range.at("lower"));
            CHECK(rules[k].literals[1] == range.at("upper"));
            CHECK(rules[k].title == range.at("label"));
            const QStringList c = qml.colours.at(range.at("symbol")).split(',');
            CHECK(rules[k].fill == QColor(c[0].toInt(), c[1].toInt(), c[2].toInt()).name());
        }
    }
}
