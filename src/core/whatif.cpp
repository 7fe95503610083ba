#include "core/whatif.h"

#include "core/assess.h"
#include "core/error.h"
#include "core/indicators/fitness.h"
#include "core/indicators/indicator.h"
#include "core/indicators/toilet.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

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

}  // namespace

struct WhatIf::Impl {
    Analysis& analysis;
    const Catalog& catalog;
    Scorecard before, after;
    Proposal proposal;
    int next_id = 1;
    std::vector<std::string> changed;

    Impl(Analysis& a, const Catalog& c) : analysis(a), catalog(c) {
        before = compute_scorecard(analysis, catalog);
        after = before;
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
        const bool toilets = role == "toilets";
        if (toilets) {
            if (layer) {
                const std::vector<int> where = analysis.index().locate_all(layer->x, layer->y);
                indicators::emit_toilets(scratch, indicators::tally_toilets(analysis, *layer, where));
            } else {
                indicators::not_computed_toilets(scratch, city().districts.size());
            }
        } else {
            indicators::compute_fitness(analysis, scratch, layer ? &*layer : nullptr);
        }
        take(scratch, toilets ? toilet_ids : fitness_ids);
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

    void update(std::initializer_list<std::string> roles) {
        changed.clear();
        for (const std::string& role : roles)
            if (!role.empty()) recompute(role);
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

int WhatIf::add(ProposedSite site) {
    impl_->check(site);
    site.id = impl_->next_id;
    impl_->insert(site);
    impl_->update({site.role});
    return site.id;
}

void WhatIf::move(int id, double x, double y) {
    ProposedSite& s = impl_->get(id);
    ProposedSite moved = s;
    moved.x = x, moved.y = y;
    impl_->check(moved);
    s = moved;
    impl_->update({moved.role});
}

void WhatIf::set_class(int id, std::optional<double> cls) {
    ProposedSite& s = impl_->get(id);
    ProposedSite changed = s;
    changed.cls = cls;
    impl_->check(changed);
    s = changed;
    impl_->update({changed.role});
}

void WhatIf::remove(int id) {
    const std::string role = impl_->get(id).role;
    auto& sites = impl_->proposal.sites;
    sites.erase(std::remove_if(sites.begin(), sites.end(), [&](const ProposedSite& s) { return s.id == id; }), sites.end());
    impl_->update({role});
}

void WhatIf::restore(const ProposedSite& site) {
    impl_->check(site);
    if (site.id <= 0) throw UsageError(fmt::format("a restored site needs its id, not {}", site.id));
    if (impl_->find(site.id)) throw UsageError(fmt::format("proposed site {} is already there", site.id));
    impl_->insert(site);
    impl_->update({site.role});
}

void WhatIf::clear() {
    impl_->proposal.sites.clear();
    impl_->update({"toilets", "fitness"});
}

void WhatIf::set_proposal(const Proposal& p) {
    std::vector<int> ids;
    for (const ProposedSite& s : p.sites) {
        impl_->check(s);
        if (s.id <= 0) throw UsageError(fmt::format("a proposed site needs an id above 0, not {}", s.id));
        ids.push_back(s.id);
    }
    std::sort(ids.begin(), ids.end());
    if (std::adjacent_find(ids.begin(), ids.end()) != ids.end())
        throw UsageError("two proposed sites share an id");
    impl_->proposal = Proposal{{}, p.note};
    for (const ProposedSite& s : p.sites) impl_->insert(s);
    impl_->update({"toilets", "fitness"});
}

std::vector<double> WhatIf::uncovered(const std::string& role) const {
    if (!is_proposable(role)) throw UsageError("where to build is for toilets or fitness, not \"" + role + "\"");
    Analysis& a = impl_->analysis;
    const City& city = a.city();
    const Layer* residents = city.layer("residents");
    if (!residents) return {};
    const std::vector<double>& weights = a.resident_weights();
    std::vector<double> out(weights);
    const std::optional<Layer> layer = impl_->layer_after(role);
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
