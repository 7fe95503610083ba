#include "core/sites/suggest.h"
#include "core/error.h"

#include "core/assess.h"
#include "core/codes.h"
#include "core/indicators/fitness.h"
#include "core/sites/candidates.h"
#include "core/sites/cover_model.h"
#include "core/sites/cover_solve.h"
#include "core/sites/pmedian.h"
#include "core/straight_coverage.h"
#include "core/walk_coverage.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <tuple>
#include <unordered_map>

namespace hcgis::sites {
namespace {

std::string km_text(double m) {
    if (m < 1000) return fmt::format("{:.0f} m", m);
    return fmt::format("{:.1f} km", m / 1000.0);
}


/// What a run works with, resolved from the options and the city.
struct Setup {
    bool toilets = false, network = false;
    int only = -1;          // the --district, or -1
    double sep = 0;         // minimum spacing of new sites
    const Layer* residents = nullptr;
    const Layer* existing = nullptr;
};

Setup resolve(Analysis& a, const SuggestOptions& o, SuggestResult& res) {
    const City& city = a.city();
    Setup s;
    s.toilets = o.facility == "toilets";
    if (!s.toilets && o.facility != "fitness")
        throw UsageError("suggest: --facility is toilets or fitness, not \"" + o.facility + "\"");
    if (o.count.has_value() == o.to_target) throw UsageError("suggest: give either --count N or --to-target");
    if (o.count && *o.count < 1) throw UsageError("suggest: --count must be at least 1");
    if (o.exact && !(o.time_limit_s > 0)) throw UsageError("suggest: --time-limit must be more than 0 seconds");
    if (o.objective != "coverage" && o.objective != "distance")
        throw UsageError("suggest: --objective is coverage or distance, not \"" + o.objective + "\"");
    if (o.objective == "distance" && !o.count) throw UsageError("suggest: --objective distance (p-median) needs --count N");
    if (o.max_walk_m && !(*o.max_walk_m > 0)) throw UsageError("suggest: --max-walk must be more than 0 metres");
    s.residents = city.layer("residents");
    if (!s.residents) throw InputError(in_file(city.origin), "suggest: the project has no residents layer");
    s.existing = o.existing ? o.existing : city.layer(o.facility);
    if (s.existing && s.existing->role != o.facility)
        throw UsageError("suggest: the facilities given as existing are " + s.existing->role + ", not " + o.facility);
    if (o.district) {
        for (std::size_t d = 0; d < city.districts.size(); ++d)
            if (city.districts.name[d] == *o.district) s.only = static_cast<int>(d);
        if (s.only < 0) throw InputError(in_file(city.origin), "suggest: no district named \"" + *o.district + "\"");
    }
    res.facility = o.facility;
    s.network = a.network_mode();
    res.mode = s.network ? Measure::Network : Measure::Straight;
    if (s.toilets) {
        res.budget_m = city.toilet_service_radius_m;
    } else if (s.existing && s.existing->has_number("class")) {
        res.budget_m = indicators::fitness_class_radius(codes::fitness_small);  // a new site is a fitness point
    } else {
        res.budget_m = city.walk_minutes * city.walk_speed_m_per_min;
    }
    s.sep = o.min_separation_m.value_or(s.toilets ? city.toilet_service_radius_m : 0.0);
    return s;
}

Candidates candidates(Analysis& a, const SuggestOptions& o, const Setup& s) {
    const City& city = a.city();
    const Layer* given = city.layer("candidates");
    if (!given) {
        if (!s.network) throw InputError(in_file(city.origin), "suggest: without a candidates layer, candidates are laid along the roads: the project needs a roads layer");
        return along_roads(a, o.spacing_m);
    }
    Candidates cand;
    for (std::size_t i = 0; i < given->size(); ++i) {
        const int d = a.index().locate(given->x[i], given->y[i]);
        if (d == DistrictIndex::outside) continue;
        cand.x.push_back(given->x[i]);
        cand.y.push_back(given->y[i]);
        cand.district.push_back(d);
    }
    if (s.network) cand.at = a.walk_graph()->snap_all(cand.x, cand.y);
    return cand;
}

/// Who the existing facilities serve, and each candidate's distance to the nearest of them (-1: far).
struct Existing {
    std::vector<std::uint8_t> served;
    std::vector<double> nearest, x, y;
};

Existing existing_service(Analysis& a, const Setup& s, const Candidates& cand) {
    const City& city = a.city();
    Existing ex;
    ex.served.assign(s.residents->size(), 0);
    ex.nearest.assign(cand.x.size(), -1.0);
    if (!s.existing) return ex;
    ex.x.assign(s.existing->x.begin(), s.existing->x.end());
    ex.y.assign(s.existing->y.begin(), s.existing->y.end());
    const std::vector<double> budget = s.toilets ? std::vector<double>(ex.x.size(), city.toilet_service_radius_m)
                                                 : indicators::fitness_budgets(city, *s.existing, city.walk_speed_m_per_min);
    // Budget `far` for every facility: the serving one is then simply the nearest.
    const std::vector<double> far(ex.x.size(), 5000.0);
    std::vector<double> to_cand;
    if (s.network) {
        const WalkGraph& g = *a.walk_graph();
        const auto at = g.snap_all(ex.x, ex.y);
        ex.served = walk_coverage(g, at, budget, a.resident_snaps()).covered;
        to_cand = walk_coverage(g, at, far, cand.at).distance;
    } else {
        const auto d = point_coverage(ex.x, ex.y, budget, s.residents->x, s.residents->y);
        for (std::size_t i = 0; i < d.size(); ++i) ex.served[i] = std::isfinite(d[i]) ? 1 : 0;
        to_cand = point_coverage(ex.x, ex.y, far, cand.x, cand.y);
    }
    for (std::size_t j = 0; j < cand.x.size(); ++j)
        if (std::isfinite(to_cand[j])) ex.nearest[j] = to_cand[j];
    return ex;
}

/// Candidates that may be chosen: in the district asked for; new toilets keep their distance from
/// existing ones too (the existing toilets on a grid of cells `sep` wide).
std::vector<std::uint8_t> allowed_candidates(const Setup& s, const Candidates& cand, const Existing& ex) {
    std::vector<std::uint8_t> allowed(cand.x.size(), 1);
    for (std::size_t j = 0; j < cand.x.size(); ++j)
        if (s.only >= 0 && cand.district[j] != s.only) allowed[j] = 0;
    if (!s.toilets || s.sep <= 0 || ex.x.empty()) return allowed;
    Candidates old;
    old.x = ex.x;
    old.y = ex.y;
    old.x.insert(old.x.end(), cand.x.begin(), cand.x.end());
    old.y.insert(old.y.end(), cand.y.begin(), cand.y.end());
    const auto near = spacing_conflicts(old, s.sep);
    for (std::size_t i = 0; i < ex.x.size(); ++i)
        for (std::int32_t k : near[i])
            if (static_cast<std::size_t>(k) >= ex.x.size()) allowed[static_cast<std::size_t>(k) - ex.x.size()] = 0;
    return allowed;
}

/// Residents and served share per district before; toilets of class III or better in the built-up area
/// (counted in density_before, made a density by finish()). Returns each district's built-up km².
std::vector<double> baseline(Analysis& a, const Setup& s, const Existing& ex, SuggestResult& res) {
    const City& city = a.city();
    const std::size_t nd = city.districts.size();
    const auto& w = a.resident_weights();
    const std::vector<int>& home = a.district_of("residents");
    res.districts.resize(nd);
    for (std::size_t d = 0; d < nd; ++d) res.districts[d].name = city.districts.name[d];
    for (std::size_t i = 0; i < s.residents->size(); ++i) {
        if (home[i] == DistrictIndex::outside) continue;
        auto& out = res.districts[static_cast<std::size_t>(home[i])];
        out.residents += w[i];
        if (ex.served[i]) out.served_before += w[i];
    }
    std::vector<double> km2(nd, 0.0);
    if (!s.toilets) return km2;
    const BuiltUp& b = a.builtup();
    for (std::size_t d = 0; d < nd; ++d) km2[d] = b.area_m2[d] / 1e6;
    if (!s.existing) return km2;
    // The project's own toilets are located once by the analysis; others (the viewer's, with its proposal)
    // here.
    const bool own = s.existing == city.layer("toilets");
    const std::vector<int> located = own ? std::vector<int>() : a.index().locate_all(s.existing->x, s.existing->y);
    const std::vector<int>& where = own ? a.district_of("toilets") : located;
    const auto cls = s.existing->numbers.find("class");
    for (std::size_t i = 0; i < s.existing->size(); ++i) {
        if (where[i] == DistrictIndex::outside || !b.contains(s.existing->x[i], s.existing->y[i])) continue;
        if (cls != s.existing->numbers.end() && cls->second[i] >= codes::toilet_below_class_3) continue;
        res.districts[static_cast<std::size_t>(where[i])].density_before += 1;
    }
    return km2;
}

/// Everything the choice needs, built once.
struct Problem {
    const Setup* setup = nullptr;
    const Candidates* cand = nullptr;
    const Existing* ex = nullptr;
    CoverageSets sets;
    std::vector<std::vector<std::int32_t>> conflicts;
    std::vector<std::uint8_t> allowed;
    std::vector<double> tie;  // far from existing facilities first: spread where nobody would be newly served
    StageClock* clock = nullptr;
    std::chrono::steady_clock::time_point started;  // the time limit counts from here
};

/// Adds allowed candidates to `order` (by tie, then index) until each group (district; or all as -1)
/// has `want` sites, never two in conflict. The solver leaves out sites that add nobody.
void pad(const Problem& p, std::vector<std::int32_t>& order, const std::vector<int>& want, bool by_district) {
    const std::size_t n = p.allowed.size();
    std::vector<std::uint8_t> open(p.allowed);
    std::vector<int> have(want.size(), 0);
    auto group = [&](std::size_t j) { return by_district ? static_cast<std::size_t>(p.cand->district[j]) : 0; };
    auto take = [&](std::size_t j) {
        open[j] = 0;
        for (std::int32_t k : p.conflicts[j]) open[static_cast<std::size_t>(k)] = 0;
        ++have[group(j)];
    };
    for (std::int32_t j : order) take(static_cast<std::size_t>(j));
    std::vector<std::int32_t> rest;
    for (std::size_t j = 0; j < n; ++j)
        if (open[j]) rest.push_back(static_cast<std::int32_t>(j));
    std::stable_sort(rest.begin(), rest.end(), [&](std::int32_t a, std::int32_t b) {
        return p.tie[static_cast<std::size_t>(a)] > p.tie[static_cast<std::size_t>(b)];
    });
    for (std::int32_t j : rest) {
        const auto ju = static_cast<std::size_t>(j);
        if (!open[ju] || have[group(ju)] >= want[group(ju)]) continue;
        order.push_back(j);
        take(ju);
    }
}

/// The solver's options from the command's: exact or not, the time limit, the progress callback.
CoverSolveOptions solve_options(const SuggestOptions& o, std::chrono::steady_clock::time_point started) {
    CoverSolveOptions so;
    so.started = started;
    so.exact = o.exact;
    // Counted from the command's start, the limit leaves 7 % (at most 0.7 s) for ranking and writing the
    // answer and for CBC stopping a little late.
    so.time_limit_s = o.time_limit_s - std::min(0.7, 0.07 * o.time_limit_s);
    so.progress = o.progress;
    return so;
}

/// What every model's solution tells the report: whether it ran exact, its proof, value, bound and gap.
template <class Solution>
void take_solution(const Solution& sol, SolveReport& r) {
    r.exact = sol.solved;
    r.proven = sol.proven;
    r.cancelled = sol.cancelled;
    r.value = sol.value;
    r.bound = sol.bound;
    r.gap = sol.gap();
}

/// Builds the shrunk model, solves it and returns the chosen candidates, ranked.
std::vector<std::int32_t> solve(const Problem& p, const SuggestOptions& o, std::span<const double> weights,
                                std::span<const std::int32_t> group, CoverTask task, SuggestResult& res) {
    CoverModelInput in;
    in.sets = &p.sets;
    in.weights = weights;
    in.already = p.ex->served;
    in.allowed = p.allowed;
    in.conflicts = &p.conflicts;
    in.tie_break = p.tie;
    in.group = group;
    const CoverModel model = build_cover_model(in);
    p.clock->lap("shrunk model (resident groups, dominance, components)");
    task.model = &model;
    if (task.min_sites) task.target = std::min(task.target, model.weight_total);
    const CoverSolution sol = solve_cover(task, solve_options(o, p.started));
    res.timings.insert(res.timings.end(), sol.timings.begin(), sol.timings.end());
    p.clock->restart();
    auto& r = res.solve;
    take_solution(sol, r);
    r.min_sites = task.min_sites;
    r.problems = sol.problems;
    r.rows = model.rows();
    r.columns = model.cols();
    r.residents = model.residents;
    r.dominated = model.dominated;
    std::vector<std::int32_t> order;
    for (std::int32_t c : sol.columns) order.push_back(model.column[static_cast<std::size_t>(c)]);
    return order;
}

std::vector<std::int32_t> choose_quotas(Analysis& a, const Problem& p, const SuggestOptions& o, const std::vector<double>& km2,
                                        SuggestResult& res) {
    const std::size_t nd = res.districts.size();
    std::vector<int> quota(nd, 0);
    for (std::size_t d = 0; d < nd; ++d) {
        if (p.setup->only >= 0 && static_cast<int>(d) != p.setup->only) continue;
        auto& out = res.districts[d];
        out.quota = std::max(0, static_cast<int>(std::ceil(o.toilet_density_target * km2[d] - 1e-9)) - static_cast<int>(out.density_before));
        quota[d] = out.quota;
    }
    CoverTask task;
    task.limit = quota;
    std::vector<std::int32_t> order = solve(p, o, a.resident_weights(), p.cand->district, task, res);
    pad(p, order, quota, true);
    std::vector<int> placed(nd, 0);
    for (std::int32_t j : order) ++placed[static_cast<std::size_t>(p.cand->district[static_cast<std::size_t>(j)])];
    for (std::size_t d = 0; d < nd; ++d)
        if (placed[d] < quota[d])
            res.notes.push_back(fmt::format("{}：按最小间距 {:.0f} m 只能再布置 {} 座，距目标还差 {} 座", res.districts[d].name, p.setup->sep,
                                            placed[d], quota[d] - placed[d]));
    return order;
}

std::vector<std::int32_t> choose_count(Analysis& a, const Problem& p, const SuggestOptions& o, SuggestResult& res) {
    CoverTask task;
    task.limit = {*o.count};
    std::vector<std::int32_t> order = solve(p, o, a.resident_weights(), {}, task, res);
    pad(p, order, task.limit, false);
    if (static_cast<int>(order.size()) < *o.count)
        res.notes.push_back(fmt::format("候选点不足：只能布置 {} 处（要求 {} 处）", order.size(), *o.count));
    return order;
}

/// Set covering: the target share of what existing and candidate sites can reach at all.
std::vector<std::int32_t> choose_to_target(Analysis& a, const Problem& p, const SuggestOptions& o, SuggestResult& res) {
    const auto& w = a.resident_weights();
    const std::vector<int>& home = a.district_of("residents");
    const int only = p.setup->only;
    std::vector<std::uint8_t> reach(p.ex->served);
    for (std::size_t j = 0; j < p.sets.covers.size(); ++j)
        if (p.allowed[j])
            for (std::int32_t q : p.sets.covers[j]) reach[static_cast<std::size_t>(q)] = 1;
    // Only the district's residents count towards its target: others weigh nothing here.
    std::vector<double> mine(w.begin(), w.end());
    double reachable = 0, total = 0, served = 0;
    for (std::size_t i = 0; i < reach.size(); ++i) {
        if (only >= 0 && home[i] != only) {
            mine[i] = 0;
            continue;
        }
        total += w[i];
        if (reach[i]) reachable += w[i];
        if (p.ex->served[i]) served += w[i];
    }
    res.unreachable = total - reachable;
    CoverTask task;
    task.min_sites = true;
    task.target = std::max(0.0, o.coverage_target * reachable - served);
    std::vector<std::int32_t> order;
    if (task.target > 0) {
        order = solve(p, o, mine, {}, task, res);
    } else {  // the target is met already: no site is the optimum
        res.solve.exact = res.solve.proven = o.exact;
        res.solve.min_sites = true;
    }
    if (res.unreachable > 0)
        res.notes.push_back(fmt::format("有 {:.0f} 名居民任何候选点都无法在 {:.0f} m 步行范围内覆盖（道路不通或距道路过远）",
                                        res.unreachable, res.budget_m));
    return order;
}

/// p-median: each resident's walk to the nearest existing facility, at most `cap`.
std::vector<double> walk_base(Analysis& a, const Setup& s, double cap) {
    std::vector<double> base(s.residents->size(), cap);
    if (!s.existing || s.existing->size() == 0) return base;
    const std::vector<double> budget(s.existing->size(), cap);
    std::vector<double> d;
    if (s.network) {
        const WalkGraph& g = *a.walk_graph();
        d = walk_coverage(g, g.snap_all(s.existing->x, s.existing->y), budget, a.resident_snaps()).distance;
    } else {
        d = point_coverage(s.existing->x, s.existing->y, budget, s.residents->x, s.residents->y);
    }
    for (std::size_t i = 0; i < base.size(); ++i)
        if (std::isfinite(d[i])) base[i] = std::min(cap, d[i]);
    return base;
}

/// The population-weighted mean and 90th percentile of `walk` over the residents of weight > 0.
std::pair<double, double> mean_p90(const std::vector<double>& walk, const std::vector<double>& w) {
    std::vector<std::pair<double, double>> v;
    double total = 0, sum = 0;
    for (std::size_t i = 0; i < walk.size(); ++i)
        if (w[i] > 0) {
            v.emplace_back(walk[i], w[i]);
            total += w[i];
            sum += w[i] * walk[i];
        }
    if (total <= 0) return {0.0, 0.0};
    std::sort(v.begin(), v.end());
    double acc = 0;
    for (const auto& [d, wi] : v)
        if ((acc += wi) >= 0.9 * total - 1e-9) return {sum / total, d};
    return {sum / total, v.back().first};
}

/// p-median: `count` sites minimising the residents' total walk (capped), with the walk before and after.
std::vector<std::int32_t> choose_median(Analysis& a, const Problem& p, const SuggestOptions& o, double cap,
                                        std::vector<double>& saved, SuggestResult& res) {
    const auto& w = a.resident_weights();
    const std::vector<int>& home = a.district_of("residents");
    std::vector<double> mine(w.begin(), w.end());
    for (std::size_t i = 0; i < mine.size(); ++i)
        if (home[i] == DistrictIndex::outside || (p.setup->only >= 0 && home[i] != p.setup->only)) mine[i] = 0;
    const std::vector<double> base = walk_base(a, *p.setup, cap);
    MedianInput in;
    in.sets = &p.sets;
    in.weights = mine;
    in.base = base;
    in.allowed = p.allowed;
    in.conflicts = &p.conflicts;
    in.tie_break = p.tie;
    in.count = *o.count;
    const MedianSolution sol = solve_median(in, solve_options(o, p.started));
    auto& r = res.solve;
    take_solution(sol, r);
    r.distance = true;
    r.problems = 1;
    r.rows = sol.rows;
    r.columns = sol.columns;
    r.residents = sol.residents;
    std::vector<double> after(base);
    for (std::int32_t j : sol.chosen) {
        const auto ju = static_cast<std::size_t>(j);
        for (std::size_t k = 0; k < p.sets.covers[ju].size(); ++k) {
            double& v = after[static_cast<std::size_t>(p.sets.covers[ju][k])];
            v = std::min(v, static_cast<double>(p.sets.distance[ju][k]));
        }
    }
    WalkStats ws;
    ws.cap_m = cap;
    for (double x : mine) ws.residents += x;
    std::tie(ws.mean_before, ws.p90_before) = mean_p90(base, mine);
    std::tie(ws.mean_after, ws.p90_after) = mean_p90(after, mine);
    res.walk = ws;
    res.notes.push_back(fmt::format("步行距离计至 {:.0f} m 为止：更远的居民按 {:.0f} m 计（p-median 模型的距离上限，--max-walk）", cap, cap));
    saved = sol.saving;
    std::vector<std::int32_t> order = sol.chosen;
    pad(p, order, {*o.count}, false);
    if (static_cast<int>(order.size()) < *o.count)
        res.notes.push_back(fmt::format("候选点不足：只能布置 {} 处（要求 {} 处）", order.size(), *o.count));
    return order;
}

/// The sites in rank order with what each adds, and the districts after.
void finish(Analysis& a, const Problem& p, const std::vector<std::int32_t>& order, const std::vector<double>& km2,
            SuggestResult& res) {
    const auto& w = a.resident_weights();
    const std::vector<int>& home = a.district_of("residents");
    const std::size_t nd = res.districts.size();
    std::vector<std::uint8_t> got(p.ex->served);
    std::vector<double> now(nd, 0.0);
    for (std::size_t d = 0; d < nd; ++d) now[d] = res.districts[d].served_before;
    const char* kind = p.setup->toilets ? "公厕" : "健身点";
    for (std::size_t k = 0; k < order.size(); ++k) {
        const auto j = static_cast<std::size_t>(order[k]);
        SuggestedSite s;
        s.x = p.cand->x[j];
        s.y = p.cand->y[j];
        s.rank = static_cast<int>(k) + 1;
        s.district = p.cand->district[j];
        for (std::size_t k2 = 0; k2 < p.sets.covers[j].size(); ++k2) {
            const auto qi = static_cast<std::size_t>(p.sets.covers[j][k2]);
            // p-median sets reach as far as the walk's cap: only those within the service distance are served.
            if (got[qi] || (!p.sets.distance.empty() && p.sets.distance[j][k2] > res.budget_m)) continue;
            got[qi] = 1;
            if (home[qi] == DistrictIndex::outside) continue;
            now[static_cast<std::size_t>(home[qi])] += w[qi];
            s.new_residents += w[qi];
        }
        const auto& out = res.districts[static_cast<std::size_t>(s.district)];
        s.coverage_after = out.residents > 0 ? now[static_cast<std::size_t>(s.district)] / out.residents : 0.0;
        s.nearest_existing_m = p.ex->nearest[j];
        s.note = fmt::format("新增覆盖居民 {}，距最近{}{}", format_amount(s.new_residents, "人"), kind,
                             s.nearest_existing_m < 0 ? std::string("超过 5 km") : km_text(s.nearest_existing_m));
        ++res.districts[static_cast<std::size_t>(s.district)].placed;
        res.sites.push_back(s);
    }
    for (std::size_t d = 0; d < nd; ++d) {
        auto& out = res.districts[d];
        out.served_after = now[d];
        if (!p.setup->toilets) continue;
        const double count = out.density_before;  // toilets counted by baseline()
        out.density_before = km2[d] > 0 ? count / km2[d] : 0.0;
        out.density_after = km2[d] > 0 ? (count + out.placed) / km2[d] : 0.0;
    }
}

}  // namespace

SuggestResult suggest_sites(Analysis& a, const SuggestOptions& o) {
    const auto started = o.started.value_or(std::chrono::steady_clock::now());
    SuggestResult res;
    StageClock clock(res.timings);
    const Setup s = resolve(a, o, res);
    const Candidates cand = candidates(a, o, s);
    clock.lap(fmt::format("candidates ({}; the walking network and built-up area on first use)", cand.x.size()));
    res.candidates = cand.x.size();
    auto say = [&](const std::string& what) { return !o.progress || o.progress(what); };
    say(fmt::format("候选点 {} 个", res.candidates));
    const Existing ex = existing_service(a, s, cand);
    clock.lap("existing facilities' service (residents snapped on first use)");
    Problem p;
    p.clock = &clock;
    p.started = started;
    p.setup = &s;
    p.cand = &cand;
    p.ex = &ex;
    p.allowed = allowed_candidates(s, cand, ex);
    p.tie.resize(cand.x.size());
    for (std::size_t j = 0; j < p.tie.size(); ++j) p.tie[j] = ex.nearest[j] < 0 ? 1e9 : ex.nearest[j];
    const bool median = o.objective == "distance";
    const double cap = o.max_walk_m.value_or(std::max(2 * res.budget_m, a.city().walk_minutes * a.city().walk_speed_m_per_min));
    const double reach = median ? std::max(cap, res.budget_m) : res.budget_m;
    say("计算每个候选点的覆盖范围…");
    if (s.network) {
        // Only candidates that may be chosen need their sets (--district, toilets near existing ones).
        std::vector<Snap> at(cand.at);
        for (std::size_t j = 0; j < at.size(); ++j)
            if (!p.allowed[j]) at[j].seg = -1;
        p.sets = walking_sets(*a.walk_graph(), at, a.resident_snaps(), reach, median);
    } else {
        p.sets = straight_sets(cand.x, cand.y, s.residents->x, s.residents->y, reach, median);
    }
    clock.lap("coverage sets (a bounded search per candidate)");
    p.conflicts = spacing_conflicts(cand, s.sep);
    const std::vector<double> km2 = baseline(a, s, ex, res);
    clock.lap("spacing conflicts and the districts before");
    say("选址…");
    std::vector<double> saved;
    const std::vector<std::int32_t> order = median                   ? choose_median(a, p, o, cap, saved, res)
                                            : s.toilets && o.to_target ? choose_quotas(a, p, o, km2, res)
                                            : o.count                ? choose_count(a, p, o, res)
                                                                     : choose_to_target(a, p, o, res);
    clock.lap(median ? "p-median (model, bounds, solver)" : "padding to the quotas or the count");
    finish(a, p, order, km2, res);
    for (std::size_t k = 0; k < saved.size() && k < res.sites.size(); ++k) {
        res.sites[k].walk_saved = saved[k];
        res.sites[k].note += fmt::format("，居民步行距离合计减少 {:.1f} 人·km", saved[k] / 1000.0);
    }
    clock.lap("ranking the sites and the districts after");
    return res;
}

}  // namespace hcgis::sites
