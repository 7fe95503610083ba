// Walking coverage at city scale: 1 M residents over a 45 k-node, 90 k-edge street grid with 1000
// fitness sites (issue: under 1 s on 2 cores). Run: build-bench/bench/hcgis_bench_walk
#include "core/walk_coverage.h"
#include "core/walk_graph.h"

#include <benchmark/benchmark.h>

#include <random>
#include <string>

using namespace hcgis;

namespace {

constexpr int side = 212;        // 212 x 212 = 44,944 junctions, 2 x 212 x 211 = 89,464 street segments
constexpr double spacing = 100;  // metres between streets

std::vector<geos::GeomPtr> grid_streets() {
    std::vector<geos::GeomPtr> lines;
    GEOSContextHandle_t h = geos::ctx();
    for (int dir = 0; dir < 2; ++dir)
        for (int i = 0; i < side; ++i) {
            GEOSCoordSequence* seq = GEOSCoordSeq_create_r(h, side, 2);
            for (int j = 0; j < side; ++j) {
                const double a = i * spacing, b = j * spacing;
                GEOSCoordSeq_setXY_r(h, seq, static_cast<unsigned>(j), dir ? a : b, dir ? b : a);
            }
            lines.push_back(geos::check(GEOSGeom_createLineString_r(h, seq), "line"));
        }
    return lines;
}

struct City {
    std::vector<geos::GeomPtr> streets = grid_streets();
    WalkGraph graph{streets};
    std::vector<double> rx, ry, fx, fy;
    City() {
        std::mt19937 rng(42);
        std::uniform_real_distribution<double> u(0, (side - 1) * spacing);
        for (int i = 0; i < 1'000'000; ++i) {
            rx.push_back(u(rng));
            ry.push_back(u(rng));
        }
        for (int i = 0; i < 1000; ++i) {
            fx.push_back(u(rng));
            fy.push_back(u(rng));
        }
    }
};

City& city() {
    static City c;
    return c;
}

void BM_SnapResidents(benchmark::State& state) {
    City& c = city();
    for (auto _ : state) benchmark::DoNotOptimize(c.graph.snap_all(c.rx, c.ry));
    state.counters["nodes"] = static_cast<double>(c.graph.node_count());
    state.counters["segments"] = static_cast<double>(c.graph.segment_count());
}

void BM_SearchAndEvaluate(benchmark::State& state) {
    City& c = city();
    const auto residents = c.graph.snap_all(c.rx, c.ry);
    const auto sites = c.graph.snap_all(c.fx, c.fy);
    const std::vector<double> budget(sites.size(), 800.0);
    for (auto _ : state) benchmark::DoNotOptimize(walk_coverage(c.graph, sites, budget, residents));
}

void BM_WholeCoverage(benchmark::State& state) {
    City& c = city();
    const std::vector<double> budget(c.fx.size(), 800.0);
    for (auto _ : state) {
        const auto residents = c.graph.snap_all(c.rx, c.ry);
        const auto sites = c.graph.snap_all(c.fx, c.fy);
        benchmark::DoNotOptimize(walk_coverage(c.graph, sites, budget, residents));
    }
}

void BM_BuildGraph(benchmark::State& state) {
    City& c = city();
    for (auto _ : state) benchmark::DoNotOptimize(WalkGraph(c.streets));
}

}  // namespace

BENCHMARK(BM_BuildGraph)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_SnapResidents)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_SearchAndEvaluate)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_WholeCoverage)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK_MAIN();
