// The planning workbench's live indicators (core/whatif.h) on the synthetic 1 M-resident, 200-district
// city (synth_city, seed 7, built in memory): moving one proposed fitness site and adding one proposed
// toilet, every indicator of every district and the total updated (issue #16: ≤ 20 ms and ≤ 5 ms), against
// the full recomputation the engine replaces (the site appended, compute_scorecard of the whole city).
// Walking coverage on the network (the city has roads). Run: build-bench/bench/hcgis_bench_whatif
#include "core/analysis.h"
#include "core/proposal.h"
#include "core/synth.h"
#include "core/whatif.h"

#include <benchmark/benchmark.h>

using namespace hcgis;

namespace {

City& city() {
    static City c = [] {
        SynthOptions o;
        o.districts = 200;
        o.residents = 1'000'000;
        o.seed = 7;
        City made = synth_city(o);
        code_classes(made);
        return made;
    }();
    return c;
}

// Targets for the six indicators the proposals move, so that pass and gap are assessed too.
const Catalog& catalog() {
    static const Catalog c = [] {
        std::vector<IndicatorDef> defs;
        auto def = [&](const char* id, Op op, double target) {
            IndicatorDef d;
            d.id = id, d.op = op, d.target = target;
            defs.push_back(d);
        };
        def("toilet_density", Op::AtLeast, 4);
        def("toilet_class2_share", Op::AtLeast, 0.35);
        def("toilet_below_class3", Op::AtMost, 0);
        def("toilet_cleaners_needed", Op::AtMost, 8);
        def("fitness_10min_coverage", Op::AtLeast, 0.9);
        def("fitness_10min_coverage_elderly", Op::AtLeast, 0.9);
        return Catalog(defs);
    }();
    return c;
}

struct Bench {
    Analysis analysis{city()};
    WhatIf whatif{analysis, catalog()};
    double cx = 0, cy = 0;  // a resident near the middle of the city
    Bench() {
        const Layer& r = *city().layer("residents");
        const std::size_t mid = r.size() / 2;
        cx = r.x[mid], cy = r.y[mid];
    }
};

Bench& bench() {
    static Bench b;
    return b;
}

// A large fitness site (1000 m class budget) dragged 300 m back and forth: its old catchment taken away,
// the new one searched and added, for both the 10-minute and the elderly coverage, and every value emitted
// and assessed again.
void BM_WhatIfMoveFitness(benchmark::State& state) {
    Bench& b = bench();
    ProposedSite s;
    s.role = "fitness";
    s.x = b.cx, s.y = b.cy;
    s.cls = 3;
    const int id = b.whatif.add(s);
    bool there = false;
    for (auto _ : state) {
        there = !there;
        b.whatif.move(id, b.cx + (there ? 300 : 0), b.cy);
        benchmark::DoNotOptimize(b.whatif.after().total.values.size());
    }
    b.whatif.remove(id);
}

// A class II toilet added at a resident's place (removed again outside the timing).
void BM_WhatIfAddToilet(benchmark::State& state) {
    Bench& b = bench();
    ProposedSite s;
    s.role = "toilets";
    s.x = b.cx, s.y = b.cy;
    s.cls = 2;
    for (auto _ : state) {
        const int id = b.whatif.add(s);
        benchmark::DoNotOptimize(b.whatif.after().total.values.size());
        state.PauseTiming();
        b.whatif.remove(id);
        state.ResumeTiming();
    }
}

// The baseline: what an edit costs without the engine, the site appended to the city and every indicator
// computed again (a fresh Analysis: district assignment, snapping, both coverage searches, green space …).
void BM_WhatIfFullRecompute(benchmark::State& state) {
    Bench& b = bench();
    Proposal p;
    p.sites.push_back(ProposedSite{1, "fitness", b.cx, b.cy, 3.0, ""});
    City& c = city();
    Layer& fitness = c.layers.at("fitness");
    for (auto _ : state) {
        append_proposal(c, p);
        benchmark::DoNotOptimize(compute_scorecard(c, catalog()).total.values.size());
        fitness.x.pop_back(), fitness.y.pop_back(), fitness.fid.pop_back();
        for (auto& [key, column] : fitness.numbers) column.pop_back();
        for (auto& [key, column] : fitness.texts) column.pop_back();
        --fitness.account.read;
    }
}

}  // namespace

BENCHMARK(BM_WhatIfMoveFitness)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_WhatIfAddToilet)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_WhatIfFullRecompute)->Unit(benchmark::kMillisecond)->Iterations(3);
BENCHMARK_MAIN();
