#include "render/classify.h"
#include "render/palette.h"
#include "core/error.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>
#include <random>

using namespace hcgis::render;

namespace {

// Within-class sum of squared deviations of sorted `v` split at `edges` (upper bounds inclusive).
double ssd(const std::vector<double>& v, const std::vector<double>& edges) {
    double total = 0;
    for (std::size_t c = 0; c + 1 < edges.size(); ++c) {
        std::vector<double> cls;
        for (double x : v)
            if (class_index(x, edges) == static_cast<int>(c)) cls.push_back(x);
        if (cls.empty()) continue;
        double mean = 0;
        for (double x : cls) mean += x;
        mean /= static_cast<double>(cls.size());
        for (double x : cls) total += (x - mean) * (x - mean);
    }
    return total;
}

// The best split of sorted distinct-ish `v` into k classes by trying every set of cut positions.
double brute_force_best(const std::vector<double>& v, int k) {
    const std::size_t n = v.size();
    double best = std::numeric_limits<double>::infinity();
    std::vector<std::size_t> cut(static_cast<std::size_t>(k - 1));
    // Enumerate increasing cut positions 1..n-1 (a class ends before each cut).
    std::function<void(std::size_t, std::size_t)> rec = [&](std::size_t i, std::size_t from) {
        if (i == cut.size()) {
            std::vector<double> edges{v.front()};
            for (std::size_t c : cut) edges.push_back(v[c - 1]);
            edges.push_back(v.back());
            best = std::min(best, ssd(v, edges));
            return;
        }
        for (std::size_t c = from; c < n; ++c) {
            cut[i] = c;
            rec(i + 1, c + 1);
        }
    };
    rec(0, 1);
    return best;
}

}  // namespace

TEST_CASE("Jenks natural breaks are the optimal split", "[classify]") {
    // Three clear clusters.
    CHECK(jenks_edges({1, 2, 3, 10, 11, 12, 20, 21, 22}, 3) == std::vector<double>{1, 3, 12, 22});
    // Against exhaustive search on random data.
    std::mt19937 rng(5);
    std::uniform_real_distribution<double> u(0, 100);
    for (int trial = 0; trial < 20; ++trial) {
        std::vector<double> v(12);
        for (double& x : v) x = std::round(u(rng) * 10) / 10;
        std::sort(v.begin(), v.end());
        for (int k = 2; k <= 4; ++k) {
            const auto edges = jenks_edges(v, k);
            REQUIRE(ssd(v, edges) == Approx(brute_force_best(v, k)).margin(1e-9));
        }
    }
}

TEST_CASE("quantile, equal interval, pretty, standard deviation and manual breaks", "[classify]") {
    const std::vector<double> v = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
    CHECK(class_edges(Method::Quantile, v, 5) == std::vector<double>{1, 2, 4, 6, 8, 10});
    CHECK(class_edges(Method::EqualInterval, v, 3) == std::vector<double>{1, 4, 7, 10});
    CHECK(class_edges(Method::Pretty, v, 5) == std::vector<double>{0, 2, 4, 6, 8, 10});
    CHECK(pretty_step(0, 0.37, 4) == Approx(0.1));
    CHECK(pretty_step(3, 1700, 5) == Approx(500));
    const double manual[] = {2.5, 7.5};
    CHECK(class_edges(Method::Manual, v, 0, manual) == std::vector<double>{1, 2.5, 7.5, 10});
    // Mean 5.5, sd 2.872: breaks at 2.628, 5.5, 8.372 inside the range.
    const auto sd = class_edges(Method::StdDev, v, 0);
    REQUIRE(sd.size() == 5);
    CHECK(sd[1] == Approx(5.5 - 2.8722813).epsilon(1e-6));
    CHECK(sd[2] == Approx(5.5));
    CHECK(sd[3] == Approx(5.5 + 2.8722813).epsilon(1e-6));
}

TEST_CASE("fewer distinct values than classes give fewer classes", "[classify]") {
    // Two distinct values, two classes: [3, 3] and (3, 7].
    CHECK(class_edges(Method::Quantile, {3, 3, 3, 7, 7}, 5) == std::vector<double>{3, 3, 7});
    CHECK(class_edges(Method::Jenks, {3, 3, 3, 7, 7}, 5) == std::vector<double>{3, 3, 7});
    CHECK(class_edges(Method::EqualInterval, {4, 4}, 5) == std::vector<double>{4, 4});
    // A singleton lowest class survives: Jenks keeps 1 apart from the rest.
    CHECK(jenks_edges({1, 50, 52, 54, 90, 92}, 3) == std::vector<double>{1, 1, 54, 92});
    CHECK(class_edges(Method::Jenks, {}, 5).empty());
    CHECK(class_index(3, {3, 7}) == 0);
    CHECK(class_index(7, {3, 7}) == 0);
    CHECK(class_index(5, {1, 4, 7, 10}) == 1);
    CHECK(class_index(4, {1, 4, 7, 10}) == 0);  // an edge belongs to the class below it
}

TEST_CASE("target-based classes: fail, near and pass in both directions", "[classify]") {
    CHECK(target_class(15.0, 15.0, true) == 2);
    CHECK(target_class(14.0, 15.0, true) == 1);  // within 10 %
    CHECK(target_class(13.0, 15.0, true) == 0);
    CHECK(target_class(0.0, 0.0, false) == 2);
    CHECK(target_class(1.0, 0.0, false) == 1);   // one unit over a zero target
    CHECK(target_class(3.0, 0.0, false) == 0);
}

TEST_CASE("ColorBrewer palettes as published", "[palette]") {
    const auto ylgn5 = palette("YlGn", 5);
    REQUIRE(ylgn5.size() == 5);
    CHECK(ylgn5.front().name() == "#ffffcc");
    CHECK(ylgn5.back().name() == "#006837");
    CHECK(palette("OrRd", 9).back().name() == "#7f0000");
    CHECK(palette("YlGn", 12).size() == 9);  // clamped to the largest scheme
    CHECK(palette("PuBu", 3, true).front().name() == "#2b8cbe");
    CHECK_THROWS_AS(palette("Jet", 5), hcgis::InputError);
}
