#include "render/layout.h"
#include "render/map_renderer.h"
#include "render/palette.h"
#include "core/error.h"

#include <catch2/catch.hpp>

#include <QImage>
#include <QPainter>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <random>
#include <regex>
#include <sstream>

using namespace hcgis;
using namespace hcgis::render;

namespace {

// Three 2 km × 2 km districts in a row with values 1, 5 and 9 (the last the highest).
City three_districts() {
    City c;
    c.name = "测试";
    c.crs = "EPSG:4549";
    c.districts.name = {"西街道", "中街道", "东街道"};
    c.districts.code = {"W", "M", "E"};
    c.districts.population = {1000.0, 1000.0, 1000.0};
    c.districts.elderly = {std::nullopt, std::nullopt, std::nullopt};
    for (int i = 0; i < 3; ++i) {
        const int x0 = 500000 + 2000 * i;
        c.districts.geom.push_back(geos::from_wkt("POLYGON((" + std::to_string(x0) + " 3800000," + std::to_string(x0 + 2000) +
                                                  " 3800000," + std::to_string(x0 + 2000) + " 3802000," +
                                                  std::to_string(x0) + " 3802000," + std::to_string(x0) + " 3800000))"));
        c.districts.fid.push_back(i);
    }
    return c;
}

// A point layer playing `role`, without attributes.
Layer point_layer(const char* role, std::vector<double> x, std::vector<double> y) {
    Layer l;
    l.role = role;
    l.kind = GeomKind::Point;
    for (std::size_t i = 0; i < x.size(); ++i) l.fid.push_back(static_cast<std::int64_t>(i));
    l.x = std::move(x);
    l.y = std::move(y);
    return l;
}

Thematic thematic(Method m) {
    Thematic t;
    t.title = "测试指标";
    t.values = {1.0, 5.0, 9.0};
    t.unit = Unit::PerKm2;
    t.target = 5.0;
    t.style.method = m;
    t.style.classes = 3;
    t.style.palette = "OrRd";
    return t;
}

QImage blank(int w, int h, double dpi) {
    QImage img(w, h, QImage::Format_ARGB32);
    const int dpm = static_cast<int>(dpi / 0.0254);
    img.setDotsPerMeterX(dpm);
    img.setDotsPerMeterY(dpm);
    img.fill(Qt::white);
    return img;
}

}  // namespace

TEST_CASE("the district with the highest value has the darkest class colour", "[render]") {
    const City city = three_districts();
    MapRenderer map(city);
    map.set_thematic(thematic(Method::EqualInterval));
    QImage img = blank(600, 200, 96);
    QPainter p(&img);
    const QRectF frame(0, 0, 600, 200);
    map.render(p, frame, map.extent(), 96);
    p.end();
    const auto colours = palette("OrRd", 3);
    const QTransform t = MapRenderer::view_transform(frame, map.extent());
    // Sample each district a quarter of the way up, away from its label in the middle.
    for (int d = 0; d < 3; ++d) {
        const QPointF at = t.map(QPointF(500000 + 2000 * d + 1000, 3800400));
        INFO("district " << d);
        CHECK(img.pixelColor(at.toPoint()) == colours[static_cast<std::size_t>(d)]);
    }
    CHECK(map.district_fill(2) == colours.back());
    CHECK(map.class_edges() == std::vector<double>{1, 11.0 / 3.0, 19.0 / 3.0, 9});
}

TEST_CASE("target-based fill and a no-data district", "[render]") {
    const City city = three_districts();
    MapRenderer map(city);
    Thematic t = thematic(Method::Target);
    t.values = {1.0, std::nullopt, 5.0};
    map.set_thematic(t);
    CHECK(map.district_fill(0) == t.style.fail);
    CHECK(map.district_fill(1) == t.style.no_data);
    CHECK(map.district_fill(2) == t.style.pass);
    const auto legend = map.legend();
    REQUIRE_FALSE(legend.empty());
    CHECK(legend.front().items.back().label == "无数据");
    CHECK(legend.front().items.back().count == 1);
}

TEST_CASE("residents become a density surface where dots would merge", "[render]") {
    City city = three_districts();
    Layer r;
    r.role = "residents";
    r.kind = GeomKind::Point;
    std::mt19937 rng(1);
    std::uniform_real_distribution<double> ux(500000, 506000), uy(3800000, 3802000);
    for (int i = 0; i < 200000; ++i) {
        r.x.push_back(ux(rng));
        r.y.push_back(uy(rng));
        r.fid.push_back(i);
    }
    r.numbers["population"] = std::vector<double>(r.x.size(), 3.0);
    city.layers.emplace("residents", std::move(r));
    MapRenderer map(city);
    map.set_visible("residents", true);
    QImage img = blank(600, 200, 96);
    QPainter p(&img);
    map.render(p, QRectF(0, 0, 600, 200), map.extent(), 96);
    p.end();
    bool density = false;
    for (const auto& g : map.legend()) density |= g.title == "居民密度（人/km²）";
    CHECK(density);
}

TEST_CASE("a map sheet: legend, scale bar and north arrow where the layout puts them", "[render][layout]") {
    const City city = three_districts();
    MapRenderer map(city);
    map.set_thematic(thematic(Method::Jenks));
    PageOptions o;
    o.dpi = 100;
    const QSizeF page = page_pixels(o);
    CHECK(page.width() == Approx(297 / 25.4 * 100).margin(1));
    CHECK(page.height() == Approx(210 / 25.4 * 100).margin(1));
    QImage img = blank(static_cast<int>(page.width()), static_cast<int>(page.height()), o.dpi);
    QPainter p(&img);
    LayoutText text{"标题", "副标题", "测试数据", "坐标系：EPSG:4549", ""};
    const LayoutGeometry g = draw_layout(p, page, o.dpi, map, text);
    p.end();

    CHECK(g.page.contains(g.map));
    CHECK(g.legend.left() > g.map.right());         // landscape: legend to the right of the map
    CHECK(g.map.contains(g.scale_bar));              // the scale bar sits inside the map frame,
    CHECK(g.scale_bar.center().x() < g.map.center().x());  // lower left
    CHECK(g.scale_bar.center().y() > g.map.center().y());
    CHECK(g.map.contains(g.north_arrow));
    CHECK(g.north_arrow.center().x() > g.map.center().x());  // upper right
    // The bar's length on the page is its ground length at the map's scale.
    const QTransform t = MapRenderer::view_transform(g.map, map.extent());
    CHECK(g.scale_bar_px == Approx(g.scale_bar_metres * t.m11()).epsilon(1e-9));
    // 6 km of districts across the frame: the bar is a round number near a fifth of the frame width.
    CHECK(g.scale_bar_metres == nice_length(g.map.width() / 5 / t.m11()));
    CHECK(g.scale_bar_metres > 0);
    // And the scale 1:N agrees: N metres of ground per metre of paper.
    CHECK(g.scale_denominator == Approx((1.0 / t.m11()) * (o.dpi / 0.0254)).epsilon(1e-9));
    // The legend's first swatch is painted (not white), the black half of the bar is black.
    bool legend_ink = false;
    for (int y = static_cast<int>(g.legend.top()); y < static_cast<int>(g.legend.top() + 60); ++y)
        for (int x = static_cast<int>(g.legend.left()); x < static_cast<int>(g.legend.left() + 30); ++x)
            legend_ink |= img.pixelColor(x, y) != QColor(Qt::white);
    CHECK(legend_ink);
    int black = 0;
    const int bar_y = static_cast<int>(g.scale_bar.top() + g.scale_bar.height() / 2);
    for (int x = static_cast<int>(g.scale_bar.left()); x < static_cast<int>(g.scale_bar.right()); ++x)
        if (img.pixelColor(x, bar_y).lightness() < 60) ++black;
    CHECK(black > 5);
}

TEST_CASE("nice scale bar lengths", "[layout]") {
    CHECK(nice_length(1234) == 1000);
    CHECK(nice_length(2600) == 2000);
    CHECK(nice_length(6000) == 5000);
    CHECK(nice_length(0.7) == Approx(0.5));
}

TEST_CASE("PDF, PNG and SVG sheets at A4 and A3", "[render][layout]") {
    const City city = three_districts();
    MapRenderer map(city);
    map.set_thematic(thematic(Method::Quantile));
    LayoutText text{"标题", "副标题", "测试数据", "坐标系", "GS(2026)0001号"};

    PageOptions a4;
    a4.dpi = 150;
    QByteArray bytes = render_map(MapFormat::Pdf, a4, map, text);
    // A4 landscape is 841.89 x 595.28 points.
    const std::regex box(R"(/MediaBox \[0 0 ([\d.]+) ([\d.]+)\])");
    std::smatch m;
    std::string pdf = bytes.toStdString();
    CHECK(pdf.rfind("%PDF-", 0) == 0);
    REQUIRE(std::regex_search(pdf, m, box));
    CHECK(std::stod(m[1]) == Approx(841.89).margin(0.5));
    CHECK(std::stod(m[2]) == Approx(595.28).margin(0.5));

    PageOptions a3 = a4;
    a3.size = QPageSize::A3;
    a3.orientation = QPageLayout::Portrait;
    pdf = render_map(MapFormat::Pdf, a3, map, text).toStdString();
    REQUIRE(std::regex_search(pdf, m, box));
    CHECK(std::stod(m[1]) == Approx(841.89).margin(0.5));   // A3 portrait: 297 mm wide
    CHECK(std::stod(m[2]) == Approx(1190.55).margin(0.5));  // 420 mm high

    PageOptions small = a4;
    small.dpi = 72;
    const QImage png = QImage::fromData(render_map(MapFormat::Png, small, map, text), "PNG");
    CHECK(png.width() == 842);
    CHECK(png.height() == 595);

    // The PNG holds the pixels of the sheet drawn as an image here, one by one (it is written without
    // alpha, at a fast zlib level).
    QImage drawn(page_pixels(small).toSize(), QImage::Format_ARGB32_Premultiplied);
    const int dpm = static_cast<int>(std::lround(small.dpi / 0.0254));
    drawn.setDotsPerMeterX(dpm);  // text is sized by the device's resolution
    drawn.setDotsPerMeterY(dpm);
    drawn.fill(Qt::white);
    {
        QPainter p(&drawn);
        draw_layout(p, page_pixels(small), small.dpi, map, text);
    }
    REQUIRE(png.size() == drawn.size());
    CHECK_FALSE(png.hasAlphaChannel());
    const QImage a = png.convertToFormat(QImage::Format_ARGB32), b = drawn.convertToFormat(QImage::Format_ARGB32);
    std::size_t differ = 0, coloured = 0;
    for (int y = 0; y < a.height(); ++y)
        for (int x = 0; x < a.width(); ++x) {
            differ += a.pixel(x, y) != b.pixel(x, y);
            coloured += qRed(b.pixel(x, y)) != qGreen(b.pixel(x, y)) || qGreen(b.pixel(x, y)) != qBlue(b.pixel(x, y));
        }
    CHECK(differ == 0);
    CHECK(coloured > 1000);  // a sheet with its choropleth, not a blank page

    const std::string svg = render_map(MapFormat::Svg, small, map, text).toStdString();
    CHECK(svg.find("<svg") != std::string::npos);
    CHECK(svg.find("width=\"") != std::string::npos);

    CHECK(map_format("a4.PDF") == MapFormat::Pdf);
    CHECK(map_format("a4.svg") == MapFormat::Svg);
    CHECK_FALSE(map_format("a4.bmpx").has_value());
}

TEST_CASE("layer order and per-layer looks decide what lies on top", "[render][layers]") {
    City city = three_districts();
    // A park over the middle district and a road through it, east-west.
    Layer parks;
    parks.role = "parks";
    parks.kind = GeomKind::Polygon;
    parks.geoms.push_back(geos::from_wkt("POLYGON((502500 3800500,503500 3800500,503500 3801500,502500 3801500,502500 3800500))"));
    parks.fid = {0};
    city.layers.emplace("parks", std::move(parks));
    Layer roads;
    roads.role = "roads";
    roads.kind = GeomKind::Line;
    roads.geoms.push_back(geos::from_wkt("LINESTRING(500000 3801000,506000 3801000)"));
    roads.fid = {0};
    city.layers.emplace("roads", std::move(roads));

    MapRenderer map(city);
    // Parks under roads by default.
    const auto& order = map.order();
    const auto pos = [&](const char* r) { return std::find(order.begin(), order.end(), r) - order.begin(); };
    CHECK(pos("parks") < pos("roads"));
    map.set_look("parks", {QColor(0, 0, 255), 1.0, 0});
    map.set_look("roads", {QColor(255, 0, 0), 1.0, 1.0});

    const QRectF frame(0, 0, 600, 200);
    auto pixel_at = [&](double x, double y) {
        QImage img = blank(600, 200, 96);
        QPainter p(&img);
        map.render(p, frame, map.extent(), 96);
        p.end();
        const QPointF at = MapRenderer::view_transform(frame, map.extent()).map(QPointF(x, y));
        return img.pixelColor(at.toPoint());
    };
    // Where the road crosses the park (west of the district label): the road, drawn later, is on top;
    // elsewhere in the park, the park's own colour as set.
    CHECK(pixel_at(502600, 3801000) == QColor(255, 0, 0));
    CHECK(pixel_at(502600, 3801300) == QColor(0, 0, 255));
    // Parks moved above the roads: the park covers the road.
    map.move("parks", +1);
    CHECK(pos("parks") > pos("roads"));
    CHECK(pixel_at(502600, 3801000) == QColor(0, 0, 255));
    // set_order names some roles; the rest keep their place after them.
    map.set_order({"roads"});
    CHECK(order.front() == "roads");
    CHECK(order.size() == 3);  // parks, roads, catchments
    CHECK(pixel_at(502600, 3801000) == QColor(0, 0, 255));
    // The legend shows the context layers in the colours set.
    bool blue_park = false;
    for (const auto& g : map.legend())
        for (const auto& it : g.items) blue_park |= it.label == "公园绿地" && it.colour == QColor(0, 0, 255);
    CHECK(blue_park);
}

TEST_CASE("overlapping features of an area layer are filled once: the overlap looks like the rest", "[render][layers]") {
    City city = three_districts();
    Layer parks;
    parks.role = "parks";
    parks.kind = GeomKind::Polygon;
    parks.geoms.push_back(geos::from_wkt("POLYGON((500200 3800200,501200 3800200,501200 3801200,500200 3801200,500200 3800200))"));
    parks.geoms.push_back(geos::from_wkt("POLYGON((500700 3800200,501700 3800200,501700 3801200,500700 3801200,500700 3800200))"));
    parks.fid = {0, 1};
    city.layers.emplace("parks", std::move(parks));
    MapRenderer map(city);
    map.set_look("parks", {QColor(0, 0, 255), 0.5, 0});
    const QRectF frame(0, 0, 600, 200);
    QImage img = blank(600, 200, 96);
    QPainter p(&img);
    map.render(p, frame, map.extent(), 96);
    p.end();
    const QTransform t = MapRenderer::view_transform(frame, map.extent());
    const QColor only_first = img.pixelColor(t.map(QPointF(500400, 3800400)).toPoint());
    const QColor overlap = img.pixelColor(t.map(QPointF(500950, 3800400)).toPoint());
    CHECK(only_first.blue() > only_first.red());  // the park is there, half transparent
    CHECK(overlap == only_first);
}

TEST_CASE("a style file's layer section: parsed, checked, and applied with the style", "[render][layers]") {
    const Style s = parse_style(R"({"method":"target","layers":{"parks":{"colour":"#00ff00","opacity":0.5},
                                    "roads":{"size_mm":0.4}}})",
                                "t.json");
    REQUIRE(s.layers.size() == 2);
    CHECK(*s.layers.at("parks").colour == QColor("#00ff00"));
    CHECK(*s.layers.at("parks").opacity == 0.5);
    CHECK_FALSE(s.layers.at("parks").size_mm.has_value());
    CHECK(*s.layers.at("roads").size_mm == 0.4);
    auto error = [](const std::string& text) {
        try {
            (void)parse_style(text, "t.json");
        } catch (const hcgis::InputError& e) {
            return std::string(e.what());
        }
        return std::string();
    };
    CHECK(error(R"({"layers":{"parks":{"colour":"green-ish"}}})").find("layers.parks.colour") != std::string::npos);
    CHECK(error(R"({"layers":{"parks":{"opacity":2}}})") == "t.json: \"layers.parks.opacity\" must be from 0 to 1");
    CHECK(error(R"({"layers":{"roads":{"width":1}}})").find("unknown key \"layers.roads.width\"") != std::string::npos);
    CHECK(error(R"({"layers":[1]})").find("\"layers\" must be an object") != std::string::npos);

    // Applied with the thematic style: only what the file says changes.
    const City city = three_districts();
    MapRenderer map(city);
    const LayerLook roads_before = map.look("roads");
    Thematic t = thematic(Method::Target);
    t.style = s;
    map.set_thematic(t);
    CHECK(map.look("parks").colour == QColor("#00ff00"));
    CHECK(map.look("parks").opacity == 0.5);
    CHECK(map.look("roads").size_mm == 0.4);
    CHECK(map.look("roads").colour == roads_before.colour);
}

TEST_CASE("the legend shows one-class symbols and resident dots in the colours set for them", "[render][layers]") {
    City city = three_districts();
    city.layers.emplace("clinics", point_layer("clinics", {501000, 503000}, {3801000, 3801000}));
    city.layers.emplace("residents", point_layer("residents", {500500, 505500}, {3800500, 3801500}));
    MapRenderer map(city);
    map.set_visible("clinics", true);
    map.set_visible("residents", true);
    map.set_look("clinics", {QColor(255, 0, 0), 1.0, 2.0});
    map.set_look("residents", {QColor(0, 128, 0), 1.0, 1.0});
    QImage img = blank(600, 200, 96);
    QPainter p(&img);
    map.render(p, QRectF(0, 0, 600, 200), map.extent(), 96);
    p.end();
    // Two dots in 600 × 200 pixels: drawn as dots, not as a density surface.
    std::optional<QColor> clinic, resident;
    for (const auto& g : map.legend())
        for (const auto& it : g.items) {
            if (it.label == "基层医疗机构") clinic = it.colour;
            if (it.label == "居民点") resident = it.colour;
        }
    REQUIRE(clinic);
    REQUIRE(resident);
    CHECK(*clinic == QColor(255, 0, 0));
    CHECK(*resident == QColor(0, 128, 0));
}

TEST_CASE("proposed sites are drawn hollow in their class colour, apart from existing ones, with a legend group", "[render]") {
    const City c = three_districts();
    MapRenderer r(c);
    QImage plain(600, 200, QImage::Format_ARGB32_Premultiplied);
    {
        QPainter p(&plain);
        r.render(p, QRectF(0, 0, 600, 200), r.extent(), 96);
    }
    // A proposed fitness point (class 1, #fd8d3c) in the middle of the middle district.
    r.set_proposed({{QPointF(502500, 3801600), "fitness", 1.0, false}});
    QImage img(600, 200, QImage::Format_ARGB32_Premultiplied);
    {
        QPainter p(&img);
        r.render(p, QRectF(0, 0, 600, 200), r.extent(), 96);
    }
    const QPointF at = MapRenderer::view_transform(QRectF(0, 0, 600, 200), r.extent()).map(QPointF(502500, 3801600));
    const QColor orange("#fd8d3c");
    int outline = 0, white = 0;
    const int reach = static_cast<int>(std::ceil(2.6 / 25.4 * 96));  // the symbol's width in pixels
    for (int y = static_cast<int>(at.y()) - reach; y <= static_cast<int>(at.y()) + reach; ++y)
        for (int x = static_cast<int>(at.x()) - reach; x <= static_cast<int>(at.x()) + reach; ++x) {
            const QColor px = img.pixelColor(x, y);
            outline += std::abs(px.red() - orange.red()) + std::abs(px.green() - orange.green()) + std::abs(px.blue() - orange.blue()) < 40;
            white += px == QColor(Qt::white) && plain.pixelColor(x, y) != QColor(Qt::white);
        }
    CHECK(outline > 4);  // the class colour's outline and centre dot
    CHECK(white > 4);    // hollow: white inside, where the district's fill was
    bool listed = false;
    for (const auto& g : r.legend())
        if (g.title == "规划方案") {
            REQUIRE(g.items.size() == 1);
            CHECK(g.items[0].label == "拟建健身点");
            CHECK(g.items[0].count == 1);
            CHECK(g.items[0].shape == "hollow-circle");
            listed = true;
        }
    CHECK(listed);
    r.set_proposed({});
    for (const auto& g : r.legend()) CHECK(g.title != "规划方案");
}

TEST_CASE("render_cached draws what render draws, keeps the layers of the view across thematic and proposal changes, and renders them again when a layer changes", "[render]") {
    City c = three_districts();
    c.layers["toilets"] = point_layer("toilets", {500500, 502500, 504500}, {3801500, 3800500, 3801500});
    c.layers["residents"] = point_layer("residents", {500300, 501700, 503300, 505100}, {3800300, 3801700, 3801100, 3800900});
    MapRenderer r(c);
    r.set_visible("toilets", true);
    r.set_visible("residents", true);
    r.set_thematic(thematic(Method::Target));
    const QRectF frame(0, 0, 600, 200);
    auto plain = [&] {
        QImage img(600, 200, QImage::Format_ARGB32_Premultiplied);
        img.fill(Qt::white);
        QPainter p(&img);
        r.render(p, frame, r.extent(), 96);
        return img;
    };
    auto cached = [&] {
        QImage img(600, 200, QImage::Format_ARGB32_Premultiplied);
        img.fill(Qt::white);
        QPainter p(&img);
        r.render_cached(p, img, frame, r.extent(), 96);
        return img;
    };
    auto differing = [](const QImage& a, const QImage& b) {
        int n = 0;
        for (int y = 0; y < a.height(); ++y)
            for (int x = 0; x < a.width(); ++x) {
                const QColor p = a.pixelColor(x, y), q = b.pixelColor(x, y);
                n += std::abs(p.red() - q.red()) + std::abs(p.green() - q.green()) + std::abs(p.blue() - q.blue()) > 6;
            }
        return n;
    };
    CHECK(differing(cached(), plain()) == 0);  // the layers drawn apart and laid over the fills: the same
    // Another thematic (values swapped) and a proposed site: drawn over the kept layers, as render draws them.
    Thematic other = thematic(Method::Target);
    other.values = {9.0, 5.0, 1.0};
    r.set_thematic(other);
    r.set_proposed({{QPointF(501500, 3801500), "toilets", 2.0, true}});
    const QImage after = cached();
    CHECK(differing(after, plain()) == 0);
    // Toilets hidden: the kept layers are of another state and are drawn again.
    r.set_visible("toilets", false);
    const QImage hidden = cached();
    CHECK(differing(hidden, plain()) == 0);
    CHECK(differing(hidden, after) > 0);
}
