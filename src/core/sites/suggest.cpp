#include "core/sites/suggest.h"
#include "core/error.h"

#include "core/assess.h"
#include "core/codes.h"
#include "core/indicators/fitness.h"
#include "core/sites/site_greedy.h"
#include "core/straight_coverage.h"
#include "core/walk_coverage.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <unordered_map>

namespace hcgis::sites {
namespace {

struct Candidates {
    std::vector<double> x, y;
    std::vector<int> district;
    std::vector<Snap> at;  // on the network (network mode)
};

/// Points every `spacing` metres along each road segment, inside the built-up area, outside parks and
/// water, inside some district.
Candidates along_roads(Analysis& a, double spacing) {
    Candidates c;
    const WalkGraph* g = a.walk_graph();
    if (!g) return c;
    const BuiltUp& builtup = a.builtup();
    std::vector<geos::GeomPtr> keep_out_geom;  // the bases, declared first: destroyed after the prepared
    std::vector<geos::PreparedPtr> keep_out;
    for (const char* role : {"parks", "water"})
        if (const Layer* l = a.city().layer(role); l && !l->geoms.empty()) {
            std::vector<const GEOSGeometry*> parts;
            for (const auto& p : l->geoms) parts.push_back(p.get());
            keep_out_geom.push_back(geos::unary_union(parts));
            keep_out.push_back(geos::prepare(keep_out_geom.back().get()));
        }
    for (std::size_t s = 0; s < g->segment_count(); ++s) {
        const auto na = static_cast<std::size_t>(g->segment_a(s)), nb = static_cast<std::size_t>(g->segment_b(s));
        const double len = g->segment_length(s);
        const int steps = static_cast<int>(len / spacing);
        for (int k = 0; k <= steps; ++k) {
            // Points at spacing/2, 3·spacing/2 ... so that segment ends (junctions) are not repeated.
            const double along = (k + 0.5) * spacing;
            if (along > len) break;
            const double t = along / len;
            const double x = g->node_x(na) + t * (g->node_x(nb) - g->node_x(na));
            const double y = g->node_y(na) + t * (g->node_y(nb) - g->node_y(na));
            if (!builtup.contains(x, y)) continue;
            const auto pt = geos::make_point(x, y);
            bool out = false;
            for (const auto& p : keep_out) out |= geos::intersects(p.get(), pt.get());
            if (out) continue;
            const int d = a.index().locate(x, y);
            if (d == DistrictIndex::outside) continue;
            c.x.push_back(x);
            c.y.push_back(y);
            c.district.push_back(d);
            c.at.push_back(Snap{static_cast<std::int32_t>(s), t, 0.0, x, y});
        }
    }
    return c;
}

/// conflicts[j]: candidates closer to j than `sep`.
std::vector<std::vector<std::int32_t>> spacing_conflicts(const Candidates& c, double sep) {
    std::vector<std::vector<std::int32_t>> out(c.x.size());
    if (sep <= 0) return out;
    std::unordered_map<std::int64_t, std::vector<std::int32_t>> grid;
    auto cell = [&](double v) { return static_cast<std::int64_t>(std::floor(v / sep)); };
    for (std::size_t j = 0; j < c.x.size(); ++j) grid[(cell(c.x[j]) << 32) ^ (cell(c.y[j]) & 0xffffffff)].push_back(static_cast<std::int32_t>(j));
    for (std::size_t j = 0; j < c.x.size(); ++j)
        for (std::int64_t di = -1; di <= 1; ++di)
            for (std::int64_t dj = -1; dj <= 1; ++dj) {
                auto it = grid.find(((cell(c.x[j]) + di) << 32) ^ ((cell(c.y[j]) + dj) & 0xffffffff));
                if (it == grid.end()) continue;
                for (std::int32_t k : it->second)
                    if (k != static_cast<std::int32_t>(j) &&
                        std::hypot(c.x[static_cast<std::size_t>(k)] - c.x[j], c.y[static_cast<std::size_t>(k)] - c.y[j]) < sep)
                        out[j].push_back(k);
            }
    return out;
}

std::string km_text(double m) {
    if (m < 1000) return fmt::format("{:.0f} m", m);
    return fmt::format("{:.1f} km", m / 1000.0);
}

}  // namespace

SuggestResult suggest_sites(Analysis& a, const SuggestOptions& o) {
    const City& city = a.city();
    const bool toilets = o.facility == "toilets";
    if (!toilets && o.facility != "fitness")
        throw UsageError("suggest: --facility is toilets or fitness, not \"" + o.facility + "\"");
    if (o.count.has_value() == o.to_target) throw UsageError("suggest: give either --count N or --to-target");
    if (o.count && *o.count < 1) throw UsageError("suggest: --count must be at least 1");
    const Layer* residents = city.layer("residents");
    if (!residents) throw InputError(in_file(city.origin), "suggest: the project has no residents layer");
    const Layer* existing = city.layer(o.facility);
    int only = -1;
    if (o.district) {
        for (std::size_t d = 0; d < city.districts.size(); ++d)
            if (city.districts.name[d] == *o.district) only = static_cast<int>(d);
        if (only < 0) throw InputError(in_file(city.origin), "suggest: no district named \"" + *o.district + "\"");
    }

    SuggestResult res;
    res.facility = o.facility;
    const bool network = a.network_mode();
    res.mode = network ? Measure::Network : Measure::Straight;
    if (toilets) {
        res.budget_m = city.toilet_service_radius_m;
    } else if (existing && existing->has_number("class")) {
        res.budget_m = indicators::fitness_class_radius(codes::fitness_small);  // a new site is a fitness point
    } else {
        res.budget_m = city.walk_minutes * city.walk_speed_m_per_min;
    }
    const double sep = o.min_separation_m.value_or(toilets ? city.toilet_service_radius_m : 0.0);

    // Candidates.
    Candidates cand;
    if (const Layer* given = city.layer("candidates")) {
        for (std::size_t i = 0; i < given->size(); ++i) {
            const int d = a.index().locate(given->x[i], given->y[i]);
            if (d == DistrictIndex::outside) continue;
            cand.x.push_back(given->x[i]);
            cand.y.push_back(given->y[i]);
            cand.district.push_back(d);
        }
        if (network) cand.at = a.walk_graph()->snap_all(cand.x, cand.y);
    } else {
        if (!network) throw InputError(in_file(city.origin), "suggest: without a candidates layer, candidates are laid along the roads: the project needs a roads layer");
        cand = along_roads(a, o.spacing_m);
    }
    res.candidates = cand.x.size();
    auto say = [&](const std::string& what) {
        if (o.progress) o.progress(what);
    };
    say(fmt::format("候选点 {} 个", res.candidates));

    // Who is served already, and how far each candidate is from the nearest existing facility.
    const auto& w = a.resident_weights();
    const std::vector<int>& home = a.district_of("residents");
    std::vector<std::uint8_t> already(residents->size(), 0);
    std::vector<double> nearest(cand.x.size(), -1.0);
    std::vector<double> ex_x, ex_y, ex_budget;
    if (existing) {
        for (std::size_t i = 0; i < existing->size(); ++i) {
            ex_x.push_back(existing->x[i]);
            ex_y.push_back(existing->y[i]);
        }
        ex_budget = toilets ? std::vector<double>(ex_x.size(), city.toilet_service_radius_m)
                            : indicators::fitness_budgets(city, city.walk_speed_m_per_min);
        const double far = 5000.0;
        if (network) {
            const WalkGraph& g = *a.walk_graph();
            const auto at = g.snap_all(ex_x, ex_y);
            already = walk_coverage(g, at, ex_budget, a.resident_snaps()).covered;
            // Budget `far` for every facility: the serving one is then simply the nearest.
            const auto to_cand = walk_coverage(g, at, std::vector<double>(at.size(), far), cand.at);
            for (std::size_t j = 0; j < cand.x.size(); ++j)
                if (std::isfinite(to_cand.distance[j])) nearest[j] = to_cand.distance[j];
        } else {
            const auto d = point_coverage(ex_x, ex_y, ex_budget, residents->x, residents->y);
            for (std::size_t i = 0; i < d.size(); ++i) already[i] = std::isfinite(d[i]) ? 1 : 0;
            const auto dc = point_coverage(ex_x, ex_y, std::vector<double>(ex_x.size(), far), cand.x, cand.y);
            for (std::size_t j = 0; j < dc.size(); ++j)
                if (std::isfinite(dc[j])) nearest[j] = dc[j];
        }
    }
    const std::vector<std::uint8_t> before = already;  // served by existing facilities alone
    // New toilets keep their distance from existing ones too.
    std::vector<std::uint8_t> allowed(cand.x.size(), 1);
    for (std::size_t j = 0; j < cand.x.size(); ++j) {
        if (only >= 0 && cand.district[j] != only) allowed[j] = 0;
        if (toilets && sep > 0 && existing)
            for (std::size_t i = 0; i < ex_x.size(); ++i)
                if (std::hypot(ex_x[i] - cand.x[j], ex_y[i] - cand.y[j]) < sep) allowed[j] = 0;
    }
    // Far from existing facilities breaks ties: spread where nobody would be newly served.
    std::vector<double> tie(cand.x.size());
    for (std::size_t j = 0; j < tie.size(); ++j) tie[j] = nearest[j] < 0 ? 1e9 : nearest[j];

    say("计算每个候选点的覆盖范围…");
    const CoverageSets sets = network ? walking_sets(*a.walk_graph(), cand.at, a.resident_snaps(), res.budget_m)
                                      : straight_sets(cand.x, cand.y, residents->x, residents->y, res.budget_m);
    const auto conflicts = spacing_conflicts(cand, sep);

    // Per district: residents, served before.
    const std::size_t nd = city.districts.size();
    res.districts.resize(nd);
    for (std::size_t d = 0; d < nd; ++d) res.districts[d].name = city.districts.name[d];
    for (std::size_t i = 0; i < residents->size(); ++i) {
        if (home[i] == DistrictIndex::outside) continue;
        auto& out = res.districts[static_cast<std::size_t>(home[i])];
        out.residents += w[i];
        if (already[i]) out.served_before += w[i];
    }
    // Toilet density before: class III or better in the built-up area.
    std::vector<double> km2(nd, 0.0);
    if (toilets) {
        const BuiltUp& b = a.builtup();
        for (std::size_t d = 0; d < nd; ++d) km2[d] = b.area_m2[d] / 1e6;
        if (existing) {
            const auto& where = a.district_of("toilets");
            const auto cls = existing->numbers.find("class");
            for (std::size_t i = 0; i < existing->size(); ++i) {
                if (where[i] == DistrictIndex::outside || !b.contains(existing->x[i], existing->y[i])) continue;
                if (cls != existing->numbers.end() && cls->second[i] >= codes::toilet_below_class_3) continue;
                res.districts[static_cast<std::size_t>(where[i])].density_before += 1;
            }
        }
    }

    say("选址…");
    // Choose.
    std::vector<std::int32_t> order;
    std::vector<double> gains;
    auto run = [&](GreedyOptions g, std::span<const double> weights) {
        g.already = already;
        g.tie_break = tie;
        g.conflicts = &conflicts;
        const GreedyResult r = greedy_cover(sets, weights, g);
        res.evaluations += r.evaluations;
        for (std::size_t k = 0; k < r.chosen.size(); ++k) {
            order.push_back(r.chosen[k]);
            gains.push_back(r.gain[k]);
            for (std::int32_t q : sets.covers[static_cast<std::size_t>(r.chosen[k])]) already[static_cast<std::size_t>(q)] = 1;
            // Later runs (other districts) keep away from this site too.
            allowed[static_cast<std::size_t>(r.chosen[k])] = 0;
            for (std::int32_t c : conflicts[static_cast<std::size_t>(r.chosen[k])]) allowed[static_cast<std::size_t>(c)] = 0;
        }
        return r;
    };
    if (toilets && o.to_target) {
        for (std::size_t d = 0; d < nd; ++d) {
            if (only >= 0 && static_cast<int>(d) != only) continue;
            auto& out = res.districts[d];
            out.quota = std::max(0, static_cast<int>(std::ceil(o.toilet_density_target * km2[d] - 1e-9)) -
                                        static_cast<int>(out.density_before));
            if (out.quota == 0) continue;
            std::vector<std::uint8_t> here(allowed);
            for (std::size_t j = 0; j < here.size(); ++j)
                if (cand.district[j] != static_cast<int>(d)) here[j] = 0;
            GreedyOptions g;
            g.count = out.quota;
            g.allowed = here;
            const auto r = run(g, w);
            if (static_cast<int>(r.chosen.size()) < out.quota)
                res.notes.push_back(fmt::format("{}：按最小间距 {:.0f} m 只能再布置 {} 座，距目标还差 {} 座", out.name, sep,
                                                r.chosen.size(), out.quota - static_cast<int>(r.chosen.size())));
        }
    } else if (o.count) {
        GreedyOptions g;
        g.count = *o.count;
        g.allowed = allowed;
        const auto r = run(g, w);
        if (static_cast<int>(r.chosen.size()) < *o.count)
            res.notes.push_back(fmt::format("候选点不足：只能布置 {} 处（要求 {} 处）", r.chosen.size(), *o.count));
    } else {
        // LSCP: the target share of what existing and candidate sites can reach at all.
        std::vector<std::uint8_t> reach(already);
        for (std::size_t j = 0; j < sets.covers.size(); ++j)
            if (allowed[j])
                for (std::int32_t q : sets.covers[j]) reach[static_cast<std::size_t>(q)] = 1;
        double reachable = 0, total = 0;
        for (std::size_t i = 0; i < reach.size(); ++i) {
            if (only >= 0 && home[i] != only) continue;
            total += w[i];
            if (reach[i]) reachable += w[i];
        }
        res.unreachable = total - reachable;
        GreedyOptions g;
        g.target_weight = o.coverage_target * reachable;
        g.allowed = allowed;
        g.swap = false;
        if (only >= 0) {
            // Only the district's residents count towards its target: others weigh nothing here.
            std::vector<double> mine(w.begin(), w.end());
            for (std::size_t i = 0; i < mine.size(); ++i)
                if (home[i] != only) mine[i] = 0;
            run(g, mine);
        } else {
            run(g, w);
        }
        if (res.unreachable > 0)
            res.notes.push_back(fmt::format("有 {:.0f} 名居民任何候选点都无法在 {:.0f} m 步行范围内覆盖（道路不通或距道路过远）",
                                            res.unreachable, res.budget_m));
    }

    // The sites, with what they do, and the districts after.
    std::vector<double> served(nd, 0.0);
    for (std::size_t d = 0; d < nd; ++d) served[d] = res.districts[d].served_before;
    const char* kind = toilets ? "公厕" : "健身点";
    for (std::size_t k = 0; k < order.size(); ++k) {
        const auto j = static_cast<std::size_t>(order[k]);
        SuggestedSite s;
        s.x = cand.x[j];
        s.y = cand.y[j];
        s.rank = static_cast<int>(k) + 1;
        s.district = cand.district[j];
        s.new_residents = gains[k];
        s.nearest_existing_m = nearest[j];
        ++res.districts[static_cast<std::size_t>(s.district)].placed;
        s.note = fmt::format("新增覆盖居民 {}，距最近{}{}", format_amount(gains[k], "人"), kind,
                             nearest[j] < 0 ? std::string("超过 5 km") : km_text(nearest[j]));
        res.sites.push_back(s);
    }
    // Served after: recount by resident with every chosen site.
    for (auto& d : res.districts) d.served_after = 0;
    for (std::size_t i = 0; i < residents->size(); ++i)
        if (home[i] != DistrictIndex::outside && already[i]) res.districts[static_cast<std::size_t>(home[i])].served_after += w[i];
    // coverage_after: each site's district share once the sites up to its rank are built.
    {
        std::vector<std::uint8_t> got(before);
        std::vector<double> now(nd, 0.0);
        for (std::size_t d = 0; d < nd; ++d) now[d] = res.districts[d].served_before;
        for (auto& site : res.sites) {
            for (std::int32_t q : sets.covers[static_cast<std::size_t>(order[static_cast<std::size_t>(site.rank - 1)])]) {
                const auto qi = static_cast<std::size_t>(q);
                if (got[qi]) continue;
                got[qi] = 1;
                if (home[qi] != DistrictIndex::outside) now[static_cast<std::size_t>(home[qi])] += w[qi];
            }
            const auto& out = res.districts[static_cast<std::size_t>(site.district)];
            site.coverage_after = out.residents > 0 ? now[static_cast<std::size_t>(site.district)] / out.residents : 0.0;
        }
    }
    if (toilets)
        for (std::size_t d = 0; d < nd; ++d) {
            auto& out = res.districts[d];
            const double count = out.density_before;  // toilets counted above
            out.density_before = km2[d] > 0 ? count / km2[d] : 0.0;
            out.density_after = km2[d] > 0 ? (count + out.placed) / km2[d] : 0.0;
        }
    return res;
}

}  // namespace hcgis::sites
