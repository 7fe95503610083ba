// The union on every core and the union in order (polygon_union.cpp) against GEOS's cascaded union of the
// same polygons, and hcgis coverage's union of the catchments against the exact union on a generated city.
#include "core/polygon_union.h"

#include "core/analysis.h"
#include "core/coverage_map.h"
#include "core/synth.h"

#include <catch2/catch.hpp>

#include <atomic>
#include <future>

#include <algorithm>
#include <cmath>
#include <random>
#include <vector>

using namespace hcgis;

namespace {

/// The area of what lies in one of `a` and `b` but not in both.
double symmetric_difference_area(const GEOSGeometry* a, const GEOSGeometry* b) {
    return geos::area(geos::difference(a, b).get()) + geos::area(geos::difference(b, a).get());
}

std::size_t polygon_count(const GEOSGeometry* g) {
    std::size_t n = 0;
    for (const GEOSGeometry* p : geos::parts(g))
        if (!geos::is_empty(p)) ++n;
    return n;
}

}  // namespace

TEST_CASE("the union on cores and the union in order are GEOS's union of the same polygons: overlapping, apart, empty", "[polygon_union]") {
    // 400 disks of 40-120 m in a 3 km × 1 km band, heavily overlapping (their areas add up to several
    // times the band's), a ring of squares with holes far to the east that meets nothing, and empties.
    std::mt19937 rng(17);
    std::uniform_real_distribution<double> x(0, 3000), y(0, 1000), r(40, 120);
    std::vector<geos::GeomPtr> owned;
    for (int i = 0; i < 400; ++i) owned.push_back(geos::buffer(geos::make_point(x(rng), y(rng)).get(), r(rng), 4));
    for (int i = 0; i < 12; ++i) {
        const double x0 = 10000 + 300 * i;
        owned.push_back(geos::difference(geos::make_rectangle(x0, 0, x0 + 200, 200).get(),
                                         geos::make_rectangle(x0 + 50, 50, x0 + 150, 150).get()));
    }
    owned.push_back(geos::empty_polygon());
    std::vector<const GEOSGeometry*> polygons;
    for (const auto& g : owned) polygons.push_back(g.get());
    const geos::GeomPtr exact = geos::unary_union(polygons);
    const double area = geos::area(exact.get());
    REQUIRE(area > 1e6);
    for (const std::size_t groups : {1, 2, 3, 4, 8}) {
        INFO("groups " << groups);
        const geos::GeomPtr u = union_on_cores(polygons, groups);
        CHECK(geos::is_valid(u.get()));
        CHECK(geos::area(u.get()) == Approx(area).epsilon(1e-9));
        CHECK(symmetric_difference_area(u.get(), exact.get()) < 1e-9 * area);
        CHECK(polygon_count(u.get()) == polygon_count(exact.get()));
    }
    CHECK(geos::is_empty(union_on_cores({}, 2).get()));

    // union_in_order: the same polygons in an order that keeps neighbours near (west to east, then the
    // holed squares), drawn by the callback on every core.
    std::vector<std::size_t> order(polygons.size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
    auto centre = [&](std::size_t i) {
        if (geos::is_empty(polygons[i])) return 0.0;
        const geos::Envelope e = geos::envelope(polygons[i]);
        return e.minx + e.maxx;
    };
    std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return centre(a) < centre(b); });
    for (const std::size_t cores : {1, 2, 3, 8}) {
        INFO("in order, cores " << cores);
        const geos::GeomPtr u = union_in_order(order.size(), [&](std::size_t i) { return geos::clone(polygons[order[i]]); }, cores);
        CHECK(geos::is_valid(u.get()));
        CHECK(geos::area(u.get()) == Approx(area).epsilon(1e-9));
        CHECK(symmetric_difference_area(u.get(), exact.get()) < 1e-9 * area);
        CHECK(polygon_count(u.get()) == polygon_count(exact.get()));
    }
    // In any order too (the order only makes it faster).
    const geos::GeomPtr shuffled = union_in_order(polygons.size(), [&](std::size_t i) { return geos::clone(polygons[(i * 11) % polygons.size()]); }, 2);
    CHECK(symmetric_difference_area(shuffled.get(), exact.get()) < 1e-9 * area);
    CHECK(geos::is_empty(union_in_order(0, [](std::size_t) { return geos::empty_polygon(); }, 2).get()));
    // With cores held: a thread that waits for them (ready half-way through, or never: it then ends when
    // no run is left), the same union.
    std::promise<void> back, never;
    std::atomic<std::size_t> drawn{0};
    const CoresHeld half{1, back.get_future().share()}, forever{3, never.get_future().share()};
    auto draw = [&](std::size_t i) {
        if (++drawn == order.size() / 2) back.set_value();
        return geos::clone(polygons[order[i]]);
    };
    for (const auto* held : {&half, &forever}) {
        INFO((held == &half ? "held until half-way" : "held for ever"));
        const geos::GeomPtr u = union_in_order(order.size(), draw, 2, *held);
        CHECK(geos::area(u.get()) == Approx(area).epsilon(1e-9));
        CHECK(symmetric_difference_area(u.get(), exact.get()) < 1e-9 * area);
        CHECK(polygon_count(u.get()) == polygon_count(exact.get()));
    }
}

TEST_CASE("coverage's union of the catchments is the exact union of them on a generated city", "[polygon_union][coverage_map]") {
    SynthOptions o;
    o.districts = 24;
    o.residents = 5000;
    o.seed = 3;
    City city = synth_city(o);
    code_classes(city);
    Analysis a(city);
    // The toilets (several a district) with a 10-minute walk each (800 m): catchments that overlap.
    CoverageOptions toilets;
    toilets.facility = "toilets";
    toilets.minutes = 10;
    const CoverageMap m = coverage_map(a, toilets);
    REQUIRE(m.mode == Measure::Network);
    std::vector<const GEOSGeometry*> parts;
    double sum = 0;
    for (const auto& c : m.catchment) {
        parts.push_back(c.get());
        sum += geos::area(c.get());
    }
    REQUIRE(parts.size() >= 100);
    const geos::GeomPtr exact = geos::unary_union(parts);
    const double area = geos::area(exact.get());
    // Many overlapping catchments: their areas add up to well over their union's.
    CHECK(sum > 1.3 * area);
    CHECK(geos::is_valid(m.all.get()));
    CHECK(geos::area(m.all.get()) == Approx(area).epsilon(1e-9));
    // Exact up to floating point: within a square metre of a city-sized union (the half-width the
    // catchments are drawn with is 50 m).
    CHECK(symmetric_difference_area(m.all.get(), exact.get()) < 1e-9 * area + 1.0);
}

TEST_CASE("the union in order and on cores join polygons that only touch: shared edges, shared corners, inside a hole", "[polygon_union]") {
    // A row of 16 unit squares side by side (each shares an edge with the next), a diagonal chain of 16
    // squares meeting corner to corner, and a square ring with a square in its hole that touches nothing and
    // one that touches the hole's edge. Whatever the cut between halves, touching polygons must be merged:
    // passing two of them through unmerged gives an invalid MultiPolygon (checked: with envelopes that
    // only touch taken as apart, the union is not valid).
    std::vector<geos::GeomPtr> owned;
    for (int i = 0; i < 16; ++i) owned.push_back(geos::make_rectangle(10.0 * i, 0, 10.0 * (i + 1), 10));
    for (int i = 0; i < 16; ++i) owned.push_back(geos::make_rectangle(10.0 * i, 100.0 + 10 * i, 10.0 * (i + 1), 110.0 + 10 * i));
    owned.push_back(geos::difference(geos::make_rectangle(500, 0, 600, 100).get(), geos::make_rectangle(520, 20, 580, 80).get()));
    owned.push_back(geos::make_rectangle(540, 40, 560, 60));  // in the hole, apart from the ring
    owned.push_back(geos::make_rectangle(520, 20, 530, 30));  // in the hole, touching its edges
    std::vector<const GEOSGeometry*> polygons;
    for (const auto& g : owned) polygons.push_back(g.get());
    const geos::GeomPtr exact = geos::unary_union(polygons);
    const double area = geos::area(exact.get());
    REQUIRE(area == Approx(160.0 * 10 + 16 * 100 + (10000 - 3600) + 400 + 100).epsilon(1e-12));
    auto check = [&](const char* what, const geos::GeomPtr& u) {
        INFO(what);
        CHECK(geos::is_valid(u.get()));
        CHECK(geos::area(u.get()) == Approx(area).epsilon(1e-12));
        CHECK(symmetric_difference_area(u.get(), exact.get()) < 1e-9 * area);
        CHECK(polygon_count(u.get()) == polygon_count(exact.get()));
    };
    for (const std::size_t cores : {1, 2, 3, 8}) {
        INFO("cores " << cores);
        check("on cores", union_on_cores(polygons, cores));
        check("in order", union_in_order(polygons.size(), [&](std::size_t i) { return geos::clone(polygons[i]); }, cores));
        check("shuffled", union_in_order(polygons.size(), [&](std::size_t i) { return geos::clone(polygons[(i * 11) % polygons.size()]); }, cores));  // 11 and 35 coprime
    }
}
