// Analysis::prepare(): all that needs no residents made before they are in the City (as `indicators`
// does while it reads them), then the scorecard computed as usual, must equal the scorecard made in one go.
#include "core/analysis.h"

#include "core/error.h"
#include "core/geos.h"
#include "core/indicators/fitness.h"
#include "core/indicators/indicator.h"
#include "core/synth.h"
#include "../same_scorecard.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <string>
#include <vector>

using namespace hcgis;
using hcgis::test::require_same;

namespace {

/// The scorecard of `city` with the residents taken out while prepare() runs and put back after it.
Scorecard prepared_then_computed(City& city, ScorecardOptions options, std::vector<std::string>& prepared) {
    auto node = city.layers.extract("residents");
    REQUIRE(!node.empty());
    Analysis analysis(city, options);
    analysis.prepare();
    city.layers.insert(std::move(node));
    prepared = analysis.prepared_families();
    return compute_scorecard(analysis, Catalog());
}

bool has(const std::vector<std::string>& v, const char* id) { return std::find(v.begin(), v.end(), id) != v.end(); }

}  // namespace

TEST_CASE("a scorecard prepared before the residents are read equals the one made in one go", "[analysis][prepare]") {
    SynthOptions o;
    o.districts = 8;
    o.residents = 8000;
    o.seed = 21;
    City city = synth_city(o);
    code_classes(city);
    std::vector<std::string> prepared;
    SECTION("walked on the roads") {
        const Scorecard whole = compute_scorecard(city, Catalog());
        require_same(prepared_then_computed(city, {}, prepared), whole);
        CHECK(whole.total.values.at("fitness_10min_coverage").mode == Measure::Network);
        CHECK(has(prepared, "fitness_10min_coverage"));  // its sites and searches
    }
    SECTION("parks walked too") {
        city.park_coverage_mode = Measure::Network;
        const Scorecard whole = compute_scorecard(city, Catalog());
        require_same(prepared_then_computed(city, {}, prepared), whole);
        CHECK(whole.total.values.at("park_service_coverage").mode == Measure::Network);
    }
    SECTION("in a straight line") {
        const ScorecardOptions straight{ModeChoice::Straight};
        const Scorecard whole = compute_scorecard(city, Catalog(), straight);
        require_same(prepared_then_computed(city, straight, prepared), whole);
        CHECK_FALSE(has(prepared, "fitness_10min_coverage"));  // nothing to prepare without a network
    }
    SECTION("on a network declared partial (the residents' own snaps)") {
        city.walk_network_partial = true;
        const Scorecard whole = compute_scorecard(city, Catalog());
        require_same(prepared_then_computed(city, {}, prepared), whole);
    }
    SECTION("districts that overlap (the districts' report made beforehand)") {
        const geos::Envelope e = geos::envelope(city.districts.geom[0].get());
        city.districts.geom[0] = geos::make_rectangle(e.minx - 150, e.miny - 150, e.maxx + 150, e.maxy + 150);
        const Scorecard whole = compute_scorecard(city, Catalog());
        REQUIRE(std::count_if(whole.warnings.begin(), whole.warnings.end(),
                              [](const std::string& w) { return w.find("overlap by") != std::string::npos; }) >= 2);
        require_same(prepared_then_computed(city, {}, prepared), whole);
    }
    SECTION("residents without an elderly count (the elderly search made, not used)") {
        city.layers.at("residents").numbers.erase("elderly");
        const Scorecard whole = compute_scorecard(city, Catalog());
        require_same(prepared_then_computed(city, {}, prepared), whole);
        CHECK_FALSE(whole.total.values.at("fitness_10min_coverage_elderly").value.has_value());
    }
    // Every family that never reads the residents was computed whole, and the two that do prepared.
    for (const indicators::Family* f : indicators::families()) {
        INFO(f->indicators.front().id);
        if (!indicators::reads_residents(*f)) CHECK(has(prepared, f->indicators.front().id));
    }
    CHECK(has(prepared, "park_green_per_capita"));
}

TEST_CASE("what prepare() fails to make fails where the scorecard needs it, as without it", "[analysis][prepare]") {
    SynthOptions o;
    o.districts = 4;
    o.residents = 2000;
    o.seed = 3;
    City city = synth_city(o);
    code_classes(city);
    city.layers.erase("roads");
    const ScorecardOptions network{ModeChoice::Network};
    std::string plain, after;
    try {
        compute_scorecard(city, Catalog(), network);
    } catch (const InputError& e) {
        plain = e.what();
    }
    REQUIRE_FALSE(plain.empty());
    std::vector<std::string> prepared;
    try {
        prepared_then_computed(city, network, prepared);
    } catch (const InputError& e) {
        after = e.what();
    }
    REQUIRE(after == plain);
}

TEST_CASE("what prepare() made for the fitness layer serves that layer only, not a what-if's other one", "[analysis][prepare]") {
    SynthOptions o;
    o.districts = 6;
    o.residents = 5000;
    o.seed = 8;
    City city = synth_city(o);
    code_classes(city);
    auto node = city.layers.extract("residents");
    Analysis prepared(city);
    prepared.prepare();
    city.layers.insert(std::move(node));
    REQUIRE(has(prepared.prepared_families(), "fitness_10min_coverage"));
    // The layer with one more site, far from the others: more residents covered.
    const Layer& fitness = city.layers.at("fitness");
    Layer more;  // a copy (a Layer holds no geometries of points, but is not copyable)
    more.role = fitness.role;
    more.kind = fitness.kind;
    more.x = fitness.x;
    more.y = fitness.y;
    more.fid = fitness.fid;
    more.numbers = fitness.numbers;
    more.texts = fitness.texts;
    const Layer& res = city.layers.at("residents");
    more.x.push_back(res.x[res.size() / 2]);
    more.y.push_back(res.y[res.size() / 2]);
    more.fid.push_back(999999);
    for (auto& [key, values] : more.numbers) values.push_back(values.front());
    for (auto& [key, values] : more.texts) values.push_back(values.front());
    Analysis plain(city);
    Scorecard a, b;
    a.districts.resize(city.districts.size());
    b.districts.resize(city.districts.size());
    indicators::compute_fitness(prepared, a, &more);
    indicators::compute_fitness(plain, b, &more);
    REQUIRE(a.total.values.at("fitness_10min_coverage").value == b.total.values.at("fitness_10min_coverage").value);
    for (std::size_t d = 0; d < city.districts.size(); ++d)
        REQUIRE(a.districts[d].values.at("fitness_10min_coverage").value ==
                b.districts[d].values.at("fitness_10min_coverage").value);
    // And for the city's own layer, what was prepared gives what the plain analysis gives.
    Scorecard c, e;
    c.districts.resize(city.districts.size());
    e.districts.resize(city.districts.size());
    indicators::compute_fitness(prepared, c, city.layer("fitness"));
    indicators::compute_fitness(plain, e, city.layer("fitness"));
    REQUIRE(c.total.values.at("fitness_10min_coverage").value == e.total.values.at("fitness_10min_coverage").value);
    CHECK(*a.total.values.at("fitness_10min_coverage").value > *c.total.values.at("fitness_10min_coverage").value);
}
