// What a vector map (PDF) holds of its lines: only the segments in view, at the device's resolution
// (geometry_path.cpp device_lines), so that a report's district page does not carry the whole city.
#include "render/geometry_path.h"
#include "render/map_renderer.h"
#include "core/geos.h"

#include <catch2/catch.hpp>

#include <QBuffer>
#include <QPainter>
#include <QPdfWriter>

#include <string>
#include <vector>

using namespace hcgis;
using namespace hcgis::render;

namespace {

std::vector<QPointF> vertices(const QPainterPath& p) {
    std::vector<QPointF> out;
    for (int i = 0; i < p.elementCount(); ++i) out.emplace_back(p.elementAt(i).x, p.elementAt(i).y);
    return out;
}

int subpaths(const QPainterPath& p) {
    int n = 0;
    for (int i = 0; i < p.elementCount(); ++i) n += p.elementAt(i).isMoveTo() ? 1 : 0;
    return n;
}

}  // namespace

TEST_CASE("device lines keep the segments in view and drop vertices closer than the tolerance", "[render][vector]") {
    // A line from x = -100 to 300 along y = 50, a vertex every 10 units, and one 0.1 unit after x = 100.
    QPainterPath line;
    line.moveTo(-100, 50);
    for (int x = -90; x <= 300; x += 10) {
        line.lineTo(x, 50);
        if (x == 100) line.lineTo(100.1, 50);
    }
    const QRectF view(0, 0, 200, 100);
    const QPainterPath out = device_lines({line}, QTransform(), view, 0.5);
    const std::vector<QPointF> v = vertices(out);
    REQUIRE(subpaths(out) == 1);
    // From the last vertex before the view (x = -10 … 0 reaches it at 0) to the first after it (210).
    CHECK(v.front().x() == Approx(-10).margin(1e-9));
    CHECK(v.back().x() == Approx(210).margin(1e-9));
    CHECK(v.size() == 23);  // -10, 0, 10 … 200, 210; 100.1 dropped
    for (const auto& p : v) CHECK(p.x() != Approx(100.1).margin(1e-9));

    // A transform to the device, and a line wholly out of view: nothing.
    QTransform t;
    t.translate(1000, 0);
    CHECK(device_lines({line}, t, view, 0.5).isEmpty());
    // A line leaving and re-entering the view is two pieces; the vertex ending a line is always kept.
    QPainterPath zig;
    zig.moveTo(10, 10);
    zig.lineTo(10, 500);
    zig.lineTo(20, 500);
    zig.lineTo(20, 10);
    zig.lineTo(20.1, 10);
    const QPainterPath two = device_lines({zig}, QTransform(), view, 0.5);
    CHECK(subpaths(two) == 2);
    CHECK(vertices(two).back().x() == Approx(20.1).margin(1e-9));
}

TEST_CASE("a map zoomed to one district holds in its PDF only the roads in view", "[render][vector]") {
    // 400 districts of 1 km in a 20 × 20 grid, and a road along every row of the grid, 200 vertices each.
    City c;
    c.name = "测试";
    c.crs = "EPSG:4549";
    for (int j = 0; j < 20; ++j)
        for (int i = 0; i < 20; ++i) {
            const double x = 500000 + 1000 * i, y = 3800000 + 1000 * j;
            c.districts.name.push_back("");  // no labels: the PDF holds paths only
            c.districts.code.push_back(std::to_string(j * 20 + i));
            c.districts.population.push_back(1000.0);
            c.districts.elderly.push_back(std::nullopt);
            c.districts.fid.push_back(j * 20 + i);
            c.districts.geom.push_back(geos::from_wkt(
                "POLYGON((" + std::to_string(x) + " " + std::to_string(y) + "," + std::to_string(x + 1000) + " " +
                std::to_string(y) + "," + std::to_string(x + 1000) + " " + std::to_string(y + 1000) + "," + std::to_string(x) +
                " " + std::to_string(y + 1000) + "," + std::to_string(x) + " " + std::to_string(y) + "))"));
        }
    Layer roads;
    roads.role = "roads";
    roads.kind = GeomKind::Line;
    for (int j = 0; j < 20; ++j) {
        std::string wkt = "LINESTRING(";
        for (int k = 0; k <= 200; ++k)
            wkt += (k ? "," : "") + std::to_string(500000 + 100 * k) + " " + std::to_string(3800500 + 1000 * j + (k % 2) * 20);
        roads.geoms.push_back(geos::from_wkt(wkt + ")"));
        roads.fid.push_back(j);
    }
    c.layers.emplace("roads", std::move(roads));
    MapRenderer map(c);
    auto pdf_bytes = [&](std::optional<std::size_t> district) {
        QByteArray bytes;
        QBuffer buffer(&bytes);
        buffer.open(QIODevice::WriteOnly);
        QPdfWriter writer(&buffer);
        writer.setResolution(300);
        QPainter p(&writer);
        const QRectF frame(0, 0, 1500, 1000);
        map.set_focus(district);
        map.render(p, frame, district ? map.district_extent(*district) : map.extent(), 300);
        p.end();
        return bytes.size();
    };
    const auto whole = pdf_bytes(std::nullopt);
    const auto one = pdf_bytes(210);
    // The district's view shows about 1/100 of the 4,000 road vertices and 9 of the 400 outlines: its PDF
    // is a small part of the whole city's (which holds every vertex): 1/10 of it here. Drawing every
    // outline and every road that touches the view, as before, gave 1/5.
    CHECK(one * 8 < whole);
}
