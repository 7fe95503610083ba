// The what-if engine (whatif.cpp): after() equals a full recomputation (append_proposal +
// compute_scorecard) of the same proposal, edit by edit, on random edit sequences of a generated city,
// on the network and in a straight line; edits on an unknown id are refused.
#include "core/whatif.h"

#include "core/error.h"
#include "core/indicators/fitness.h"
#include "core/synth.h"

#include <catch2/catch.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <random>

using namespace hcgis;

namespace {

City coded_city(int districts, std::int64_t residents, std::uint64_t seed) {
    SynthOptions o;
    o.districts = districts;
    o.residents = residents;
    o.seed = seed;
    City c = synth_city(o);
    code_classes(c);
    return c;
}

IndicatorDef def(const char* id, Op op, double target) {
    IndicatorDef d;
    d.id = id;
    d.op = op;
    d.target = target;
    return d;
}

// Targets that some districts pass and some fail, so that pass and gap change with the edits.
Catalog test_catalog() {
    return Catalog({def("toilet_density", Op::AtLeast, 4), def("toilet_class2_share", Op::AtLeast, 0.35),
                    def("toilet_below_class3", Op::AtMost, 0), def("toilet_cleaners_needed", Op::AtMost, 8),
                    def("fitness_10min_coverage", Op::AtLeast, 0.6),
                    def("fitness_10min_coverage_elderly", Op::AtLeast, 0.5)});
}

Layer copy_points(const Layer& from) {
    Layer l;
    l.role = from.role, l.source = from.source, l.crs = from.crs, l.kind = from.kind;
    l.x = from.x, l.y = from.y, l.fid = from.fid, l.numbers = from.numbers, l.texts = from.texts;
    l.account = from.account;
    return l;
}

/// The reference: the city with the proposal appended, computed from scratch.
struct Reference {
    City city;
    std::map<std::string, Layer> base;
    Reference(City c) : city(std::move(c)) {
        for (const std::string& role : proposable_roles())
            if (const Layer* l = city.layer(role)) base.emplace(role, copy_points(*l));
    }
    Scorecard with(const Proposal& p, const Catalog& catalog, ScorecardOptions options) {
        for (const std::string& role : proposable_roles()) city.layers.erase(role);
        for (const auto& [role, layer] : base) city.layers[role] = copy_points(layer);
        append_proposal(city, p);
        return compute_scorecard(city, catalog, options);
    }
};

void same_area(const AreaResult& want, const AreaResult& got, const std::vector<std::string>& ids, const std::string& edit) {
    for (const std::string& id : ids) {
        INFO(edit << ": " << id << " of " << want.name);
        const Value& w = want.values.at(id);
        REQUIRE(got.values.count(id) == 1);
        const Value& g = got.values.at(id);
        REQUIRE(w.value.has_value() == g.value.has_value());
        if (w.value) REQUIRE(*g.value == Approx(*w.value).margin(1e-9).epsilon(1e-9));
        REQUIRE(w.reason.code == g.reason.code);
        REQUIRE(w.detail.size() == g.detail.size());
        for (std::size_t k = 0; k < w.detail.size(); ++k) {
            REQUIRE(w.detail[k].first == g.detail[k].first);
            REQUIRE(g.detail[k].second == Approx(w.detail[k].second).margin(1e-6));
        }
        REQUIRE(w.target == g.target);
        REQUIRE(w.pass == g.pass);
        REQUIRE(w.gap.has_value() == g.gap.has_value());
        if (w.gap) {
            REQUIRE(w.gap->amount == Approx(g.gap->amount).margin(1e-9));
            REQUIRE(w.gap->text == g.gap->text);
        }
    }
}

void same_card(const Scorecard& want, const Scorecard& got, const std::string& edit) {
    REQUIRE(want.ids == got.ids);
    INFO(edit << ": layers");
    REQUIRE(want.layers.size() == got.layers.size());
    for (std::size_t k = 0; k < want.layers.size(); ++k) {
        INFO(want.layers[k].role);
        CHECK(want.layers[k].role == got.layers[k].role);
        CHECK(want.layers[k].account.read == got.layers[k].account.read);
        CHECK(want.layers[k].account.in_district == got.layers[k].account.in_district);
        CHECK(want.layers[k].account.outside == got.layers[k].account.outside);
    }
    REQUIRE(want.districts.size() == got.districts.size());
    for (std::size_t d = 0; d < want.districts.size(); ++d) same_area(want.districts[d], got.districts[d], want.ids, edit);
    same_area(want.total, got.total, want.ids, edit);
}

/// `steps` random edits on a generated city; `without` names layers taken out first (a layer the
/// proposal then creates).
void random_edits(ModeChoice mode, std::uint64_t seed, int steps, std::vector<std::string> without = {}) {
    const Catalog catalog = test_catalog();
    const ScorecardOptions options{mode};
    auto make = [&] {
        City c = coded_city(8, 4000, 3);
        for (const auto& role : without) c.layers.erase(role);
        return c;
    };
    const City city = make();
    Reference ref(make());
    Analysis analysis(city, options);
    WhatIf w(analysis, catalog);
    same_card(ref.with({}, catalog, options), w.before(), "before");
    same_card(w.before(), w.after(), "no proposal");

    double minx = 1e300, miny = 1e300, maxx = -1e300, maxy = -1e300;
    for (const auto& g : city.districts.geom) {
        const geos::Envelope e = geos::envelope(g.get());
        minx = std::min(minx, e.minx), miny = std::min(miny, e.miny);
        maxx = std::max(maxx, e.maxx), maxy = std::max(maxy, e.maxy);
    }
    std::mt19937_64 rng(seed);
    auto uniform = [&](double a, double b) { return std::uniform_real_distribution<double>(a, b)(rng); };
    auto pick = [&](int n) { return static_cast<int>(std::uniform_int_distribution<int>(0, n - 1)(rng)); };
    // A little beyond the districts too: a site outside every district is counted outside.
    auto point = [&] { return std::pair{uniform(minx - 300, maxx + 300), uniform(miny - 300, maxy + 300)}; };
    auto klass = [&](const std::string& role) -> std::optional<double> {
        if (pick(5) == 0) return std::nullopt;
        return 1 + pick(role == "toilets" ? 4 : 3);
    };
    std::vector<ProposedSite> removed;
    int counted = 0;
    for (int step = 0; step < steps; ++step) {
        const auto& sites = w.proposal().sites;
        const int op = sites.empty() ? 0 : pick(removed.empty() ? 4 : 5);
        std::string what;
        if (op == 0 || sites.size() < 3) {
            ProposedSite s;
            s.role = pick(2) == 0 ? "toilets" : "fitness";
            std::tie(s.x, s.y) = point();
            s.cls = klass(s.role);
            const int id = w.add(s);
            what = fmt::format("add {} {}", s.role, id);
        } else if (op == 1) {
            const ProposedSite& s = sites[static_cast<std::size_t>(pick(static_cast<int>(sites.size())))];
            const int id = s.id;
            // Mostly a short drag, sometimes across the city.
            const auto [x, y] = pick(3) == 0 ? point() : std::pair{s.x + uniform(-400, 400), s.y + uniform(-400, 400)};
            w.move(id, x, y);
            what = fmt::format("move {}", id);
        } else if (op == 2) {
            const ProposedSite& s = sites[static_cast<std::size_t>(pick(static_cast<int>(sites.size())))];
            const int id = s.id;
            w.set_class(id, klass(s.role));
            what = fmt::format("class {}", id);
        } else if (op == 3) {
            const ProposedSite s = sites[static_cast<std::size_t>(pick(static_cast<int>(sites.size())))];
            w.remove(s.id);
            removed.push_back(s);
            what = fmt::format("remove {}", s.id);
        } else {
            const std::size_t k = static_cast<std::size_t>(pick(static_cast<int>(removed.size())));
            w.restore(removed[k]);
            what = fmt::format("restore {}", removed[k].id);
            removed.erase(removed.begin() + static_cast<std::ptrdiff_t>(k));
        }
        INFO("step " << step);
        same_card(ref.with(w.proposal(), catalog, options), w.after(), what);
        ++counted;
    }
    CHECK(counted == steps);
    // The edits did change something, and clearing puts 现状 back exactly.
    CHECK_FALSE(w.proposal().sites.empty());
    // Where to build: the residents no site covers, as a whole-city computation with the proposal finds them.
    ref.with(w.proposal(), catalog, options);
    Analysis full(ref.city, options);
    for (const std::string& role : proposable_roles()) {
        INFO("uncovered " << role);
        const Layer* layer = ref.city.layer(role);
        std::vector<double> want(full.resident_weights());
        if (layer) {
            const auto budget = role == "fitness" ? indicators::fitness_budgets(ref.city, *layer, ref.city.walk_speed_m_per_min)
                                                  : std::vector<double>(layer->size(), ref.city.toilet_service_radius_m);
            const auto snaps = full.network_mode() ? full.walk_graph()->snap_all(layer->x, layer->y) : std::vector<Snap>();
            const auto covered = indicators::covered_by(full, *layer, snaps, budget);
            for (std::size_t i = 0; i < want.size(); ++i)
                if (covered[i]) want[i] = 0;
        }
        const std::vector<double> got = w.uncovered(role);
        REQUIRE(got == want);
        CHECK(std::count(got.begin(), got.end(), 0.0) > 0);
    }
    w.clear();
    same_card(w.before(), w.after(), "clear");
}

}  // namespace

TEST_CASE("what-if: 200 random edits equal a full recomputation, on the network", "[whatif]") {
    random_edits(ModeChoice::Network, 17, 200);
}

TEST_CASE("what-if: 200 random edits equal a full recomputation, in a straight line", "[whatif]") {
    random_edits(ModeChoice::Straight, 29, 200);
}

TEST_CASE("what-if: a proposal creates the toilets and fitness layers a city lacks", "[whatif]") {
    random_edits(ModeChoice::Network, 41, 40, {"toilets", "fitness"});
    random_edits(ModeChoice::Straight, 43, 40, {"toilets", "fitness"});
}

TEST_CASE("what-if: an edit names which indicators changed, and an unknown id is refused", "[whatif]") {
    const City city = coded_city(4, 1500, 5);
    const Catalog catalog = test_catalog();
    Analysis analysis(city);
    WhatIf w(analysis, catalog);
    const Layer& res = *city.layer("residents");
    // A fitness site on a resident covers at least that resident.
    ProposedSite f;
    f.role = "fitness";
    f.x = res.x[0], f.y = res.y[0];
    f.cls = 3;
    const int id = w.add(f);
    CHECK(id == 1);
    const auto& changed = w.last_changed();
    CHECK(std::find(changed.begin(), changed.end(), "fitness_10min_coverage") != changed.end());
    CHECK(std::find(changed.begin(), changed.end(), "toilet_density") == changed.end());
    CHECK(w.uncovered("fitness")[0] == 0);
    CHECK_THROWS_AS(w.move(99, 0, 0), UsageError);
    CHECK_THROWS_AS(w.remove(99), UsageError);
    CHECK_THROWS_AS(w.set_class(99, 1), UsageError);
    CHECK_THROWS_AS(w.set_class(id, 7), UsageError);
    ProposedSite bad = f;
    bad.role = "parks";
    CHECK_THROWS_AS(w.add(bad), UsageError);
    // Ids are never reused after a delete.
    w.remove(id);
    CHECK(w.site(id) == nullptr);
    CHECK(w.add(f) == 2);
    ProposedSite again = f;
    again.id = 2;
    CHECK_THROWS_AS(w.restore(again), UsageError);
}

TEST_CASE("what-if: with fractional weights, removing every proposed site gives back 现状 exactly", "[whatif]") {
    City city = coded_city(4, 1500, 11);
    // Residents spread from polygons carry fractional weights: sums kept by difference drift by an ulp.
    for (double& p : city.layers.at("residents").numbers.at("population")) p = p / 3.0 + 0.1;
    const Catalog catalog = test_catalog();
    Analysis analysis(city);
    WhatIf w(analysis, catalog);
    const Layer& res = *city.layer("residents");
    std::vector<int> ids;
    for (std::size_t i = 0; i < 40; i += 3) {
        ProposedSite f;
        f.role = "fitness";
        f.x = res.x[i * 17 % res.size()] + 7.3;
        f.y = res.y[i * 17 % res.size()] - 3.1;
        f.cls = 1 + static_cast<double>(i % 3);
        ids.push_back(w.add(f));
    }
    for (int id : ids) w.remove(id);
    for (std::size_t d = 0; d < w.before().districts.size(); ++d)
        for (const char* id : {"fitness_10min_coverage", "fitness_10min_coverage_elderly"}) {
            const Value& was = w.before().districts[d].values.at(id);
            const Value& now = w.after().districts[d].values.at(id);
            REQUIRE(was.value.has_value() == now.value.has_value());
            if (was.value) CHECK(*now.value == *was.value);  // exactly, not within a tolerance
        }
}
