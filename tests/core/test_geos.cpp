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
