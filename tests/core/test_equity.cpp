#include "core/equity.h"

#include <catch2/catch.hpp>

#include <cmath>

using namespace hcgis;

TEST_CASE("Gini over residents: equal values give 0, one district with everything (n-1)/n", "[equity]") {
    CHECK(*gini({{0.8, 100}, {0.8, 2500}, {0.8, 7}}) == Approx(0).margin(1e-12));
    CHECK(*gini({{1, 1000}, {0, 1000}}) == Approx(0.5));
    CHECK(*gini({{1, 1000}, {0, 1000}, {0, 1000}, {0, 1000}}) == Approx(0.75));
}

TEST_CASE("Gini by hand: two districts of unequal population", "[equity]") {
    // 1000 residents at 0.2, 3000 at 0.6: μ = (200 + 1800) / 4000 = 0.5,
    // Σi Σj wi wj |vi − vj| = 2 · 1000 · 3000 · 0.4 = 2.4e6, G = 2.4e6 / (2 · 4000² · 0.5) = 0.15.
    CHECK(*gini({{0.6, 3000}, {0.2, 1000}}) == Approx(0.15));
    const auto s = weighted_spread({{0.6, 3000}, {0.2, 1000}});
    REQUIRE(s);
    CHECK(s->mean == Approx(0.5));
    CHECK(s->sd == Approx(std::sqrt((1000 * 0.09 + 3000 * 0.01) / 4000.0)));
}

TEST_CASE("Gini: no residents or a mean of 0 has none, and districts without residents do not count", "[equity]") {
    CHECK_FALSE(gini({}));
    CHECK_FALSE(gini({{0.5, 0}}));
    CHECK_FALSE(gini({{0, 10}, {0, 20}}));
    CHECK(*gini({{1, 1000}, {0, 1000}, {0.3, 0}}) == Approx(0.5));
}
