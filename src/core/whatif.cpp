#include "core/whatif.h"

#include "core/assess.h"
#include "core/error.h"
#include "core/indicators/fitness.h"
#include "core/indicators/toilet.h"
#include "core/site_reach.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>

namespace hcgis {

namespace {

const std::vector<std::string> toilet_ids{"toilet_density", "toilet_class2_share", "toilet_below_class3",
                                          "toilet_cleaners_needed"};
const std::vector<std::string> fitness_ids{"fitness_10min_coverage", "fitness_10min_coverage_elderly"};

/// A copy of a point layer's points and attributes (no geometries: points have none).
Layer copy_points(const Layer& from) {
    Layer l;
    l.role = from.role;
    l.source = from.source;
    l.crs = from.crs;
    l.kind = from.kind;
    l.x = from.x;
    l.y = from.y;
    l.fid = from.fid;
    l.numbers = from.numbers;
    l.texts = from.texts;
    l.account = from.account;
    return l;
}

bool same_value(const Value& a, const Value& b) {
    return a.value == b.value && a.pass == b.pass && a.target == b.target;
}

/// One fitness indicator kept live: each resident's count of covering sites (the existing ones together
/// count once, as the whole-city computation marks them covered or not; then one per proposed site that
/// reaches it) and the covered weight per district, the total last.
struct FitnessVariant {
    const char* id;
    double speed;
    const std::vector<double>* weights;
    std::vector<std::uint32_t> count;
    std::vector<double> in, all;
    std::map<int, std::vector<std::int32_t>> by_site;  // residents each proposed site covers
    std::vector<double> off;  // per district, residents beyond a partial network (off_network_sums)
    std::vector<double> base_in;  // `in` without any proposed site, to return to exactly
};

struct FitnessEngine {
    std::unique_ptr<SiteReach> reach;
    bool per_class = false;
    Measure mode = Measure::Straight;
    std::vector<FitnessVariant> variants;
    std::vector<std::int32_t> scratch;
};

/// The toilet tallies with each proposed toilet's part in them.
struct ToiletPart {
    int district;
    bool in_builtup;
    double cls;
};
struct ToiletEngine {
    indicators::ToiletTally tally;
    std::map<int, ToiletPart> parts;
};

}  // namespace

struct WhatIf::Impl {
    Analysis& analysis;
    const Catalog& catalog;
    Scorecard before, after;
    Proposal proposal;
    int next_id = 1;
    std::vector<std::string> changed;

    std::unique_ptr<FitnessEngine> fitness;  // nullptr: recomputed in full (no fitness or residents layer)
    std::unique_ptr<ToiletEngine> toilets;   // nullptr: recomputed in full (no toilets layer)
    mutable std::unique_ptr<SiteReach> toilet_reach;
    mutable std::vector<std::uint8_t> toilet_base;  // residents the existing toilets cover (uncovered())
    mutable bool toilet_base_ready = false;

    Impl(Analysis& a, const Catalog& c) : analysis(a), catalog(c) {
        before = compute_scorecard(analysis, catalog);
        after = before;
        start_toilets();
        start_fitness();
    }

    std::unique_ptr<SiteReach> make_reach() const {
        if (analysis.network_mode()) return std::make_unique<SiteReach>(*analysis.walk_graph(), analysis.resident_snaps());
        const Layer& r = *city().layer("residents");
        return std::make_unique<SiteReach>(r.x, r.y);
    }

    void start_toilets() {
        const Layer* layer = city().layer("toilets");
        if (!layer) return;
        toilets = std::make_unique<ToiletEngine>();
        toilets->tally = indicators::tally_toilets(analysis, *layer, analysis.district_of("toilets"));
    }

    void start_fitness() {
        const Layer* layer = city().layer("fitness");
        const Layer* residents = city().layer("residents");
        if (!layer || !residents) return;
        auto e = std::make_unique<FitnessEngine>();
        const bool network = analysis.network_mode();
        e->mode = network ? Measure::Network : Measure::Straight;
        e->per_class = layer->has_number("class");
        e->reach = make_reach();
        const std::vector<Snap> snaps = network ? analysis.walk_graph()->snap_all(layer->x, layer->y) : std::vector<Snap>();
        auto variant = [&](const char* id, double speed, const std::vector<double>& weights) {
            FitnessVariant v{id, speed, &weights, {}, {}, {}, {}, {}, {}};
            const auto covered = indicators::covered_by(analysis, *layer, snaps, indicators::fitness_budgets(city(), *layer, speed));
            v.count.assign(covered.begin(), covered.end());
            v.all = analysis.sum_points("residents", [&](std::size_t i) { return weights[i]; });
            v.in = analysis.sum_points("residents", [&](std::size_t i) { return covered[i] ? weights[i] : 0.0; });
            v.off = indicators::off_network_sums(analysis, weights, e->mode);
            v.base_in = v.in;
            e->variants.push_back(std::move(v));
        };
        variant("fitness_10min_coverage", city().walk_speed_m_per_min, analysis.resident_weights());
        if (auto el = residents->numbers.find("elderly"); el != residents->numbers.end())
            variant("fitness_10min_coverage_elderly", city().elderly_walk_speed_m_per_min, el->second);
        fitness = std::move(e);
    }

    /// A proposed fitness site's budget at `speed`, as fitness_budgets gives an existing one.
    double fitness_budget(const ProposedSite& s, double speed) const {
        if (fitness->per_class) return indicators::fitness_class_radius(class_or_default(s.role, s.cls)) * (speed / city().walk_speed_m_per_min);
        return city().walk_minutes * speed;
    }

    /// Site `id` leaves (old) and/or arrives (now) in the fitness engine; the values are emitted again.
    void fitness_edit(int id, const ProposedSite* now) {
        const std::vector<int>& where = analysis.district_of("residents");
        Scorecard scratch;
        scratch.districts.resize(city().districts.size());
        std::vector<std::string> ids;
        for (FitnessVariant& v : fitness->variants) {
            const std::vector<double>& w = *v.weights;
            auto add = [&](std::int32_t r, double sign) {
                const int d = where[static_cast<std::size_t>(r)];
                if (d == DistrictIndex::outside) return;
                v.in[static_cast<std::size_t>(d)] += sign * w[static_cast<std::size_t>(r)];
                v.in.back() += sign * w[static_cast<std::size_t>(r)];
            };
            if (auto it = v.by_site.find(id); it != v.by_site.end()) {
                for (std::int32_t r : it->second)
                    if (--v.count[static_cast<std::size_t>(r)] == 0) add(r, -1);
                v.by_site.erase(it);
            }
            if (now) {
                fitness->reach->covered(now->x, now->y, fitness_budget(*now, v.speed), fitness->scratch);
                for (std::int32_t r : fitness->scratch)
                    if (v.count[static_cast<std::size_t>(r)]++ == 0) add(r, +1);
                v.by_site.emplace(id, fitness->scratch);
            }
            // Sums kept by difference drift by an ulp or so with fractional weights (residents spread from
            // polygons): with no proposed site left they are the sums as they were, exactly.
            if (v.by_site.empty()) v.in = v.base_in;
            indicators::coverage_values(scratch, v.id, v.in, v.all, fitness->mode,
                                        fitness->per_class ? 0.0 : city().walk_minutes * v.speed, v.off);
            ids.push_back(v.id);
        }
        take(scratch, ids);
    }

    void toilet_edit(int id, const ProposedSite* now) {
        indicators::ToiletTally& tally = toilets->tally;
        if (auto it = toilets->parts.find(id); it != toilets->parts.end()) {
            indicators::tally_toilet(tally, it->second.district, it->second.in_builtup, it->second.cls, 0, -1);
            toilets->parts.erase(it);
        }
        if (now) {
            ToiletPart p{analysis.index().locate(now->x, now->y), false, class_or_default(now->role, now->cls)};
            if (p.district != DistrictIndex::outside) p.in_builtup = analysis.builtup().contains(now->x, now->y);
            indicators::tally_toilet(tally, p.district, p.in_builtup, p.cls, 0, +1);
            toilets->parts.emplace(id, p);
        }
        Scorecard scratch;
        scratch.districts.resize(city().districts.size());
        indicators::emit_toilets(scratch, tally);
        take(scratch, toilet_ids);
    }

    /// Site `id` of `role` changed: it was there or not before, and is `now` (nullptr: gone).
    void edit(const std::string& role, int id, const ProposedSite* now) {
        if (role == "fitness" && fitness) fitness_edit(id, now);
        else if (role == "toilets" && toilets) toilet_edit(id, now);
        else recompute(role);
        account(role);
    }

    /// The accounting of layer `role` in `after`: the city's features and the proposed sites (in a district
    /// or outside every district), as report_layers gives it for the city with the proposal.
    void account(const std::string& role) {
        LayerReport r{role, "proposal", {}, city().crs};
        if (const Layer* base = city().layer(role)) r = LayerReport{role, base->source, base->account, base->crs};
        const std::vector<int>& where = analysis.district_of(role);
        r.account.in_district = r.account.outside = 0;
        for (int d : where) (d == DistrictIndex::outside ? r.account.outside : r.account.in_district)++;
        std::size_t sites = 0;
        for (const ProposedSite& s : proposal.sites) {
            if (s.role != role) continue;
            ++sites, ++r.account.read;
            (analysis.index().locate(s.x, s.y) == DistrictIndex::outside ? r.account.outside : r.account.in_district)++;
        }
        auto& layers = after.layers;
        auto it = std::find_if(layers.begin(), layers.end(), [&](const LayerReport& l) { return l.role == role; });
        if (it != layers.end()) {
            if (sites == 0 && !city().layer(role)) layers.erase(it);
            else *it = r;
            return;
        }
        if (sites == 0) return;
        // In the order report_layers lists them: the districts first, then by role.
        auto at = std::find_if(layers.begin(), layers.end(), [&](const LayerReport& l) { return l.role != "districts" && l.role > role; });
        layers.insert(at, r);
    }

    const City& city() const { return analysis.city(); }

    /// The layer of `role` with the proposal's sites: the city's with them appended, as append_proposal does.
    std::optional<Layer> layer_after(const std::string& role) const {
        City shell;  // only to reuse append_proposal's rule for a layer that is missing
        if (const Layer* base = city().layer(role)) shell.layers.emplace(role, copy_points(*base));
        shell.crs = city().crs;
        Proposal only;
        for (const ProposedSite& s : proposal.sites)
            if (s.role == role) only.sites.push_back(s);
        append_proposal(shell, only);
        auto it = shell.layers.find(role);
        if (it == shell.layers.end()) return std::nullopt;
        return std::move(it->second);
    }

    /// Recomputes the family of `role` from the layer with the proposal and puts its values into `after`.
    void recompute(const std::string& role) {
        const std::optional<Layer> layer = layer_after(role);
        Scorecard scratch;
        scratch.districts.resize(city().districts.size());
        const bool is_toilets = role == "toilets";
        if (is_toilets) {
            if (layer) {
                const std::vector<int> where = analysis.index().locate_all(layer->x, layer->y);
                indicators::emit_toilets(scratch, indicators::tally_toilets(analysis, *layer, where));
            } else {
                indicators::not_computed_toilets(scratch, city().districts.size());
            }
        } else {
            indicators::compute_fitness(analysis, scratch, layer ? &*layer : nullptr);
        }
        take(scratch, is_toilets ? toilet_ids : fitness_ids);
    }

    /// Copies the values of `ids` from `scratch` into `after`, assessed, and records which changed.
    void take(Scorecard& scratch, const std::vector<std::string>& ids) {
        for (const std::string& id : ids) {
            const IndicatorDef* def = catalog.find(id);
            bool differs = false;
            auto one = [&](AreaResult& from, AreaResult& to, const std::string& district) {
                auto it = from.values.find(id);
                if (it == from.values.end()) return;
                if (def) assess_value(*def, it->second, district);
                auto old = to.values.find(id);
                if (old == to.values.end() || !same_value(old->second, it->second)) differs = true;
                to.values[id] = std::move(it->second);
            };
            for (std::size_t d = 0; d < after.districts.size(); ++d)
                one(scratch.districts[d], after.districts[d], after.districts[d].name);
            one(scratch.total, after.total, "");
            if (differs && std::find(changed.begin(), changed.end(), id) == changed.end()) changed.push_back(id);
        }
    }

    ProposedSite* find(int id) {
        for (ProposedSite& s : proposal.sites)
            if (s.id == id) return &s;
        return nullptr;
    }
    ProposedSite& get(int id) {
        ProposedSite* s = find(id);
        if (!s) throw UsageError(fmt::format("no proposed site {}", id));
        return *s;
    }

    void check(const ProposedSite& s) const {
        if (!is_proposable(s.role))
            throw UsageError("a proposed site is a toilet or a fitness site, not \"" + s.role + "\"");
        if (s.cls && !valid_class(s.role, *s.cls))
            throw UsageError(fmt::format("class {} is not a class of {}", *s.cls, s.role));
        if (!std::isfinite(s.x) || !std::isfinite(s.y)) throw UsageError("a proposed site needs finite coordinates");
    }

    void insert(const ProposedSite& s) {
        auto at = std::lower_bound(proposal.sites.begin(), proposal.sites.end(), s.id,
                                   [](const ProposedSite& a, int id) { return a.id < id; });
        proposal.sites.insert(at, s);
        next_id = std::max(next_id, s.id + 1);
    }
};

WhatIf::WhatIf(Analysis& analysis, const Catalog& catalog) : impl_(std::make_unique<Impl>(analysis, catalog)) {}
WhatIf::~WhatIf() = default;

const Scorecard& WhatIf::before() const { return impl_->before; }
const Scorecard& WhatIf::after() const { return impl_->after; }
const Proposal& WhatIf::proposal() const { return impl_->proposal; }
const std::vector<std::string>& WhatIf::last_changed() const { return impl_->changed; }

const ProposedSite* WhatIf::site(int id) const { return impl_->find(id); }

void WhatIf::check(const ProposedSite& site) const { impl_->check(site); }

int WhatIf::add(ProposedSite site) {
    impl_->check(site);
    site.id = impl_->next_id;
    impl_->insert(site);
    impl_->changed.clear();
    impl_->edit(site.role, site.id, impl_->find(site.id));
    return site.id;
}

void WhatIf::move(int id, double x, double y) {
    ProposedSite& s = impl_->get(id);
    ProposedSite moved = s;
    moved.x = x, moved.y = y;
    impl_->check(moved);
    s = moved;
    impl_->changed.clear();
    impl_->edit(s.role, id, &s);
}

void WhatIf::set_class(int id, std::optional<double> cls) {
    ProposedSite& s = impl_->get(id);
    ProposedSite changed = s;
    changed.cls = cls;
    impl_->check(changed);
    s = changed;
    impl_->changed.clear();
    impl_->edit(s.role, id, &s);
}

void WhatIf::remove(int id) {
    const std::string role = impl_->get(id).role;
    auto& sites = impl_->proposal.sites;
    sites.erase(std::remove_if(sites.begin(), sites.end(), [&](const ProposedSite& s) { return s.id == id; }), sites.end());
    impl_->changed.clear();
    impl_->edit(role, id, nullptr);
}

void WhatIf::restore(const ProposedSite& site) {
    impl_->check(site);
    if (site.id <= 0) throw UsageError(fmt::format("a restored site needs its id, not {}", site.id));
    if (impl_->find(site.id)) throw UsageError(fmt::format("proposed site {} is already there", site.id));
    impl_->insert(site);
    impl_->changed.clear();
    impl_->edit(site.role, site.id, impl_->find(site.id));
}

void WhatIf::clear() {
    const std::vector<ProposedSite> old = std::move(impl_->proposal.sites);
    impl_->proposal.sites.clear();
    impl_->changed.clear();
    for (const ProposedSite& s : old) impl_->edit(s.role, s.id, nullptr);
}

void WhatIf::set_proposal(const Proposal& p) {
    std::vector<int> ids;
    for (const ProposedSite& s : p.sites) {
        impl_->check(s);
        if (s.id <= 0) throw UsageError(fmt::format("a proposed site needs an id above 0, not {}", s.id));
        ids.push_back(s.id);
    }
    std::sort(ids.begin(), ids.end());
    if (std::adjacent_find(ids.begin(), ids.end()) != ids.end()) throw UsageError("two proposed sites share an id");
    clear();
    std::vector<std::string> changed = impl_->changed;
    impl_->proposal.note = p.note;
    for (const ProposedSite& s : p.sites) impl_->insert(s);
    for (const ProposedSite& s : impl_->proposal.sites) impl_->edit(s.role, s.id, &s);
    for (const std::string& id : changed)
        if (std::find(impl_->changed.begin(), impl_->changed.end(), id) == impl_->changed.end()) impl_->changed.push_back(id);
}

std::vector<double> WhatIf::uncovered(const std::string& role) const {
    if (!is_proposable(role)) throw UsageError("where to build is for toilets or fitness, not \"" + role + "\"");
    Impl& m = *impl_;
    Analysis& a = m.analysis;
    const City& city = a.city();
    if (!city.layer("residents")) return {};
    std::vector<double> out(a.resident_weights());
    if (role == "fitness" && m.fitness) {
        const FitnessVariant& v = m.fitness->variants.front();
        for (std::size_t i = 0; i < out.size(); ++i)
            if (v.count[i] > 0) out[i] = 0;
        return out;
    }
    if (role == "toilets" && city.layer("toilets")) {
        // The existing toilets' coverage once, then each proposed toilet's reach.
        const Layer& layer = *city.layer("toilets");
        if (!m.toilet_base_ready) {
            const std::vector<Snap> snaps = a.network_mode() ? a.walk_graph()->snap_all(layer.x, layer.y) : std::vector<Snap>();
            m.toilet_base = indicators::covered_by(a, layer, snaps, std::vector<double>(layer.size(), city.toilet_service_radius_m));
            m.toilet_reach = m.make_reach();
            m.toilet_base_ready = true;
        }
        for (std::size_t i = 0; i < out.size(); ++i)
            if (m.toilet_base[i]) out[i] = 0;
        std::vector<std::int32_t> reached;
        for (const ProposedSite& s : m.proposal.sites) {
            if (s.role != "toilets") continue;
            m.toilet_reach->covered(s.x, s.y, city.toilet_service_radius_m, reached);
            for (std::int32_t r : reached) out[static_cast<std::size_t>(r)] = 0;
        }
        return out;
    }
    // No layer of the kind yet: every site is a proposed one.
    const std::optional<Layer> layer = m.layer_after(role);
    if (!layer || layer->size() == 0) return out;
    const std::vector<double> budget = role == "fitness"
                                           ? indicators::fitness_budgets(city, *layer, city.walk_speed_m_per_min)
                                           : std::vector<double>(layer->size(), city.toilet_service_radius_m);
    const std::vector<Snap> snaps = a.network_mode() ? a.walk_graph()->snap_all(layer->x, layer->y) : std::vector<Snap>();
    const std::vector<std::uint8_t> covered = indicators::covered_by(a, *layer, snaps, budget);
    for (std::size_t i = 0; i < out.size(); ++i)
        if (covered[i]) out[i] = 0;
    return out;
}

}  // namespace hcgis
