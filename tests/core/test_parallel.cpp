#include "core/parallel.h"

#include <catch2/catch.hpp>

#include <atomic>
#include <stdexcept>
#include <thread>
#include <vector>

using namespace hcgis;

TEST_CASE("parallel_chunks calls every item exactly once, in contiguous chunks of the grain", "[parallel]") {
    for (std::size_t grain : {1u, 7u, 1000u})
        for (std::size_t n : {0u, 1u, 6u, 7u, 8u, 999u, 1000u, 1001u, 100003u}) {
            INFO("n " << n << " grain " << grain);
            std::vector<std::atomic<int>> seen(n);
            std::atomic<std::size_t> calls{0};
            std::atomic<std::size_t> bad{0};  // Catch's assertions are not for worker threads: counted here
            parallel_chunks(n, 2, grain, [&](std::size_t b, std::size_t e) {
                if (!(b < e && e <= n && b % grain == 0 && (e - b == grain || e == n))) ++bad;
                ++calls;
                for (std::size_t i = b; i < e && i < n; ++i) seen[i].fetch_add(1);
            });
            CHECK(bad.load() == 0);
            std::size_t once = 0;
            for (auto& s : seen) once += s.load() == 1 ? 1 : 0;
            CHECK(once == n);
            CHECK(calls.load() == (n < 2 ? (n > 0 ? 1 : 0) : (n + grain - 1) / grain));
        }
}

TEST_CASE("parallel_chunks runs below the threshold on the calling thread, in one call", "[parallel]") {
    std::size_t calls = 0, b0 = 1, e0 = 0;
    bool here = false;
    const auto me = std::this_thread::get_id();
    parallel_chunks(500, 1000, 10, [&](std::size_t b, std::size_t e) {
        here = std::this_thread::get_id() == me;
        b0 = b;
        e0 = e;
        ++calls;
    });
    CHECK(calls == 1);
    CHECK(here);
    CHECK(b0 == 0);
    CHECK(e0 == 500);
}

TEST_CASE("parallel_chunks rethrows a worker's exception", "[parallel]") {
    std::atomic<std::size_t> done{0};
    CHECK_THROWS_AS(parallel_chunks(100000, 2, 100,
                                    [&](std::size_t b, std::size_t) {
                                        if (b == 5000) throw std::runtime_error("chunk 50");
                                        ++done;
                                    }),
                    std::runtime_error);
    CHECK(done.load() < 1000);
}

TEST_CASE("take_in_turn does every item once on any number of threads, nested too, and rethrows, and pool_threads' bounds", "[parallel]") {
    CHECK(pool_threads(0, 100) == 1);
    CHECK(pool_threads(100, 100) == 1);  // at least one thread, whatever is left free
    CHECK(pool_threads(3, 0) <= 3);      // never more than the items
    CHECK(pool_threads(1000, 0) == core_count());
    for (std::size_t threads : {0u, 1u, 2u, 4u, 9u}) {
        std::atomic<int> calls{0};
        take_in_turn(0, threads, [&](std::size_t) { ++calls; });
        CHECK(calls == 0);
        std::vector<std::atomic<int>> seen(1000);
        take_in_turn(seen.size(), threads, [&](std::size_t i) { ++seen[i]; });
        std::size_t once = 0;
        for (auto& s : seen) once += s == 1 ? 1 : 0;
        CHECK(once == seen.size());
        CHECK_THROWS_WITH(take_in_turn(1000, threads, [](std::size_t i) { if (i == 17) throw std::runtime_error("17"); }), "17");
        std::atomic<int> inner{0};
        take_in_turn(4, threads, [&](std::size_t) { take_in_turn(4, threads, [&](std::size_t) { ++inner; }); });
        CHECK(inner == 16);
    }
    CHECK_THROWS_WITH(parallel_for(1000, 1, [](std::size_t b, std::size_t) { if (b == 0) throw std::runtime_error("first"); }), "first");
}
