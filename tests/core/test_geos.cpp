#include "core/geos.h"

#include <catch2/catch.hpp>

#include <string>
#include <thread>

using namespace hcgis;

TEST_CASE("invalid WKT raises our exception carrying GEOS's message", "[geos]") {
    try {
        (void)geos::from_wkt("POLYGON((0 0, 1 1, nonsense))");
        FAIL("no exception");
    } catch (const geos::Error& e) {
        const std::string what = e.what();
        CHECK(what.find("cannot parse WKT") != std::string::npos);
        // GEOS's own parser message follows ours.
        CHECK(what.find("ParseException") != std::string::npos);
    }
    // The message is consumed: the next failure does not repeat a stale one.
    CHECK(geos::take_last_error().empty());
    // Parsing still works after a failure on this thread's context.
    CHECK(geos::area(geos::from_wkt("POLYGON((0 0,2 0,2 2,0 2,0 0))").get()) == Approx(4.0));
}

TEST_CASE("each thread has its own context and error message", "[geos]") {
    std::string other;
    std::thread t([&] {
        try {
            (void)geos::from_wkt("POINT(1)");
        } catch (const geos::Error& e) {
            other = e.what();
        }
    });
    t.join();
    CHECK(other.find("ParseException") != std::string::npos);
    CHECK(geos::take_last_error().empty());
}

TEST_CASE("areas, intersections and unions", "[geos]") {
    auto a = geos::from_wkt("POLYGON((0 0,10 0,10 10,0 10,0 0))");
    auto b = geos::from_wkt("POLYGON((5 5,15 5,15 15,5 15,5 5))");
    CHECK(geos::area(geos::intersection(a.get(), b.get()).get()) == Approx(25.0));
    const GEOSGeometry* parts[] = {a.get(), b.get()};
    // Overlap counted once: 100 + 100 - 25.
    CHECK(geos::area(geos::unary_union(parts).get()) == Approx(175.0));
    CHECK(geos::is_empty(geos::unary_union({}).get()));
    const auto e = geos::envelope(b.get());
    CHECK(e.minx == 5.0);
    CHECK(e.maxy == 15.0);
    CHECK(geos::to_wkt(geos::make_point(1.5, 2).get()) == "POINT (1.5 2)");
}

TEST_CASE("validity reasons name the place", "[geos]") {
    auto bowtie = geos::from_wkt("POLYGON((0 0,10 10,10 0,0 10,0 0))");
    CHECK_FALSE(geos::is_valid(bowtie.get()));
    const std::string why = geos::validity_reason(bowtie.get());
    CHECK(why.find("Self-intersection") != std::string::npos);
    CHECK(why.find("5 5") != std::string::npos);
    CHECK(geos::is_valid(geos::from_wkt("POLYGON((0 0,1 0,1 1,0 0))").get()));
}

TEST_CASE("a prepared geometry answers point queries, boundary included", "[geos]") {
    auto sq = geos::from_wkt("POLYGON((0 0,10 0,10 10,0 10,0 0))");
    auto p = geos::prepare(sq.get());
    CHECK(geos::intersects(p.get(), geos::make_point(5, 5).get()));
    CHECK(geos::intersects(p.get(), geos::make_point(10, 5).get()));
    CHECK(geos::covers(p.get(), geos::make_point(0, 0).get()));
    CHECK_FALSE(geos::intersects(p.get(), geos::make_point(10.001, 5).get()));
}

TEST_CASE("STRtree returns item indices in ascending order", "[geos]") {
    std::vector<geos::GeomPtr> boxes;
    for (int i = 0; i < 50; ++i) {
        const int x = (i * 37) % 50;
        boxes.push_back(geos::from_wkt("POLYGON((" + std::to_string(x) + " 0," + std::to_string(x + 2) + " 0," +
                                       std::to_string(x + 2) + " 1," + std::to_string(x) + " 1," +
                                       std::to_string(x) + " 0))"));
    }
    geos::StrTree tree;
    for (std::size_t i = 0; i < boxes.size(); ++i) tree.insert(boxes[i].get(), i);
    auto hits = tree.query(geos::make_point(10.5, 0.5).get());
    REQUIRE(hits.size() == 2);  // boxes starting at x = 9 and x = 10
    CHECK(hits[0] < hits[1]);
    for (auto h : hits) {
        const auto e = geos::envelope(boxes[h].get());
        CHECK(e.minx <= 10.5);
        CHECK(e.maxx >= 10.5);
    }
    CHECK(tree.query(geos::make_point(100, 100).get()).empty());
}

TEST_CASE("the coordinate walker visits lines, shells and holes in order, and skips points", "[geos]") {
    const auto g = geos::from_wkt(
        "GEOMETRYCOLLECTION(LINESTRING(0 0,1 1),POINT(5 5),"
        "MULTIPOLYGON(((0 0,10 0,10 10,0 10,0 0),(2 2,3 2,3 3,2 2)),((20 20,21 20,21 21,20 20))),POLYGON EMPTY)");
    std::vector<std::pair<geos::Piece, std::vector<double>>> seen;
    geos::walk_coordinates(g.get(), [&](geos::Piece piece, std::span<const geos::XY> pts) {
        std::vector<double> flat;
        for (const auto& p : pts) flat.insert(flat.end(), {p.x, p.y});
        seen.emplace_back(piece, flat);
    });
    REQUIRE(seen.size() == 4);
    CHECK(seen[0] == std::pair{geos::Piece::Line, std::vector<double>{0, 0, 1, 1}});
    CHECK(seen[1].first == geos::Piece::Shell);
    CHECK(seen[1].second.size() == 10);
    CHECK(seen[2] == std::pair{geos::Piece::Hole, std::vector<double>{2, 2, 3, 2, 3, 3, 2, 2}});
    CHECK(seen[3].first == geos::Piece::Shell);
}

TEST_CASE("geometry built from coordinates, and checked operations", "[geos]") {
    const geos::XY open[] = {{0, 0}, {4, 0}, {4, 3}};
    const auto tri = geos::make_polygon(open);  // closed by the wrapper
    CHECK(geos::area(tri.get()) == Approx(6.0));
    const geos::XY seg[] = {{0, 5}, {4, 5}};
    const auto line = geos::make_line(seg);
    CHECK(geos::distance(line.get(), tri.get()) == Approx(2.0));
    const auto near = geos::nearest_point(line.get(), tri.get());
    CHECK(near.x == Approx(4.0));
    CHECK(near.y == Approx(5.0));
    CHECK(geos::area(geos::buffer(geos::make_point(0, 0).get(), 1.0, 64).get()) == Approx(3.14159).epsilon(1e-3));
    CHECK(geos::area(geos::buffer_flat(line.get(), 1.0, 8).get()) == Approx(8.0));  // 4 long, 2 wide, square ends
    CHECK(geos::parts(geos::from_wkt("MULTIPOINT((0 0),(1 1))").get()).size() == 2);
    CHECK(geos::is_empty(geos::empty_polygon().get()));
    const auto wkb = geos::to_wkb(tri.get());
    CHECK(geos::area(geos::from_wkb(wkb).get()) == Approx(6.0));
    CHECK_THROWS_AS(geos::point_xy(tri.get()), geos::Error);  // not a point
}
