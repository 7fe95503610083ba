// The synthetic city (synth.cpp): the same city for the same options, the counts asked for, and a mosaic
// of districts that share their borders (no gaps, no overlaps).
#include "core/synth.h"

#include "core/point_in_district.h"

#include <catch2/catch.hpp>

#include <vector>

using namespace hcgis;

namespace {

SynthOptions options(int districts, std::int64_t residents, std::uint64_t seed) {
    SynthOptions o;
    o.districts = districts;
    o.residents = residents;
    o.seed = seed;
    return o;
}

double union_area(const Districts& d) {
    std::vector<const GEOSGeometry*> parts;
    for (const auto& g : d.geom) parts.push_back(g.get());
    return geos::area(geos::unary_union(parts).get());
}

double sum_area(const Districts& d) {
    double sum = 0;
    for (const auto& g : d.geom) sum += geos::area(g.get());
    return sum;
}

}  // namespace

TEST_CASE("synth: the same options give the same city, another seed another", "[synth]") {
    const City a = synth_city(options(6, 3000, 11));
    const City b = synth_city(options(6, 3000, 11));
    REQUIRE(a.districts.size() == b.districts.size());
    for (std::size_t d = 0; d < a.districts.size(); ++d) {
        CHECK(geos::to_wkt(a.districts.geom[d].get()) == geos::to_wkt(b.districts.geom[d].get()));
        CHECK(a.districts.population[d] == b.districts.population[d]);
    }
    REQUIRE(a.layers.size() == b.layers.size());
    for (const auto& [role, la] : a.layers) {
        INFO("layer " << role);
        const Layer& lb = b.layers.at(role);
        CHECK(la.x == lb.x);
        CHECK(la.y == lb.y);
        CHECK(la.numbers == lb.numbers);
        CHECK(la.texts == lb.texts);
        REQUIRE(la.geoms.size() == lb.geoms.size());
        for (std::size_t i = 0; i < la.geoms.size(); ++i)
            CHECK(geos::to_wkt(la.geoms[i].get()) == geos::to_wkt(lb.geoms[i].get()));
    }
    const City c = synth_city(options(6, 3000, 12));
    CHECK(c.layers.at("residents").x != a.layers.at("residents").x);
    CHECK(geos::to_wkt(c.districts.geom[0].get()) != geos::to_wkt(a.districts.geom[0].get()));
}

TEST_CASE("synth: as many districts and residents as asked for, with populations that agree", "[synth]") {
    for (const int n : {1, 5, 6}) {
        INFO(n << " districts");
        const City c = synth_city(options(n, 2000, 3));
        CHECK(c.districts.size() == static_cast<std::size_t>(n));
        CHECK(c.districts.name.size() == static_cast<std::size_t>(n));
        CHECK(c.districts.population.size() == static_cast<std::size_t>(n));
        const Layer& r = c.layers.at("residents");
        CHECK(r.size() == 2000);
        CHECK(r.x.size() == 2000);
        CHECK(r.numbers.at("population").size() == 2000);
        // A district's population is the population of the resident points in it.
        const DistrictIndex index(c.districts.geom);
        std::vector<double> pop(static_cast<std::size_t>(n), 0.0);
        for (std::size_t i = 0; i < r.size(); ++i)
            if (const int d = index.locate(r.x[i], r.y[i]); d >= 0)
                pop[static_cast<std::size_t>(d)] += r.numbers.at("population")[i];
        for (std::size_t d = 0; d < pop.size(); ++d) CHECK(*c.districts.population[d] == Approx(pop[d]).margin(1e-9));
        for (const auto& [role, layer] : c.layers) {
            INFO("layer " << role);
            CHECK(layer.size() > 0);
            CHECK(layer.account.read == layer.size());
        }
    }
}

TEST_CASE("synth: districts share their borders, with neither gaps nor overlaps", "[synth]") {
    // Six districts on a 3 × 2 lattice of 2 km cells whose inner vertices are jittered and shared.
    const City c = synth_city(options(6, 100, 5));
    const double s = 2000;
    // The outer edge is not jittered: together the districts cover the 6 km × 4 km rectangle exactly,
    // and their areas add up to it, so nothing is covered twice.
    CHECK(union_area(c.districts) == Approx(6 * s * s).epsilon(1e-9));
    CHECK(sum_area(c.districts) == Approx(6 * s * s).epsilon(1e-9));
    // Neighbours (2 per row twice, 3 across the rows: 7 pairs) meet along a line; the others at most at a
    // corner.
    int sharing = 0;
    for (std::size_t i = 0; i < c.districts.size(); ++i)
        for (std::size_t j = i + 1; j < c.districts.size(); ++j) {
            const geos::GeomPtr meet = geos::intersection(c.districts.geom[i].get(), c.districts.geom[j].get());
            CHECK(geos::area(meet.get()) == Approx(0).margin(1e-6));
            if (geos::length(meet.get()) > 1.0) ++sharing;
        }
    CHECK(sharing == 7);
    // Five districts leave the lattice's last cell empty; still no overlaps.
    const City five = synth_city(options(5, 100, 5));
    CHECK(sum_area(five.districts) == Approx(union_area(five.districts)).epsilon(1e-9));
}
