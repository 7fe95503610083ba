#include "core/indicators/fitness.h"

#include "core/codes.h"
#include "core/indicators/common.h"
#include "core/indicators/indicator.h"
#include "core/straight_coverage.h"
#include "core/walk_blocks.h"
#include "core/walk_coverage.h"

#include <cmath>
#include <memory>
#include <optional>

namespace hcgis::indicators {

double fitness_class_radius(double code) {
    if (code == codes::fitness_large) return 1000.0;
    if (code == codes::fitness_medium) return 500.0;
    return 300.0;
}

std::vector<double> fitness_budgets(const City& city, double speed_m_per_min) {
    return fitness_budgets(city, *city.layer("fitness"), speed_m_per_min);
}

std::vector<double> fitness_budgets(const City& city, const Layer& fitness, double speed_m_per_min) {
    const double scale = speed_m_per_min / city.walk_speed_m_per_min;
    if (auto cls = fitness.numbers.find("class"); cls != fitness.numbers.end()) {
        std::vector<double> b;
        for (double c : cls->second) b.push_back(fitness_class_radius(c) * scale);
        return b;
    }
    return std::vector<double>(fitness.size(), city.walk_minutes * speed_m_per_min);
}

void coverage_values(Analysis& analysis, Scorecard& card, const char* id, const std::vector<std::uint8_t>& covered,
                     const std::vector<double>& weights, Measure mode, double radius_m) {
    const auto [all, in] = analysis.sum_points("residents", [&](std::size_t i) { return weights[i]; },
                                               [&](std::size_t i) { return covered[i] ? weights[i] : 0.0; });
    coverage_values(card, id, in, all, mode, radius_m, off_network_sums(analysis, weights, mode));
}

std::vector<double> off_network_sums(Analysis& analysis, const std::vector<double>& weights, Measure mode) {
    // On a network the project declares partial (mapped for part of the city only), a district whose
    // residents mostly lie beyond it gets no walking figure: it would read as uncovered, which it is not
    // known to be.
    if (mode != Measure::Network || !analysis.city().walk_network_partial) return {};
    const auto& snaps = analysis.resident_snaps();
    return analysis.sum_points("residents", [&](std::size_t i) { return snaps[i].leg > off_network_m ? weights[i] : 0.0; });
}

void coverage_values(Scorecard& card, const char* id, const std::vector<double>& in, const std::vector<double>& all,
                     Measure mode, double radius_m, const std::vector<double>& off) {
    bool any_off = false;
    for (std::size_t d = 0; d + 1 < off.size(); ++d) any_off = any_off || (all[d] > 0 && off[d] > 0.5 * all[d]);
    for (int d = -1; d + 1 < static_cast<int>(all.size()); ++d) {
        const std::size_t k = slot(all, d);
        if (any_off && (d < 0 || (all[k] > 0 && off[k] > 0.5 * all[k]))) {
            Value v = Value::none(Reason::of(d < 0 ? Reason::Code::PartialNetwork : Reason::Code::OffNetwork));
            v.mode = mode;
            card.set(id, d, std::move(v));
            continue;
        }
        Value v = ratio(in[k], all[k], 1.0, details::covered_population, details::residents_population,
                        Reason::Code::NoResidentPoints);
        if (radius_m > 0) v.with(details::radius_m, radius_m);
        v.mode = mode;
        card.set(id, d, std::move(v));
    }
}

std::vector<std::uint8_t> covered_by(Analysis& analysis, const Layer& facilities, const std::vector<Snap>& snaps,
                                     const std::vector<double>& budget) {
    const Layer& residents = *analysis.city().layer("residents");
    if (analysis.network_mode())
        return walk_covered(*analysis.walk_graph(), snaps, budget, analysis.resident_snaps());
    const auto dist = point_coverage(facilities.x, facilities.y, budget, residents.x, residents.y);
    std::vector<std::uint8_t> covered(dist.size());
    for (std::size_t i = 0; i < dist.size(); ++i) covered[i] = std::isfinite(dist[i]) ? 1 : 0;
    return covered;
}

std::vector<std::vector<std::uint8_t>> covered_by(Analysis& analysis, const Layer& facilities, const std::vector<Snap>& snaps,
                                                  const std::vector<std::vector<double>>& budgets,
                                                  const WalkSearches* searches) {
    // Decided per block of residents (walk_blocks.h) unless the residents' snaps are there already or
    // will be (a partial network's off-network sums read them): then costing each snap is cheaper.
    if (analysis.network_mode() && !analysis.resident_snaps_ready() && !analysis.city().walk_network_partial) {
        if (searches) return walk_covered(*searches, analysis.resident_blocks(), nullptr, budgets.size());
        return walk_covered(*analysis.walk_graph(), snaps, budgets, analysis.resident_blocks());
    }
    std::vector<std::vector<std::uint8_t>> out;
    for (const auto& budget : budgets) out.push_back(covered_by(analysis, facilities, snaps, budget));
    return out;
}

namespace {

/// What the family prepares before the residents are read (Family::prepare): the sites snapped, and on a
/// network the searches of both speeds (the elderly one last: compute takes the first only when the
/// residents map no elderly count).
struct Prepared {
    const Layer* fitness = nullptr;  // the layer they were made for
    std::vector<Snap> sites;
    std::optional<WalkSearches> searches;
};

constexpr const char* prepared_key = "fitness_10min_coverage";

std::vector<std::vector<double>> both_budgets(const City& city, const Layer& fitness) {
    return {fitness_budgets(city, fitness, city.walk_speed_m_per_min),
            fitness_budgets(city, fitness, city.elderly_walk_speed_m_per_min)};
}

void prepare(Analysis& analysis) {
    const City& city = analysis.city();
    const Layer* fitness = city.layer("fitness");
    if (!fitness || !analysis.network_mode()) return;
    auto p = std::make_shared<Prepared>();
    p->fitness = fitness;
    p->sites = analysis.walk_graph()->snap_all(fitness->x, fitness->y);
    if (!city.walk_network_partial) p->searches.emplace(*analysis.walk_graph(), p->sites, both_budgets(city, *fitness));
    analysis.keep<Prepared>(prepared_key, std::move(p));
}

}  // namespace

void compute_fitness(Analysis& analysis, Scorecard& card, const Layer* fitness) {
    const City& city = analysis.city();
    const char* id = "fitness_10min_coverage";
    const char* elderly_id = "fitness_10min_coverage_elderly";
    const Layer* residents = city.layer("residents");
    if (!fitness || !residents) {
        not_computed(card, city.districts.size(), {id, elderly_id}, no_layer(!fitness ? "fitness" : "residents"));
        return;
    }
    const bool network = analysis.network_mode();
    const bool per_class = fitness->has_number("class");
    // What prepare() made applies to the layer it was made for only (a what-if passes another).
    const Prepared* ready = analysis.prepared<Prepared>(prepared_key);
    if (ready && ready->fitness != fitness) ready = nullptr;
    const std::vector<Snap> sites = !network ? std::vector<Snap>()
                                    : ready  ? ready->sites
                                             : analysis.walk_graph()->snap_all(fitness->x, fitness->y);

    // Both speeds' coverage at once (on the network, one pass over the residents' blocks for both).
    const auto elderly = residents->numbers.find("elderly");
    const bool with_elderly = elderly != residents->numbers.end();
    std::vector<std::vector<double>> budgets = both_budgets(city, *fitness);
    if (!with_elderly) budgets.pop_back();
    const std::vector<std::vector<std::uint8_t>> covered =
        covered_by(analysis, *fitness, sites, budgets, ready && ready->searches ? &*ready->searches : nullptr);
    auto values = [&](const char* which, double speed, const std::vector<std::uint8_t>& flags, const std::vector<double>& weights) {
        // Per-class budgets differ by site: the detail then gives no single radius.
        coverage_values(analysis, card, which, flags, weights, network ? Measure::Network : Measure::Straight,
                        per_class ? 0.0 : city.walk_minutes * speed);
    };
    values(id, city.walk_speed_m_per_min, covered[0], analysis.resident_weights());
    if (with_elderly)
        values(elderly_id, city.elderly_walk_speed_m_per_min, covered[1], elderly->second);
    else
        not_computed(card, city.districts.size(), {elderly_id}, no_field("residents", "elderly"));
}

namespace {

void compute(Analysis& analysis, Scorecard& card) { compute_fitness(analysis, card, analysis.city().layer("fitness")); }

}  // namespace

extern const Family fitness{
    {{"fitness_10min_coverage",
      {"fitness", "residents"},
      GapRule{&details::covered_population, &details::residents_population, 1, "人", true, "还有 {}未进入10分钟体育健身圈"}},
     {"fitness_10min_coverage_elderly",
      {"fitness", "residents"},
      GapRule{&details::covered_population, &details::residents_population, 1, "人", true,
              "还有 {}（60岁以上）未进入10分钟体育健身圈"}}},
    compute, prepare};

}  // namespace hcgis::indicators
